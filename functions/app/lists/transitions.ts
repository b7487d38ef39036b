/**
 * The lists' approval chain on cards: a new draft (a copy of the version in force, or the officers'
 * directory from the roster), submit, review (行政审批科), approve (the head: approved and published
 * at once), publish (an approved version that was not), withdraw. Each is the domain's transition,
 * checked on the server whatever the card offered, stored with its record entries on the revision read.
 */
import * as z from 'zod/mini';
import {
  approveDraft,
  directoryRows,
  publishVersion,
  reviewDraft,
  startDraft,
  submitDraft,
  withdrawDraft,
} from '../../domain/lists/index.ts';
import { shanghaiDate } from '../../domain/shared/time.ts';
import { LISTS_CONFIG } from '../public-site.ts';
import { cardAction } from '../intents.ts';
import { listKind, newVersionId, transition, versionId } from './views.ts';

const ref = z.object({ kind: listKind, version_id: versionId });
const note = (formValue: Record<string, unknown> | undefined): string | undefined => {
  const v = formValue?.note;
  return typeof v === 'string' ? v.slice(0, 500) : undefined;
};

export const draftListAction = cardAction({
  value: z.object({ kind: listKind }),
  handle: ({ kind }, { operator, s }) =>
    transition(
      kind,
      null,
      operator,
      s,
      (head) =>
        startDraft({
          kind,
          id: newVersionId(kind, s.now()),
          at: s.now().toISOString(),
          author: operator,
          current: head.current,
          open: head.open,
          scope: operator.roles.includes('admin') ? 'whole' : 'section',
        }),
      '已起草新版本，可修改事项后提交审核',
    ),
});

/** 行政执法人员名录 from the roster: officers certified today, name, certificate number and field only. */
export const generateDirectoryAction = cardAction({
  value: z.object({ kind: z.literal('officers') }),
  requires: { role: 'admin', refusal: '执法人员名录由行政审批科根据人员名册生成' },
  async handle(_value, { operator, s }) {
    const people = await s.roster.listActive();
    const rows = directoryRows(people, { date: shanghaiDate(s.now()), defaultField: LISTS_CONFIG.defaultField });
    return transition(
      'officers',
      null,
      operator,
      s,
      (head) =>
        startDraft({
          kind: 'officers',
          id: newVersionId('officers', s.now()),
          at: s.now().toISOString(),
          author: operator,
          current: head.current,
          open: head.open,
          rows,
          scope: 'whole',
        }),
      `已从人员名册生成（${rows.length} 名持有效执法证的执法人员），请提交审核`,
    );
  },
});

export const submitListAction = cardAction({
  value: ref,
  handle: ({ kind, version_id }, { operator, s }) =>
    transition(kind, version_id, operator, s, (head, open) => submitDraft({ version: open!, current: head.current, actor: operator, at: s.now().toISOString() }), '已提交行政审批科审核'),
});

export const reviewListAction = cardAction({
  value: z.extend(ref, { decision: z.enum(['pass', 'return']) }),
  handle: ({ kind, version_id, decision }, { operator, tap, s }) =>
    transition(
      kind,
      version_id,
      operator,
      s,
      (_head, open) => reviewDraft({ version: open!, decision, actor: operator, at: s.now().toISOString(), ...withNote(note(tap.formValue)) }),
      decision === 'pass' ? '审核通过，已送负责人批准' : '已退回起草科室修改',
    ),
});

/** The head's approval publishes at once: approved and published in one change, then the site. */
export const approveListAction = cardAction({
  value: z.extend(ref, { decision: z.enum(['approve', 'return']) }),
  handle: ({ kind, version_id, decision }, { operator, tap, s }) =>
    transition(
      kind,
      version_id,
      operator,
      s,
      (head, open) => {
        const at = s.now().toISOString();
        const approved = approveDraft({ version: open!, decision, actor: operator, at, ...withNote(note(tap.formValue)) });
        if (!approved.ok || decision === 'return') return approved;
        const published = publishVersion({ version: approved.version, current: head.current, actor: operator, at });
        // Published elsewhere meanwhile: it stays approved, with the reason, for 发布 or 撤回.
        if (!published.ok) return approved;
        return { ok: true, version: published.version, entries: [...approved.entries, ...published.entries] };
      },
      decision === 'approve' ? '已批准并发布，公示网站即将更新' : '已退回起草科室修改',
    ),
});

export const publishListAction = cardAction({
  value: ref,
  handle: ({ kind, version_id }, { operator, s }) =>
    transition(kind, version_id, operator, s, (head, open) => publishVersion({ version: open!, current: head.current, actor: operator, at: s.now().toISOString() }), '已发布，公示网站即将更新'),
});

export const withdrawListAction = cardAction({
  value: ref,
  handle: ({ kind, version_id }, { operator, s }) =>
    transition(kind, version_id, operator, s, (_head, open) => withdrawDraft({ version: open!, actor: operator, at: s.now().toISOString() }), '已撤回该版本'),
});

function withNote(n: string | undefined): { note?: string } {
  return n === undefined ? {} : { note: n };
}
