/**
 * Lambda: scheduled work, invoked by EventBridge Scheduler every few minutes. The instant comes from
 * the event (`now`, or the schedule's `time`) so a late or replayed invocation works on its own time.
 */
import middy from '@middy/core';
import * as z from 'zod/mini';
import { LambdaJobQueue } from '../adapters/async/lambda-queue.ts';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { runDueWork, type ScheduledTask, type TickResult } from '../app/tick.ts';
import { readConfig } from '../config/index.ts';
import { createLogger, type Logger } from '../config/logger.ts';
import { buildServices, scheduledTasks } from './wiring.ts';

const instant = z.optional(z.iso.datetime({ offset: true }));
export const tickEvent = z.looseObject({ now: instant, time: instant });

export function createTickHandler(tasks: () => readonly ScheduledTask[], log: () => Logger, clock: () => Date = () => new Date()) {
  return middy<unknown, TickResult>().handler(async (event) => {
    const parsed = tickEvent.safeParse(event ?? {});
    const when = parsed.success ? (parsed.data.now ?? parsed.data.time) : undefined;
    const now = when ? new Date(when) : clock();
    return runDueWork(now, tasks(), log());
  });
}

let logger: Logger | undefined;
const lambdaLogger = () => (logger ??= createLogger('tick', readConfig().logLevel));

let tasks: readonly ScheduledTask[] | undefined;

/** Built from the environment on the first invocation: the table, and the worker to hand jobs to. */
function lambdaTasks(): readonly ScheduledTask[] {
  tasks ??= (() => {
    const config = readConfig();
    return scheduledTasks(
      buildServices({
        db: createDocumentClient(),
        tableName: config.tableName,
        jobs: config.workerFunctionName
          ? new LambdaJobQueue(config.workerFunctionName)
          : { submit: async () => Promise.reject(new Error('WORKER_FUNCTION_NAME is not set for this function')) },
        caseNumberFormat: config.caseNumberFormat,
        now: () => new Date(),
        log: lambdaLogger(),
      }),
    );
  })();
  return tasks;
}

export const handler = createTickHandler(lambdaTasks, lambdaLogger);
