/** A draw's seed: 32 bytes from the operating system's CSPRNG (node:crypto randomBytes). */
import { randomBytes } from 'node:crypto';
import type { SeedSource } from '../../ports/draws.ts';

export const cryptoSeeds: SeedSource = { next: () => randomBytes(32).toString('hex') };
