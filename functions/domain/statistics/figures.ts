/**
 * The figures of the `统计` card, the exports and the annual report, as one typed model, and
 * `computeFigures`: the count made directly from the record logs. It is the reference the counters
 * must agree with (the rebuild command and the tests compare the two) and it never reads a counter.
 *
 * Which date places a fact in a period: filing date; decision date; the day a review round was
 * requested (rounds) or got its result (results, working days); payment date; a deadline's due date;
 * the day evidence was stored; for an audio/video duty, the first evidence of that activity; the draw's
 * reveal; the inspection date.
 */
import { CASE_TYPES, type CaseType, PROCEDURES, type Procedure } from '../case/types.ts';
import type { HolidayCalendar } from '../deadlines/calendar.ts';
import { type LocalDate, compareDates } from '../deadlines/local-date.ts';
import type { Rule } from '../deadlines/rules.ts';
import { type AvDuty, avDutyReport } from '../dossier/av-duties.ts';
import { MEDIA_KINDS, type MediaKind } from '../dossier/vocabulary.ts';
import { type CaseFacts, caseDeadlines } from '../reminders/deadlines.ts';
import { DECISION_TYPES, type DecisionType, REVIEW_OUTCOMES, type ReviewOutcome } from '../review/vocabulary.ts';
import {
  type CaseHistory,
  type CaseLog,
  type DrawLog,
  INSPECTION_RESULTS,
  type InspectionResult,
  earliestDate,
  readCaseLog,
  readDrawLog,
} from './facts.ts';
import { type MonthKey, type StatisticsPeriod, inPeriod, monthKey, periodMonths } from './period.ts';
import { workingDaysAfter, median } from './working-days.ts';

export interface StatisticsContext {
  /** Today in Asia/Shanghai: deadlines past due and unmet by today are overdue. */
  today: LocalDate;
  calendar: HolidayCalendar;
  rules: readonly Rule[];
  /** data/av-duties.json, built by dossier/'s buildAvDuties. */
  avDuties: readonly AvDuty[];
}

/** The bureau's own deadlines (the party's periods are not the bureau's performance). */
export const BUREAU_DEADLINE_KINDS = ['case_time_limit', 'legal_review', 'service', 'publication', 'withdrawal'] as const;
export type BureauDeadlineKind = (typeof BUREAU_DEADLINE_KINDS)[number];

export const BUREAU_DEADLINE_LABELS: Record<BureauDeadlineKind, string> = {
  case_time_limit: '办案期限',
  legal_review: '法制审核',
  service: '送达',
  publication: '决定公开',
  withdrawal: '撤回公开',
};

/** The rules of data/rules.json a bureau deadline is counted by (publication: 7 or 20 working days). */
export const DEADLINE_RULE_KIND: Record<string, BureauDeadlineKind> = {
  case_time_limit: 'case_time_limit',
  legal_review: 'legal_review',
  service: 'service',
  penalty_publication: 'publication',
  permit_publication: 'publication',
  other_decision_publication: 'publication',
  publication_withdrawal: 'withdrawal',
};
export const PUBLICATION_RULES = ['penalty_publication', 'permit_publication', 'other_decision_publication'] as const;
export type PublicationRule = (typeof PUBLICATION_RULES)[number];
export const PUBLICATION_RULE_LABELS: Record<PublicationRule, string> = {
  penalty_publication: '行政处罚（7个工作日）',
  permit_publication: '行政许可（7个工作日）',
  other_decision_publication: '其他决定（20个工作日）',
};

/** Deadlines falling due in the period: met on time, met late, unmet past due, unmet not yet due. */
export interface Tally {
  due: number;
  met: number;
  late: number;
  overdue: number;
  open: number;
}

export interface Ratio {
  part: number;
  whole: number;
}

export interface MoneyTally {
  count: number;
  /** Integer fen. */
  fen: number;
}

