/**
 * Which schedules a set of deadlines needs now, and how they differ from the schedules that exist.
 *
 * Rules:
 * - a met deadline has no reminders (its schedules are deleted);
 * - points still ahead are scheduled at their time (09:00 on a working day);
 * - points already past are dropped — except the latest one, if it has not been sent and is not older
 *   than `lookbackDays`: it is sent as a catch-up at the next moment a reminder may go out (now, if
 *   inside the working-day window), unless the next point comes first. So a deadline created three
 *   days before it is due gets one reminder now, not the "7 days before" one a week late, and an old
 *   deadline loaded for the first time does not flood anyone.
 */
import * as z from 'zod/mini';
import type { HolidayCalendar } from '../deadlines/calendar.ts';
import { type LocalDate, addDays, isLocalDate } from '../deadlines/local-date.ts';
import type { Rule } from '../deadlines/rules.ts';
import type { AudienceToken, ReminderConfig } from './config.ts';
import type { DeadlineKind, TrackedDeadline } from './deadlines.ts';
import { scheduleName, sendKey } from './ids.ts';
import { type ReminderPoint, reminderPoints } from './points.ts';
import { type LocalDateTime, atExpression, instantMs, localDateTimeMs, shanghaiClock } from './time.ts';
import { nextSendSlot } from './window.ts';

export const SCHEDULE_TIME_ZONE = 'Asia/Shanghai';

/** One reminder of one deadline at one point. */
export interface Reminder {
  deadlineId: string;
  kind: DeadlineKind;
  pointId: string;
  label: string;
  escalation: boolean;
  dueDate: LocalDate;
  /** The point's own time (09:00 of its day). */
  pointAt: LocalDateTime;
  sendKey: string;
  audience: AudienceToken[];
}

export interface PlannedReminder extends Reminder {
  /** When the schedule fires: the point's time, or for a catch-up the next allowed moment. */
  sendAt: LocalDateTime;
  catchUp: boolean;
  scheduleName: string;
  /** `at(2026-10-06T09:00:00)` */
  expression: string;
  timeZone: typeof SCHEDULE_TIME_ZONE;
}

export interface PlanContext {
  now: Date | string;
  /** Send-once keys already claimed for these deadlines. */
  sent: ReadonlySet<string>;
  calendar: HolidayCalendar;
  rules: readonly Rule[];
  config: ReminderConfig;
}

export function audienceOf(kind: DeadlineKind, escalation: boolean, config: ReminderConfig): AudienceToken[] {
  return [...(escalation ? config.escalationAudience : config.kinds[kind].audience)];
}

export function toReminder(deadline: Pick<TrackedDeadline, 'id' | 'kind' | 'dueDate'>, p: ReminderPoint, config: ReminderConfig): Reminder {
  return {
    deadlineId: deadline.id,
    kind: deadline.kind,
    pointId: p.pointId,
    label: p.label,
    escalation: p.escalation,
    dueDate: deadline.dueDate,
    pointAt: p.at,
    sendKey: sendKey(deadline.id, p.pointId, deadline.dueDate),
    audience: audienceOf(deadline.kind, p.escalation, config),
  };
}

function planned(r: Reminder, sendAt: LocalDateTime, catchUp: boolean): PlannedReminder {
  return {
    ...r,
    sendAt,
    catchUp,
    scheduleName: scheduleName(r.deadlineId, r.pointId),
    expression: atExpression(sendAt),
    timeZone: SCHEDULE_TIME_ZONE,
  };
}

/** The earliest point date a missed reminder may still be sent for (older ones are dropped). */
export function lookbackFloor(now: Date | string, config: ReminderConfig): LocalDate {
  return addDays(shanghaiClock(now).date, -config.lookbackDays);
}

/** The schedules one deadline needs at `now`. */
export function planReminders(deadline: TrackedDeadline, ctx: PlanContext): PlannedReminder[] {
  if (deadline.status === 'met') return [];
  const nowMs = instantMs(ctx.now);
  const points = reminderPoints(deadline, ctx.config, ctx.calendar, ctx.rules);
  const ahead = points.filter((p) => p.atMs > nowMs);
  const out = ahead.map((p) => planned(toReminder(deadline, p, ctx.config), p.at, false));
  const latestPast = points.filter((p) => p.atMs <= nowMs).at(-1);
  if (latestPast && latestPast.date >= lookbackFloor(ctx.now, ctx.config)) {
    const r = toReminder(deadline, latestPast, ctx.config);
    const slot = nextSendSlot(ctx.now, ctx.calendar, ctx.config);
    const next = ahead[0];
    if (!ctx.sent.has(r.sendKey) && (next === undefined || localDateTimeMs(slot) < next.atMs)) {
      out.unshift(planned(r, slot, true));
    }
  }
  return out;
}

