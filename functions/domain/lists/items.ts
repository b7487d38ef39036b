/** The link between the 随机抽查事项清单 and a draw: only an item of the version in force can be drawn for. */
import type { ItemKind, ListVersion } from './types.ts';

export type DrawItemResult =
  | { ok: true; listItem: { name: string; kind: ItemKind; listVersion: number } }
  | { ok: false; errors: string[] };

/** The `listItem` of a draw's parameters, from the published version in force (国办发〔2015〕58号: no inspection without a listed item). */
export function drawItemFrom(current: ListVersion<'inspection_items'> | null, name: string): DrawItemResult {
  if (!current || current.state !== 'published') return { ok: false, errors: ['随机抽查事项清单尚未发布，请先发布清单再组织抽查'] };
  const wanted = name.normalize('NFC').trim();
  const row = current.rows.find((r) => r.item === wanted);
  if (!row) return { ok: false, errors: [`「${wanted}」不在现行随机抽查事项清单（第 ${current.version} 版）中`] };
  return { ok: true, listItem: { name: row.item, kind: row.kind, listVersion: current.version } };
}
