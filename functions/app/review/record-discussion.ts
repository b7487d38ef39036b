/**
 * 集体讨论 on the head's decision card of a 重大 case (行政处罚法第五十七条第二款): the date, the
 * participants and the conclusion, recorded before 批准 is possible (the domain's `recordDiscussion`;
 * role `head`, checked here). The card then offers 批准 / 不批准; the other heads' copies follow (worker).
 */
import * as z from 'zod/mini';
import { decisionCard } from '../../../cards/review.ts';
import { recordDiscussion } from '../../domain/review/workflow.ts';
import { refusalText } from '../evidence/ingest.ts';
import { CASE_ID, cardAction } from '../intents.ts';
import { errorToast, MESSAGES } from '../services.ts';
import { runStep } from './steps.ts';
import { decisionView, evidenceOptions } from './views.ts';

export const recordDiscussionAction = cardAction({
  value: z.object({ case_id: CASE_ID, round: z.int().check(z.minimum(1), z.maximum(999)) }),
  async handle({ case_id, round }, { operator, tap, s }) {
    const now = s.now();
    const out = await runStep(
      s,
      case_id,
      (state, c) => recordDiscussion(state, c, { actor: operator, now: now.toISOString(), round, form: tap.formValue ?? {}, catalogue: s.reviewRules.catalogue }),
      tap.eventId ? { eventId: tap.eventId } : {},
    );
    if (out.kind === 'not_found') return errorToast(MESSAGES.caseNotFound(case_id));
    if (out.kind === 'refused') return errorToast(refusalText(out.reason, out.c.caseNumber));
    if (out.kind === 'failed' && out.reason === 'unauthorised') return errorToast(out.errors[0] as string);
    const r = out.state.rounds.find((x) => x.round === round);
    const ev = await evidenceOptions(s, case_id);
    const card = (errors?: string[]) => (r ? decisionCard({ ...decisionView({ c: out.c, state: out.state, round: r, evidence: ev.options, now, s }), ...(errors ? { errors } : {}) }) : undefined);
    if (out.kind === 'failed') {
      const shown = card(out.reason === 'invalid' ? out.errors : undefined);
      return { toast: { type: out.reason === 'closed' ? 'info' : 'error', content: out.errors[0] as string }, ...(shown ? { card: shown } : {}) };
    }
    await s.jobs.submit({ kind: 'review.notify', caseId: case_id, round, step: 'discussed' });
    const done = card();
    return { toast: { type: 'success', content: out.message }, ...(done ? { card: done } : {}) };
  },
});
