/** Builds the services from configuration: on Lambda from the environment, offline from local/stack.ts. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoEventMarkers } from '../adapters/dynamodb/event-markers.ts';
import { DynamoCaseStore } from '../adapters/dynamodb/case-store.ts';
import { DynamoRosterStore } from '../adapters/dynamodb/roster-store.ts';
import type { Job } from '../app/jobs.ts';
import type { Services, WorkerServices } from '../app/services.ts';
import { resubmitFollowUps, type ScheduledTask } from '../app/tick.ts';
import type { Logger } from '../config/logger.ts';
import type { JobQueue, Messenger } from '../ports/index.ts';
import { answerDeadline, caseDeadlines } from './deadlines.ts';

export interface CoreDeps {
  db: DynamoDBDocumentClient;
  tableName: string;
  jobs: JobQueue<Job>;
  caseNumberFormat: string;
  now: () => Date;
  log: Logger;
}

export function buildServices(d: CoreDeps): Services {
  return {
    roster: new DynamoRosterStore(d.db, d.tableName),
    cases: new DynamoCaseStore(d.db, d.tableName),
    jobs: d.jobs,
    caseNumberFormat: d.caseNumberFormat,
    now: d.now,
    deadlinesFor: caseDeadlines,
    log: d.log,
  };
}

/** The worker's services: the core ones plus the Feishu messenger and the deadline answers. */
export function buildWorkerServices(d: CoreDeps, messenger: Messenger): WorkerServices {
  return { ...buildServices(d), messenger, answerDeadline, markers: new DynamoEventMarkers(d.db, d.tableName) };
}

/** What the tick runs (reminders and publication, later issues, are added here). */
export function scheduledTasks(s: Services): readonly ScheduledTask[] {
  return [resubmitFollowUps(s)];
}
