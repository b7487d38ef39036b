/**
 * The draw's randomness: a byte stream from HMAC-SHA256 keyed with the revealed seed, read as unsigned
 * 32-bit words, turned into unbiased integers by rejection sampling. Deterministic for a seed and label.
 */
import { createHmac } from 'node:crypto';

/** A seed is 32 bytes written as 64 lowercase hex digits. */
export const SEED_PATTERN = /^[0-9a-f]{64}$/;

export function isSeed(s: string): boolean {
  return SEED_PATTERN.test(s);
}

export interface WordStream {
  /** The next unsigned 32-bit word (big-endian) of the stream. */
  nextWord(): number;
  /** HMAC blocks computed so far (for tests and the bench). */
  readonly blocks: number;
}

/**
 * Block i (i = 0, 1, 2, …) = HMAC-SHA256(key = seed bytes, message = UTF-8(label) ‖ 0x00 ‖ i as 8-byte
 * big-endian). The stream is block 0 ‖ block 1 ‖ …; each block gives 8 words.
 */
export function wordStream(seedHex: string, label: string): WordStream {
  if (!isSeed(seedHex)) throw new Error('seed must be 64 lowercase hex digits');
  const key = Buffer.from(seedHex, 'hex');
  const prefix = Buffer.concat([Buffer.from(label, 'utf8'), Buffer.from([0])]);
  let counter = 0n;
  let block = Buffer.alloc(0);
  let offset = 32;
  let blocks = 0;
  return {
    nextWord() {
      if (offset === 32) {
        const msg = Buffer.alloc(prefix.length + 8);
        prefix.copy(msg, 0);
        msg.writeBigUInt64BE(counter, prefix.length);
        block = createHmac('sha256', key).update(msg).digest();
        counter++;
        blocks++;
        offset = 0;
      }
      const w = block.readUInt32BE(offset);
      offset += 4;
      return w;
    },
    get blocks() {
      return blocks;
    },
  };
}

const TWO_32 = 2 ** 32;

/**
 * An integer uniform on [0, n), 1 ≤ n ≤ 2^32: read words until one is below the largest multiple of n
 * that fits in 32 bits, then take it modulo n. Always reads at least one word (also for n = 1).
 */
export function uniformInt(stream: WordStream, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > TWO_32) throw new Error(`uniformInt: bad range ${n}`);
  const limit = TWO_32 - (TWO_32 % n);
  for (;;) {
    const w = stream.nextWord();
    if (w < limit) return w % n;
  }
}

/**
 * The first `count` elements of a Fisher–Yates shuffle run forwards: for i = 0 … count−1, swap position i
 * with position i + uniformInt(N − i). Every ordered selection is equally likely, and drawing more later
 * (reserves) continues the same order: the first `count` never depend on how far one goes.
 */
export function shuffledPrefix<T>(items: readonly T[], stream: WordStream, count: number): T[] {
  if (!Number.isInteger(count) || count < 0 || count > items.length) {
    throw new Error(`shuffledPrefix: cannot take ${count} of ${items.length}`);
  }
  const a = items.slice();
  for (let i = 0; i < count; i++) {
    const j = i + uniformInt(stream, a.length - i);
    const t = a[i] as T;
    a[i] = a[j] as T;
    a[j] = t;
  }
  return a.slice(0, count);
}
