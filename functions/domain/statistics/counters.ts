/**
 * The aggregates: per calendar month, a flat set of counters (`filed|行政处罚` → 12). A period's
 * figures are the sum of its months' counters (`figuresFromBuckets`), so reading a year is twelve
 * bucket reads whatever the number of cases.
 *
 * Upkeep without double counting: what one case adds to the counters is a pure function of its log
 * (`caseContributions`). A writer keeps, per case, the contribution it last applied (a snapshot) and
 * applies `diffContributions(snapshot, caseContributions(log))` together with the new snapshot in
 * one transaction conditioned on the snapshot it read. A repeated or reordered run then adds nothing,
 * and a deadline that moves or lapses, or evidence moved to another activity, corrects itself. The
 * rebuild sums `caseContributions` over every case and must equal the stored buckets.
 *
 * Only "overdue" depends on the day: deadlines are counted per due day (`dl|<rule>|due|<dd>`), so
 * `figuresFromBuckets` decides on the day of reading which unmet ones are past due.
 */
import { CASE_TYPES, type CaseType, PROCEDURES, type Procedure } from '../case/types.ts';
import { type LocalDate, compareDates, fromParts, toParts } from '../deadlines/local-date.ts';
import { MEDIA_KINDS, type MediaKind } from '../dossier/vocabulary.ts';
import { DECISION_TYPES, type DecisionType, REVIEW_OUTCOMES, type ReviewOutcome } from '../review/vocabulary.ts';
import { type CaseHistory, type DrawHistory, INSPECTION_RESULTS, type InspectionResult } from './facts.ts';
import {
  BUREAU_DEADLINE_KINDS,
  type BureauDeadlineKind,
  DEADLINE_RULE_KIND,
  PUBLICATION_RULES,
  type PublicationRule,
  type StatisticsContext,
  type StatisticsFigures,
  type Tally,
  avFacts,
  deadlineFacts,
  emptyFigures,
  finishReviews,
} from './figures.ts';
import { type MonthKey, type StatisticsPeriod, isMonthKey, monthKey, periodMonths } from './period.ts';
import { workingDaysAfter, medianOfHistogram } from './working-days.ts';

/** Counter name → value, for one month. */
export type Counters = Record<string, number>;
/** Month → counters. */
export type Contributions = Map<MonthKey, Map<string, number>>;

export type DeadlineState = 'due' | 'met' | 'late';

/** Every counter name is made here (README: "The counters"). */
export const COUNTER = {
  filed: (t: CaseType) => `filed|${t}`,
  procedure: (p: Procedure) => `proc|${p}`,
  decision: (k: DecisionType) => `dec|${k}`,
  decisionMajor: 'dec.major',
  refused: 'dec.refused',
  fineDecidedCount: 'fine.decided.n',
  fineDecidedFen: 'fine.decided.fen',
  finePaidCount: 'fine.paid.n',
  finePaidFen: 'fine.paid.fen',
  reviewRound: 'rev.round',
  reviewResubmitted: 'rev.resubmitted',
  reviewResult: (o: ReviewOutcome) => `rev|${o}`,
  /** Histogram of working days from request to result (for the median). */
  reviewDays: (n: number) => `rev.days|${n}`,
  /** Deadlines by rule, state and due day of the month (01–31). */
  deadline: (ruleId: string, state: DeadlineState, dueDate: LocalDate) => `dl|${ruleId}|${state}|${dueDate.slice(8, 10)}`,
  evidence: (k: MediaKind) => `ev|${k}`,
  evidenceBytes: 'ev.bytes',
  av: (level: 'required' | 'recommended', part: 'n' | 'with') => `av|${level}|${part}`,
  draws: 'draw.n',
  drawTargets: 'draw.targets',
  inspection: (r: InspectionResult) => `insp|${r}`,
} as const;

function add(c: Contributions, date: LocalDate, name: string, n = 1): void {
  if (n === 0) return;
  const month = monthKey(date);
  let m = c.get(month);
  if (!m) c.set(month, (m = new Map()));
  const v = (m.get(name) ?? 0) + n;
  if (v === 0) m.delete(name);
  else m.set(name, v);
  if (m.size === 0) c.delete(month);
}

