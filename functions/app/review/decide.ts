/**
 * 批准 / 不批准 on the head's decision card (role `head`, checked here; the domain's `decide`, which
 * passes THE GATE for 批准). 批准 records the decision and its date on the case (status `decided`,
 * `decision`: what deadlines, documents and disclosure start from) in the transaction of its
 * `decision.approved` entry; 不批准 needs a reason and lets the officers submit a new round.
 */
import * as z from 'zod/mini';
import { decisionCard } from '../../../cards/review.ts';
import { HEAD_VERDICTS } from '../../domain/review/vocabulary.ts';
import { decide } from '../../domain/review/workflow.ts';
import { refusalText } from '../evidence/ingest.ts';
import { CASE_ID, cardAction } from '../intents.ts';
import { errorToast, MESSAGES } from '../services.ts';
import { runStep } from './steps.ts';
import { decisionView, evidenceOptions } from './views.ts';

export const decideAction = cardAction({
  value: z.object({
    case_id: CASE_ID,
    // Cards always carry their round; null reaches THE GATE as "no review" (a forged or scripted tap).
    round: z.nullable(z.int().check(z.minimum(1), z.maximum(999))),
    verdict: z.enum(HEAD_VERDICTS),
  }),
  async handle({ case_id, round, verdict }, { operator, tap, s }) {
    const now = s.now();
    const out = await runStep(
      s,
      case_id,
      (state, c) => decide(state, c, { actor: operator, now: now.toISOString(), verdict, round, form: tap.formValue ?? {}, catalogue: s.reviewRules.catalogue }),
      tap.eventId ? { eventId: tap.eventId } : {},
    );
    if (out.kind === 'not_found') return errorToast(MESSAGES.caseNotFound(case_id));
    if (out.kind === 'refused') return errorToast(refusalText(out.reason, out.c.caseNumber));
    if (out.kind === 'failed' && out.reason === 'unauthorised') return errorToast(out.errors[0] as string);
    const r = round === null ? undefined : out.state.rounds.find((x) => x.round === round);
    const ev = await evidenceOptions(s, case_id);
    const card = (errors?: string[]) => (r ? decisionCard({ ...decisionView({ c: out.c, state: out.state, round: r, evidence: ev.options, now, s }), ...(errors ? { errors } : {}) }) : undefined);
    if (out.kind === 'failed') {
      // The head's own repeat hands the notices on again (idempotent), in case the first hand-off failed.
      const mine = [...out.state.headDecisions].reverse().find((d) => d.round === round && d.by.openId === operator.openId);
      if (out.reason === 'closed' && mine && round !== null) {
        await s.jobs.submit({ kind: 'review.notify', caseId: case_id, round, step: mine.verdict === 'approved' ? 'decided' : 'refused' });
      }
      const shown = card(out.reason === 'invalid' || out.reason === 'refused' ? out.errors : undefined);
      return { toast: { type: out.reason === 'closed' ? 'info' : 'error', content: out.errors[0] as string }, ...(shown ? { card: shown } : {}) };
    }
    if (round !== null) await s.jobs.submit({ kind: 'review.notify', caseId: case_id, round, step: verdict === 'approved' ? 'decided' : 'refused' });
    const done = card();
    return { toast: { type: 'success', content: out.message }, ...(done ? { card: done } : {}) };
  },
});
