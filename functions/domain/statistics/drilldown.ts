/**
 * "Open a figure": the cases behind it. Each case belongs to some figures in some months
 * (`caseMemberships`, from its history alone, like its counters); the writer keeps them as listing
 * items beside the counters and moves them with the same snapshot diff (`diffMemberships`), so a
 * figure's list is a paged Query of its months, never a scan.
 *
 * Who may ask: `统计` is for heads, 行政审批科 and the office; the case lists for heads and 行政审批科,
 * who may see every case (case/access.ts) — the office sees the figures, not the cases behind them.
 */
import { CASE_TYPES, type CaseType } from '../case/types.ts';
import { type LocalDate, compareDates } from '../deadlines/local-date.ts';
import type { Person, Role } from '../roster/types.ts';
import { DECISION_TYPES, type DecisionType, REVIEW_OUTCOMES, REVIEW_OUTCOME_LABELS, type ReviewOutcome } from '../review/vocabulary.ts';
import type { CaseHistory } from './facts.ts';
import { BUREAU_DEADLINE_KINDS, BUREAU_DEADLINE_LABELS, type BureauDeadlineKind, type StatisticsContext, avFacts, deadlineFacts } from './figures.ts';
import { type MonthKey, type StatisticsPeriod, inPeriod, monthKey } from './period.ts';

export const STATISTICS_ROLES: readonly Role[] = ['head', 'admin', 'office'];
/** Roles of both lists: `统计` users who may also see every case (case/access.ts). */
const CASE_LIST_ROLES: readonly Role[] = ['head', 'admin'];

export function canViewStatistics(person: Person): boolean {
  return person.roles.some((r) => STATISTICS_ROLES.includes(r));
}

/** Whether the person may open a figure's case list (each case is still checked with canViewCase). */
export function canOpenFigureCases(person: Person): boolean {
  return person.roles.some((r) => CASE_LIST_ROLES.includes(r));
}

export type DeadlineListState = 'met' | 'late' | 'unmet';

/** Every figure a case list can be opened for; names follow the counters. */
export const FIGURE = {
  filed: 'filed',
  filedType: (t: CaseType) => `filed|${t}`,
  decided: 'dec',
  decidedKind: (k: DecisionType) => `dec|${k}`,
  refused: 'dec.refused',
  fineDecided: 'fine.decided',
  finePaid: 'fine.paid',
  reviewRound: 'rev.round',
  reviewResult: (o: ReviewOutcome) => `rev|${o}`,
  /** Dated by the due date: `unmet` before today are the overdue ones. */
  deadline: (k: BureauDeadlineKind, s: DeadlineListState) => `dl|${k}|${s}`,
  evidence: 'ev',
  avMissing: (level: 'required' | 'recommended') => `av|${level}|missing`,
} as const;

export function figureLabel(figure: string): string | null {
  const [head, a, b] = figure.split('|');
  const one = <T extends string>(list: readonly T[], v: string | undefined): v is T => v !== undefined && (list as readonly string[]).includes(v);
  switch (head) {
    case 'filed':
      return a === undefined ? '立案' : one(CASE_TYPES, a) ? `立案：${a}` : null;
    case 'dec':
      return a === undefined ? '作出决定' : one(DECISION_TYPES, a) ? `决定：${a}` : null;
    case 'dec.refused':
      return '负责人不批准';
    case 'fine.decided':
      return '决定罚款';
    case 'fine.paid':
      return '罚款缴纳';
    case 'rev.round':
      return '提交法制审核';
    case 'rev':
      return one(REVIEW_OUTCOMES, a) ? `法制审核：${REVIEW_OUTCOME_LABELS[a]}` : null;
    case 'dl': {
      if (!one(BUREAU_DEADLINE_KINDS, a)) return null;
      const s = b === 'met' ? '按期完成' : b === 'late' ? '逾期完成' : b === 'unmet' ? '未完成' : null;
      return s === null ? null : `${BUREAU_DEADLINE_LABELS[a]}：${s}`;
    }
    case 'ev':
      return '证据入库';
    case 'av':
      return a === 'required' ? '必须音像记录而缺少音像' : a === 'recommended' ? '应当音像记录而缺少音像' : null;
    default:
      return null;
  }
}

export interface Membership {
  month: MonthKey;
  figure: string;
  caseId: string;
  /** The fact's date (the earliest in that month); the listing's sort key. */
  date: LocalDate;
}

/** `<month>|<figure>` → the case's membership (one per figure and month, the earliest date). */
export type Memberships = Map<string, Membership>;

export function caseMemberships(h: CaseHistory, ctx: Pick<StatisticsContext, 'today' | 'calendar' | 'rules' | 'avDuties'>): Memberships {
  const out: Memberships = new Map();
  const put = (figure: string, date: LocalDate) => {
    const month = monthKey(date);
    const key = `${month}|${figure}`;
    const had = out.get(key);
    if (had === undefined || compareDates(date, had.date) < 0) out.set(key, { month, figure, caseId: h.caseId, date });
  };
  put(FIGURE.filed, h.filingDate);
  put(FIGURE.filedType(h.caseType), h.filingDate);
  for (const d of h.decisions) {
    put(FIGURE.decided, d.date);
    put(FIGURE.decidedKind(d.decisionType), d.date);
    if (d.decisionType === '罚款' && d.amountFen !== null) put(FIGURE.fineDecided, d.date);
  }
  for (const r of h.refusals) put(FIGURE.refused, r);
  for (const p of h.payments) put(FIGURE.finePaid, p.date);
  for (const r of h.reviews) {
    put(FIGURE.reviewRound, r.requestedOn);
    if (r.result !== undefined) put(FIGURE.reviewResult(r.result.outcome), r.result.on);
  }
  for (const d of deadlineFacts(h, ctx)) put(FIGURE.deadline(d.kind, d.settled ?? 'unmet'), d.dueDate);
  for (const e of h.evidence) put(FIGURE.evidence, e.date);
  for (const a of avFacts(h, ctx.avDuties)) if (!a.hasAudioVideo) put(FIGURE.avMissing(a.level), a.date);
  return out;
}

/** Listing items to write and to delete to go from `before` to `after`. */
export function diffMemberships(before: Memberships, after: Memberships): { put: Membership[]; remove: Membership[] } {
  const put: Membership[] = [];
  const remove: Membership[] = [];
  for (const [key, m] of after) {
    const was = before.get(key);
    if (was === undefined || was.date !== m.date) put.push(m);
    if (was !== undefined && was.date !== m.date) remove.push(was);
  }
  for (const [key, m] of before) if (!after.has(key)) remove.push(m);
  return { put, remove };
}

/**
 * The cases behind a figure in a period, from memberships (a store's Query result or computed): date
 * order, then case id; each case once. For `dl|…|unmet`, `overdueBefore` keeps only those due before it.
 */
export function casesBehind(memberships: Iterable<Membership>, figure: string, period: StatisticsPeriod, overdueBefore?: LocalDate): string[] {
  const first = new Map<string, LocalDate>();
  for (const m of memberships) {
    if (m.figure !== figure || !inPeriod(period, m.date)) continue;
    if (overdueBefore !== undefined && compareDates(m.date, overdueBefore) >= 0) continue;
    const had = first.get(m.caseId);
    if (had === undefined || compareDates(m.date, had) < 0) first.set(m.caseId, m.date);
  }
  return [...first].sort((a, b) => compareDates(a[1], b[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([id]) => id);
}
