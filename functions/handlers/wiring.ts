/** Builds the services from configuration: on Lambda from the environment, offline from local/stack.ts. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoChatContext } from '../adapters/dynamodb/chat-context.ts';
import { DynamoEventMarkers } from '../adapters/dynamodb/event-markers.ts';
import { DynamoCaseStore } from '../adapters/dynamodb/case-store.ts';
import { DynamoRosterStore } from '../adapters/dynamodb/roster-store.ts';
import type { ReminderWorkerDeps } from '../app/deadlines/context.ts';
import type { Job } from '../app/jobs.ts';
import type { Services, WorkerServices } from '../app/services.ts';
import type { Logger } from '../config/logger.ts';
import { viewLinkSeconds } from '../domain/dossier/evidence.ts';
import type { DossierChecklist } from '../domain/dossier/checklist.ts';
import type { EvidenceStore, MessageResources } from '../ports/evidence.ts';
import type { JobQueue, Messenger } from '../ports/index.ts';
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

/** The worker's services: the core ones plus the Feishu messenger, evidence storage and the deadline answers. */
/**
 * `reminders`: the deadline store, the reminder data and the schedules (handlers/scheduled.ts builds
 * them, so the card path, which loads this module, does not carry the reminders or the publisher).
 */
export function buildWorkerServices(d: CoreDeps, messenger: Messenger, evidence: EvidenceDeps, reminders: ReminderWorkerDeps): WorkerServices {
  return {
    ...buildServices(d),
    messenger,
    answerDeadline,
    markers: new DynamoEventMarkers(d.db, d.tableName),
    evidence: evidence.store,
    resources: evidence.resources,
    dossierChecklist: evidence.dossierChecklist,
    viewLinkSeconds: viewLinkSeconds(evidence.viewLinkSeconds),
    reminders,
  };
}