export interface StatisticsFigures {
  period: StatisticsPeriod;
  /** The day deadlines were judged on (today). */
  asOf: LocalDate;
  cases: {
    filed: number;
    byType: Record<CaseType, number>;
    byProcedure: Record<Procedure, number>;
    byMonth: { month: MonthKey; count: number }[];
  };
  decisions: {
    total: number;
    byKind: Record<DecisionType, number>;
    /** 重大执法决定. */
    major: number;
    /** The head's 不批准 (not decisions; listed beside them). */
    refused: number;
  };
  fines: {
    /** 罚款 decisions with their amounts. */
    decided: MoneyTally;
    /** Payments recorded. */
    collected: MoneyTally;
    byMonth: { month: MonthKey; decidedFen: number; collectedFen: number }[];
  };
  reviews: {
    /** Rounds requested (first submissions and resubmissions). */
    rounds: number;
    resubmitted: number;
    results: Record<ReviewOutcome, number>;
    /** 退回补充 among the results. */
    returnedShare: Ratio;
    /** Median working days from a round's request to its result (results in the period); null without results. */
    medianWorkingDays: number | null;
  };
  deadlines: { byKind: Record<BureauDeadlineKind, Tally>; total: Tally };
  /** Decisions published within their 7 or 20 working days (the publication deadlines, by rule). */
  publication: { byRule: Record<PublicationRule, Tally>; total: Tally };
  draws: { draws: number; targets: number; inspections: Record<InspectionResult, number> };
  evidence: {
    items: number;
    bytes: number;
    byKind: Record<MediaKind, number>;
    /** Activities that required (recommended) audio/video, and those that have it. */
    av: { required: Ratio; recommended: Ratio };
  };
}

export const zeroTally = (): Tally => ({ due: 0, met: 0, late: 0, overdue: 0, open: 0 });
export const zeroRecord = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function emptyFigures(period: StatisticsPeriod, asOf: LocalDate): StatisticsFigures {
  return {
    period,
    asOf,
    cases: { filed: 0, byType: zeroRecord(CASE_TYPES), byProcedure: zeroRecord(PROCEDURES), byMonth: periodMonths(period).map((month) => ({ month, count: 0 })) },
    decisions: { total: 0, byKind: zeroRecord(DECISION_TYPES), major: 0, refused: 0 },
    fines: {
      decided: { count: 0, fen: 0 },
      collected: { count: 0, fen: 0 },
      byMonth: periodMonths(period).map((month) => ({ month, decidedFen: 0, collectedFen: 0 })),
    },
    reviews: { rounds: 0, resubmitted: 0, results: zeroRecord(REVIEW_OUTCOMES), returnedShare: { part: 0, whole: 0 }, medianWorkingDays: null },
    deadlines: { byKind: Object.fromEntries(BUREAU_DEADLINE_KINDS.map((k) => [k, zeroTally()])) as Record<BureauDeadlineKind, Tally>, total: zeroTally() },
    publication: { byRule: Object.fromEntries(PUBLICATION_RULES.map((k) => [k, zeroTally()])) as Record<PublicationRule, Tally>, total: zeroTally() },
    draws: { draws: 0, targets: 0, inspections: zeroRecord(INSPECTION_RESULTS) },
    evidence: { items: 0, bytes: 0, byKind: zeroRecord(MEDIA_KINDS), av: { required: { part: 0, whole: 0 }, recommended: { part: 0, whole: 0 } } },
  };
}

// ---- facts derived from a history (shared with counters.ts) ---------------------------------------

/** A bureau deadline of a case: its rule, due date and, once met, whether it was late. */
export interface DeadlineFact {
  ruleId: string;
  kind: BureauDeadlineKind;
  dueDate: LocalDate;
  settled: 'met' | 'late' | null;
}

