/**
 * The random-inspection draw (双随机): libraries, commit–reveal, the SJDRAW-1 algorithm, exceptions,
 * verification and publication. Pure: seeds, dates, ids and configuration are arguments.
 */
export * from './types.ts';
export * from './canonical.ts';
export * from './stream.ts';
export * from './config.ts';
export * from './library.ts';
export * from './params.ts';
export * from './sampling.ts';
export * from './draw.ts';
export * from './exceptions.ts';
export * from './verify.ts';
export * from './publication.ts';
export * from './inspection.ts';
export * from './html.ts';
