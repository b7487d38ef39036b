/**
 * Where a deadline's reminder points fall: dates from the deadline engine, at `sendTime` (09:00) on a
 * working day of the official calendar.
 *
 * - `before.days n`: n calendar days before the due date; on a rest day, the previous working day
 *   (the engine's `daysBefore`, the same walk the certificate reminder uses): a reminder must never be
 *   later than promised.
 * - `before.workingDays n`: the n-th working day before the due date; 0 is the due date itself, or
 *   the last working day before it when the due date is a rest day (plan tasks and certificates have
 *   fixed dates that may be).
 * - `after.workingDays n`: the n-th working day after the due date (the engine's `addWorkingDays`):
 *   an overdue escalation on a rest day moves to the NEXT working day — before it, nothing is overdue.
 * - `rule`: a `days_before` rule of data/rules.json, counted by `computeDeadline`.
 *
 * Two points on the same day would be two messages one morning: only the later one in the profile is
 * kept (profiles list their points from the furthest to the nearest).
 */
import { type HolidayCalendar, isWorkingDay } from '../deadlines/calendar.ts';
import { computeDeadline } from '../deadlines/compute.ts';
import { addWorkingDays, daysBefore } from '../deadlines/count.ts';
import { type LocalDate, addDays } from '../deadlines/local-date.ts';
import { type Rule, requireRule } from '../deadlines/rules.ts';
import { type ReminderConfig, type ReminderPointConfig, pointsFor } from './config.ts';
import type { DeadlineKind } from './deadlines.ts';
import { type LocalDateTime, localDateTime, localDateTimeMs } from './time.ts';

export interface ReminderPoint {
  pointId: string;
  label: string;
  escalation: boolean;
  /** A working day. */
  date: LocalDate;
  /** `date` at the configured send time, Shanghai wall clock. */
  at: LocalDateTime;
  atMs: number;
  /** Before (or on) the due date, or after it. */
  side: 'before' | 'after';
}

/** The n-th working day before `due`; n = 0 is `due` itself if it is a working day. */
export function workingDaysBefore(calendar: HolidayCalendar, due: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数须为非负整数：${n}`);
  let day = due;
  if (n === 0) {
    while (!isWorkingDay(calendar, day)) day = addDays(day, -1);
    return day;
  }
  for (let counted = 0; counted < n; ) {
    day = addDays(day, -1);
    if (isWorkingDay(calendar, day)) counted += 1;
  }
  return day;
}

function pointDate(p: ReminderPointConfig, due: LocalDate, calendar: HolidayCalendar, rules: readonly Rule[]): LocalDate {
  if ('rule' in p) return computeDeadline(requireRule(rules, p.rule), due, calendar).dueDate;
  if ('after' in p) return addWorkingDays(calendar, due, p.after.workingDays).dueDate;
  if ('days' in p.before) return daysBefore(calendar, due, p.before.days).dueDate;
  return workingDaysBefore(calendar, due, p.before.workingDays);
}

/** Every reminder point of a deadline, one per day at most, in time order. */
export function reminderPoints(
  deadline: { kind: DeadlineKind; dueDate: LocalDate },
  config: ReminderConfig,
  calendar: HolidayCalendar,
  rules: readonly Rule[],
): ReminderPoint[] {
  const byDate = new Map<LocalDate, ReminderPoint>();
  for (const p of pointsFor(config, deadline.kind)) {
    const date = pointDate(p, deadline.dueDate, calendar, rules);
    const at = localDateTime(date, config.sendMinute);
    // Later points in the profile replace earlier ones on the same day (nearer the due date wins).
    byDate.set(date, {
      pointId: p.id,
      label: p.label,
      escalation: p.escalation === true,
      date,
      at,
      atMs: localDateTimeMs(at),
      side: 'after' in p ? 'after' : 'before',
    });
  }
  return [...byDate.values()].sort((a, b) => a.atMs - b.atMs);
}
