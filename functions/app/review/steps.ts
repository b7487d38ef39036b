/**
 * How a review step is carried out: read the case and its review state, run the domain's transition,
 * write the new state with its entry in one transaction (ReviewStore.commit). A version conflict (two
 * reviewers at once, a double tap) re-reads and runs the transition again, so the loser gets the
 * domain's answer for the outcome that stands. An unauthorised tap writes only its attempt entry.
 */
import type { Case, CaseDecision } from '../../domain/case/types.ts';
import { type HeadDecision, type ReviewState, type Transition, recordedDecision } from '../../domain/review/workflow.ts';
import type { RecordEntry } from '../../domain/case/record.ts';
import type { AppendRefusal } from '../../ports/index.ts';
import type { Services } from '../services.ts';

export type StepOutcome =
  | { kind: 'not_found' }
  | { kind: 'done'; c: Case; state: ReviewState; entry: RecordEntry; message: string }
  | { kind: 'failed'; c: Case; state: ReviewState; reason: Exclude<Transition, { ok: true }>['reason']; errors: string[] }
  | { kind: 'refused'; c: Case; reason: AppendRefusal };

/** Enough for any realistic race (each retry sees a newer version; 20 taps settle in a few). */
const MAX_ATTEMPTS = 30;

/** The decision the case keeps once 批准 is recorded (status decided + `decision`, read by deadlines, documents and disclosure). */
export function caseDecisionOf(state: ReviewState, major: boolean): CaseDecision | undefined {
  const d = recordedDecision(state);
  return d ? caseDecisionFrom(d, major) : undefined;
}

/** The same from the approved head decision itself. */
export function caseDecisionFrom(d: HeadDecision, major: boolean): CaseDecision {
  return {
    date: d.date,
    decisionType: d.proposal.decisionType,
    amount: d.proposal.amount,
    major,
    round: d.round,
    approvedBy: d.by,
    approvedAt: new Date(d.at).toISOString(),
  };
}

export async function runStep(
  s: Services,
  caseId: string,
  transition: (state: ReviewState, c: Case) => Transition,
  opts: { eventId?: string } = {},
): Promise<StepOutcome> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const [c, state] = await Promise.all([s.cases.get(caseId), s.reviews.get(caseId)]);
    if (!c) return { kind: 'not_found' };
    const t = transition(state, c);
    if (!t.ok) {
      // An unauthorised tap is itself a record entry (state unchanged); a repeat of the same tap once.
      for (const e of t.entries) {
        const { caseId: _c, ...content } = e;
        await s.cases.appendRecord(caseId, content, opts.eventId ? { once: `review-attempt-${opts.eventId}` } : {});
      }
      return { kind: 'failed', c, state, reason: t.reason, errors: t.errors };
    }
    const [entry] = t.entries;
    if (!entry || t.entries.length !== 1) throw new Error(`a review step must record exactly one entry, got ${t.entries.length}`);
    const { caseId: _c, ...content } = entry;
    const before = recordedDecision(state);
    // 重大 as the gate judged it (the round's classification or today's catalogue), from the entry.
    const decision = before ? undefined : caseDecisionOf(t.state, entry.detail.major === true);
    const written = await s.reviews.commit(t.state, content, decision);
    if (written.ok) {
      const after = decision ? { ...c, status: 'decided' as const, decision } : c;
      return { kind: 'done', c: after, state: t.state, entry: written.entry, message: t.message };
    }
    if (written.reason !== 'conflict') return { kind: 'refused', c, reason: written.reason };
    // Someone else changed the review first: read again and decide on what stands now.
  }
  throw new Error(`review step on ${caseId} did not settle after ${MAX_ATTEMPTS} attempts`);
}
