/**
 * 申请法制审核: the handling officer opens the proposed-decision form (the command, or the case card's
 * button) and submits it with 提交审核; after 退回补充 the result card's 重新提交 opens it pre-filled.
 * The rules (who, when, what is reviewed, 重大, the simple-procedure limits) are the domain's
 * `requestReview`; the reviewers get their cards from the worker (`review.notify`).
 */
import * as z from 'zod/mini';
import { proposalFormCard, reviewResultCard } from '../../../cards/review.ts';
import { canViewCase, isCaseOfficer } from '../../domain/case/access.ts';
import type { Case } from '../../domain/case/types.ts';
import { checklistProblems } from '../../domain/review/checklist.ts';
import { proposalToFormValue } from '../../domain/review/proposal.ts';
import type { ProposalFieldName } from '../../domain/review/vocabulary.ts';
import { latestRound, requestReview, requestUnavailable } from '../../domain/review/workflow.ts';
import { caseFromArg } from '../case/find-case.ts';
import { refusalText } from '../evidence/ingest.ts';
import { CASE_ID, cardAction, command } from '../intents.ts';
import { errorToast, MESSAGES, type Services } from '../services.ts';
import { runStep } from './steps.ts';
import { evidenceOptions, roundView } from './views.ts';

export const REQUEST_MESSAGES = {
  notOfficer: '只有本案承办人员可以申请法制审核。',
  notReturned: '这一轮没有被退回补充，不能重新提交。',
};

const ROUND = z.int().check(z.minimum(1), z.maximum(999));

async function formCard(s: Services, c: Case, extra: Partial<Parameters<typeof proposalFormCard>[0]> = {}) {
  const ev = await evidenceOptions(s, c.caseId);
  return proposalFormCard({
    caseId: c.caseId,
    caseNumber: c.caseNumber,
    partyName: c.party.name,
    procedureLabel: c.procedure === 'simple' ? '简易程序' : '普通程序',
    evidenceOptions: ev.options,
    ...extra,
  });
}

export const requestReviewCommand = command({
  words: ['申请法制审核'],
  help: { command: '申请法制审核 <案件编号>', description: '填写拟作出的决定，提交法制审核（本案承办人员）' },
  async run(ctx) {
    const c = await caseFromArg(ctx, '申请法制审核', canViewCase);
    if (!c) return;
    if (!isCaseOfficer(ctx.person.openId, c)) return ctx.reply.text(REQUEST_MESSAGES.notOfficer);
    const unavailable = requestUnavailable(await ctx.s.reviews.get(c.caseId), c);
    if (unavailable) return ctx.reply.text(unavailable);
    return ctx.privateCard(await formCard(ctx.s, c));
  },
});

/** The case card's 申请法制审核: the form in place of the case card. */
export const openReviewFormAction = cardAction({
  value: z.object({ case_id: CASE_ID }),
  async handle({ case_id }, { operator, s }) {
    const c = await s.cases.get(case_id);
    if (!c || !canViewCase(operator, c)) return errorToast(MESSAGES.caseNotFound(case_id));
    if (!isCaseOfficer(operator.openId, c)) return errorToast(REQUEST_MESSAGES.notOfficer);
    // Said before the form is filled in, not after.
    const unavailable = requestUnavailable(await s.reviews.get(c.caseId), c);
    if (unavailable) return errorToast(unavailable);
    return { card: await formCard(s, c) };
  },
});

/** What the person typed, to fill the form in again after a refusal. */
function typed(formValue: Record<string, unknown> | undefined): Partial<Record<ProposalFieldName, string | string[]>> {
  const out: Partial<Record<ProposalFieldName, string | string[]>> = {};
  for (const [k, v] of Object.entries(formValue ?? {})) {
    if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) out[k as ProposalFieldName] = v as string | string[];
  }
  return out;
}

