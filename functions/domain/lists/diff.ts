/** What changed between two versions of a list: rows added, removed, and changed with their fields. */
import { FIELDS, fieldLabel, rowKey } from './rows.ts';
import type { ListKind, RowOf } from './types.ts';

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface RowChange<K extends ListKind = ListKind> {
  key: string;
  before: RowOf<K>;
  after: RowOf<K>;
  fields: FieldChange[];
}

export interface ListDiff<K extends ListKind = ListKind> {
  added: RowOf<K>[];
  removed: RowOf<K>[];
  changed: RowChange<K>[];
  unchanged: number;
}

/**
 * Rows are matched by their key (事项名称, 抽查事项, 执法证号): a renamed row shows as one removed and one
 * added. Added and changed rows come in the newer version's order, removed rows in the older one's.
 */
export function diffRows<K extends ListKind>(kind: K, before: readonly RowOf<K>[], after: readonly RowOf<K>[]): ListDiff<K> {
  const old = new Map(before.map((r) => [rowKey(kind, r), r]));
  const now = new Set(after.map((r) => rowKey(kind, r)));
  const added: RowOf<K>[] = [];
  const changed: RowChange<K>[] = [];
  let unchanged = 0;
  for (const row of after) {
    const key = rowKey(kind, row);
    const prev = old.get(key);
    if (!prev) {
      added.push(row);
      continue;
    }
    const fields: FieldChange[] = [];
    for (const spec of FIELDS[kind]) {
      const a = (prev as unknown as Record<string, string | undefined>)[spec.key] ?? '';
      const b = (row as unknown as Record<string, string | undefined>)[spec.key] ?? '';
      if (a !== b) fields.push({ field: spec.key, label: fieldLabel(kind, spec.key), before: a, after: b });
    }
    if (fields.length > 0) changed.push({ key, before: prev, after: row, fields });
    else unchanged++;
  }
  const removed = before.filter((r) => !now.has(rowKey(kind, r)));
  return { added, removed, changed, unchanged };
}

export function isEmptyDiff(d: ListDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;
}

/** `新增 2 项，删除 1 项，修改 3 项` / `无变化` */
export function diffSummary(d: ListDiff): string {
  const parts: string[] = [];
  if (d.added.length > 0) parts.push(`新增 ${d.added.length} 项`);
  if (d.removed.length > 0) parts.push(`删除 ${d.removed.length} 项`);
  if (d.changed.length > 0) parts.push(`修改 ${d.changed.length} 项`);
  return parts.length > 0 ? parts.join('，') : '无变化';
}
