/**
 * Counting periods the way Chinese law counts them, with a step-by-step trace.
 *
 * Conventions (民法典第二百零一条至第二百零三条; 民事诉讼法 期间 rules, which 行政处罚法 Art. 61,
 * 行政诉讼法 and 行政复议法 refer to):
 * - the trigger day is not counted; counting starts the next day;
 * - working-day periods count working days after the trigger day (行政处罚法 Art. 85: 工作日, 不含法定节假日);
 * - a calendar-day or month period whose last day is a rest day (weekend or holiday, unless it is a
 *   调休 working day) ends on the first working day after it;
 * - a month period ends on the same date of the later month, or that month's last day if it has none.
 */
import { type DayInfo, type HolidayCalendar, dayInfo } from './calendar.ts';
import {
  type LocalDate,
  addDays,
  dateWithWeekday,
  daysInMonth,
  fromParts,
  toParts,
  weekdayName,
  yearOf,
} from './local-date.ts';

export type StepKind =
  | 'counted' // a run of ordinary working days that were counted
  | 'makeup_workday' // a 调休 weekend working day that was counted (or that stops a roll)
  | 'skipped' // a run of rest days that were not counted / were rolled over
  | 'period_end' // where the period ends before any roll
  | 'month_end' // month period clamped to the last day of a shorter month
  | 'rolled' // last day was a rest day → next working day
  | 'moved_back' // a reminder on a rest day → previous working day
  | 'fixed_date' // a date fixed by the rule, not a period
  | 'rest_day_kept' // a fixed date that is a rest day is kept (with a suggestion)
  | 'note';

export interface Step {
  kind: StepKind;
  text: string;
  from?: LocalDate;
  to?: LocalDate;
}

export interface CountResult {
  dueDate: LocalDate;
  steps: Step[];
  /** Every day whose working/rest status influenced the result (for the provisional check). */
  dependsOn: LocalDate[];
  /** For fixed dates that fall on a rest day: the last working day before it. */
  suggestedDate?: LocalDate;
}

export const MAX_PERIOD = 3660;

function assertAmount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_PERIOD) {
    throw new RangeError(`${what}须为 0 至 ${MAX_PERIOD} 之间的整数：${n}`);
  }
}

/** "2025-10-01 至 2025-10-08 国庆节、中秋节放假" / "2026-10-03 至 2026-10-04 周末休息" */
export function describeRestRun(days: readonly DayInfo[]): string {
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) return '';
  const names: string[] = [];
  let plainWeekend = false;
  for (const d of days) {
    if (d.kind === 'holiday' && d.holidayName !== undefined) {
      if (!names.includes(d.holidayName)) names.push(d.holidayName);
    } else {
      plainWeekend = true;
    }
  }
  // A single day reads `2026-10-11（星期日）周末休息`, a run `2026-10-03 至 2026-10-07 国庆节放假`.
  const where = first.date === last.date ? dateWithWeekday(first.date) : `${first.date} 至 ${last.date} `;
  if (names.length === 0) return `${where}周末休息`;
  if (plainWeekend) return `${where}周末及${names.join('、')}放假`;
  return `${where}${names.join('、')}放假`;
}

function makeupText(d: DayInfo): string {
  return `${dateWithWeekday(d.date)}调休上班${d.holidayName !== undefined ? `（${d.holidayName}）` : ''}`;
}

