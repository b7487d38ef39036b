/** Builds the services from configuration: on Lambda from the environment, offline from local/stack.ts. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoChatContext } from '../adapters/dynamodb/chat-context.ts';
import { DynamoEventMarkers } from '../adapters/dynamodb/event-markers.ts';
import { DynamoCaseStore } from '../adapters/dynamodb/case-store.ts';
import { DynamoRosterStore } from '../adapters/dynamodb/roster-store.ts';
import { DynamoDeadlineStore } from '../adapters/dynamodb/deadline-store.ts';
import type { ReminderTickDeps, ReminderWorkerDeps } from '../app/deadlines/context.ts';
import { handleFiredReminder, reconcileReminders, refreshDeadlines } from '../app/deadlines/reminders.ts';
import { publishDecisions } from '../app/disclosure/publisher.ts';
import type { PublicSite } from '../ports/public-site.ts';
import { disclosureSettings } from './disclosure.ts';
import type { Job } from '../app/jobs.ts';
import type { Services, WorkerServices } from '../app/services.ts';
import { resubmitFollowUps, type ScheduledTask } from '../app/tick.ts';
import type { Logger } from '../config/logger.ts';
import { viewLinkSeconds } from '../domain/dossier/evidence.ts';
import type { DossierChecklist } from '../domain/dossier/checklist.ts';
import type { EvidenceStore, MessageResources } from '../ports/evidence.ts';
import type { JobQueue, Messenger } from '../ports/index.ts';
import type { FiredReminder, ReminderScheduler } from '../ports/scheduling.ts';
import { reminderSettings } from './reminders.ts';
import { answerDeadline, caseDeadlines } from './deadlines.ts';
import { avDuties } from './av-duties.ts';

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
    chat: new DynamoChatContext(d.db, d.tableName),
    jobs: d.jobs,
    caseNumberFormat: d.caseNumberFormat,
    now: d.now,
    deadlinesFor: caseDeadlines,
    avDuties,
    log: d.log,
  };
}

/** What the worker stores evidence with (S3 and the Feishu resource download; s3rver offline). */
export interface EvidenceDeps {
  store: EvidenceStore;
  resources: MessageResources;
  /** 查看 links live this long (at most 30 minutes, the default). */
  viewLinkSeconds?: number;
  /** The dossier checklist (handlers/dossier.ts), passed in so the tick's bundle does not carry it. */
  dossierChecklist: DossierChecklist;
}

/** What the worker keeps reminders with: the schedules (EventBridge Scheduler; the DynamoDB stand-in offline). */
export interface ReminderDeps {
  scheduler: ReminderScheduler;
  /** The case's legal review state (issue 10's ReviewStore.get); none until it is wired. */
  loadReview?: ReminderWorkerDeps['loadReview'];
}

/** The tick's and the worker's deadline store and reminder data. */
export function reminderTickDeps(d: Pick<CoreDeps, 'db' | 'tableName'>): ReminderTickDeps {
  return { deadlines: new DynamoDeadlineStore(d.db, d.tableName), settings: reminderSettings() };
}

/** The worker's services: the core ones plus the Feishu messenger, evidence storage and the deadline answers. */
export function buildWorkerServices(d: CoreDeps, messenger: Messenger, evidence: EvidenceDeps, reminders: ReminderDeps): WorkerServices {
  return {
    ...buildServices(d),
    messenger,
    answerDeadline,
    markers: new DynamoEventMarkers(d.db, d.tableName),
    evidence: evidence.store,
    resources: evidence.resources,
    dossierChecklist: evidence.dossierChecklist,
    viewLinkSeconds: viewLinkSeconds(evidence.viewLinkSeconds),
    reminders: { ...reminderTickDeps(d), scheduler: reminders.scheduler, loadReview: reminders.loadReview ?? (async () => null) },
  };
}

/**
 * What the tick runs: follow-ups, the daily refresh of certificates and plan deadlines, the reminders'
 * reconciliation and the publisher (which writes the public site).
 */
export function scheduledTasks(s: Services, reminders: ReminderTickDeps, site: PublicSite): readonly ScheduledTask[] {
  const deps = { ...reminders, jobs: s.jobs, log: s.log };
  return [
    resubmitFollowUps(s),
    refreshDeadlines(deps),
    reconcileReminders(deps),
    publishDecisions({ cases: s.cases, site, settings: reminders.settings, disclosure: disclosureSettings(), jobs: s.jobs, log: s.log }),
  ];
}

/** What the tick does with a fired reminder schedule (the event is parsed before it gets here). */
export function firedReminders(s: Services, reminders: ReminderTickDeps): (fired: FiredReminder, now: Date) => Promise<unknown> {
  const deps = { ...reminders, jobs: s.jobs, log: s.log };
  return (fired, now) => handleFiredReminder(fired, now, deps);
}
