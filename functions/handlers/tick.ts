/**
 * Lambda: scheduled work, invoked by EventBridge Scheduler every few minutes. The instant comes from
 * the event (`now`, or the schedule's `time`) so a late or replayed invocation works on its own time.
 * It is also the target of the one-time reminder schedules: a fired reminder is parsed (anyone who may
 * invoke the function could send anything), re-checked against the stored deadline and handed to the
 * worker, which holds the Feishu secret.
 */
import middy from '@middy/core';
import * as z from 'zod/mini';
import { jobQueueFor } from '../adapters/async/lambda-queue.ts';
import { firedReminderSchema, looksLikeFiredReminder } from '../adapters/scheduler/shape.ts';
import { PUBLIC_SITE_ENV } from '../adapters/site/files.ts';
import { createSiteS3Client, S3PublicSite } from '../adapters/site/s3.ts';
import type { PublicSite } from '../ports/public-site.ts';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { runDueWork, type ScheduledTask, type TickResult } from '../app/tick.ts';
import { readConfig } from '../config/index.ts';
import { createLogger, type Logger } from '../config/logger.ts';
import type { FiredReminder } from '../ports/scheduling.ts';
import { firedReminders, reminderTickDeps, scheduledTasks } from './scheduled.ts';
import { buildServices } from './wiring.ts';

const instant = z.optional(z.iso.datetime({ offset: true }));
export const tickEvent = z.looseObject({ now: instant, time: instant });

export type FiredHandler = (fired: FiredReminder, now: Date) => Promise<unknown>;

/** A tick's answer; for a fired reminder schedule, what became of it (`fired`). */
export type TickOutput = TickResult & { fired?: unknown };

export function createTickHandler(
  tasks: () => readonly ScheduledTask[],
  log: () => Logger,
  clock: () => Date = () => new Date(),
  fired?: () => FiredHandler,
) {
  return middy<unknown, TickOutput>().handler(async (event) => {
    if (looksLikeFiredReminder(event)) {
      const now = clock();
      const reminder = firedReminderSchema.safeParse(event);
      if (!reminder.success || !fired) {
        // Not retried: a malformed event will never become a good one.
        log().warn('fired reminder refused', { ok: reminder.success, configured: fired !== undefined });
        return { now: now.toISOString(), ran: [], failed: [{ task: 'reminder', error: 'refused' }] };
      }
      return { now: now.toISOString(), ran: [], failed: [], fired: await fired()(reminder.data, now) };
    }
    const parsed = tickEvent.safeParse(event ?? {});
    const when = parsed.success ? (parsed.data.now ?? parsed.data.time) : undefined;
    const now = when ? new Date(when) : clock();
    return runDueWork(now, tasks(), log());
  });
}

let logger: Logger | undefined;
const lambdaLogger = () => (logger ??= createLogger('tick', readConfig().logLevel));

/** A stack without the site bucket: the publisher fails loudly (logged by the tick), the rest runs. */
const unconfiguredSite: PublicSite = {
  read: async () => Promise.reject(new Error(`${PUBLIC_SITE_ENV} is not set for this function`)),
  write: async () => Promise.reject(new Error(`${PUBLIC_SITE_ENV} is not set for this function`)),
  remove: async () => Promise.reject(new Error(`${PUBLIC_SITE_ENV} is not set for this function`)),
  apply: async () => Promise.reject(new Error(`${PUBLIC_SITE_ENV} is not set for this function`)),
};

let built: { tasks: readonly ScheduledTask[]; fired: FiredHandler } | undefined;

/** Built from the environment on the first invocation: the table, and the worker to hand jobs to. */
function lambdaTick(): { tasks: readonly ScheduledTask[]; fired: FiredHandler } {
  built ??= (() => {
    const config = readConfig();
    const core = {
      db: createDocumentClient(),
      tableName: config.tableName,
      jobs: jobQueueFor(config.workerFunctionName),
      caseNumberFormat: config.caseNumberFormat,
      now: () => new Date(),
      log: lambdaLogger(),
    };
    const s = buildServices(core);
    const reminders = reminderTickDeps(core);
    const bucket = process.env[PUBLIC_SITE_ENV];
    const site: PublicSite = bucket ? new S3PublicSite(createSiteS3Client(), bucket) : unconfiguredSite;
    return { tasks: scheduledTasks(s, reminders, site), fired: firedReminders(s, reminders) };
  })();
  return built;
}

export const handler = createTickHandler(() => lambdaTick().tasks, lambdaLogger, () => new Date(), () => lambdaTick().fired);
