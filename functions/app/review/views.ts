/** Maps the case, its review state and its evidence to the review cards' view models. */
import type { DecisionCardView, EvidenceOptionView, ProposalView, ReviewRoundView } from '../../../cards/review.ts';
import { type Case, PROCEDURE_LABELS } from '../../domain/case/types.ts';
import type { EvidenceItem } from '../../domain/dossier/evidence.ts';
import { MEDIA_KIND_LABELS } from '../../domain/dossier/vocabulary.ts';
import { shanghaiDate } from '../../domain/deadlines/local-date.ts';
import { checklistProblems, officerQualifications } from '../../domain/review/checklist.ts';
import type { Person } from '../../domain/roster/types.ts';
import { formatYuan } from '../../domain/review/money.ts';
import type { Proposal } from '../../domain/review/proposal.ts';
import { HEAD_VERDICT_LABELS, REVIEW_OUTCOME_LABELS } from '../../domain/review/vocabulary.ts';
import { type ReviewRound, type ReviewState, latestRound, reviewTimeLimit, shanghaiDateTime } from '../../domain/review/workflow.ts';
import type { Services } from '../services.ts';

export function evidenceOption(item: EvidenceItem): EvidenceOptionView {
  return { evidenceId: item.evidenceId, label: `${item.fileName}（${MEDIA_KIND_LABELS[item.mediaKind]}，${shanghaiDateTime(item.receivedAt)}）` };
}

/** The case's evidence newest first, as the form's options. */
export async function evidenceOptions(s: Services, caseId: string): Promise<{ options: EvidenceOptionView[]; ids: string[] }> {
  const items = (await s.cases.evidenceItems(caseId)).sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
  return { options: items.map(evidenceOption), ids: items.map((i) => i.evidenceId) };
}

function proposalView(p: Proposal, labels: Map<string, EvidenceOptionView>): ProposalView {
  return {
    decisionType: p.decisionType,
    amount: p.amount === null ? null : formatYuan(p.amount),
    facts: p.facts,
    evidence: p.evidenceIds.map((id) => labels.get(id) ?? { evidenceId: id, label: id }),
    legalProvisions: p.legalProvisions,
    discretion: p.discretion,
    hearingHeld: p.hearingHeld,
    defence: p.defence,
  };
}

export interface RoundContext {
  c: Case;
  state: ReviewState;
  round: ReviewRound;
  evidence: EvidenceOptionView[];
  now: Date;
  s: Services;
  /** The active roster: an open round's card shows each officer's certificate as of today. */
  roster?: ReadonlyMap<string, Person>;
}

export function roundView({ c, state, round, evidence, now, s, roster }: RoundContext): ReviewRoundView {
  const today = shanghaiDate(now.toISOString());
  const labels = new Map(evidence.map((e) => [e.evidenceId, e]));
  const latest = latestRound(state);
  const review = round.review;
  return {
    caseId: c.caseId,
    caseNumber: c.caseNumber,
    partyName: c.party.name,
    procedureLabel: PROCEDURE_LABELS[c.procedure],
    round: round.round,
    submission: round.submission === 'resubmitted' ? '重新提交' : '申请',
    requestedByName: round.requestedBy.name,
    requestedAt: shanghaiDateTime(round.requestedAt),
    major: round.classification.major,
    reasons: round.classification.reasons.map((r) => r.text),
    proposal: proposalView(round.proposal, labels),
    changes: round.changes.map((ch) => ({ label: ch.label, before: ch.before, after: ch.after })),
    qualifications: (review?.qualifications ?? (roster ? officerQualifications(c.officers, roster, today) : [])).map((q) => q.text),
    timeLimit: reviewTimeLimit(round, today, s.reviewRules.calendar).text,
    outcome: review
      ? {
          outcomeLabel: REVIEW_OUTCOME_LABELS[review.outcome],
          reviewerName: review.reviewer.name,
          at: shanghaiDateTime(review.at),
          opinion: review.opinion,
          problems: checklistProblems(review.checklist).map((p) => ({ label: p.label, note: p.note })),
        }
      : null,
    ...(latest && latest.round !== round.round ? { supersededBy: latest.round } : {}),
  };
}

export function decisionView(ctx: RoundContext): DecisionCardView {
  const base = roundView(ctx);
  const { state, round } = ctx;
  const verdict = [...state.headDecisions].reverse().find((d) => d.round === round.round);
  const d = round.discussion;
  const major = round.classification.major;
  return {
    ...base,
    discussion: d ? { date: d.date, participants: d.participants, conclusion: d.conclusion, recordedByName: d.recordedBy.name } : null,
    needsDiscussion: major && !d,
    verdict: verdict
      ? { label: HEAD_VERDICT_LABELS[verdict.verdict], byName: verdict.by.name, at: shanghaiDateTime(verdict.at), date: verdict.date, reason: verdict.reason }
      : null,
  };
}

/** The review lines of the case card: the latest round's state and its time limit. */
export function caseReviewLines(state: ReviewState, now: Date, s: Services): string[] {
  const r = latestRound(state);
  if (!r) return [];
  const lines = [`第 ${r.round} 轮${r.classification.major ? '（重大）' : ''}：${r.review ? REVIEW_OUTCOME_LABELS[r.review.outcome] : '待审核'}`];
  lines.push(reviewTimeLimit(r, shanghaiDate(now.toISOString()), s.reviewRules.calendar).text);
  if (r.discussion) lines.push(`集体讨论：${r.discussion.date}`);
  const verdict = [...state.headDecisions].reverse().find((d) => d.round === r.round);
  if (verdict) lines.push(`负责人${HEAD_VERDICT_LABELS[verdict.verdict]}（${verdict.by.name}，${verdict.date}）`);
  return lines;
}
