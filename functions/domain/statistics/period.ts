/**
 * The period a `统计` command asks about: this year so far, a year, a quarter or a month. Figures are
 * kept per calendar month (see counters.ts), so every period is a run of whole months and reading it
 * is at most twelve bucket reads, whatever the number of cases.
 */
import { MAX_QUERY_YEAR, MIN_QUERY_YEAR } from '../deadlines/answer.ts';
import { type LocalDate, compareDates, daysInMonth, fromParts, normalizeDigits, toParts } from '../deadlines/local-date.ts';

export const STATISTICS_COMMAND = '统计';

export type PeriodKind = 'year' | 'quarter' | 'month';

export interface StatisticsPeriod {
  kind: PeriodKind;
  /** `2026`, `2026-Q3`, `2026-11`: stable, for file names and keys. */
  id: string;
  year: number;
  quarter?: 1 | 2 | 3 | 4;
  month?: number;
  /** First and last day of the period. */
  from: LocalDate;
  to: LocalDate;
  /** The last day counted: `to`, or today while the period is still running. */
  through: LocalDate;
  /** True while the period has not ended (figures so far). */
  partial: boolean;
  /** `2026年`, `2026年第三季度`, `2026年11月`, with `（截至11月5日）` while partial. */
  label: string;
}

/** A month bucket: `2026-03`. */
export type MonthKey = string;

export const PERIOD_EXAMPLES = ['统计', '统计 2026', '统计 2026-Q3', '统计 2026-11'] as const;

const QUARTER_NAMES = ['一', '二', '三', '四'] as const;

export function monthKey(date: LocalDate): MonthKey {
  return date.slice(0, 7);
}

export function isMonthKey(value: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** The months of `from..through`, in order. */
export function monthsBetween(from: LocalDate, through: LocalDate): MonthKey[] {
  const out: MonthKey[] = [];
  let { year, month } = toParts(from);
  const end = monthKey(through);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > end) return out;
    out.push(key);
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
}

/** The month buckets a period's figures are read from (`from` through `through`). */
export function periodMonths(p: StatisticsPeriod): MonthKey[] {
  return monthsBetween(p.from, p.through);
}

export function inPeriod(p: StatisticsPeriod, date: LocalDate): boolean {
  return compareDates(date, p.from) >= 0 && compareDates(date, p.through) <= 0;
}

function shortDate(date: LocalDate): string {
  const { month, day } = toParts(date);
  return `${month}月${day}日`;
}

function build(kind: PeriodKind, year: number, firstMonth: number, lastMonth: number, today: LocalDate, extra: Partial<StatisticsPeriod>): StatisticsPeriod {
  const from = fromParts(year, firstMonth, 1);
  const to = fromParts(year, lastMonth, daysInMonth(year, lastMonth));
  const partial = compareDates(today, to) < 0;
  const through = partial ? today : to;
  const base =
    kind === 'year'
      ? `${year}年`
      : kind === 'quarter'
        ? `${year}年第${QUARTER_NAMES[(extra.quarter ?? 1) - 1]}季度`
        : `${year}年${firstMonth}月`;
  const id =
    kind === 'year' ? String(year) : kind === 'quarter' ? `${year}-Q${extra.quarter}` : `${year}-${String(firstMonth).padStart(2, '0')}`;
  return { kind, id, year, ...extra, from, to, through, partial, label: partial ? `${base}（截至${shortDate(today)}）` : base };
}

export function yearPeriod(year: number, today: LocalDate): StatisticsPeriod {
  return build('year', year, 1, 12, today, {});
}

export function quarterPeriod(year: number, quarter: 1 | 2 | 3 | 4, today: LocalDate): StatisticsPeriod {
  return build('quarter', year, quarter * 3 - 2, quarter * 3, today, { quarter });
}

export function monthPeriod(year: number, month: number, today: LocalDate): StatisticsPeriod {
  return build('month', year, month, month, today, { month });
}

export type PeriodParse = { ok: true; period: StatisticsPeriod } | { ok: false; reason: 'bad_period' | 'future'; text: string };

const USAGE = `可以这样问：${PERIOD_EXAMPLES.join('、')}（本年至今、全年、第三季度、11月）`;

const CHINESE_QUARTERS: Record<string, 1 | 2 | 3 | 4> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/**
 * Reads the text after `统计` (the command word itself may be included). Accepts `2026`, `2026年`,
 * `2026-Q3`, `2026Q3`, `2026年第三季度`, `2026年3季度`, `2026-11`, `2026/11`, `2026.11`, `2026年11月`,
 * full-width digits too. Empty = this year so far. A period that has not started yet is refused.
 */
export function parseStatisticsPeriod(argsText: string, today: LocalDate): PeriodParse {
  let t = normalizeDigits(argsText).replace(/\u3000/g, ' ').trim();
  if (t.startsWith(STATISTICS_COMMAND)) t = t.slice(STATISTICS_COMMAND.length).trim();
  t = t.replace(/\s+/g, '');
  const thisYear = toParts(today).year;
  if (t === '' || t === '本年' || t === '今年') return { ok: true, period: yearPeriod(thisYear, today) };

  let period: StatisticsPeriod | null = null;
  let m: RegExpExecArray | null;
  const yearOk = (y: number) => y >= MIN_QUERY_YEAR && y <= MAX_QUERY_YEAR;
  if ((m = /^(\d{4})年?度?$/.exec(t))) {
    const y = Number(m[1]);
    if (yearOk(y)) period = yearPeriod(y, today);
  } else if ((m = /^(\d{4})[-/.]?[Qq]([1-4])$/.exec(t) ?? /^(\d{4})年第?([1-4一二三四])季度?$/.exec(t))) {
    const y = Number(m[1]);
    const q = CHINESE_QUARTERS[m[2] as string];
    if (yearOk(y) && q !== undefined) period = quarterPeriod(y, q, today);
  } else if ((m = /^(\d{4})(?:[-/.]|年)(\d{1,2})月?$/.exec(t))) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (yearOk(y) && mo >= 1 && mo <= 12) period = monthPeriod(y, mo, today);
  }
  if (period === null) {
    return { ok: false, reason: 'bad_period', text: `没有看懂要统计的期间“${argsText.trim()}”。${USAGE}` };
  }
  if (compareDates(period.from, today) > 0) {
    return { ok: false, reason: 'future', text: `${period.label}还没有开始，没有可统计的数据。${USAGE}` };
  }
  return { ok: true, period };
}
