/**
 * Sending reminders, from two directions that answer the same question with the same rule
 * (functions/domain/reminders/reconcile.ts):
 * - a fired one-time schedule (the tick function is its target; it has no Feishu secret): re-read the
 *   deadline, decide, hand the send to the worker;
 * - the reconciliation run (each tick inside the working-day send window): one Query of the due-date
 *   index over the range the configuration needs, the same decision, the same hand-off.
 * The worker claims the reminder's send-once key with a conditional put before sending, so whichever
 * comes first sends and every later one finds the key taken — however often either runs.
 */
import * as z from 'zod/mini';
import { reminderCard } from '../../../cards/index.ts';
import { taskCard } from '../../../cards/draw.ts';
import type { Card } from '../../../cards/common.ts';
import { addDays, dateWithWeekday, shanghaiDate } from '../../domain/deadlines/local-date.ts';
import type { TrackedDeadline } from '../../domain/reminders/deadlines.ts';
import { type PlanContext, type ReminderPayload, toReminder } from '../../domain/reminders/plan.ts';
import { reminderPoints } from '../../domain/reminders/points.ts';
import { decideFire, reconciliationDueRange, selectDueReminders } from '../../domain/reminders/reconcile.ts';
import { resolveRecipients } from '../../domain/reminders/recipients.ts';
import { countdownText } from '../../domain/reminders/text.ts';
import { inSendWindow } from '../../domain/reminders/window.ts';
import { type DeadlineScope, isPermanentDeliveryFailure } from '../../ports/index.ts';
import type { FiredReminder } from '../../ports/scheduling.ts';
import type { DrawStore } from '../../ports/draws.ts';
import type { Logger } from '../../config/logger.ts';
import type { JobQueue } from '../../ports/index.ts';
import { job } from '../intents.ts';
import type { CardActionValue } from '../card-actions.ts';
import type { Job } from '../jobs.ts';
import { sendUuid } from '../services.ts';
import { taskCardView } from '../draw/views.ts';
import type { ScheduledTask } from '../tick.ts';
import type { ReminderTickDeps } from './context.ts';

/** The scope a deadline id belongs to: `case.<caseId>.…`, `person.<openId>.…`, `plan.<taskId>.…`, `draw.<drawId>.…`. */
export function scopeOfDeadline(deadlineId: string): DeadlineScope | null {
  const c = /^case\.(\d{4}-\d{6})\./.exec(deadlineId);
  if (c) return `case:${c[1]}`;
  const d = /^draw\.([A-Za-z0-9_-]{1,64})\./.exec(deadlineId);
  if (d) return `draw:${d[1]}`;
  if (deadlineId.startsWith('person.')) return 'certificates';
  if (deadlineId.startsWith('plan.')) return 'plan';
  return null;
}

/** A claimed but unsent reminder may be sent again while Feishu still drops the repeat by its uuid (an hour). */
const RESEND_WITHIN_MS = 55 * 60_000;

interface TickDeps extends ReminderTickDeps {
  jobs: JobQueue<Job>;
  log: Logger;
}

function planContext(deps: ReminderTickDeps, now: Date, sent: ReadonlySet<string>): PlanContext {
  const { config, calendar, rules } = deps.settings;
  return { now, sent, calendar, rules, config };
}

const sendJob = (scope: DeadlineScope, r: { deadlineId: string; pointId: string; sendKey: string; dueDate: string }, now: Date): Job => ({
  kind: 'reminder.send',
  at: now.toISOString(),
  scope,
  deadlineId: r.deadlineId,
  pointId: r.pointId,
  dueDate: r.dueDate,
  sendKey: r.sendKey,
});

export interface FiredOutcome {
  schedule: string;
  deadlineId: string;
  /** `handed on` or why not (the domain's FireDecision reason). */
  result: string;
}

/** A schedule fired: its payload is only a pointer; the deadline as stored now decides. */
export async function handleFiredReminder(fired: FiredReminder, now: Date, deps: TickDeps): Promise<FiredOutcome> {
  const p: ReminderPayload = fired.reminder;
  const out = (result: string): FiredOutcome => ({ schedule: fired.schedule, deadlineId: p.deadlineId, result });
  const scope = scopeOfDeadline(p.deadlineId);
  if (!scope) return out('gone');
  const stored = await deps.deadlines.get(scope, p.deadlineId);
  const current = stored && !stored.ended ? stored.deadline : undefined;
  const sent = (await deps.deadlines.isClaimed(p.sendKey)) ? new Set([p.sendKey]) : new Set<string>();
  const decision = decideFire(p, current, planContext(deps, now, sent));
  if (!decision.send) return out(decision.reason);
  await deps.jobs.submit(sendJob(scope, decision.reminder, now));
  return out('handed on');
}

