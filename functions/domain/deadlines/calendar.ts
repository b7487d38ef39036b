/**
 * China's official working-day calendar: holidays (放假) and make-up working days (调休上班) as
 * announced each year by the State Council General Office, built from plain data.
 *
 * A year whose notice is not loaded is counted with weekends only; every day in it is "unconfirmed",
 * and any deadline that depends on such a day is provisional.
 */
import * as z from 'zod/mini';
import {
  type IsoWeekday,
  type LocalDate,
  isLocalDate,
  isoWeekday,
  yearOf,
} from './local-date.ts';

/** Dates at or after this day of December also depend on next year's notice (元旦 调休 may reach back). */
export const YEAR_END_SENSITIVE_FROM = '12-25';

const dateKey = z.string().check(z.refine(isLocalDate, '日期须为有效的 YYYY-MM-DD'));
const dayNames = z.record(dateKey, z.string().check(z.minLength(1)));

export const calendarYearSchema = z.object({
  /** Title or document number of the State Council notice. */
  notice: z.optional(z.string()),
  url: z.optional(z.string()),
  /** Where this year's data came from, e.g. `chinese-days@1.5.7` or `manual`. */
  source: z.optional(z.string()),
  /** Rest days (放假), including weekends inside a holiday block: date → holiday name (春节, 国庆节 …). */
  holidays: dayNames,
  /** Weekend days that are working days (调休上班): date → the holiday they make up for. */
  workdays: dayNames,
});
export type CalendarYearData = z.infer<typeof calendarYearSchema>;

export const calendarDataSchema = z.object({
  $comment: z.optional(z.string()),
  generatedBy: z.optional(z.string()),
  years: z.record(z.string().check(z.regex(/^\d{4}$/, '年份须为四位数字')), calendarYearSchema),
});
export type CalendarData = z.infer<typeof calendarDataSchema>;

/** A bureau's local corrections: whole years (replacing the base year) and single-day adjustments. */
export const calendarOverrideSchema = z.object({
  $comment: z.optional(z.string()),
  years: z.optional(z.record(z.string().check(z.regex(/^\d{4}$/)), calendarYearSchema)),
  dates: z.optional(
    z.record(
      dateKey,
      z.object({
        type: z.enum(['holiday', 'workday', 'normal']),
        name: z.optional(z.string()),
      }),
    ),
  ),
});
export type CalendarOverride = z.infer<typeof calendarOverrideSchema>;

export interface CalendarYearInfo {
  year: number;
  notice?: string;
  url?: string;
  source?: string;
}

export interface HolidayCalendar {
  /** Years whose official schedule is loaded. */
  readonly loadedYears: ReadonlySet<number>;
  /** Rest days announced by the State Council (date → holiday name). */
  readonly holidays: ReadonlyMap<LocalDate, string>;
  /** 调休 make-up working days (date → the holiday they make up for). */
  readonly workdays: ReadonlyMap<LocalDate, string>;
  readonly years: ReadonlyMap<number, CalendarYearInfo>;
}

export class CalendarDataError extends Error {
  override name = 'CalendarDataError';
}

function zodProblems(error: z.core.$ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(根)'}：${i.message}`).join('；');
}

