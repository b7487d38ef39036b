/**
 * `审核记录 <案件编号>`: the three responsibilities the plan names — 承办 (handling), 审核 (review, per
 * round) and 批准 (approval) — 实施方案 三、4 明确审核责任. Names are those recorded at each act.
 */
import type { Case } from '../case/types.ts';
import { checklistProblems } from './checklist.ts';
import { formatYuan } from './money.ts';
import { HEAD_VERDICT_LABELS, REVIEW_OUTCOME_LABELS } from './vocabulary.ts';
import { type ActorRef, type ReviewState, recordedDecision, shanghaiDateTime } from './workflow.ts';

export interface TrailRound {
  round: number;
  previousRound: number | null;
  /** `申请` or `重新提交` */
  submission: string;
  requestedBy: ActorRef;
  requestedAt: string;
  major: boolean;
  /** Labels of the fields changed against the previous round. */
  changed: string[];
  reviewer: ActorRef | null;
  /** `同意` / `不同意` / `退回补充` / `待审核` */
  outcome: string;
  opinion: string | null;
  problems: { label: string; note: string }[];
  reviewedAt: string | null;
  discussion: { date: string; participants: string[]; conclusion: string } | null;
}

export interface TrailDecision {
  /** `批准` / `不批准` */
  verdict: string;
  round: number | null;
  by: ActorRef;
  at: string;
  date: string;
  reason: string | null;
}

export interface ReviewTrail {
  caseNumber: string;
  /** 承办: the case's officers. */
  handling: ActorRef[];
  /** 审核: every round, oldest first. */
  rounds: TrailRound[];
  /** 批准 and 不批准, in order. */
  decisions: TrailDecision[];
  /** The head who approved the decision, if any. */
  approver: ActorRef | null;
  /** The answer to `审核记录`, one line each. */
  lines: string[];
}

export function reviewTrail(state: ReviewState, c: Pick<Case, 'caseNumber' | 'officers'>): ReviewTrail {
  const handling = c.officers.map((o) => ({ openId: o.openId, name: o.name }));
  const rounds: TrailRound[] = state.rounds.map((r) => ({
    round: r.round,
    previousRound: r.previousRound,
    submission: r.submission === 'resubmitted' ? '重新提交' : '申请',
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt,
    major: r.classification.major,
    changed: r.changes.map((ch) => ch.label),
    reviewer: r.review?.reviewer ?? null,
    outcome: r.review ? REVIEW_OUTCOME_LABELS[r.review.outcome] : '待审核',
    opinion: r.review?.opinion ?? null,
    problems: r.review ? checklistProblems(r.review.checklist).map(({ label, note }) => ({ label, note })) : [],
    reviewedAt: r.review?.at ?? null,
    discussion: r.discussion
      ? { date: r.discussion.date, participants: r.discussion.participants, conclusion: r.discussion.conclusion }
      : null,
  }));
  const decisions: TrailDecision[] = state.headDecisions.map((d) => ({
    verdict: HEAD_VERDICT_LABELS[d.verdict],
    round: d.round,
    by: d.by,
    at: d.at,
    date: d.date,
    reason: d.reason,
  }));
  const approved = recordedDecision(state);

  const lines: string[] = [`审核记录 ${c.caseNumber}`, `承办：${handling.map((h) => h.name).join('、') || '无'}`];
  if (rounds.length === 0) {
    lines.push(approved ? '审核：未经法制审核（依目录清单无须审核）' : '审核：尚未提交法制审核');
  }
  for (const r of state.rounds) {
    const t = rounds[r.round - 1] as TrailRound;
    const head = `第 ${r.round} 轮${t.major ? '（重大）' : ''}：${t.requestedBy.name} ${shanghaiDateTime(t.requestedAt)} ${t.submission}`;
    const changed = t.changed.length > 0 ? `，修改：${t.changed.join('、')}` : '';
    lines.push(`${head}${changed}`);
    if (t.reviewer && t.reviewedAt) {
      const opinion = t.opinion ? `；意见：${t.opinion}` : '';
      const problems = t.problems.length > 0 ? `；问题：${t.problems.map((p) => `${p.label}（${p.note}）`).join('；')}` : '';
      lines.push(`  审核：${t.reviewer.name} ${shanghaiDateTime(t.reviewedAt)} ${t.outcome}${opinion}${problems}`);
    } else {
      lines.push(`  审核：待审核（时限 ${r.dueDate}）`);
    }
    if (t.discussion) {
      lines.push(`  集体讨论：${t.discussion.date}，参加：${t.discussion.participants.join('、')}；结论：${t.discussion.conclusion}`);
    }
    for (const d of decisions.filter((x) => x.round === r.round)) lines.push(`  ${decisionLine(d)}`);
  }
  for (const d of decisions.filter((x) => x.round === null)) lines.push(decisionLine(d));
  if (approved) {
    const p = approved.proposal;
    lines.push(
      `批准：${approved.by.name}，决定日期 ${approved.date}（${p.decisionType}${p.amount === null ? '' : ` ${formatYuan(p.amount)}`}）`,
    );
  } else {
    lines.push('批准：尚未作出决定');
  }
  return { caseNumber: c.caseNumber, handling, rounds, decisions, approver: approved?.by ?? null, lines };
}

function decisionLine(d: TrailDecision): string {
  return `负责人：${d.by.name} ${shanghaiDateTime(d.at)} ${d.verdict}${d.reason ? `；理由：${d.reason}` : ''}`;
}
