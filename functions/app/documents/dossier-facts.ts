/**
 * What the dossier check (`案卷`, `归档`) learns from the documents and the decision (issue 13): the
 * latest version of each drafted document (`dossierDocuments`), and — from the case's decision (THE
 * DECISION CONTRACT) and the service record (issue 11's loader) — the stage, so that a missing 决定书
 * (once decided) or 送达回证 (once served) shows as missing.
 */
import type { Case } from '../../domain/case/types.ts';
import type { AssessmentKey, DossierFacts } from '../../domain/dossier/checklist.ts';
import { dossierDocuments } from '../../domain/documents/record.ts';
import type { ChecklistKey } from '../../domain/review/vocabulary.ts';
import type { ReviewState } from '../../domain/review/workflow.ts';
import type { ServiceRecord } from '../../domain/service/form.ts';
import type { StoredDocument } from '../../ports/documents.ts';
import type { WorkerServices } from '../services.ts';

type PenaltyType = NonNullable<NonNullable<DossierFacts['decision']>['penalties']>[number];

const PENALTY_OF: Record<string, PenaltyType> = {
  罚款: 'fine',
  警告: 'warning',
  通报批评: 'warning',
  没收违法所得: 'confiscation',
  责令停产停业: 'suspension',
  暂扣许可证: 'suspension',
  吊销许可证: 'revocation',
  其他: 'other',
};

export function documentDossierFacts(c: Case, docs: readonly StoredDocument[], service: ServiceRecord | null): Partial<DossierFacts> {
  const facts: Partial<DossierFacts> = { documents: dossierDocuments(docs) };
  const d = c.decision;
  if (d && c.status !== 'filed') {
    const noPenalty = d.decisionType === '不予处罚';
    facts.decision = {
      kind: c.caseType !== '行政处罚' ? 'other' : noPenalty ? 'no_penalty' : 'penalty',
      date: d.date,
      ...(noPenalty ? {} : { penalties: [PENALTY_OF[d.decisionType] ?? 'other'] }),
      ...(d.decisionType === '罚款' && d.amount !== null ? { fineYuan: String(Math.round(d.amount * 100) / 100) } : {}),
    };
    if (c.status === 'decided') facts.stage = service ? 'served' : 'decided';
    if (service) facts.service = [{ method: service.method, date: service.servedOn, proof: service.proofEvidenceIds.length > 0 }];
  }
  return facts;
}

/** The review's checklist items that answer the dossier's assessments (pass → confirmed, problem → found wanting). */
const ASSESSED_BY: Partial<Record<ChecklistKey, AssessmentKey>> = {
  subject: 'enforcingBodyLawful',
  authority: 'withinPower',
  qualification: 'officersQualified',
  procedure: 'procedureLawful',
  facts: 'factsClear',
  evidence: 'evidenceSufficient',
  law: 'lawApplicationCorrect',
  crime_transfer: 'transferHandled',
};

/**
 * What the dossier learns from the legal review: whether review (and 集体讨论) was required — the
 * latest round's classification —, each reviewed round's outcome and date, the discussion's date,
 * and the last reviewed round's checklist as the assessments. Nothing before a first request.
 */
export function reviewDossierFacts(state: ReviewState | null): Partial<DossierFacts> {
  const latest = state?.rounds.at(-1);
  if (!state || !latest) return {};
  const reviewed = state.rounds.filter((r) => r.review !== null);
  const discussed = [...state.rounds].reverse().find((r) => r.discussion !== null)?.discussion;
  const lastReview = reviewed.at(-1)?.review;
  const assessments: Partial<Record<AssessmentKey, boolean>> = {};
  if (lastReview) {
    for (const [item, key] of Object.entries(ASSESSED_BY) as [ChecklistKey, AssessmentKey][]) {
      assessments[key] = lastReview.checklist[item].result === 'pass';
    }
  }
  return {
    review: {
      required: latest.classification.required,
      rounds: reviewed.map((r) => ({ outcome: (r.review as NonNullable<typeof r.review>).outcome, date: (r.review as NonNullable<typeof r.review>).date })),
    },
    collectiveDiscussion: { required: latest.classification.major, ...(discussed ? { date: discussed.date } : {}) },
    ...(lastReview ? { assessments } : {}),
  };
}

/** Reads what the dossier needs of the documents (the case's versions and its service record) and of the review. */
export async function loadDocumentDossierFacts(c: Case, s: WorkerServices): Promise<Partial<DossierFacts>> {
  const [docs, service, review] = await Promise.all([s.cases.documentVersions(c.caseId), s.documents.loadService(c.caseId), s.documents.loadReview(c.caseId)]);
  return { ...documentDossierFacts(c, docs, service), ...reviewDossierFacts(review) };
}