/** Validates raw calendar data (and optional overrides) and builds the lookup tables. Throws CalendarDataError. */
export function buildCalendar(data: unknown, override?: unknown): HolidayCalendar {
  const base = calendarDataSchema.safeParse(data);
  if (!base.success) throw new CalendarDataError(`节假日数据格式错误：${zodProblems(base.error)}`);
  let over: CalendarOverride = {};
  if (override !== undefined && override !== null) {
    const parsed = calendarOverrideSchema.safeParse(override);
    if (!parsed.success) throw new CalendarDataError(`节假日覆盖文件格式错误：${zodProblems(parsed.error)}`);
    over = parsed.data;
  }

  const yearBlocks: Record<string, CalendarYearData> = { ...base.data.years, ...(over.years ?? {}) };
  const holidays = new Map<LocalDate, string>();
  const workdays = new Map<LocalDate, string>();
  const years = new Map<number, CalendarYearInfo>();
  const problems: string[] = [];

  for (const [key, block] of Object.entries(yearBlocks).sort(([a], [b]) => a.localeCompare(b))) {
    const year = Number(key);
    const info: CalendarYearInfo = { year };
    if (block.notice !== undefined) info.notice = block.notice;
    if (block.url !== undefined) info.url = block.url;
    if (block.source !== undefined) info.source = block.source;
    years.set(year, info);
    for (const [date, name] of Object.entries(block.holidays)) {
      // A notice may reach into the neighbouring year (e.g. the 2019 notice made 2018-12-29 a working day).
      if (Math.abs(yearOf(date) - year) > 1) problems.push(`${key}年数据中的日期 ${date} 不在相邻年份内`);
      holidays.set(date, name);
    }
    for (const [date, name] of Object.entries(block.workdays)) {
      if (Math.abs(yearOf(date) - year) > 1) problems.push(`${key}年数据中的日期 ${date} 不在相邻年份内`);
      if (isoWeekday(date) < 6) problems.push(`调休上班日 ${date} 不是周六或周日`);
      if (holidays.has(date)) problems.push(`${date} 同时被列为放假日和调休上班日`);
      workdays.set(date, name);
    }
  }

  for (const [date, adj] of Object.entries(over.dates ?? {})) {
    holidays.delete(date);
    workdays.delete(date);
    if (adj.type === 'holiday') holidays.set(date, adj.name ?? '本地放假');
    if (adj.type === 'workday') workdays.set(date, adj.name ?? '本地调休');
  }

  if (problems.length > 0) throw new CalendarDataError(`节假日数据有误：${problems.join('；')}`);
  return { loadedYears: new Set(years.keys()), holidays, workdays, years };
}

/** A calendar with no announced year at all: weekends only, everything provisional. */
export function emptyCalendar(): HolidayCalendar {
  return buildCalendar({ years: {} });
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export interface DayInfo {
  date: LocalDate;
  weekday: IsoWeekday;
  kind: DayKind;
  working: boolean;
  /** Holiday name for `holiday`, the holiday made up for by a `makeup_workday`. */
  holidayName?: string;
  /** False when the official schedule that decides this day is not loaded. */
  confirmed: boolean;
  unconfirmedReason?: string;
}

/** Whether the official schedule that decides `date` is loaded; if not, why. */
export function coverage(cal: HolidayCalendar, date: LocalDate): { confirmed: boolean; reason?: string } {
  const year = yearOf(date);
  if (!cal.loadedYears.has(year)) {
    return {
      confirmed: false,
      reason: `${year}年国务院办公厅放假安排未载入，该年按周六、周日休息推算`,
    };
  }
  if (date.slice(5) >= YEAR_END_SENSITIVE_FROM && !cal.loadedYears.has(year + 1)) {
    return {
      confirmed: false,
      reason: `${year + 1}年放假安排未载入，${year}年12月下旬可能因元旦放假调休而变化`,
    };
  }
  return { confirmed: true };
}

export function dayInfo(cal: HolidayCalendar, date: LocalDate): DayInfo {
  const weekday = isoWeekday(date);
  const cov = coverage(cal, date);
  const base = { date, weekday, confirmed: cov.confirmed } as const;
  const extra = cov.reason !== undefined ? { unconfirmedReason: cov.reason } : {};
  const holidayName = cal.holidays.get(date);
  if (holidayName !== undefined) return { ...base, ...extra, kind: 'holiday', working: false, holidayName };
  const makeup = cal.workdays.get(date);
  if (makeup !== undefined) return { ...base, ...extra, kind: 'makeup_workday', working: true, holidayName: makeup };
  if (weekday >= 6) return { ...base, ...extra, kind: 'weekend', working: false };
  return { ...base, ...extra, kind: 'workday', working: true };
}

export function isWorkingDay(cal: HolidayCalendar, date: LocalDate): boolean {
  return dayInfo(cal, date).working;
}

/** Rest day = weekend or announced holiday, unless it is a 调休 working day. */
export function isRestDay(cal: HolidayCalendar, date: LocalDate): boolean {
  return !isWorkingDay(cal, date);
}

