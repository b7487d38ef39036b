/**
 * What the public site shows of a list: the current published version, and every earlier published
 * version with what changed from the one before. Drafts, submitted, reviewed, approved-but-unpublished
 * and withdrawn versions never appear; nor do authors, reviewers or notes.
 */
import { type ListDiff, diffRows, diffSummary } from './diff.ts';
import { FIELDS } from './rows.ts';
import type { ListKind, ListVersion, RowOf } from './types.ts';

export interface PublicColumn {
  key: string;
  label: string;
}

export interface PublicListVersion<K extends ListKind = ListKind> {
  version: number;
  publishedAt: string;
  rows: RowOf<K>[];
  /** Against the previous published version (the first: every row added). */
  changes: ListDiff<K>;
  summary: string;
}

export interface PublicListPage<K extends ListKind = ListKind> {
  kind: K;
  title: string;
  columns: PublicColumn[];
  /** The version in force; null before the first publication. */
  current: PublicListVersion<K> | null;
  /** Every published version, newest first (the current one included). */
  history: PublicListVersion<K>[];
}

export function publicListPage<K extends ListKind>(kind: K, title: string, versions: readonly ListVersion<K>[]): PublicListPage<K> {
  const published = versions
    .filter((v) => v.kind === kind && v.state === 'published' && v.publishedAt !== undefined)
    .sort((a, b) => a.version - b.version);
  const history: PublicListVersion<K>[] = [];
  let previous: RowOf<K>[] = [];
  for (const v of published) {
    const rows = v.rows.map((r) => ({ ...r }));
    const changes = diffRows(kind, previous, rows);
    history.push({ version: v.version, publishedAt: v.publishedAt as string, rows, changes, summary: diffSummary(changes) });
    previous = rows;
  }
  history.reverse();
  return {
    kind,
    title,
    columns: FIELDS[kind].map((x) => ({ key: x.key, label: x.label })),
    current: history[0] ?? null,
    history,
  };
}