export function caseFactsOf(h: CaseHistory): CaseFacts {
  return {
    caseId: h.caseId,
    caseNumber: h.caseNumber,
    caseType: h.caseType,
    filingDate: h.filingDate,
    officerOpenIds: [],
    reviews: h.reviews.map((r) => ({ round: r.round, requestedOn: r.requestedOn, ...(r.result ? { completedOn: r.result.on } : {}) })),
    decisions: h.decisions.map((d) => ({
      decisionId: d.decisionId,
      type: h.caseType,
      date: d.date,
      hasFine: d.decisionType === '罚款',
      partyPresent: d.partyPresent,
      confidential: d.confidential,
      ...(d.servedOn !== undefined ? { servedOn: d.servedOn } : {}),
      ...(d.publishedOn !== undefined ? { publishedOn: d.publishedOn } : {}),
      ...(d.withdrawal !== undefined ? { withdrawal: { ...d.withdrawal } } : {}),
    })),
    ...(h.closedOn !== undefined ? { closedOn: h.closedOn } : {}),
  };
}

/** The case's bureau deadlines, from the reminders module (lapsed and pending ones are not deadlines). */
export function deadlineFacts(h: CaseHistory, ctx: Pick<StatisticsContext, 'today' | 'calendar' | 'rules'>): DeadlineFact[] {
  const list = caseDeadlines(caseFactsOf(h), ctx);
  const out: DeadlineFact[] = [];
  for (const d of list.deadlines) {
    const kind = d.ruleId === null ? undefined : DEADLINE_RULE_KIND[d.ruleId];
    if (kind === undefined || d.ruleId === null) continue;
    out.push({ ruleId: d.ruleId, kind, dueDate: d.dueDate, settled: d.metOn === undefined ? null : d.late === true ? 'late' : 'met' });
  }
  return out;
}

/** An activity with an audio/video duty, dated by its first evidence. */
export interface AvFact {
  level: 'required' | 'recommended';
  date: LocalDate;
  hasAudioVideo: boolean;
}

/**
 * Audio/video duties of the case's activities (dossier/'s report). A duty that depends on the
 * service method while none is recorded (送达) is left out until it is known.
 */
export function avFacts(h: CaseHistory, duties: readonly AvDuty[]): AvFact[] {
  if (h.evidence.length === 0) return [];
  const methods = h.decisions.flatMap((d) => (d.serviceMethod !== undefined ? [d.serviceMethod] : []));
  const report = avDutyReport(
    { evidence: h.evidence, ...(methods.length > 0 ? { serviceMethods: methods } : {}) },
    duties,
  );
  const out: AvFact[] = [];
  for (const a of report.activities) {
    if (a.level === 'none' || a.conditional) continue;
    const date = earliestDate(h.evidence.filter((e) => e.activity === a.activity).map((e) => e.date));
    if (date !== undefined) out.push({ level: a.level, date, hasAudioVideo: a.hasAudioVideo });
  }
  return out;
}

export function addToTally(t: Tally, settled: DeadlineFact['settled'], dueDate: LocalDate, asOf: LocalDate): void {
  t.due += 1;
  if (settled === 'met') t.met += 1;
  else if (settled === 'late') t.late += 1;
  else if (compareDates(dueDate, asOf) < 0) t.overdue += 1;
  else t.open += 1;
}

// ---- the direct count -----------------------------------------------------------------------------

export interface StatisticsInput {
  cases: readonly CaseLog[];
  draws: readonly DrawLog[];
}

