/**
 * What the tick runs and what the worker keeps reminders with: the deadline store, the reminder and
 * disclosure data, the scheduled tasks, the fired-reminder handler. Kept apart from wiring.ts, which
 * the card path loads on the first tap, so that path does not carry the reminders or the publisher.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDeadlineStore } from '../adapters/dynamodb/deadline-store.ts';
import type { ReminderTickDeps, ReminderWorkerDeps } from '../app/deadlines/context.ts';
import { handleFiredReminder, reconcileReminders, refreshDeadlines } from '../app/deadlines/reminders.ts';
import { resubmitOwedWork } from '../app/owed-work.ts';
import { annualReportTask } from '../app/statistics/annual-tick.ts';
import { owedInspectionResults, publishDecisions } from '../app/disclosure/publisher.ts';
import type { Services } from '../app/services.ts';
import { resubmitFollowUps, type ScheduledTask } from '../app/tick.ts';
import type { PublicSite } from '../ports/public-site.ts';
import type { FiredReminder, ReminderScheduler } from '../ports/scheduling.ts';
import { disclosureSettings } from './disclosure.ts';
import { reminderSettings } from './reminders.ts';

/** The tick's and the worker's deadline store and reminder data. */
export function reminderTickDeps(d: { db: DynamoDBDocumentClient; tableName: string }): ReminderTickDeps {
  return { deadlines: new DynamoDeadlineStore(d.db, d.tableName), settings: reminderSettings() };
}

/** What the worker keeps reminders with: the schedules (EventBridge Scheduler; the DynamoDB stand-in offline). */
export interface ReminderDeps {
  scheduler: ReminderScheduler;
}

/** The worker's reminder dependencies; buildWorkerServices adds the case's legal review (the review store). */
export function workerReminders(d: { db: DynamoDBDocumentClient; tableName: string }, r: ReminderDeps): Omit<ReminderWorkerDeps, 'loadReview'> {
  return { ...reminderTickDeps(d), scheduler: r.scheduler };
}

/**
 * What the tick runs: follow-ups and owed work (lists, draws), the annual statistics report's January
 * work, the daily refresh of certificates and plan deadlines, the reminders'
 * reconciliation and the publisher (which writes the public site).
 */
export function scheduledTasks(s: Services, reminders: ReminderTickDeps, site: PublicSite): readonly ScheduledTask[] {
  const deps = { ...reminders, jobs: s.jobs, log: s.log };
  return [
    resubmitFollowUps(s),
    resubmitOwedWork(s),
    annualReportTask(s),
    refreshDeadlines({ ...deps, draws: s.draws }),
    reconcileReminders(deps),
    publishDecisions({
      cases: s.cases,
      site,
      settings: reminders.settings,
      disclosure: disclosureSettings(),
      jobs: s.jobs,
      log: s.log,
      owedInspectionResults: (now) => owedInspectionResults(reminders.deadlines, now),
    }),
  ];
}

/** What the tick does with a fired reminder schedule (the event is parsed before it gets here). */
export function firedReminders(s: Services, reminders: ReminderTickDeps): (fired: FiredReminder, now: Date) => Promise<unknown> {
  const deps = { ...reminders, jobs: s.jobs, log: s.log };
  return (fired, now) => handleFiredReminder(fired, now, deps);
}