/** What one case adds to the monthly counters, from its history alone. */
export function caseContributions(h: CaseHistory, ctx: Pick<StatisticsContext, 'today' | 'calendar' | 'rules' | 'avDuties'>): Contributions {
  const c: Contributions = new Map();
  add(c, h.filingDate, COUNTER.filed(h.caseType));
  add(c, h.filingDate, COUNTER.procedure(h.procedure));
  for (const r of h.reviews) {
    add(c, r.requestedOn, COUNTER.reviewRound);
    if (r.resubmitted) add(c, r.requestedOn, COUNTER.reviewResubmitted);
    if (r.result !== undefined) {
      add(c, r.result.on, COUNTER.reviewResult(r.result.outcome));
      add(c, r.result.on, COUNTER.reviewDays(workingDaysAfter(ctx.calendar, r.requestedOn, r.result.on)));
    }
  }
  for (const d of h.decisions) {
    add(c, d.date, COUNTER.decision(d.decisionType));
    if (d.major) add(c, d.date, COUNTER.decisionMajor);
    if (d.decisionType === '罚款' && d.amountFen !== null) {
      add(c, d.date, COUNTER.fineDecidedCount);
      add(c, d.date, COUNTER.fineDecidedFen, d.amountFen);
    }
  }
  for (const r of h.refusals) add(c, r, COUNTER.refused);
  for (const p of h.payments) {
    add(c, p.date, COUNTER.finePaidCount);
    add(c, p.date, COUNTER.finePaidFen, p.amountFen);
  }
  for (const d of deadlineFacts(h, ctx)) {
    add(c, d.dueDate, COUNTER.deadline(d.ruleId, 'due', d.dueDate));
    if (d.settled !== null) add(c, d.dueDate, COUNTER.deadline(d.ruleId, d.settled, d.dueDate));
  }
  for (const e of h.evidence) {
    add(c, e.date, COUNTER.evidence(e.mediaKind));
    add(c, e.date, COUNTER.evidenceBytes, e.size);
  }
  for (const a of avFacts(h, ctx.avDuties)) {
    add(c, a.date, COUNTER.av(a.level, 'n'));
    if (a.hasAudioVideo) add(c, a.date, COUNTER.av(a.level, 'with'));
  }
  return c;
}

/** What one draw adds (its reveal and its inspection results). */
export function drawContributions(h: DrawHistory): Contributions {
  const c: Contributions = new Map();
  for (const d of h.draws) {
    add(c, d.date, COUNTER.draws);
    add(c, d.date, COUNTER.drawTargets, d.targets);
  }
  for (const i of h.inspections) add(c, i.date, COUNTER.inspection(i.result));
  return c;
}

/** target += sign × source. */
export function addContributions(target: Contributions, source: Contributions, sign: 1 | -1 = 1): Contributions {
  for (const [month, counters] of source) {
    for (const [name, n] of counters) add(target, `${month}-01`, name, sign * n);
  }
  return target;
}

/** What to add to the buckets to go from `before` to `after` (non-zero deltas only). */
export function diffContributions(before: Contributions, after: Contributions): Contributions {
  return addContributions(addContributions(new Map(), after), before, -1);
}

/** A snapshot as one flat record (`2026-03|filed|行政处罚` → 1), e.g. an attribute map on the case. */
export function flattenContributions(c: Contributions): Record<string, number> {
  const out: Record<string, number> = {};
  for (const month of [...c.keys()].sort()) {
    const counters = c.get(month) as Map<string, number>;
    for (const name of [...counters.keys()].sort()) out[`${month}|${name}`] = counters.get(name) as number;
  }
  return out;
}

export function unflattenContributions(flat: Readonly<Record<string, number>>): Contributions {
  const c: Contributions = new Map();
  for (const [key, n] of Object.entries(flat)) {
    const month = key.slice(0, 7);
    if (key[7] !== '|' || !isMonthKey(month) || !Number.isSafeInteger(n)) throw new RangeError(`not a snapshot entry: ${key}`);
    add(c, `${month}-01`, key.slice(8), n);
  }
  return c;
}

// ---- reading the buckets --------------------------------------------------------------------------

/**
 * The figures of a period from its month buckets (missing months count as empty). `asOf` is today:
 * unmet deadlines due before it are overdue. Unknown counter names are ignored (a newer writer).
 */
