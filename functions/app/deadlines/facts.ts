/**
 * What a stored case holds, as the reminders domain reads it (caseFactsSchema): the filing, the
 * officers, the review rounds, the decision (THE DECISION CONTRACT: `case.decision`, set by 批准) and
 * its service (`case.service`, set by 确认送达).
 */
import type { Case } from '../../domain/case/types.ts';
import type { CaseFacts, DecisionFacts } from '../../domain/reminders/deadlines.ts';
import type { ReviewState } from '../../domain/review/workflow.ts';
import { decidedFineFen } from '../../domain/service/payment.ts';

/** A case has one decision today; its id in deadline ids (`…publication.d1`). */
export const DECISION_ID = '1';

function paidInFull(c: Case): boolean {
  const fine = decidedFineFen(c.decision);
  return fine !== null && (c.finePaid?.fen ?? 0) >= fine;
}

export function caseFacts(c: Case, review: ReviewState | null): CaseFacts {
  const facts: CaseFacts = {
    caseId: c.caseId,
    caseNumber: c.caseNumber,
    caseType: c.caseType,
    filingDate: c.filingDate,
    officerOpenIds: c.officers.map((o) => o.openId),
  };
  if (review && review.rounds.length > 0) {
    facts.reviews = review.rounds.map((r) => ({
      round: r.round,
      requestedOn: r.requestDate,
      ...(r.review ? { completedOn: r.review.date } : {}),
    }));
  }
  if (c.decision) {
    const d: DecisionFacts = {
      decisionId: DECISION_ID,
      type: c.caseType,
      date: c.decision.date,
      hasFine: c.decision.decisionType === '罚款' && (c.decision.amount ?? 0) > 0,
      ...(c.service ? { servedOn: c.service.servedOn } : {}),
      // Paid in full: the 缴纳罚款 period is met on the day of the payment that settled it.
      ...(paidInFull(c) && c.finePaid?.lastOn ? { paidOn: c.finePaid.lastOn } : {}),
      ...(c.disclosure?.publishedOn ? { publishedOn: c.disclosure.publishedOn } : {}),
      ...(c.disclosure?.withdrawal
        ? {
            withdrawal: {
              kind: c.disclosure.withdrawal.kind,
              recordedOn: c.disclosure.withdrawal.recordedOn,
              ...(c.disclosure.withdrawnOn ? { withdrawnOn: c.disclosure.withdrawnOn } : {}),
            },
          }
        : {}),
    };
    facts.decisions = [d];
  }
  return facts;
}
