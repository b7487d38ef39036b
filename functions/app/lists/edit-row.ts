/**
 * One row of a draft on a card: the row form (list.row_form), saving a row (list.row_save: added, or
 * changed when its name is already there) and removing one (list.row_remove). The domain checks the
 * row like an imported one and who may touch it (a section its own rows); a rejected form comes back
 * filled in, with the problems.
 */
import * as z from 'zod/mini';
import { listRowFormCard } from '../../../cards/lists.ts';
import { changeDraftRow, FIELDS, type ListKind, type ListVersion, type RowOptions } from '../../domain/lists/index.ts';
import type { Person } from '../../domain/roster/types.ts';
import type { CardActionResult } from '../../ports/index.ts';
import { cardAction } from '../intents.ts';
import { LISTS_CONFIG } from '../public-site.ts';
import type { Services } from '../services.ts';
import { listKind, sections, transition, versionId } from './views.ts';

const ref = z.object({ kind: listKind, version_id: versionId });

function formCard(kind: ListKind, v: ListVersion, initial?: Record<string, string>, errors?: string[]) {
  return listRowFormCard({
    kind,
    title: LISTS_CONFIG.titles[kind],
    versionId: v.id,
    version: v.version,
    fields: FIELDS[kind],
    required: LISTS_CONFIG.requiredOptional[kind],
    ...(initial ? { initial } : {}),
    ...(errors ? { errors } : {}),
  });
}

/** The form values as text, for the form sent back after a rejected submit. */
function typed(formValue: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(formValue ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

async function openDraft(kind: ListKind, id: string, s: Services) {
  const head = await s.lists.head(kind);
  return head.open?.id === id && head.open.state === 'draft' ? head.open : null;
}

export const rowFormAction = cardAction({
  value: ref,
  async handle({ kind, version_id }, { operator, s }): Promise<CardActionResult> {
    const v = await openDraft(kind, version_id, s);
    if (!v) return { toast: { type: 'info', content: '该版本已不是草稿，不能修改' } };
    if (kind === 'officers' && !operator.roles.includes('admin')) return { toast: { type: 'error', content: '执法人员名录由行政审批科根据人员名册生成' } };
    const initial = !operator.roles.includes('admin') && kind !== 'officers' ? { section: operator.department } : undefined;
    return { card: formCard(kind, v, initial) };
  },
});

async function changeRow(
  kind: ListKind,
  id: string,
  operator: Person,
  s: Services,
  change: Parameters<typeof changeDraftRow>[0]['change'],
  formValue: Record<string, unknown> | undefined,
  done: string,
): Promise<CardActionResult> {
  const requiredOptional = LISTS_CONFIG.requiredOptional[kind];
  const options: RowOptions = kind === 'officers' ? { requiredOptional } : { requiredOptional, sections: await sections(s) };
  const v = await openDraft(kind, id, s);
  if (v && change.op === 'upsert') {
    // A rejected row comes back in its form, filled in, so nothing typed is lost.
    const dry = changeDraftRow({ version: v, change, actor: operator, at: s.now().toISOString(), options });
    if (!dry.ok && dry.code !== 'state') return { toast: { type: 'error', content: dry.errors[0] ?? '请检查填写的内容' }, card: formCard(kind, v, typed(formValue), dry.errors) };
  }
  return transition(
    kind,
    id,
    operator,
    s,
    (_head, open) =>
      changeDraftRow({
        version: open!,
        change,
        actor: operator,
        at: s.now().toISOString(),
        options,
      }),
    done,
  );
}

export const saveRowAction = cardAction({
  value: ref,
  handle: ({ kind, version_id }, { operator, tap, s }) =>
    changeRow(kind, version_id, operator, s, { op: 'upsert', row: tap.formValue ?? {} }, tap.formValue, '已保存该事项'),
});

export const removeRowAction = cardAction({
  value: ref,
  handle: ({ kind, version_id }, { operator, tap, s }) => {
    const key = typeof tap.formValue?.key === 'string' ? tap.formValue.key.normalize('NFC').trim() : '';
    if (key === '') return Promise.resolve({ toast: { type: 'error', content: '请填写要删除的事项名称' } });
    return changeRow(kind, version_id, operator, s, { op: 'remove', key }, tap.formValue, `已删除「${key}」`);
  },
});
