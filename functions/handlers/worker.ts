/**
 * Lambda: asynchronous jobs (invoked with InvocationType Event). Off the acknowledgement path, so it
 * may load the Feishu SDK. A thrown error makes Lambda retry (twice) and then use the failure destination.
 */
import { fileURLToPath } from 'node:url';
import middy from '@middy/core';
import { jobQueueFor } from '../adapters/async/lambda-queue.ts';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { createFeishuClient, FeishuMessenger } from '../adapters/feishu/messenger.ts';
import { createSiteS3Client, S3PublicSite } from '../adapters/site/s3.ts';
import { FeishuResources } from '../adapters/feishu/resources.ts';
import { FeishuMediaUploader } from '../adapters/feishu/media-upload.ts';
import { bundledChartAssets, lazyChartRenderer } from '../adapters/charts/lazy.ts';
import { lazyExporter } from '../adapters/export/lazy.ts';
import { S3ExportStore } from '../adapters/export/s3-store.ts';
import { createEvidenceS3Client } from '../adapters/s3/client.ts';
import { evidenceStoreConfig } from '../adapters/s3/config.ts';
import { schedulerConfigFromEnv } from '../adapters/scheduler/config.ts';
import { createSchedulerClient, EventBridgeReminderScheduler } from '../adapters/scheduler/eventbridge.ts';
import { type ReminderScheduler, SchedulingError } from '../ports/scheduling.ts';
import { S3EvidenceStore } from '../adapters/s3/evidence-store.ts';
import { jobSchema, runJob } from '../app/jobs.ts';
import type { WorkerServices } from '../app/services.ts';
import { loadAppCredentials, readConfig } from '../config/index.ts';
import { createLogger, type Logger } from '../config/logger.ts';
import { documentServices } from './documents.ts';
import { dossierChecklist } from './dossier.ts';
import { workerReminders } from './scheduled.ts';
import { buildWorkerServices, type CoreDeps } from './wiring.ts';

export function createWorkerHandler(getServices: () => Promise<WorkerServices>, log: () => Logger) {
  return middy<unknown, void>().handler(async (event) => {
    const job = jobSchema.safeParse(event);
    if (!job.success) {
      // A malformed job will never succeed: log it and do not retry.
      log().error('malformed job dropped', { issues: job.error.issues });
      return;
    }
    await runJob(job.data, await getServices());
  });
}

/** A stack without the reminder settings: a sync fails loudly (the reconciliation still sends). */
const unconfiguredScheduler: ReminderScheduler = {
  upsert: async () => Promise.reject(new SchedulingError('reminder schedules are not configured for this function (REMINDER_* settings)', false, 'NotConfigured')),
  remove: async () => Promise.reject(new SchedulingError('reminder schedules are not configured for this function (REMINDER_* settings)', false, 'NotConfigured')),
};

/** Statistics exports go to the reports bucket (REPORTS_BUCKET, set by the stack). */
function reportsStore(): S3ExportStore {
  const bucket = process.env.REPORTS_BUCKET;
  if (!bucket) throw new Error('REPORTS_BUCKET is not set');
  return new S3ExportStore(createEvidenceS3Client(), bucket);
}

/**
 * The chart renderer (统计, the annual report): on Lambda resvg's WebAssembly and the chart fonts are
 * beside index.mjs (infra/bundle.ts copies them); offline and in tests, the installed packages' files.
 * Exported so that a test can draw a chart through the deployable bundle itself.
 */
export const charts = lazyChartRenderer(
  [process.env.LAMBDA_TASK_ROOT, fileURLToPath(new URL('.', import.meta.url))]
    .filter((dir): dir is string => dir !== undefined && dir !== '')
    .map((dir) => bundledChartAssets(dir))
    .find((assets) => assets !== undefined),
);

let services: Promise<WorkerServices> | undefined;
let logger: Logger | undefined;

function lambdaServices(): Promise<WorkerServices> {
  services ??= (async () => {
    const config = readConfig();
    const log = (logger = createLogger('worker', config.logLevel));
    const secrets = await loadAppCredentials(config);
    const client = createFeishuClient({ appId: secrets.appId, appSecret: secrets.appSecret, domain: config.feishuDomain, log });
    const core: CoreDeps = {
      db: createDocumentClient(),
      tableName: config.tableName,
      jobs: jobQueueFor(config.workerFunctionName),
      caseNumberFormat: config.caseNumberFormat,
      now: () => new Date(),
      log,
    };
    if (!config.publicSiteBucket) throw new Error('PUBLIC_SITE_BUCKET is not set');
    const site = new S3PublicSite(createSiteS3Client(), config.publicSiteBucket);
    const evidence = evidenceStoreConfig(process.env);
    const schedules = schedulerConfigFromEnv(process.env);
    return buildWorkerServices(
      core,
      new FeishuMessenger(client, log),
      {
        store: new S3EvidenceStore({ client: createEvidenceS3Client(), bucket: evidence.bucket, retention: evidence.retention, log }),
        resources: new FeishuResources(client, log),
        dossierChecklist,
        documents: documentServices(),
      },
      { site, officeChatId: config.officeChatId, media: new FeishuMediaUploader(client, log), charts, exporter: lazyExporter(), exports: reportsStore() },
      workerReminders(core, { scheduler: schedules ? new EventBridgeReminderScheduler(createSchedulerClient(), schedules) : unconfiguredScheduler }),
    );
  })();
  services.catch(() => {
    services = undefined;
  });
  return services;
}

export const handler = createWorkerHandler(lambdaServices, () => logger ?? createLogger('worker'));
