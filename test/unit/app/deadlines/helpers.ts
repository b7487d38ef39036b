/** Cases, schedules and fired events for the deadline and reminder intents' tests (in-memory stores). */
import { handleFiredReminder, reconcileReminders } from '../../../../functions/app/deadlines/reminders.ts';
import type { Job } from '../../../../functions/app/jobs.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import type { Case } from '../../../../functions/domain/case/types.ts';
import { localDateTimeMs } from '../../../../functions/domain/reminders/time.ts';
import type { Person } from '../../../../functions/domain/roster/types.ts';
import type { FiredReminder, ScheduleInput } from '../../../../functions/ports/scheduling.ts';
import { filingRequest } from '../../../helpers/factories.ts';
import { asOfficer, PEOPLE, type WorkerHarness } from '../harness.ts';
import { buildPerson } from '../../../helpers/factories.ts';

export const HEAD = buildPerson({ openId: 'ou_qian', name: '钱局长', department: '局领导', roles: ['head'], certificate: null });

let forms = 0;

/** A penalty case (行政处罚) filed by 张三 with 李四 at the harness's NOW (2026-03-02). */
export async function penaltyCase(h: WorkerHarness, officers: Person[] = [PEOPLE.zhang, PEOPLE.li]): Promise<Case> {
  forms += 1;
  const { case: c } = await h.cases.fileCase(
    filingRequest({ formId: `F-dl-${forms}`, year: 2026, caseType: '行政处罚', partyName: '甘孜某某矿业有限公司', officers: officers.map(asOfficer) }),
  );
  return c;
}

/** The instant a schedule fires (`at(...)` read in Asia/Shanghai). */
export const fireTime = (s: ScheduleInput): Date => new Date(localDateTimeMs(s.expression.slice(3, -1)));

/** The event EventBridge Scheduler delivers for a schedule, as the tick receives it. */
export const firedEvent = (s: ScheduleInput): FiredReminder => ({
  source: 'reminder-schedule',
  schedule: s.name,
  scheduledTime: fireTime(s).toISOString(),
  reminder: s.payload,
});

/** The schedule the worker made for one point of one deadline. */
export function scheduleOf(h: WorkerHarness, deadlineId: string, pointId: string): ScheduleInput {
  const s = [...h.scheduler.schedules.values()].find((x) => x.payload.deadlineId === deadlineId && x.payload.pointId === pointId);
  if (!s) throw new Error(`no schedule for ${deadlineId} ${pointId}: ${[...h.scheduler.schedules.keys()].join(', ')}`);
  return s;
}

const tickDeps = (h: WorkerHarness) => ({ deadlines: h.deadlines, settings: h.s.reminders.settings, jobs: h.s.jobs, log: h.s.log });

/** Runs the jobs handed on since `from` (in the worker, at the worker's clock). */
export async function runSubmitted(h: WorkerHarness, from: number): Promise<Job[]> {
  const jobs = h.submitted.slice(from);
  for (const j of jobs) await runJob(j, h.s);
  return jobs;
}

/** A schedule fires at its time: the tick decides, the worker sends. Resolves to the tick's outcome. */
export async function fire(h: WorkerHarness, s: ScheduleInput, at: Date = fireTime(s)) {
  h.s.now = () => at;
  const from = h.submitted.length;
  const outcome = await handleFiredReminder(firedEvent(s), at, tickDeps(h));
  await runSubmitted(h, from);
  return outcome;
}

/** The reconciliation run at `at`: resolves to what it handed on. */
export async function reconcile(h: WorkerHarness, at: Date): Promise<string[]> {
  h.s.now = () => at;
  const from = h.submitted.length;
  const done = await reconcileReminders(tickDeps(h)).run(at);
  await runSubmitted(h, from);
  return done;
}

/** Reminder cards the bot sent (interactive messages created to a person). */
export const reminderCards = (h: WorkerHarness) =>
  h.sent().filter((m) => m.msg_type === 'interactive' && /期限提醒|逾期提醒/.test(JSON.stringify(m.content)));