/** 提交审核 (and the pre-filled form's 提交审核 after 重新提交, with `from_round`). */
export const submitReviewAction = cardAction({
  value: z.object({ case_id: CASE_ID, from_round: z.optional(ROUND) }),
  async handle({ case_id, from_round }, { operator, tap, s }) {
    const visible = await s.cases.get(case_id);
    if (!visible || !canViewCase(operator, visible)) return errorToast(MESSAGES.caseNotFound(case_id));
    const ev = await evidenceOptions(s, case_id);
    const now = s.now();
    const out = await runStep(
      s,
      case_id,
      (state, c) =>
        requestReview(state, c, {
          actor: operator,
          now: now.toISOString(),
          form: tap.formValue ?? {},
          caseEvidenceIds: ev.ids,
          ...s.reviewRules,
          ...(from_round !== undefined ? { fromRound: from_round } : {}),
        }),
      tap.eventId ? { eventId: tap.eventId } : {},
    );
    if (out.kind === 'not_found') return errorToast(MESSAGES.caseNotFound(case_id));
    if (out.kind === 'refused') return errorToast(refusalText(out.reason, out.c.caseNumber));
    if (out.kind === 'failed') {
      if (out.reason === 'invalid' || out.reason === 'refused') {
        // The form comes back with what was typed and the problems in red.
        return {
          toast: { type: 'error', content: out.errors.length === 1 ? (out.errors[0] as string) : MESSAGES.fixForm },
          card: await formCard(s, out.c, { errors: out.errors, initial: typed(tap.formValue), ...(from_round !== undefined ? { fromRound: from_round } : {}) }),
        };
      }
      const latest = latestRound(out.state);
      if (out.reason === 'duplicate' && latest) {
        // A repeated tap or delivery: the round stands; hand its notices on again (they are idempotent).
        await s.jobs.submit({ kind: 'review.notify', caseId: case_id, round: latest.round, step: 'requested' });
        return {
          toast: { type: 'info', content: out.errors[0] as string },
          card: reviewResultCard({ ...roundView({ c: out.c, state: out.state, round: latest, evidence: ev.options, now, s }), canResubmit: false }),
        };
      }
      return errorToast(out.errors[0] as string);
    }
    const round = latestRound(out.state);
    if (!round) throw new Error('a request without a round');
    if (tap.messageId) await s.reviews.rememberCard(case_id, { round: round.round, kind: 'request', openId: operator.openId, messageId: tap.messageId });
    await s.jobs.submit({ kind: 'review.notify', caseId: case_id, round: round.round, step: 'requested' });
    return {
      toast: { type: 'success', content: out.message },
      card: reviewResultCard({ ...roundView({ c: out.c, state: out.state, round, evidence: ev.options, now, s }), canResubmit: false }),
    };
  },
});

/** 重新提交 on the officer's result card after 退回补充: the form again, pre-filled, with what was found. */
export const resubmitReviewAction = cardAction({
  value: z.object({ case_id: CASE_ID, round: ROUND }),
  async handle({ case_id, round }, { operator, s }) {
    const c = await s.cases.get(case_id);
    if (!c || !canViewCase(operator, c)) return errorToast(MESSAGES.caseNotFound(case_id));
    if (!isCaseOfficer(operator.openId, c)) return errorToast(REQUEST_MESSAGES.notOfficer);
    const state = await s.reviews.get(case_id);
    const r = state.rounds.find((x) => x.round === round);
    const latest = latestRound(state);
    if (!r || !latest) return errorToast(MESSAGES.staleAction);
    if (latest.round !== r.round) return errorToast(`此卡片是第 ${r.round} 轮的，已被第 ${latest.round} 轮取代，操作无效；请使用最新的卡片`);
    if (r.status !== 'returned' || !r.review) return errorToast(REQUEST_MESSAGES.notReturned);
    return {
      card: await formCard(s, c, {
        fromRound: r.round,
        initial: proposalToFormValue(r.proposal),
        returnedWith: {
          reviewerName: r.review.reviewer.name,
          opinion: r.review.opinion,
          problems: checklistProblems(r.review.checklist).map((p) => ({ label: p.label, note: p.note })),
        },
      }),
    };
  },
});