/** The schedules a set of deadlines needs at `now`. */
export function planAll(deadlines: readonly TrackedDeadline[], ctx: PlanContext): PlannedReminder[] {
  return deadlines.flatMap((d) => planReminders(d, ctx));
}

// ---- what the schedule carries -------------------------------------------------------------------

export const reminderPayloadSchema = z.strictObject({
  v: z.literal(1),
  deadlineId: z.string().check(z.regex(/^[0-9A-Za-z._-]{1,200}$/)),
  pointId: z.string().check(z.regex(/^[a-z][a-z0-9]{0,7}$/)),
  dueDate: z.string().check(z.refine(isLocalDate)),
  sendKey: z.string().check(z.maxLength(300)),
});
export type ReminderPayload = z.infer<typeof reminderPayloadSchema>;

export interface ScheduleInput {
  name: string;
  expression: string;
  timeZone: typeof SCHEDULE_TIME_ZONE;
  payload: ReminderPayload;
}

/** What the scheduler adapter needs besides its group, target, role, retry policy and DLQ. */
export function scheduleInput(r: PlannedReminder): ScheduleInput {
  return {
    name: r.scheduleName,
    expression: r.expression,
    timeZone: r.timeZone,
    payload: { v: 1, deadlineId: r.deadlineId, pointId: r.pointId, dueDate: r.dueDate, sendKey: r.sendKey },
  };
}

// ---- diff ----------------------------------------------------------------------------------------

/** A schedule we created and recorded (the record, not the Scheduler, is the source of truth). */
export interface ExistingSchedule {
  name: string;
  expression: string;
  sendKey: string;
  deadlineId: string;
}

export interface ScheduleDiff {
  /** New, or replacing one that already fired. The adapter treats ConflictException as "update instead". */
  create: PlannedReminder[];
  /** Same name, new time or new due date (a moved deadline): update the schedule in place. */
  replace: PlannedReminder[];
  /** No longer wanted and still ahead: delete the schedule (a met or lapsed deadline, a dropped point). */
  remove: ExistingSchedule[];
  /** No longer wanted and already past: the Scheduler deleted it after it fired; drop our record only. */
  forget: ExistingSchedule[];
  unchanged: PlannedReminder[];
}

function expressionMs(expression: string): number | null {
  const m = /^at\((.+)\)$/.exec(expression);
  if (!m) return null;
  try {
    return localDateTimeMs(m[1] as string);
  } catch {
    return null;
  }
}

/**
 * Compares the schedules recorded for some deadlines with the ones they need now. Pass the records of
 * exactly the deadlines being re-planned (e.g. one case's), including those that were met or lapsed.
 */
export function diffSchedules(existing: readonly ExistingSchedule[], desired: readonly PlannedReminder[], now: Date | string): ScheduleDiff {
  const nowMs = instantMs(now);
  const want = new Map<string, PlannedReminder>();
  for (const d of desired) {
    if (want.has(d.scheduleName)) throw new RangeError(`重复的提醒计划：${d.scheduleName}`);
    want.set(d.scheduleName, d);
  }
  const have = new Map(existing.map((e) => [e.name, e]));
  const diff: ScheduleDiff = { create: [], replace: [], remove: [], forget: [], unchanged: [] };
  for (const d of want.values()) {
    const e = have.get(d.scheduleName);
    const firedAt = e ? expressionMs(e.expression) : null;
    // A recorded schedule whose time has passed fired and was deleted by the Scheduler: create anew.
    if (!e || firedAt === null || firedAt <= nowMs) diff.create.push(d);
    else if (e.expression !== d.expression || e.sendKey !== d.sendKey) diff.replace.push(d);
    else diff.unchanged.push(d);
  }
  for (const e of have.values()) {
    if (want.has(e.name)) continue;
    const at = expressionMs(e.expression);
    if (at !== null && at <= nowMs) diff.forget.push(e);
    else diff.remove.push(e);
  }
  return diff;
}