/**
 * The reconciliation run: inside the send window, every open deadline whose reminder is due now is
 * read through the due-date index (its reads grow with what is due, never with the cases stored) and
 * each unclaimed latest point is handed to the worker. Outside the window nothing is sent: never at
 * night, never on a rest day.
 */
export function reconcileReminders(deps: TickDeps): ScheduledTask {
  return {
    name: 'reminders',
    async run(now) {
      const { config, calendar, rules } = deps.settings;
      if (!inSendWindow(now, calendar, config)) return [];
      const range = reconciliationDueRange(now, config, rules);
      const due = await deps.deadlines.dueBetween(range.from, range.to);
      const byId = new Map(due.map((d) => [d.deadline.id, d]));
      const selection = selectDueReminders(
        due.map((d) => d.deadline),
        planContext(deps, now, new Set()),
      );
      const done: string[] = [];
      for (const r of selection.send) {
        if (await deps.deadlines.isClaimed(r.sendKey)) continue;
        const stored = byId.get(r.deadlineId);
        if (!stored) continue;
        await deps.jobs.submit(sendJob(stored.scope, r, now));
        done.push(`reminder ${r.sendKey}`);
      }
      return done;
    },
  };
}

/**
 * Once a day (the first tick from 08:00 Shanghai, before the 09:00 reminders), the deadlines that do
 * not follow a case's changes are recomputed: certificates (the roster may have changed) and the plan;
 * and the draws whose tasks may still be open (revealed, their plan's deadline at most
 * DRAW_REFRESH_DAYS ago), so a holiday calendar or a rule override loaded since reaches them too (each
 * draw's own changes sync it in its job).
 */
export const REFRESH_MINUTE = 8 * 60;
export const TICK_MINUTES = 5;
export const DRAW_REFRESH_DAYS = 90;

export function refreshDeadlines(deps: { jobs: JobQueue<Job>; draws?: Pick<DrawStore, 'list'> }): ScheduledTask {
  return {
    name: 'deadline-refresh',
    async run(now) {
      const minute = Math.floor(((now.getTime() + 8 * 3_600_000) % 86_400_000) / 60_000);
      if (minute < REFRESH_MINUTE || minute >= REFRESH_MINUTE + TICK_MINUTES) return [];
      await deps.jobs.submit({ kind: 'deadlines.sync', scope: 'certificates' });
      await deps.jobs.submit({ kind: 'deadlines.sync', scope: 'plan' });
      const done = ['deadlines.sync certificates', 'deadlines.sync plan'];
      const since = addDays(shanghaiDate(now), -DRAW_REFRESH_DAYS);
      for (const d of (await deps.draws?.list()) ?? []) {
        if (d.status !== 'revealed' || d.deadline < since) continue;
        await deps.jobs.submit({ kind: 'deadlines.sync', scope: 'draw', drawId: d.drawId });
        done.push(`deadlines.sync draw:${d.drawId}`);
      }
      return done;
    },
  };
}

/** The button a reminder offers: the action that meets its deadline — record service, publish now, else open the case (or the draw). */
function actionFor(d: TrackedDeadline): { text: string; value: CardActionValue } | undefined {
  if (d.subject.type === 'draw_task') return { text: '查看抽取', value: { action: 'draw.show', draw_id: d.subject.drawId } };
  if (d.subject.type !== 'case') return undefined;
  if (d.kind === 'service') return { text: '登记送达', value: { action: 'service.open', case_id: d.subject.caseId } };
  if (d.kind === 'publication') return { text: '立即公开', value: { action: 'disclosure.publish_now', case_id: d.subject.caseId } };
  return { text: '打开案件', value: { action: 'case.show', case_id: d.subject.caseId } };
}

