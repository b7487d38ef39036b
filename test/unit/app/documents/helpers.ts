/**
 * Cases for the document tests: filed in the in-memory store with 张三 and 李四, evidence attached, and
 * the review state built through the review domain's own transitions (request → 同意 → 集体讨论 → 批准),
 * as issue 10 will store it; the case put in the decided state by THE DECISION CONTRACT's helper.
 */
import type { Case } from '../../../../functions/domain/case/types.ts';
import { decide, emptyReviewState, recordDiscussion, recordReviewOutcome, requestReview, type ReviewState, type Transition } from '../../../../functions/domain/review/index.ts';
import { caseDecisionFrom } from '../../../../functions/app/review/steps.ts';
import { decideInMemory } from '../../../helpers/decision.ts';
import { attachedContent, evidenceItem, filingRequest } from '../../../helpers/factories.ts';
import { cal, catalogue, proposalForm, qian, reviewForm, roster, rules, zhang, zhao } from '../../review/helpers.ts';
import { asOfficer, PEOPLE, type WorkerHarness } from '../harness.ts';

/** 10:00 in Shanghai on `date`. */
export const at = (date: string, hour = 10) => `${date}T${String(hour - 8).padStart(2, '0')}:00:00.000Z`;

let forms = 0;

/** A case filed by 张三 with 李四, with two evidence items. */
export async function filedCase(h: WorkerHarness, o: { year?: number } = {}): Promise<{ c: Case; evidenceIds: string[] }> {
  forms += 1;
  const { case: c } = await h.cases.fileCase(
    filingRequest({ formId: `doc-${forms}`, year: o.year ?? 2026, partyName: '甘孜某某矿业有限公司', officers: [PEOPLE.zhang, PEOPLE.li].map(asOfficer), caseType: '行政处罚' }),
  );
  const evidenceIds: string[] = [];
  for (const [i, kind] of (['image', 'file'] as const).entries()) {
    const bytes = `evidence ${forms}-${i}`;
    const item = evidenceItem({ caseId: c.caseId, messageId: `om_ev_${forms}_${i}`, kind, bytes, sender: PEOPLE.zhang.openId });
    // The bytes too, where the item says, so that 校验 finds them.
    const stored = await h.evidence.put({ caseId: c.caseId, body: [Buffer.from(bytes)] });
    const out = await h.cases.attachEvidence({ ...item, s3Key: stored.key }, attachedContent({ ...item, s3Key: stored.key }));
    if (out.kind !== 'attached') throw new Error(out.kind);
    evidenceIds.push(item.evidenceId);
  }
  return { c, evidenceIds };
}

function commit(t: Transition): ReviewState {
  if (!t.ok) throw new Error(`${t.reason}: ${t.errors.join(' | ')}`);
  return t.state;
}

/** Round 1 requested on 9-29 and passed (同意) on 9-30; a fine of `amount` (150,000: 重大). */
export function reviewedState(c: Case, evidenceIds: string[], amount = '150000'): ReviewState {
  const form = proposalForm({
    amount,
    decision_type: '罚款',
    discretion: '一般',
    evidence: evidenceIds,
    facts: '当事人未按规定进行节能审查即开工建设',
    legal_provisions: '《中华人民共和国节约能源法》第十五条、第六十八条第二款',
    defence: '当事人放弃陈述申辩',
  });
  let s = emptyReviewState(c.caseId);
  s = commit(requestReview(s, c, { actor: zhang, now: at('2026-09-29'), form, caseEvidenceIds: evidenceIds, catalogue, calendar: cal, rules }));
  return commit(recordReviewOutcome(s, c, { actor: zhao, now: at('2026-09-30'), round: 1, outcome: 'approved', form: reviewForm({}, '事实清楚，证据充分，同意。'), roster }));
}

/** The reviewed state, discussed (重大) on 10-9 and approved (批准) on 10-13 15:00. */
export function decidedState(c: Case, evidenceIds: string[]): ReviewState {
  let s = reviewedState(c, evidenceIds);
  s = commit(
    recordDiscussion(s, c, {
      actor: qian,
      now: at('2026-10-09'),
      round: 1,
      form: { discussion_date: '2026-10-09', participants: '钱局长、孙副局长、李副局长', conclusion: '同意按法制审核意见作出处罚决定' },
      catalogue,
    }),
  );
  return commit(decide(s, c, { actor: qian, now: at('2026-10-13', 15), verdict: 'approved', round: 1, form: {}, catalogue }));
}

/** The case as 批准 leaves it (THE DECISION CONTRACT), with the review state the loader finds. */
export function decideCase(h: WorkerHarness, c: Case, state: ReviewState): void {
  const approved = state.headDecisions.find((d) => d.verdict === 'approved');
  if (!approved) throw new Error('no approved decision');
  h.reviewStates.set(c.caseId, state);
  decideInMemory(h.cases, c.caseId, caseDecisionFrom(approved, state.rounds[0]?.classification.major ?? false));
}