/** Counts every figure of the period straight from the logs. */
export function computeFigures(input: StatisticsInput, period: StatisticsPeriod, ctx: StatisticsContext): { figures: StatisticsFigures; problems: string[] } {
  const f = emptyFigures(period, ctx.today);
  const problems: string[] = [];
  const at = (d: LocalDate) => inPeriod(period, d);
  const filedByMonth = new Map<MonthKey, number>();
  const finesByMonth = new Map<MonthKey, { decidedFen: number; collectedFen: number }>();
  const reviewDays: number[] = [];

  for (const log of input.cases) {
    const read = readCaseLog(log);
    problems.push(...read.problems);
    const h = read.value;
    if (at(h.filingDate)) {
      f.cases.filed += 1;
      f.cases.byType[h.caseType] += 1;
      f.cases.byProcedure[h.procedure] += 1;
      filedByMonth.set(monthKey(h.filingDate), (filedByMonth.get(monthKey(h.filingDate)) ?? 0) + 1);
    }
    for (const r of h.reviews) {
      if (at(r.requestedOn)) {
        f.reviews.rounds += 1;
        if (r.resubmitted) f.reviews.resubmitted += 1;
      }
      if (r.result !== undefined && at(r.result.on)) {
        f.reviews.results[r.result.outcome] += 1;
        reviewDays.push(workingDaysAfter(ctx.calendar, r.requestedOn, r.result.on));
      }
    }
    for (const d of h.decisions) {
      if (!at(d.date)) continue;
      f.decisions.total += 1;
      f.decisions.byKind[d.decisionType] += 1;
      if (d.major) f.decisions.major += 1;
      if (d.decisionType === '罚款' && d.amountFen !== null) {
        f.fines.decided.count += 1;
        f.fines.decided.fen += d.amountFen;
        const m = finesByMonth.get(monthKey(d.date)) ?? { decidedFen: 0, collectedFen: 0 };
        m.decidedFen += d.amountFen;
        finesByMonth.set(monthKey(d.date), m);
      }
    }
    f.decisions.refused += h.refusals.filter(at).length;
    for (const p of h.payments) {
      if (!at(p.date)) continue;
      f.fines.collected.count += 1;
      f.fines.collected.fen += p.amountFen;
      const m = finesByMonth.get(monthKey(p.date)) ?? { decidedFen: 0, collectedFen: 0 };
      m.collectedFen += p.amountFen;
      finesByMonth.set(monthKey(p.date), m);
    }
    for (const d of deadlineFacts(h, ctx)) {
      if (!at(d.dueDate)) continue;
      addToTally(f.deadlines.byKind[d.kind], d.settled, d.dueDate, ctx.today);
      addToTally(f.deadlines.total, d.settled, d.dueDate, ctx.today);
      if (d.kind === 'publication') {
        addToTally(f.publication.byRule[d.ruleId as PublicationRule], d.settled, d.dueDate, ctx.today);
        addToTally(f.publication.total, d.settled, d.dueDate, ctx.today);
      }
    }
    for (const e of h.evidence) {
      if (!at(e.date)) continue;
      f.evidence.items += 1;
      f.evidence.bytes += e.size;
      f.evidence.byKind[e.mediaKind] += 1;
    }
    for (const a of avFacts(h, ctx.avDuties)) {
      if (!at(a.date)) continue;
      const r = f.evidence.av[a.level];
      r.whole += 1;
      if (a.hasAudioVideo) r.part += 1;
    }
  }

  for (const log of input.draws) {
    const read = readDrawLog(log);
    problems.push(...read.problems);
    for (const d of read.value.draws) {
      if (!at(d.date)) continue;
      f.draws.draws += 1;
      f.draws.targets += d.targets;
    }
    for (const i of read.value.inspections) if (at(i.date)) f.draws.inspections[i.result] += 1;
  }

  f.cases.byMonth = f.cases.byMonth.map(({ month }) => ({ month, count: filedByMonth.get(month) ?? 0 }));
  f.fines.byMonth = f.fines.byMonth.map(({ month }) => ({ month, ...(finesByMonth.get(month) ?? { decidedFen: 0, collectedFen: 0 }) }));
  finishReviews(f);
  f.reviews.medianWorkingDays = median(reviewDays);
  return { figures: f, problems };
}

export function finishReviews(f: StatisticsFigures): void {
  const r = f.reviews.results;
  f.reviews.returnedShare = { part: r.returned, whole: r.approved + r.rejected + r.returned };
}

/** Percentage with one decimal (`42.9%`), `—` when there is nothing to divide by. */
export function percentText(r: Ratio): string {
  if (r.whole === 0) return '—';
  return `${(Math.round((r.part / r.whole) * 1000) / 10).toFixed(1)}%`;
}