export const sendReminderJob = job({
  payload: z.object({
    /** When it was found due: the card counts the days from then. */
    at: z.iso.datetime({ offset: true }),
    scope: z.string().check(z.regex(/^(case:\d{4}-\d{6}|certificates|plan|draw:[A-Za-z0-9_-]{1,64})$/)),
    deadlineId: z.string().check(z.regex(/^[0-9A-Za-z._-]{1,200}$/)),
    pointId: z.string().check(z.regex(/^[a-z][a-z0-9]{0,7}$/)),
    dueDate: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
    sendKey: z.string().check(z.maxLength(300)),
  }),
  async run(p, s) {
    const { deadlines, settings } = s.reminders;
    const now = s.now();
    const stored = await deadlines.get(p.scope as DeadlineScope, p.deadlineId);
    const d = stored && !stored.ended ? stored.deadline : undefined;
    if (!d || d.status === 'met' || d.dueDate !== p.dueDate) {
      s.log.info('reminder not sent: its deadline is met, gone or moved', { deadlineId: p.deadlineId, sendKey: p.sendKey });
      return;
    }
    const point = reminderPoints(d, settings.config, settings.calendar, settings.rules).find((x) => x.pointId === p.pointId);
    const reminder = point && toReminder(d, point, settings.config);
    if (!reminder || reminder.sendKey !== p.sendKey) {
      s.log.info('reminder not sent: its point no longer exists', { deadlineId: p.deadlineId, sendKey: p.sendKey });
      return;
    }
    const claim = await deadlines.claim(p.sendKey, now.toISOString(), { deadlineId: p.deadlineId, pointId: p.pointId });
    if (claim.state === 'sent') return;
    if (claim.state === 'unsent' && now.getTime() - Date.parse(claim.claimedAt) > RESEND_WITHIN_MS) {
      // Past Feishu's uuid window a repeat could reach people twice: leave it (logged for the operator).
      s.log.warn('reminder claimed long ago and never marked sent; not sent again', { sendKey: p.sendKey, claimedAt: claim.claimedAt });
      return;
    }
    const roster = await s.roster.listActive();
    const to = resolveRecipients(d, reminder.audience, roster, settings.config);
    if (to.usedFallback) s.log.warn('reminder audience resolved to nobody; sent to the fallback', { deadlineId: d.id, unresolved: to.unresolved });
    const today = shanghaiDate(new Date(p.at));
    const action = actionFor(d);
    let taskReminder: { card: Card; inspectors: Set<string> } | undefined;
    if (d.kind === 'inspection_task' && d.subject.type === 'draw_task' && !reminder.escalation) {
      // The inspectors get the task card itself, its result buttons included: the reminder is acted on where it is read.
      const task = await s.draws.task(d.subject.drawId, d.subject.creditCode);
      if (!task || task.status !== 'open') {
        s.log.info('reminder not sent: the inspection task is no longer open', { deadlineId: d.id, sendKey: p.sendKey });
        return;
      }
      const notice = `${reminder.label}：请于 ${dateWithWeekday(d.dueDate)} 前完成检查并在下方登记结果（${countdownText(d.dueDate, today)}）`;
      const card = taskCard({ ...taskCardView(task, notice), reminder: { label: reminder.label, overdue: today > d.dueDate } });
      taskReminder = { card, inspectors: new Set(task.inspectors.map((i) => i.openId)) };
    }
    // Anyone else (the fallback when no inspector is reachable) gets the plain reminder.
    const card = reminderCard({
      label: reminder.label,
      ruleName: d.ruleName,
      what: d.what,
      due: dateWithWeekday(d.dueDate),
      countdown: countdownText(d.dueDate, today),
      source: d.source,
      provisional: d.provisional,
      escalation: reminder.escalation,
      ...(d.subject.type === 'case' ? { caseNumber: d.subject.caseNumber } : {}),
      ...(action ? { action } : {}),
    });
    const reached: string[] = [];
    for (const openId of to.openIds) {
      try {
        await s.messenger.sendCard(openId, taskReminder?.inspectors.has(openId) ? taskReminder.card : card, sendUuid('reminder', p.sendKey, openId));
        reached.push(openId);
      } catch (err) {
        // One person Feishu will never reach must not hold the others' reminders back.
        if (!isPermanentDeliveryFailure(err)) throw err;
        s.log.warn('reminder refused for one recipient', { openId, sendKey: p.sendKey, err });
      }
    }
    await deadlines.markSent(p.sendKey, now.toISOString(), reached);
  },
});
