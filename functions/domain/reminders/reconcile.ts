/**
 * The daily reconciliation and the fired schedule decide the same question — which reminder of a
 * deadline is due at `now` — with the same rule, and both claim the same send-once key before
 * sending. So a reminder is sent once whichever runs first, however often either runs.
 *
 * The rule: of a deadline's points whose time has come, only the latest is due; earlier ones are
 * superseded (a week-old "7 days before" is not sent after "1 working day before"). It is sent if its
 * key is unclaimed, the deadline is not met, the point is not older than `lookbackDays`, and `now` is
 * inside the working-day window; outside the window it is held for the next run or catch-up.
 */
import { type LocalDate, addDays } from '../deadlines/local-date.ts';
import type { Rule } from '../deadlines/rules.ts';
import { type ReminderConfig, pointsFor } from './config.ts';
import type { TrackedDeadline } from './deadlines.ts';
import { sendKey } from './ids.ts';
import { type PlanContext, type Reminder, type ReminderPayload, lookbackFloor, toReminder } from './plan.ts';
import { reminderPoints } from './points.ts';
import { instantMs, shanghaiClock } from './time.ts';
import { inSendWindow } from './window.ts';

/** EventBridge Scheduler fires within the minute of its `at()`: a point is due up to a minute early. */
export const FIRE_TOLERANCE_MS = 60_000;

export interface DueRange {
  /** Query the due-date index from this date … */
  from: LocalDate;
  /** … through this one (inclusive). */
  to: LocalDate;
}

/**
 * The due dates the daily run must read from the index of open deadlines so that every deadline with
 * a reminder due at `now` is among them: points lie at most (days before + working days before +
 * rest runs) ahead of the due date, and escalations at most (working days after + rest runs) behind
 * it, plus `lookbackDays` for missed ones. Rule-based points use the rule's amount. Its size depends
 * on the configuration only, never on how many cases are stored.
 */
export function reconciliationDueRange(now: Date | string, config: ReminderConfig, rules: readonly Rule[]): DueRange {
  let ahead = 0;
  let behind = 0;
  const slack = config.restSlackDays;
  for (const profile of Object.values(config.profiles)) {
    for (const p of profile.points) {
      if ('after' in p) {
        behind = Math.max(behind, p.after.workingDays + (p.after.workingDays + 1) * slack);
      } else if ('rule' in p) {
        const rule = rules.find((r) => r.id === p.rule);
        const n = rule && rule.period.unit === 'days_before' ? rule.period.amount : 0;
        ahead = Math.max(ahead, n + slack);
      } else if ('days' in p.before) {
        ahead = Math.max(ahead, p.before.days + slack);
      } else {
        ahead = Math.max(ahead, p.before.workingDays + (p.before.workingDays + 1) * slack);
      }
    }
  }
  const today = shanghaiClock(now).date;
  return { from: addDays(today, -(behind + config.lookbackDays)), to: addDays(today, ahead) };
}

export interface DueSelection {
  /** Send now (after claiming the key). */
  send: Reminder[];
  /** Due but `now` is outside the window: the next run inside it sends them. */
  held: Reminder[];
  /** Were due, never sent, and never will be: superseded by a later point, or older than the lookback. */
  missed: Reminder[];
}

/** What the daily run (and `/_dev/tick`) sends at `now` for the deadlines read from the index. */
export function selectDueReminders(deadlines: readonly TrackedDeadline[], ctx: PlanContext): DueSelection {
  const nowMs = instantMs(ctx.now);
  const open = inSendWindow(ctx.now, ctx.calendar, ctx.config);
  const floor = lookbackFloor(ctx.now, ctx.config);
  const out: DueSelection = { send: [], held: [], missed: [] };
  for (const d of deadlines) {
    if (d.status === 'met') continue;
    const due = reminderPoints(d, ctx.config, ctx.calendar, ctx.rules)
      .filter((p) => p.atMs <= nowMs)
      .map((p) => toReminder(d, p, ctx.config));
    const latest = due.at(-1);
    for (const r of due) {
      if (ctx.sent.has(r.sendKey)) continue;
      if (r !== latest || r.pointAt.slice(0, 10) < floor) out.missed.push(r);
      else (open ? out.send : out.held).push(r);
    }
  }
  return out;
}

export type FireDecision =
  | { send: true; reminder: Reminder }
  | {
      send: false;
      reason: 'gone' | 'met' | 'moved' | 'unknown_point' | 'early' | 'superseded' | 'stale' | 'already_sent' | 'outside_window';
    };

/**
 * A schedule fired with `payload`; `current` is the deadline as it is now (re-read, consistently),
 * or undefined if it no longer exists. Decides whether to send, by the same rule as the daily run.
 */
export function decideFire(
  payload: ReminderPayload,
  current: TrackedDeadline | undefined,
  ctx: PlanContext,
): FireDecision {
  if (!current || current.id !== payload.deadlineId) return { send: false, reason: 'gone' };
  if (current.status === 'met') return { send: false, reason: 'met' };
  if (current.dueDate !== payload.dueDate || sendKey(current.id, payload.pointId, current.dueDate) !== payload.sendKey) {
    return { send: false, reason: 'moved' };
  }
  if (!pointsFor(ctx.config, current.kind).some((p) => p.id === payload.pointId)) return { send: false, reason: 'unknown_point' };
  const nowMs = instantMs(ctx.now);
  const points = reminderPoints(current, ctx.config, ctx.calendar, ctx.rules);
  const point = points.find((p) => p.pointId === payload.pointId);
  // A point merged into a nearer one on the same day no longer exists on its own.
  if (!point) return { send: false, reason: 'superseded' };
  if (point.atMs > nowMs + FIRE_TOLERANCE_MS) return { send: false, reason: 'early' };
  const latest = points.filter((p) => p.atMs <= nowMs + FIRE_TOLERANCE_MS).at(-1);
  if (latest && latest.pointId !== point.pointId) return { send: false, reason: 'superseded' };
  if (point.date < lookbackFloor(ctx.now, ctx.config)) return { send: false, reason: 'stale' };
  if (ctx.sent.has(payload.sendKey)) return { send: false, reason: 'already_sent' };
  if (!inSendWindow(ctx.now, ctx.calendar, ctx.config) && !inSendWindow(new Date(nowMs + FIRE_TOLERANCE_MS), ctx.calendar, ctx.config)) {
    return { send: false, reason: 'outside_window' };
  }
  return { send: true, reminder: toReminder(current, point, ctx.config) };
}