export function figuresFromBuckets(
  buckets: ReadonlyMap<MonthKey, Readonly<Counters>>,
  period: StatisticsPeriod,
  asOf: LocalDate,
): StatisticsFigures {
  const f = emptyFigures(period, asOf);
  const histogram = new Map<number, number>();
  const dueByDay = new Map<string, { ruleId: string; due: LocalDate; n: Record<DeadlineState, number> }>();
  const isOne = <T extends string>(list: readonly T[], v: string | undefined): v is T => v !== undefined && (list as readonly string[]).includes(v);

  for (const month of periodMonths(period)) {
    const counters = buckets.get(month) ?? {};
    const { year, month: mo } = toParts(`${month}-01`);
    const filedRow = f.cases.byMonth.find((r) => r.month === month);
    const fineRow = f.fines.byMonth.find((r) => r.month === month);
    for (const [name, n] of Object.entries(counters)) {
      const [head, a, b, c] = name.split('|');
      switch (head) {
        case 'filed':
          if (isOne(CASE_TYPES, a)) {
            f.cases.filed += n;
            f.cases.byType[a] += n;
            if (filedRow) filedRow.count += n;
          }
          break;
        case 'proc':
          if (isOne(PROCEDURES, a)) f.cases.byProcedure[a] += n;
          break;
        case 'dec':
          if (isOne(DECISION_TYPES, a)) {
            f.decisions.total += n;
            f.decisions.byKind[a] += n;
          }
          break;
        case 'dec.major':
          f.decisions.major += n;
          break;
        case 'dec.refused':
          f.decisions.refused += n;
          break;
        case 'fine.decided.n':
          f.fines.decided.count += n;
          break;
        case 'fine.decided.fen':
          f.fines.decided.fen += n;
          if (fineRow) fineRow.decidedFen += n;
          break;
        case 'fine.paid.n':
          f.fines.collected.count += n;
          break;
        case 'fine.paid.fen':
          f.fines.collected.fen += n;
          if (fineRow) fineRow.collectedFen += n;
          break;
        case 'rev.round':
          f.reviews.rounds += n;
          break;
        case 'rev.resubmitted':
          f.reviews.resubmitted += n;
          break;
        case 'rev':
          if (isOne(REVIEW_OUTCOMES, a)) f.reviews.results[a] += n;
          break;
        case 'rev.days':
          histogram.set(Number(a), (histogram.get(Number(a)) ?? 0) + n);
          break;
        case 'dl': {
          if (a === undefined || DEADLINE_RULE_KIND[a] === undefined || (b !== 'due' && b !== 'met' && b !== 'late')) break;
          const day = Number(c);
          if (!Number.isInteger(day) || day < 1 || day > 31) break;
          const due = fromParts(year, mo, day);
          const key = `${a}|${due}`;
          const entry = dueByDay.get(key) ?? { ruleId: a, due, n: { due: 0, met: 0, late: 0 } };
          entry.n[b] += n;
          dueByDay.set(key, entry);
          break;
        }
        case 'ev':
          if (isOne(MEDIA_KINDS, a)) {
            f.evidence.items += n;
            f.evidence.byKind[a] += n;
          }
          break;
        case 'ev.bytes':
          f.evidence.bytes += n;
          break;
        case 'av':
          if ((a === 'required' || a === 'recommended') && (b === 'n' || b === 'with')) {
            if (b === 'n') f.evidence.av[a].whole += n;
            else f.evidence.av[a].part += n;
          }
          break;
        case 'draw.n':
          f.draws.draws += n;
          break;
        case 'draw.targets':
          f.draws.targets += n;
          break;
        case 'insp':
          if (isOne(INSPECTION_RESULTS, a)) f.draws.inspections[a] += n;
          break;
        default:
          break;
      }
    }
  }

  for (const { ruleId, due, n } of dueByDay.values()) {
    // The day of the month must lie in the period (a month bucket covers whole months, a period too).
    if (compareDates(due, period.from) < 0 || compareDates(due, period.through) > 0) continue;
    const kind = DEADLINE_RULE_KIND[ruleId] as BureauDeadlineKind;
    const unmet = n.due - n.met - n.late;
    const overdue = compareDates(due, asOf) < 0 ? unmet : 0;
    const t: Tally = { due: n.due, met: n.met, late: n.late, overdue, open: unmet - overdue };
    const targets: Tally[] = [f.deadlines.byKind[kind], f.deadlines.total];
    if (kind === 'publication' && (PUBLICATION_RULES as readonly string[]).includes(ruleId)) {
      targets.push(f.publication.byRule[ruleId as PublicationRule], f.publication.total);
    }
    for (const x of targets) {
      x.due += t.due;
      x.met += t.met;
      x.late += t.late;
      x.overdue += t.overdue;
      x.open += t.open;
    }
  }
  finishReviews(f);
  f.reviews.medianWorkingDays = medianOfHistogram(histogram);
  return f;
}

/** The rebuild: every case's and draw's contribution, summed. */
export function sumContributions(parts: Iterable<Contributions>): Contributions {
  const total: Contributions = new Map();
  for (const p of parts) addContributions(total, p);
  return total;
}

/** Buckets as plain records (what a store returns), from contributions. */
export function bucketsOf(c: Contributions): Map<MonthKey, Counters> {
  return new Map([...c].map(([m, counters]) => [m, Object.fromEntries(counters)]));
}

/** Where stored buckets and a rebuild disagree: `2026-03 filed|行政处罚: stored 11, rebuilt 12`. */
export function compareBuckets(stored: ReadonlyMap<MonthKey, Readonly<Counters>>, rebuilt: Contributions): string[] {
  const out: string[] = [];
  const months = [...new Set([...stored.keys(), ...rebuilt.keys()])].sort();
  for (const month of months) {
    const s = stored.get(month) ?? {};
    const r = rebuilt.get(month) ?? new Map<string, number>();
    const names = [...new Set([...Object.keys(s), ...r.keys()])].sort();
    for (const name of names) {
      const a = s[name] ?? 0;
      const b = r.get(name) ?? 0;
      if (a !== b) out.push(`${month} ${name}: stored ${a}, rebuilt ${b}`);
    }
  }
  return out;
}

export { BUREAU_DEADLINE_KINDS };
