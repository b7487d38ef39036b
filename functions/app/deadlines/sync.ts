/**
 * `deadlines.sync`: recomputes one scope's deadlines from what it holds (a case, the roster's
 * certificates, the plan's tasks, a draw's inspection tasks and results), keeps their one-time reminder schedules in step (create, replace
 * in place when a deadline moves, delete when it is met or lapses) and stores the deadlines with the
 * schedules they now have. Safe to repeat: the schedule names are deterministic and a repeat finds
 * nothing to change.
 */
import * as z from 'zod/mini';
import { shanghaiDate } from '../../domain/deadlines/local-date.ts';
import {
  type TrackedDeadline,
  caseDeadlines,
  certificateDeadlines,
  planTaskDeadlines,
} from '../../domain/reminders/deadlines.ts';
import { drawTaskDeadlines } from '../../domain/reminders/draw-deadlines.ts';
import { type ExistingSchedule, diffSchedules, planAll, scheduleInput, toReminder } from '../../domain/reminders/plan.ts';
import { reminderPoints } from '../../domain/reminders/points.ts';
import type { DeadlineScope, StoredDeadline } from '../../ports/deadlines.ts';
import type { StoredTask } from '../../ports/draws.ts';
import { CASE_ID, job } from '../intents.ts';
import type { WorkerServices } from '../services.ts';
import { caseFacts } from './facts.ts';

export interface SyncOutcome {
  scope: DeadlineScope;
  deadlines: number;
  created: string[];
  replaced: string[];
  removed: string[];
}

/** A lost race (the case moved while we computed) is computed again from the newer case. */
const MAX_ROUNDS = 3;

interface Computed {
  list: TrackedDeadline[];
  basis?: { caseLogSeq: number };
  /** After the write: whether what it was computed from is still so (else computed and written again). */
  unchanged?: () => Promise<boolean>;
}

/** What a draw's deadlines are computed from: each task's status, team, result and publication. */
const drawBasis = (tasks: readonly StoredTask[]): string =>
  JSON.stringify(tasks.map((t) => [t.creditCode, t.status, t.deadline, t.inspectors.map((i) => i.openId), t.result?.endedOn ?? null, t.result?.publishedOn ?? null]));

async function computeScope(scope: DeadlineScope, s: WorkerServices, now: Date): Promise<Computed | null> {
  const { settings } = s.reminders;
  const today = shanghaiDate(now);
  if (scope === 'certificates') return { list: certificateDeadlines(await s.roster.listActive(), { today, rules: settings.rules }) };
  if (scope === 'plan') return { list: planTaskDeadlines(settings.planTasks, { today }) };
  if (scope.startsWith('draw:')) {
    const drawId = scope.slice('draw:'.length);
    const meta = await s.draws.get(drawId);
    if (!meta) return null;
    // Before the reveal there are no tasks: nothing to track. Two jobs of one draw may run at once
    // (two results recorded together): a write computed from tasks that changed meanwhile is redone.
    const tasks = await s.draws.tasks(drawId);
    const facts = { drawId, planId: meta.planId, listItem: meta.listItemName, organiserOpenId: meta.operator.openId, tasks };
    const basis = drawBasis(tasks);
    return {
      list: drawTaskDeadlines(facts, { today, calendar: settings.calendar, rules: settings.rules }).deadlines,
      unchanged: async () => drawBasis(await s.draws.tasks(drawId)) === basis,
    };
  }
  const caseId = scope.slice('case:'.length);
  const c = await s.cases.get(caseId);
  if (!c) return null;
  // A decision creates its disclosure duty: the case enters the publisher's index (again: a no-op).
  if (c.decision) await s.cases.activateDisclosure(caseId);
  const review = await s.reminders.loadReview(caseId);
  const list = caseDeadlines(caseFacts(c, review), { today, calendar: settings.calendar, rules: settings.rules }).deadlines;
  return { list, basis: { caseLogSeq: c.logHead?.seq ?? 0 } };
}

/** The send-once keys already claimed for the latest past point of each deadline (what a catch-up would send). */
async function claimedCatchUps(list: readonly TrackedDeadline[], s: WorkerServices, nowMs: number): Promise<Set<string>> {
  const { config, calendar, rules } = s.reminders.settings;
  const sent = new Set<string>();
  for (const d of list) {
    if (d.status === 'met') continue;
    const latest = reminderPoints(d, config, calendar, rules).filter((p) => p.atMs <= nowMs).at(-1);
    if (!latest) continue;
    const key = toReminder(d, latest, config).sendKey;
    if (await s.reminders.deadlines.isClaimed(key)) sent.add(key);
  }
  return sent;
}

export async function syncDeadlines(scope: DeadlineScope, s: WorkerServices): Promise<SyncOutcome | null> {
  const { deadlines, scheduler, settings } = s.reminders;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const now = s.now();
    const computed = await computeScope(scope, s, now);
    if (!computed) return null;
    const before = await deadlines.list(scope);
    const existing: ExistingSchedule[] = before.flatMap((d) => d.schedules);
    const sent = await claimedCatchUps(computed.list, s, now.getTime());
    const desired = planAll(computed.list, { now, sent, calendar: settings.calendar, rules: settings.rules, config: settings.config });
    const diff = diffSchedules(existing, desired, now);
    // Schedules first, then the record of them: a failure leaves the record as it was, and the
    // retried job finds the same differences (upsert and remove are safe to repeat).
    for (const r of [...diff.create, ...diff.replace]) await scheduler.upsert(scheduleInput(r));
    for (const e of diff.remove) await scheduler.remove(e.name);

    const byDeadline = new Map<string, ExistingSchedule[]>();
    for (const r of desired) {
      const list = byDeadline.get(r.deadlineId) ?? [];
      list.push({ name: r.scheduleName, expression: r.expression, sendKey: r.sendKey, deadlineId: r.deadlineId });
      byDeadline.set(r.deadlineId, list);
    }
    const ids = new Set(computed.list.map((d) => d.id));
    const stored: StoredDeadline[] = [
      ...computed.list.map((d) => ({ scope, deadline: d, schedules: byDeadline.get(d.id) ?? [], ended: false })),
      // No longer computed (lapsed, or its trigger gone): kept, ended, without schedules.
      ...before.filter((d) => !ids.has(d.deadline.id)).map((d) => ({ ...d, schedules: [], ended: true })),
    ];
    if ((await deadlines.replace(scope, stored, computed.basis)) && (!computed.unchanged || (await computed.unchanged()))) {
      return {
        scope,
        deadlines: computed.list.length,
        created: diff.create.map((r) => r.scheduleName),
        replaced: diff.replace.map((r) => r.scheduleName),
        removed: diff.remove.map((e) => e.name),
      };
    }
  }
  throw new Error(`deadlines of ${scope} not stored: the ${scope.startsWith('draw:') ? 'draw' : 'case'} kept changing`);
}

export const syncDeadlinesJob = job({
  payload: z.object({
    scope: z.enum(['case', 'certificates', 'plan', 'draw']),
    caseId: z.optional(CASE_ID),
    drawId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/))),
  }),
  async run({ scope, caseId, drawId }, s) {
    if ((scope === 'case' && caseId === undefined) || (scope === 'draw' && drawId === undefined)) {
      s.log.error('deadlines.sync of a case or draw without its id dropped', { scope });
      return;
    }
    const outcome = await syncDeadlines(scope === 'case' ? `case:${caseId}` : scope === 'draw' ? `draw:${drawId}` : scope, s);
    s.log.info('deadlines synced', { ...outcome });
  },
});
