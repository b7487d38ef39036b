/**
 * The tamper-evident case record log: canonical form, action vocabulary, before/after diffs,
 * sealing and verifying the hash chain. Pure: no clock, no I/O; node:crypto hashing only.
 */
export * from './canonical.ts';
export * from './actions.ts';
export * from './diff.ts';
export * from './chain.ts';
export * from './format.ts';