/** Adds `n` working days after `start` (the start day itself is never counted). */
export function addWorkingDays(cal: HolidayCalendar, start: LocalDate, n: number): CountResult {
  assertAmount(n, '工作日数');
  const steps: Step[] = [];
  const dependsOn: LocalDate[] = [];
  let counted = 0;
  let day = start;
  let workRun: { from: LocalDate; to: LocalDate; first: number; last: number } | null = null;
  let restRun: DayInfo[] = [];

  const flushWork = () => {
    if (!workRun) return;
    const { from, to, first, last } = workRun;
    steps.push({
      kind: 'counted',
      from,
      to,
      text:
        first === last
          ? `${dateWithWeekday(from)}工作日，计第${first}个工作日`
          : `${from} 至 ${to} 工作日，计第${first}—${last}个工作日`,
    });
    workRun = null;
  };
  const flushRest = () => {
    const first = restRun[0];
    const last = restRun[restRun.length - 1];
    if (!first || !last) return;
    steps.push({ kind: 'skipped', from: first.date, to: last.date, text: `${describeRestRun(restRun)}，不计` });
    restRun = [];
  };

  while (counted < n) {
    day = addDays(day, 1);
    dependsOn.push(day);
    const info = dayInfo(cal, day);
    if (!info.working) {
      flushWork();
      restRun.push(info);
      continue;
    }
    flushRest();
    counted += 1;
    if (info.kind === 'makeup_workday') {
      flushWork();
      steps.push({ kind: 'makeup_workday', from: day, to: day, text: `${makeupText(info)}，计入，为第${counted}个工作日` });
    } else if (workRun) {
      workRun.to = day;
      workRun.last = counted;
    } else {
      workRun = { from: day, to: day, first: counted, last: counted };
    }
  }
  flushWork();
  flushRest();
  return { dueDate: day, steps, dependsOn };
}

/** If `date` is a rest day, moves forward to the first working day after it (民法典第二百零三条). */
function rollForward(cal: HolidayCalendar, date: LocalDate, steps: Step[], dependsOn: LocalDate[]): LocalDate {
  let info = dayInfo(cal, date);
  dependsOn.push(date);
  if (info.working) {
    if (info.kind === 'makeup_workday') {
      steps.push({ kind: 'makeup_workday', from: date, to: date, text: `${makeupText(info)}，是工作日，不顺延` });
    }
    return date;
  }
  const rest: DayInfo[] = [];
  let day = date;
  while (!info.working) {
    rest.push(info);
    day = addDays(day, 1);
    dependsOn.push(day);
    info = dayInfo(cal, day);
  }
  steps.push({ kind: 'skipped', from: date, to: addDays(day, -1), text: `${describeRestRun(rest)}，期间最后一日为休息日` });
  steps.push({
    kind: 'rolled',
    from: date,
    to: day,
    text: `顺延至休息日后的第一个工作日 ${dateWithWeekday(day)}${info.kind === 'makeup_workday' ? '（调休上班日）' : ''}`,
  });
  return day;
}

/** Adds `n` calendar days after `start`; a last day on a rest day rolls to the next working day. */
export function addCalendarDays(cal: HolidayCalendar, start: LocalDate, n: number): CountResult {
  assertAmount(n, '天数');
  const steps: Step[] = [];
  const dependsOn: LocalDate[] = [];
  const raw = addDays(start, n);
  steps.push({ kind: 'period_end', to: raw, text: `自 ${start} 次日起算第${n}日为 ${dateWithWeekday(raw)}` });
  const dueDate = rollForward(cal, raw, steps, dependsOn);
  return { dueDate, steps, dependsOn };
}

/** The same date `n` months later, or that month's last day (民法典第二百零二条), without any roll. */
export function addMonthsRaw(start: LocalDate, n: number): { date: LocalDate; clamped: boolean } {
  assertAmount(n, '月数');
  const { year, month, day } = toParts(start);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const dim = daysInMonth(y, m);
  return { date: fromParts(y, m, Math.min(day, dim)), clamped: day > dim };
}

/** Adds `n` months; a last day on a rest day rolls to the next working day. */
export function addMonths(cal: HolidayCalendar, start: LocalDate, n: number): CountResult {
  const steps: Step[] = [];
  const dependsOn: LocalDate[] = [];
  const { date: raw, clamped } = addMonthsRaw(start, n);
  const { year, month } = toParts(raw);
  if (clamped) {
    steps.push({
      kind: 'month_end',
      to: raw,
      text: `${year}年${month}月没有与 ${start} 对应的${toParts(start).day}日，以该月最后一日 ${dateWithWeekday(raw)}为期间最后一日`,
    });
  } else {
    steps.push({ kind: 'period_end', to: raw, text: `自 ${start} 起算${n}个月，到期月的对应日为 ${dateWithWeekday(raw)}` });
  }
  const dueDate = rollForward(cal, raw, steps, dependsOn);
  return { dueDate, steps, dependsOn };
}

