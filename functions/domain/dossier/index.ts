/**
 * Evidence, audio/video duties, the dossier self-check and the archive manifest (README.md beside this file).
 * Pure: configuration, times and ids are arguments; node:crypto hashing only.
 */
export * from './vocabulary.ts';
export * from './evidence.ts';
export * from './av-duties.ts';
export * from './checklist.ts';
export * from './integrity.ts';
export * from './manifest.ts';
