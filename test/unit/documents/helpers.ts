/**
 * A case taken through the real review workflow to 批准 (request → 同意 → 集体讨论 → 批准), and the
 * inputs every document template takes: the shipped documents config and rules table, evidence, service.
 */
import documentsData from '../../../data/documents.json' with { type: 'json' };
import type { Case } from '../../../functions/domain/case/types.ts';
import { type DocumentsConfig, type DraftCommon, type EvidenceRef, buildDocumentsConfig } from '../../../functions/domain/documents/index.ts';
import {
  type HeadDecision,
  type ReviewRound,
  type ReviewState,
  type Transition,
  decide,
  emptyReviewState,
  recordDiscussion,
  recordReviewOutcome,
  requestReview,
} from '../../../functions/domain/review/index.ts';
import type { ServiceRecord } from '../../../functions/domain/service/index.ts';
import { EVIDENCE, cal, catalogue, makeCase, proposalForm, qian, reviewForm, roster, rules, zhang, zhao } from '../review/helpers.ts';

export { documentsData, makeCase, rules };
export const config: DocumentsConfig = buildDocumentsConfig(documentsData);

/** 10:00 in Shanghai. */
export const at = (date: string, hour = 10) => `${date}T${String(hour - 8).padStart(2, '0')}:00:00.000Z`;

export const evidence: EvidenceRef[] = [
  { evidenceId: EVIDENCE[0] as string, fileName: '现场检查照片-20260915-101500.jpg', mediaKind: 'image', activity: '现场检查' },
  { evidenceId: EVIDENCE[1] as string, fileName: '询问笔录（法定代表人）.pdf', mediaKind: 'document', activity: '询问' },
  { evidenceId: EVIDENCE[2] as string, fileName: '执法记录仪-01.mp4', mediaKind: 'video', activity: '现场检查' },
];

function commit(t: Transition): ReviewState {
  if (!t.ok) throw new Error(`${t.reason}: ${t.errors.join(' | ')}`);
  return t.state;
}

export interface Scenario {
  theCase: Case;
  round: ReviewRound;
  decision: HeadDecision;
  state: ReviewState;
}

/** A fine of `amount` yuan, reviewed (同意) on 9-30, discussed on 10-9 when 重大, approved on 10-13. */
export function approvedScenario(over: { amount?: string; decisionType?: string; case?: Partial<Case>; discretion?: string } = {}): Scenario {
  const theCase = makeCase(over.case);
  const form = proposalForm({
    amount: over.amount ?? '150000',
    decision_type: over.decisionType ?? '罚款',
    discretion: over.discretion ?? '一般',
    evidence: ['ev-001', 'ev-002'],
    facts: '当事人于2026年3月起建设年综合能源消费量5000吨标准煤的项目，未按规定进行节能审查即开工建设',
    legal_provisions: '《中华人民共和国节约能源法》第十五条、第六十八条第二款',
    defence: '当事人提出其已补办节能审查手续，经复核，补办不影响违法事实的认定，不予采纳',
  });
  let s = emptyReviewState(theCase.caseId);
  s = commit(requestReview(s, theCase, { actor: zhang, now: at('2026-09-29'), form, caseEvidenceIds: EVIDENCE, catalogue, calendar: cal, rules }));
  s = commit(recordReviewOutcome(s, theCase, { actor: zhao, now: at('2026-09-30'), round: 1, outcome: 'approved', form: reviewForm({}, '事实清楚，证据充分，同意拟作出的决定。'), roster }));
  const needsDiscussion = s.rounds[0]?.classification.major === true;
  if (needsDiscussion) {
    s = commit(
      recordDiscussion(s, theCase, {
        actor: qian,
        now: at('2026-10-09'),
        round: 1,
        form: { discussion_date: '2026-10-09', participants: '钱局长、孙副局长、李副局长', conclusion: '同意按法制审核意见作出处罚决定' },
        catalogue,
      }),
    );
  }
  s = commit(decide(s, theCase, { actor: qian, now: at('2026-10-13', 15), verdict: 'approved', round: 1, form: {}, catalogue }));
  return { theCase, round: s.rounds[0] as ReviewRound, decision: s.headDecisions[0] as HeadDecision, state: s };
}

/** The common inputs of a first version. */
export function common(theCase: Case, number: string | null, madeAt = at('2026-10-13', 15)): DraftCommon {
  return { config, case: theCase, number, version: { version: 1, supersedes: null, reason: null }, madeAt };
}

export const service: ServiceRecord = { servedOn: '2026-10-15', method: '直接送达', proofEvidenceIds: ['ev-003'] };

/** Every paragraph, field, cell and signature label of a model as one string, to search. */
export function textOf(model: { title: string; number: string | null; blocks: unknown[] }): string {
  const parts: string[] = [model.title, model.number ?? ''];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'type') walk(x);
  };
  walk(model.blocks);
  return parts.join('\n');
}
