/** Builds the services from configuration: on Lambda from the environment, offline from local/stack.ts. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoChatContext } from '../adapters/dynamodb/chat-context.ts';
import { DynamoEventMarkers } from '../adapters/dynamodb/event-markers.ts';
import { DynamoCaseStore } from '../adapters/dynamodb/case-store.ts';
import { DynamoReviewStore } from '../adapters/dynamodb/review-store.ts';
import { DynamoRosterStore } from '../adapters/dynamodb/roster-store.ts';
import type { DocumentParts } from './documents.ts';
import type { ServiceMethod } from '../domain/service/form.ts';
import { DynamoDrawStore } from '../adapters/dynamodb/draw-store.ts';
import { DynamoInspectionLibraryStore } from '../adapters/dynamodb/library-store.ts';
import { DynamoListStore } from '../adapters/dynamodb/list-store.ts';
import { DynamoWorkOutbox } from '../adapters/dynamodb/work-outbox.ts';
import { DynamoStatisticsStore } from '../adapters/dynamodb/statistics-store.ts';
import { cryptoSeeds } from '../adapters/crypto/seeds.ts';
import type { ReminderWorkerDeps } from '../app/deadlines/context.ts';
import type { Job } from '../app/jobs.ts';
import type { Services, WorkerServices } from '../app/services.ts';
import type { Logger } from '../config/logger.ts';
import { viewLinkSeconds } from '../domain/dossier/evidence.ts';
import type { DossierChecklist } from '../domain/dossier/checklist.ts';
import type { EvidenceStore, MessageResources } from '../ports/evidence.ts';
import type { JobQueue, Messenger, SeedSource } from '../ports/index.ts';
import type { PublicSite } from '../ports/public-site.ts';
import type { ChartRenderer, ExportStore, FeishuMedia, StatisticsExporter } from '../ports/statistics.ts';
import { answerDeadline, caseDeadlines, inspectionResultDue, statisticsContext } from './deadlines.ts';
import { avDuties } from './av-duties.ts';
import { reviewRules } from './review.ts';

export interface CoreDeps {
  db: DynamoDBDocumentClient;
  tableName: string;
  jobs: JobQueue<Job>;
  caseNumberFormat: string;
  now: () => Date;
  log: Logger;
}

export function buildServices(d: CoreDeps): Services {
  const cases = new DynamoCaseStore(d.db, d.tableName);
  return {
    roster: new DynamoRosterStore(d.db, d.tableName),
    cases,
    chat: new DynamoChatContext(d.db, d.tableName),
    jobs: d.jobs,
    caseNumberFormat: d.caseNumberFormat,
    now: d.now,
    deadlinesFor: caseDeadlines,
    avDuties,
    log: d.log,
    lists: new DynamoListStore(d.db, d.tableName),
    draws: new DynamoDrawStore(d.db, d.tableName),
    library: new DynamoInspectionLibraryStore(d.db, d.tableName),
    outbox: new DynamoWorkOutbox(d.db, d.tableName),
    resultPublicationDue: inspectionResultDue,
    reviews: new DynamoReviewStore(d.db, d.tableName, cases),
    reviewRules,
    statistics: new DynamoStatisticsStore(d.db, d.tableName),
    statisticsContext,
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
  /** Drafting documents (handlers/documents.ts), passed in like the checklist; the review and service loaders default to the stores. */
  documents: DocumentParts;
}

/** What the worker has besides the core services and evidence: the public site, the seed source, the office chat. */
export interface WorkerExtras {
  site: PublicSite;
  /** Open API uploads (built with the same Feishu client as the messenger). */
  media: FeishuMedia;
  /** Chart PNGs (adapters/charts/lazy.ts: echarts → resvg, imported on first use; never from this file, which the tick and webhook bundles import). */
  charts: ChartRenderer;
  /** The exporter (adapters/export/lazy.ts) and where exports are stored (the reports bucket). */
  exporter: () => Promise<StatisticsExporter>;
  exports: ExportStore;
  seeds?: SeedSource;
  officeChatId?: string | undefined;
}

/**
 * The worker's services: the core ones plus the Feishu messenger, evidence storage, the site and the
 * deadline answers. `reminders`: the deadline store, the reminder data and the schedules
 * (handlers/scheduled.ts builds them, so the card path, which loads this module, does not carry the
 * reminders or the publisher); the case's legal review comes from the review store.
 */
export function buildWorkerServices(
  d: CoreDeps,
  messenger: Messenger,
  evidence: EvidenceDeps,
  extras: WorkerExtras,
  reminders: Omit<ReminderWorkerDeps, 'loadReview'>,
): WorkerServices {
  const base = buildServices(d);
  return {
    ...base,
    messenger,
    answerDeadline,
    markers: new DynamoEventMarkers(d.db, d.tableName),
    site: extras.site,
    seeds: extras.seeds ?? cryptoSeeds,
    ...(extras.officeChatId ? { officeChatId: extras.officeChatId } : {}),
    evidence: evidence.store,
    resources: evidence.resources,
    dossierChecklist: evidence.dossierChecklist,
    viewLinkSeconds: viewLinkSeconds(evidence.viewLinkSeconds),
    documents: {
      ...evidence.documents,
      loadReview: evidence.documents.loadReview ?? ((caseId) => base.reviews.get(caseId)),
      loadService:
        evidence.documents.loadService ??
        (async (caseId) => {
          const service = (await base.cases.get(caseId))?.service;
          return service ? { servedOn: service.servedOn, method: service.method as ServiceMethod, proofEvidenceIds: service.proofEvidenceIds } : null;
        }),
    },
    reminders: { ...reminders, loadReview: (caseId) => base.reviews.get(caseId) },
    charts: extras.charts,
    media: extras.media,
    exporter: extras.exporter,
    exports: extras.exports,
  };
}
