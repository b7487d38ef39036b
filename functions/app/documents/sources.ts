/**
 * What each document is drafted from, read from what the case holds: the case as filed (立案审批表),
 * the review state (事先告知书 from the passed round, 法制审核意见书 per reviewed round, 集体讨论记录 per
 * discussed round), the decision on the case (决定书, THE DECISION CONTRACT: `case.decision` with the
 * approved round's proposal) and the service record (送达回证). Each source gives the date the document
 * bears and the instant of the act it records (the PDF's date), so drafting again gives the same bytes.
 */
import type { Case } from '../../domain/case/types.ts';
import type { LocalDate } from '../../domain/deadlines/local-date.ts';
import {
  type DocumentModel,
  type DraftCommon,
  type DraftedKind,
  type EvidenceRef,
  draftDiscussionRecord,
  draftFilingApproval,
  draftPenaltyDecision,
  draftPriorNotice,
  draftReviewOpinion,
  draftServiceProof,
} from '../../domain/documents/index.ts';
import { recordedDecision, type ReviewRound, type ReviewState } from '../../domain/review/workflow.ts';
import type { StoredDocument } from '../../ports/documents.ts';
import type { WorkerServices } from '../services.ts';

export interface DocumentSource {
  /** The date the document bears (its number counts in this date's year). */
  date: LocalDate;
  /** The instant of the act it records: the PDF's creation date. */
  madeAt: string;
  draft(common: DraftCommon): DocumentModel;
}

/** Why a document cannot be drafted yet: what the case does not hold. Logged; nothing is written. */
export type SourceResult = { ok: true; source: DocumentSource } | { ok: false; why: string };

const missing = (why: string): SourceResult => ({ ok: false, why });

async function evidenceRefs(caseId: string, s: WorkerServices): Promise<EvidenceRef[]> {
  return (await s.cases.evidenceItems(caseId)).map((e) => ({ evidenceId: e.evidenceId, fileName: e.fileName, mediaKind: e.mediaKind, activity: e.activity }));
}

function roundOf(state: ReviewState | null, round: number | undefined): ReviewRound | undefined {
  return round === undefined ? undefined : state?.rounds.find((r) => r.round === round);
}

/** The instant of midnight of a date in Asia/Shanghai, ISO UTC (when the record holds no instant). */
function shanghaiMidnight(date: LocalDate): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}

export async function documentSource(kind: DraftedKind, round: number | undefined, c: Case, stored: readonly StoredDocument[], s: WorkerServices): Promise<SourceResult> {
  const d = s.documents;
  switch (kind) {
    case 'filing_approval':
      return { ok: true, source: { date: c.filingDate, madeAt: c.filedAt, draft: (common) => draftFilingApproval(common) } };

    case 'legal_review_opinion': {
      const r = roundOf(await d.loadReview(c.caseId), round);
      const review = r?.review;
      if (!r || !review) return missing(`round ${round} has not been reviewed`);
      return { ok: true, source: { date: review.date, madeAt: review.at, draft: (common) => draftReviewOpinion({ ...common, round: r }) } };
    }

    case 'collective_discussion': {
      const r = roundOf(await d.loadReview(c.caseId), round);
      const discussion = r?.discussion;
      if (!r || !discussion) return missing(`round ${round} has no collective discussion`);
      return { ok: true, source: { date: discussion.date, madeAt: discussion.recordedAt, draft: (common) => draftDiscussionRecord({ ...common, round: r }) } };
    }

    case 'prior_notice': {
      // The round that passed review (同意): the latest one, unless a round is named.
      const state = await d.loadReview(c.caseId);
      const r = round === undefined ? [...(state?.rounds ?? [])].reverse().find((x) => x.status === 'approved') : roundOf(state, round);
      const review = r?.review;
      if (!r || !review || r.status !== 'approved') return missing('no round has passed review');
      if (r.proposal.decisionType === '不予处罚') return missing('不予处罚 needs no prior notice');
      const evidence = await evidenceRefs(c.caseId, s);
      return {
        ok: true,
        source: { date: review.date, madeAt: review.at, draft: (common) => draftPriorNotice({ ...common, proposal: r.proposal, evidence, rules: d.rules, date: review.date }) },
      };
    }

    case 'penalty_decision': {
      // THE DECISION CONTRACT: the case says it is decided, and when; the review holds what was decided.
      const decision = c.decision;
      if (c.status === 'filed' || !decision) return missing('the case has no decision');
      const approved = recordedDecision((await d.loadReview(c.caseId)) ?? { caseId: c.caseId, version: 0, rounds: [], headDecisions: [] });
      if (!approved || approved.round !== decision.round) return missing('the approved decision is not in the review state');
      if (approved.proposal.decisionType === '不予处罚') return missing('不予处罚 is not decided by a 行政处罚决定书');
      const evidence = await evidenceRefs(c.caseId, s);
      const head = { ...approved, date: decision.date, at: decision.approvedAt };
      // The prior notice's service is not recorded anywhere yet (the service record is the decision's):
      // the 决定书 names it only once a served date is known, rather than print a wrong one.
      return {
        ok: true,
        source: { date: decision.date, madeAt: decision.approvedAt, draft: (common) => draftPenaltyDecision({ ...common, decision: head, evidence, rules: d.rules, notice: null }) },
      };
    }

    case 'service_proof': {
      const service = await d.loadService(c.caseId);
      if (!service) return missing('no service is recorded');
      const served = latest(stored, 'penalty_decision');
      const evidence = await evidenceRefs(c.caseId, s);
      // The instant the service was recorded (issue 11's `decision.served` entry), else the day served.
      const entry = (await s.cases.records(c.caseId)).filter((e) => (e.action as string) === 'decision.served').at(-1);
      return {
        ok: true,
        source: {
          date: service.servedOn,
          madeAt: entry?.at ?? shanghaiMidnight(service.servedOn),
          draft: (common) =>
            draftServiceProof({
              ...common,
              service,
              evidence,
              served: served ? { title: served.title, number: served.number } : { title: d.config.kinds.penalty_decision.title, number: null },
            }),
        },
      };
    }
  }
}

/** The latest stored version of a document kind (the first document of that kind). */
export function latest(stored: readonly StoredDocument[], kind: DraftedKind): StoredDocument | undefined {
  return stored.filter((x) => x.kind === kind).sort((a, b) => b.version - a.version)[0];
}
