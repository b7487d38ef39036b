/** The lists' card views, and the steps every list action shares (read the head, run a transition, save). */
import * as z from 'zod/mini';
import { listCard, type ListCardView, type ListSummaryView } from '../../../cards/lists.ts';
import type { CardActionResult } from '../../ports/index.ts';
import { diffRows, diffSummary, LIST_KINDS, LIST_STATE_LABELS, type ListKind, type ListOutcome, type ListVersion, availableActions, rowKey } from '../../domain/lists/index.ts';
import type { Person } from '../../domain/roster/types.ts';
import { shanghaiDate } from '../../domain/shared/time.ts';
import type { ListHead } from '../../ports/lists.ts';
import { LISTS_CONFIG } from '../public-site.ts';
import type { Services } from '../services.ts';

export const listKind = z.enum(LIST_KINDS);
export const versionId = z.string().check(z.regex(/^[\w-]{1,64}$/));

/** Sections draft (officers) and 行政审批科 collects; the officers' directory is 行政审批科's alone. */
export function canStartDraft(kind: ListKind, p: Person): boolean {
  if (kind === 'officers') return p.roles.includes('admin');
  return p.roles.includes('officer') || p.roles.includes('admin');
}

export function summaryView(head: ListHead): ListSummaryView {
  return {
    kind: head.kind,
    title: LISTS_CONFIG.titles[head.kind],
    current: head.current
      ? { version: head.current.version, publishedOn: shanghaiDate(head.current.publishedAt ?? head.current.createdAt), rows: head.current.rows.length }
      : null,
    open: head.open ? { version: head.open.version, stateLabel: LIST_STATE_LABELS[head.open.state], department: head.open.author.department } : null,
  };
}

function changeLines(kind: ListKind, current: ListVersion | null, open: ListVersion): { summary: string; changes: string[] } {
  const d = diffRows(kind, (current?.rows ?? []) as never[], open.rows as never[]);
  const key = (r: unknown) => rowKey(kind, r as never);
  return {
    summary: diffSummary(d),
    changes: [
      ...d.added.map((r) => `新增：${key(r)}`),
      ...d.removed.map((r) => `删除：${key(r)}`),
      ...d.changed.map((c) => `修改：${c.key}（${c.fields.map((f) => f.label).join('、')}）`),
    ],
  };
}

export function listCardView(head: ListHead, person: Person, extra: { notice?: string; errors?: string[] } = {}): ListCardView {
  const base = summaryView(head);
  const o = head.open;
  const lastReturn = o ? [...o.trail].reverse().find((t) => t.to === 'draft' && t.from !== null) : undefined;
  return {
    ...base,
    open:
      o && base.open
        ? {
            ...base.open,
            versionId: o.id,
            authorName: o.author.name,
            rows: o.rows.length,
            ...changeLines(head.kind, head.current, o),
            ...(lastReturn?.note ? { returnNote: lastReturn.note } : {}),
          }
        : null,
    actions: o ? availableActions(o, person) : [],
    canStart: !o && canStartDraft(head.kind, person),
    canGenerate: !o && head.kind === 'officers' && person.roles.includes('admin'),
    ...(extra.notice ? { notice: extra.notice } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
}

export async function listAnswer(kind: ListKind, person: Person, s: Services, extra: { notice?: string; errors?: string[] } = {}) {
  return listCard(listCardView(await s.lists.head(kind), person, extra));
}

/** The roster's departments: a row's section must be one of them. */
export async function sections(s: Services): Promise<string[]> {
  return [...new Set((await s.roster.listActive()).map((p) => p.department))].sort();
}

export const listJobFor = (kind: ListKind) => ({ kind: 'lists.changed' as const, listKind: kind });

/**
 * Runs one domain transition on the list's open version and stores it with its record entries, on
 * the revision read; answers with the list's card as it is now. A double tap or a stale card gets the
 * state as it is (the domain says where the version is); a change made meanwhile by someone else is
 * not overwritten.
 */
export async function transition(
  kind: ListKind,
  id: string | null,
  person: Person,
  s: Services,
  step: (head: ListHead, open: ListVersion | null) => ListOutcome<ListKind>,
  success: string,
): Promise<CardActionResult> {
  const head = await s.lists.head(kind);
  if (id !== null && head.open?.id !== id) {
    const v = await s.lists.version(kind, id);
    const where = v ? `该版本${LIST_STATE_LABELS[v.state]}` : '该版本不存在';
    return { toast: { type: 'info', content: `${where}，以下是清单的当前状态` }, card: listCard(listCardView(head, person)) };
  }
  const out = step(head, head.open);
  if (!out.ok) {
    return {
      toast: { type: out.code === 'state' ? 'info' : 'error', content: out.errors[0] ?? '无法完成' },
      card: listCard(listCardView(head, person, { errors: out.errors })),
    };
  }
  const at = s.now().toISOString();
  if (!(await s.lists.save(kind, head.rev, out.version, out.entries, at))) {
    return { toast: { type: 'info', content: '清单刚被他人修改，请查看最新状态后再操作' }, card: await listAnswer(kind, person, s) };
  }
  // The change owes its notices and, once published, the site: written with it; this only hurries it.
  await s.jobs.submit(listJobFor(kind)).catch((err) => s.log.error('lists.changed not submitted; the scheduled run hands it on', { kind, err }));
  return { toast: { type: 'success', content: success }, card: await listAnswer(kind, person, s, { notice: success }) };
}

export const newVersionId = (kind: ListKind, now: Date) => `${kind}-${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
