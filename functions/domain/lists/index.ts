/**
 * The ex-ante disclosure lists (事前公开): rows, import, versions and their approval chain, diffs, the
 * officers' directory from the roster, the public page. Pure: ids, dates and people are arguments.
 */
export * from './types.ts';
export * from './tabular.ts';
export * from './config.ts';
export * from './rows.ts';
export * from './diff.ts';
export * from './versions.ts';
export * from './directory.ts';
export * from './publication.ts';
export * from './items.ts';
export * from './html.ts';
