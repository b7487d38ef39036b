/**
 * 撤销决定 <案件编号> (the head): records that a decision was changed, revoked, confirmed unlawful or
 * void — card with `kind` and `reason`, button `确认撤回` — as `case.disclosure.withdrawal` with its
 * `decision.withdrawal_ordered` entry in one transaction, once. The publisher then withdraws the
 * page within 3 working days, with a public note of the reason (redacted); the case's deadline sync
 * lists that duty (or, before publication, drops the publication duty).
 */
import * as z from 'zod/mini';
import { noticeCard, withdrawalFormCard } from '../../../cards/index.ts';
import type { Card } from '../../../cards/common.ts';
import { canViewCase } from '../../domain/case/access.ts';
import type { Case } from '../../domain/case/types.ts';
import { shanghaiDate } from '../../domain/deadlines/local-date.ts';
import { canRecordWithdrawal, parseWithdrawalForm } from '../../domain/disclosure/withdrawal.ts';
import type { CardActionResult } from '../../ports/index.ts';
import { caseFromArg } from '../case/find-case.ts';
import { DECISION_ID } from '../deadlines/facts.ts';
import { CASE_ID, cardAction, command, type Requirement } from '../intents.ts';
import { errorToast, MESSAGES, type Services } from '../services.ts';
import { conclusionText } from './facts.ts';

const headOnly: Requirement = { role: 'head', refusal: '只有负责人可以登记决定被变更、撤销或确认违法。' };

export const WITHDRAWAL_MESSAGES = {
  notDecided: (n: string) => `案件 ${n} 尚未作出决定，没有可撤回的决定。`,
  already: (n: string, kind: string, on: string) => `案件 ${n} 的决定已于 ${on} 登记为「${kind}」，公开页面将按期撤回。`,
  recorded: '已登记，公开页面将在 3 个工作日内撤回',
  syncLater: '已登记，但期限提醒暂未更新，请稍后再点一次「确认撤回」。',
};

function form(c: Case, extra: { values?: { kind?: string; reason?: string }; errors?: string[] } = {}): { card: Card } | { refusal: string } {
  if (!c.decision) return { refusal: WITHDRAWAL_MESSAGES.notDecided(c.caseNumber) };
  const w = c.disclosure?.withdrawal;
  if (w) return { refusal: WITHDRAWAL_MESSAGES.already(c.caseNumber, w.kind, w.recordedOn) };
  return {
    card: withdrawalFormCard({
      caseId: c.caseId,
      caseNumber: c.caseNumber,
      decisionText: conclusionText(c.decision),
      decisionDate: c.decision.date,
      published: c.disclosure?.publishedOn !== undefined && c.disclosure.takenDownOn === undefined,
      ...extra,
    }),
  };
}

export const withdrawDecisionCommand = command({
  words: ['撤销决定'],
  prefix: true,
  requires: headOnly,
  help: { command: '撤销决定 <案件编号>', description: '负责人登记决定被变更、撤销或确认违法：已公开的决定 3 个工作日内撤回并公开说明理由' },
  async run(ctx) {
    const c = await caseFromArg(ctx, '撤销决定', canViewCase);
    if (!c) return;
    const answer = form(c);
    if ('refusal' in answer) return ctx.reply.text(answer.refusal);
    return ctx.privateCard(answer.card);
  },
});

export const withdrawDecisionAction = cardAction({
  value: z.object({ case_id: CASE_ID }),
  requires: headOnly,
  async handle({ case_id }, { operator, tap, s }) {
    const c = await s.cases.get(case_id);
    if (!c || !canViewCase(operator, c)) return errorToast(MESSAGES.caseNotFound(case_id));
    if (!canRecordWithdrawal(operator)) return errorToast(headOnly.refusal);
    if (!c.decision) return errorToast(WITHDRAWAL_MESSAGES.notDecided(c.caseNumber));
    if (c.disclosure?.withdrawal) return syncThen(s, c, errorToast(WITHDRAWAL_MESSAGES.already(c.caseNumber, c.disclosure.withdrawal.kind, c.disclosure.withdrawal.recordedOn)));
    const parsed = parseWithdrawalForm(tap.formValue ?? null);
    if (!parsed.ok) {
      const raw = (tap.formValue ?? {}) as Record<string, unknown>;
      const values = { ...(typeof raw.kind === 'string' ? { kind: raw.kind } : {}), ...(typeof raw.reason === 'string' ? { reason: raw.reason } : {}) };
      const again = form(c, { values, errors: parsed.errors });
      if ('refusal' in again) return errorToast(again.refusal);
      return { toast: { type: 'error', content: MESSAGES.fixForm }, card: again.card };
    }
    const now = s.now();
    const recordedOn = shanghaiDate(now);
    const recorded = await s.cases.recordDisclosure(
      c.caseId,
      { set: { withdrawal: { kind: parsed.value.kind, reason: parsed.value.reason, recordedOn, recordedBy: { openId: operator.openId, name: operator.name } } } },
      { at: now.toISOString(), actor: operator.openId, action: 'decision.withdrawal_ordered', detail: { decision_id: DECISION_ID, kind: parsed.value.kind, reason: parsed.value.reason } },
      `decision.withdrawal_ordered:${DECISION_ID}`,
    );
    if (!recorded.ok) {
      if (recorded.reason === 'not_found') return errorToast(MESSAGES.caseNotFound(case_id));
      return errorToast(recorded.reason === 'archived' ? MESSAGES.archived(c.caseNumber) : MESSAGES.archiving(c.caseNumber));
    }
    const after = (await s.cases.get(c.caseId)) ?? c;
    const w = after.disclosure?.withdrawal;
    return syncThen(s, c, {
      toast: { type: 'success', content: WITHDRAWAL_MESSAGES.recorded },
      card: withdrawnCard(after, w?.kind ?? parsed.value.kind, w?.recordedOn ?? recordedOn),
    });
  },
});

function withdrawnCard(c: Case, kind: string, on: string): Card {
  return noticeCard({
    title: '已登记撤回',
    subtitle: c.caseNumber,
    text: `已于 ${on} 登记决定「${kind}」。已公开的页面将在 3 个工作日内撤回，并公开说明理由；尚未公开的不再公开。`,
    template: 'green',
  });
}

/** Hands the case's deadline sync to the worker (the withdrawal duty, or the publication duty dropped). */
async function syncThen(s: Services, c: Case, answer: CardActionResult): Promise<CardActionResult> {
  try {
    await s.jobs.submit({ kind: 'deadlines.sync', scope: 'case', caseId: c.caseId });
  } catch (err) {
    s.log.error('deadlines.sync not handed on after a withdrawal order', { caseId: c.caseId, err });
    return errorToast(WITHDRAWAL_MESSAGES.syncLater);
  }
  return answer;
}

