/**
 * 同意 / 不同意 / 退回补充 on a reviewer's card (one form, three buttons). Only a reviewer who is not an
 * officer of the case (the domain's `recordReviewOutcome`, checked here on the server whatever the
 * card offered); anyone else gets a toast and the attempt is a record entry. Two reviewers at once, or
 * one tapping twice: one outcome; the others are told the outcome that stands. The tapped card shows
 * the outcome at once; every other copy, the officers' result and the head's card come from the worker.
 */
import * as z from 'zod/mini';
import { reviewCard } from '../../../cards/review.ts';
import { canViewCase } from '../../domain/case/access.ts';
import { REVIEW_OUTCOMES } from '../../domain/review/vocabulary.ts';
import { latestRound, recordReviewOutcome } from '../../domain/review/workflow.ts';
import { refusalText } from '../evidence/ingest.ts';
import { CASE_ID, cardAction } from '../intents.ts';
import { errorToast, MESSAGES, type Services } from '../services.ts';
import { runStep } from './steps.ts';
import { evidenceOptions, roundView } from './views.ts';

async function activeRoster(s: Services) {
  return new Map((await s.roster.listActive()).map((p) => [p.openId, p]));
}

export const recordOutcomeAction = cardAction({
  value: z.object({
    case_id: CASE_ID,
    round: z.int().check(z.minimum(1), z.maximum(999)),
    outcome: z.enum(REVIEW_OUTCOMES),
  }),
  async handle({ case_id, round, outcome }, { operator, tap, s }) {
    const now = s.now();
    const roster = await activeRoster(s);
    const out = await runStep(
      s,
      case_id,
      (state, c) => recordReviewOutcome(state, c, { actor: operator, now: now.toISOString(), round, outcome, form: tap.formValue ?? {}, roster }),
      tap.eventId ? { eventId: tap.eventId } : {},
    );
    if (out.kind === 'not_found') return errorToast(MESSAGES.caseNotFound(case_id));
    if (out.kind === 'refused') return errorToast(refusalText(out.reason, out.c.caseNumber));
    if (out.kind === 'failed' && out.reason === 'unauthorised') return errorToast(out.errors[0] as string);
    const c = out.c;
    // Only someone who may see the case sees it on the card.
    if (!canViewCase(operator, c)) return errorToast(MESSAGES.caseNotFound(case_id));
    const ev = await evidenceOptions(s, case_id);
    const shown = out.state.rounds.find((r) => r.round === round) ?? latestRound(out.state);
    const card = (extra: { errors?: string[]; initial?: Record<string, string> } = {}) =>
      shown ? reviewCard({ ...roundView({ c, state: out.state, round: shown, evidence: ev.options, now, s, roster }), ...extra }) : undefined;
    if (out.kind === 'failed') {
      if (out.reason === 'invalid' && shown && shown.status === 'open') {
        const initial: Record<string, string> = {};
        for (const [k, v] of Object.entries(tap.formValue ?? {})) if (typeof v === 'string') initial[k] = v;
        return { toast: { type: 'error', content: out.errors[0] as string }, card: card({ errors: out.errors, initial }) as NonNullable<ReturnType<typeof card>> };
      }
      // closed (the outcome that stands), stale (a superseded round): say so and show what stands.
      // The reviewer's own repeat hands the notices on again (idempotent), in case the first hand-off failed.
      if (out.reason === 'closed' && shown?.review?.reviewer.openId === operator.openId) {
        await s.jobs.submit({ kind: 'review.notify', caseId: case_id, round: shown.round, step: 'reviewed' });
      }
      const shownCard = card();
      return { toast: { type: out.reason === 'closed' ? 'info' : 'error', content: out.errors[0] as string }, ...(shownCard ? { card: shownCard } : {}) };
    }
    await s.jobs.submit({ kind: 'review.notify', caseId: case_id, round, step: 'reviewed' });
    const done = card();
    return { toast: { type: 'success', content: out.message }, ...(done ? { card: done } : {}) };
  },
});