/**
 * From a rest day, steps back to the last working day before it. Returns that day (and its info) and
 * the rest days passed, in date order; every day looked at is added to `dependsOn`.
 */
function walkBackToWorkingDay(
  cal: HolidayCalendar,
  date: LocalDate,
  dependsOn: LocalDate[],
): { day: LocalDate; info: DayInfo; rest: DayInfo[] } {
  let info = dayInfo(cal, date);
  const rest: DayInfo[] = [];
  let day = date;
  while (!info.working) {
    rest.unshift(info);
    day = addDays(day, -1);
    dependsOn.push(day);
    info = dayInfo(cal, day);
  }
  return { day, info, rest };
}

/**
 * `n` calendar days before `anchor` (a reminder, e.g. 30 days before a certificate expires). A
 * reminder must be actionable, so one that falls on a rest day moves to the PREVIOUS working day —
 * earlier, never later.
 */
export function daysBefore(cal: HolidayCalendar, anchor: LocalDate, n: number): CountResult {
  assertAmount(n, '天数');
  const steps: Step[] = [];
  const dependsOn: LocalDate[] = [];
  const raw = addDays(anchor, -n);
  steps.push({ kind: 'period_end', to: raw, text: `${anchor} 之前第${n}日为 ${dateWithWeekday(raw)}` });
  const info = dayInfo(cal, raw);
  dependsOn.push(raw);
  if (info.working) {
    if (info.kind === 'makeup_workday') {
      steps.push({ kind: 'makeup_workday', from: raw, to: raw, text: `${makeupText(info)}，是工作日，不调整` });
    }
    return { dueDate: raw, steps, dependsOn };
  }
  const { day, info: before, rest } = walkBackToWorkingDay(cal, raw, dependsOn);
  steps.push({ kind: 'skipped', from: addDays(day, 1), to: raw, text: `${describeRestRun(rest)}，提醒日为休息日` });
  steps.push({
    kind: 'moved_back',
    from: raw,
    to: day,
    text: `提醒不安排在休息日，提前至之前最后一个工作日 ${dateWithWeekday(day)}${before.kind === 'makeup_workday' ? '（调休上班日）' : ''}`,
  });
  return { dueDate: day, steps, dependsOn };
}

/**
 * A fixed date of the year after `anyDateInYear` (e.g. 31 January for the previous year's statistics).
 * This is a fixed date, not a period, so it is NOT rolled when it is a rest day; instead the last
 * working day before it is suggested.
 */
export function fixedNextYearDate(
  cal: HolidayCalendar,
  anyDateInYear: LocalDate,
  month: number,
  day: number,
): CountResult {
  const year = yearOf(anyDateInYear) + 1;
  const due = fromParts(year, month, day);
  const steps: Step[] = [
    { kind: 'fixed_date', to: due, text: `${year - 1}年度的规定日期为次年${month}月${day}日，即 ${dateWithWeekday(due)}` },
  ];
  const dependsOn: LocalDate[] = [due];
  if (dayInfo(cal, due).working) return { dueDate: due, steps, dependsOn };
  const { day: d, rest } = walkBackToWorkingDay(cal, due, dependsOn);
  steps.push({ kind: 'skipped', from: addDays(d, 1), to: due, text: `${describeRestRun(rest)}` });
  steps.push({
    kind: 'rest_day_kept',
    from: due,
    to: d,
    text: `${due}（${weekdayName(due)}）为休息日。该日期是规定的固定日期而非期间，不顺延；建议在此前最后一个工作日 ${dateWithWeekday(d)}前完成`,
  });
  return { dueDate: due, steps, dependsOn, suggestedDate: d };
}
