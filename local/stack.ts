/**
 * The whole bot on one machine: DynamoDB Local, s3rver, the fake Feishu Open API, and the Lambda
 * handlers served over HTTP with the real Feishu SDK client pointed at the fake.
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaJobQueue, sdkInvoker } from '../functions/adapters/async/lambda-queue.ts';
import { LocalJobQueue } from '../functions/adapters/async/local-queue.ts';
import { documentClient } from '../functions/adapters/dynamodb/client.ts';
import { ensureTable } from '../functions/adapters/dynamodb/table.ts';
import { FolderPublicSite, MemoryPublicSite } from '../functions/adapters/site/local.ts';
import { createFeishuClient, FeishuMessenger } from '../functions/adapters/feishu/messenger.ts';
import { FeishuResources } from '../functions/adapters/feishu/resources.ts';
import { FeishuMediaUploader } from '../functions/adapters/feishu/media-upload.ts';
import { lazyChartRenderer } from '../functions/adapters/charts/lazy.ts';
import { lazyExporter } from '../functions/adapters/export/lazy.ts';
import { S3ExportStore } from '../functions/adapters/export/s3-store.ts';
import { createEvidenceS3Client } from '../functions/adapters/s3/client.ts';
import { DEFAULT_OBJECT_LOCK } from '../functions/adapters/s3/config.ts';
import { S3EvidenceStore } from '../functions/adapters/s3/evidence-store.ts';
import { type FireResult, LocalReminderScheduler } from '../functions/adapters/scheduler/local.ts';
import type { Job } from '../functions/app/jobs.ts';
import { importRoster, rosterFormat } from '../functions/app/roster-import.ts';
import type { Services } from '../functions/app/services.ts';
import type { FeishuSecrets } from '../functions/config/index.ts';
import type { EvidenceStore } from '../functions/ports/evidence.ts';
import type { PublicSite } from '../functions/ports/public-site.ts';
import type { SeedSource } from '../functions/ports/draws.ts';
import { createLogger, type Level, type Logger } from '../functions/config/logger.ts';
import { DEFAULT_CASE_NUMBER_FORMAT } from '../functions/domain/case/filing.ts';
import { documentServices } from '../functions/handlers/documents.ts';
import { dossierChecklist } from '../functions/handlers/dossier.ts';
import { createTickHandler } from '../functions/handlers/tick.ts';
import { createWebhookHandler, webhookDeps } from '../functions/handlers/webhook.ts';
import { createWorkerHandler } from '../functions/handlers/worker.ts';
import { firedReminders, reminderTickDeps, scheduledTasks, workerReminders } from '../functions/handlers/scheduled.ts';
import { buildServices, buildWorkerServices, type CoreDeps } from '../functions/handlers/wiring.ts';
import type { JobQueue } from '../functions/ports/index.ts';
import { LOCAL_DEFAULTS } from './defaults.ts';
import { localDynamoClient, type RunningEngine, startDynamoDbLocal, startS3 } from './engines.ts';
import { type FeishuSim, SimClient, startFeishuSim } from './feishu-sim.ts';
import { createLocalServer } from './server.ts';
import { spawnWorkerHost, WORKER_FUNCTION_NAME } from './worker-host.ts';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { startStreamPoller } from './stream-poller.ts';

export { LOCAL_DEFAULTS };

export interface StackOptions {
  port?: number; // 0 = any free port
  simPort?: number;
  host?: string;
  secrets?: Partial<FeishuSecrets>;
  rosterFile?: string | null;
  /** Persistent data folder; null keeps everything in memory (tests). */
  dataDir?: string | null;
  /** Reuse a running DynamoDB Local (tests share one per run). */
  dynamoEndpoint?: string;
  /**
   * Reuse a running s3rver for the evidence (tests share one per run; give each stack its own
   * `bucket`, created if missing). Without it and without a data folder, an s3rver of the stack's own
   * runs in a temporary folder.
   */
  s3Endpoint?: string;
  /** The evidence bucket (default `evidence`). */
  bucket?: string;
  /** Where the Feishu SDK client goes (default: the fake Open API); tests put a fault proxy in front of it. */
  feishuDomain?: (simUrl: string) => string;
  tableName?: string;
  caseNumberFormat?: string;
  /** The business clock; the signature check always uses the real clock. */
  now?: () => Date;
  logLevel?: Level;
  log?: Logger;
  /** FEISHU_LEGACY_CARD_CALLBACKS: accept legacy SHA-1 card callbacks (weaker; off by default). */
  legacyCardCallbacks?: boolean;
  /** Where draws take their seeds (tests fix it); a CSPRNG otherwise. */
  seeds?: SeedSource;
  /** OFFICE_CHAT_ID: the office's group chat for draw commitments and results. */
  officeChatId?: string;
  /**
   * Run the worker in a process of its own (local/worker-host.ts), handed jobs by the deployed
   * asynchronous Invoke, as on Lambda; default in this process. Its clock is the real one (`now` is
   * this process's).
   */
  workerProcess?: boolean;
  /**
   * Feed the statistics aggregator from the table's stream (default true). The bench's ack runs turn
   * it off: on Lambda the aggregator is a function of its own, and the poller's requests would share
   * the webhook's event loop here.
   */
  streamPoller?: boolean;
}

/** The job queue the stack's handlers use: `idle()` resolves when every job handed on has finished. */
export interface StackJobs extends JobQueue {
  /** Carries any job: the worker's own schema decides what it runs (tests hand it malformed ones). */
  submit<J extends { kind: string }>(job: J): Promise<void>;
  idle(): Promise<void>;
  /** Jobs handed on are accepted and held, not run, until resume() (the bench's acknowledgement-only runs; tests of what happens before the worker takes a job). */
  pause(): Promise<void>;
  resume(): Promise<void>;
}

/** The same with a fake Open API that runs elsewhere (another process, spawnFeishuSim): the stack starts none. */
export type ExternalSimStackOptions = Omit<StackOptions, 'simPort'> & { simUrl: string };

/** `sim` is the in-process fake Open API, or null when it runs elsewhere (reach it at `simUrl`). */
export interface RunningStack<Sim extends FeishuSim | null = FeishuSim> {
  botUrl: string;
  simUrl: string;
  sim: Sim;
  dynamoEndpoint: string;
  /** Whether DynamoDB Local listens on 127.0.0.1 only (see local/engines.ts); null when reused. */
  dynamoLoopbackOnly: boolean | null;
  s3Endpoint: string | null;
  /** The evidence bucket in that s3rver. */
  bucket: string;
  tableName: string;
  services: Services;
  /** The worker's evidence store (s3rver). */
  evidence: EvidenceStore;
  db: DynamoDBDocumentClient;
  jobs: StackJobs;
  /** The public disclosure site, served at `${botUrl}/public/`: DATA_DIR/public/, or memory. */
  site: PublicSite;
  /** The offline stand-in for EventBridge Scheduler: the reminder schedules, fired by POST /_dev/tick. */
  scheduler: LocalReminderScheduler;
  /** Processes of the stack's own besides this one (null: none, or reused): the bench reads their CPU time. */
  pids: { dynamo: number | null; worker: number | null };
  stop(): Promise<void>;
}

export function startStack(opts: ExternalSimStackOptions): Promise<RunningStack<null>>;
export function startStack(opts?: StackOptions): Promise<RunningStack>;
export async function startStack(opts: StackOptions & { simUrl?: string } = {}): Promise<RunningStack<FeishuSim | null>> {
  const log = opts.log ?? createLogger('local', opts.logLevel ?? 'info');
  const secrets: FeishuSecrets = {
    appId: opts.secrets?.appId ?? LOCAL_DEFAULTS.appId,
    appSecret: opts.secrets?.appSecret ?? LOCAL_DEFAULTS.appSecret,
    encryptKey: opts.secrets?.encryptKey ?? LOCAL_DEFAULTS.encryptKey,
    verificationToken: opts.secrets?.verificationToken ?? LOCAL_DEFAULTS.verificationToken,
  };
  const tableName = opts.tableName ?? LOCAL_DEFAULTS.tableName;
  const dataDir = opts.dataDir === undefined ? LOCAL_DEFAULTS.dataDir : opts.dataDir;
  const stoppers: (() => Promise<void>)[] = [];
  let ready = false;
  const site = dataDir ? new FolderPublicSite(join(dataDir, 'public')) : new MemoryPublicSite();

  const server = createLocalServer({
    webhook: (e, c) => webhook(e, c as never),
    tick: (e, c) => tick(e, c as never),
    ready: () => ready,
    publicSite: (path) => site.read(path),
  });
  server.listen(opts.port ?? LOCAL_DEFAULTS.port, opts.host ?? '127.0.0.1');
  await once(server, 'listening');
  stoppers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch((err) => log.error('stop failed', { err }));
  };

  let webhook: ReturnType<typeof createWebhookHandler>;
  let tick: (event: unknown, context: unknown) => Promise<unknown>;
  try {
    const bucket = opts.bucket ?? LOCAL_DEFAULTS.bucket;
    // Evidence in s3rver: the data folder's, a running one (tests), or one of our own in a temporary folder.
    const s3Dir = dataDir ? join(dataDir, 's3') : opts.s3Endpoint ? null : mkdtempSync(join(tmpdir(), 'enf-stack-s3-'));
    const [dynamo, s3, sim] = await Promise.all([
      opts.dynamoEndpoint
        ? Promise.resolve<RunningEngine & { loopbackOnly?: boolean }>({ endpoint: opts.dynamoEndpoint, stop: async () => {} })
        : startDynamoDbLocal(dataDir ? { dataDir: join(dataDir, 'dynamodb') } : {}),
      s3Dir ? startS3({ directory: s3Dir, buckets: [bucket] }) : Promise.resolve(null),
      opts.simUrl
        ? Promise.resolve(null)
        : startFeishuSim({
            port: opts.simPort ?? LOCAL_DEFAULTS.simPort,
            host: opts.host ?? '127.0.0.1',
            appId: secrets.appId,
            appSecret: secrets.appSecret,
          }),
    ]);
    stoppers.push(dynamo.stop);
    if (sim) stoppers.push(() => sim.close());
    const simUrl = sim?.url ?? (opts.simUrl as string);
    // Stopped in reverse: the temporary folder goes after the s3rver that uses it.
    if (s3Dir && !dataDir) stoppers.push(async () => rmSync(s3Dir, { recursive: true, force: true }));
    if (s3) stoppers.push(s3.stop);
    const s3Endpoint = s3?.endpoint ?? (opts.s3Endpoint as string);
    const s3Client = createEvidenceS3Client({ endpoint: s3Endpoint });
    stoppers.push(async () => s3Client.destroy());
    if (!s3) {
      await s3Client.send(new CreateBucketCommand({ Bucket: bucket })).catch((err: { name?: string }) => {
        if (err?.name !== 'BucketAlreadyOwnedByYou' && err?.name !== 'BucketAlreadyExists') throw err;
      });
    }
    // s3rver has no Object Lock; the lock settings are sent as they are deployed (the CDK stack has it).
    const evidence = new S3EvidenceStore({ client: s3Client, bucket, retention: DEFAULT_OBJECT_LOCK, log });

    // DynamoDB Local is a JVM on a shared machine: table creation and its first calls take seconds, and
    // far more under load, so the deployed ack-path timeouts (functions/adapters/dynamodb/client.ts,
    // tested against a hung endpoint) would fail here at random. Enforced, but beyond any test's own
    // timeout; two attempts as deployed.
    const client = localDynamoClient(dynamo.endpoint, {
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
    });
    await ensureTable(client, tableName);
    const db = documentClient(client);

    const caseNumberFormat = opts.caseNumberFormat ?? DEFAULT_CASE_NUMBER_FORMAT;
    let jobs: StackJobs;
    let workerPid: number | null = null;
    const inProcess = opts.workerProcess ? null : new LocalJobQueue(log);
    if (inProcess) {
      jobs = inProcess;
    } else {
      const host = await spawnWorkerHost({
        dynamoEndpoint: dynamo.endpoint,
        tableName,
        simUrl,
        appId: secrets.appId,
        appSecret: secrets.appSecret,
        caseNumberFormat,
        logLevel: opts.logLevel ?? 'error',
        s3Endpoint,
        bucket,
        siteDir: dataDir ? join(dataDir, 'public') : null,
        officeChatId: opts.officeChatId ?? process.env.OFFICE_CHAT_ID,
      });
      stoppers.push(host.stop);
      workerPid = host.pid;
      // The deployed hand-off (an asynchronous Invoke through the AWS SDK), with generous timeouts as above.
      const queue = new LambdaJobQueue(
        WORKER_FUNCTION_NAME,
        sdkInvoker({
          endpoint: host.url,
          region: 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
        }),
      );
      jobs = { submit: (job) => queue.submit(job), idle: () => host.idle(), pause: () => host.pause(), resume: () => host.resume() };
    }
    const core: CoreDeps = { db, tableName, jobs, caseNumberFormat, now: opts.now ?? (() => new Date()), log };
    const scheduler = new LocalReminderScheduler(db, tableName);
    const handOffIdle = jobs.idle.bind(jobs);
    // The statistics aggregator, fed by the table's stream as on Lambda (handlers/aggregator.ts).
    if (opts.streamPoller !== false) {
      const streamArn = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.LatestStreamArn;
      if (!streamArn) throw new Error(`table ${tableName} has no stream`);
      // Imported here, not at the top: the CLIs import this module for LOCAL_DEFAULTS and start faster without it.
      const [{ aggregateStreamBatch }, { aggregatorDeps }] = await Promise.all([
        import('../functions/app/statistics/stream.ts'),
        import('../functions/handlers/aggregator.ts'),
      ]);
      const stats = aggregatorDeps(db, tableName, core.now);
      const poller = startStreamPoller({ endpoint: dynamo.endpoint, streamArn, handle: (records) => aggregateStreamBatch(records, stats, log), log });
      stoppers.push(() => poller.stop());
      // Idle: every job finished, then everything they wrote counted. The same queue object the services
      // hold (tests spy on its submit), with idle() extended.
      jobs.idle = async () => {
        await handOffIdle();
        await poller.drain();
      };
    }
    const services = buildServices(core);
    if (inProcess) {
      const feishu = createFeishuClient({ appId: secrets.appId, appSecret: secrets.appSecret, domain: opts.feishuDomain?.(simUrl) ?? simUrl, log });
      const workerServices = buildWorkerServices(
        core,
        new FeishuMessenger(feishu, log, { baseDelayMs: 50 }),
        { store: evidence, resources: new FeishuResources(feishu, log, { baseDelayMs: 50 }), dossierChecklist, documents: documentServices() },
        {
          site,
          ...(opts.seeds ? { seeds: opts.seeds } : {}),
          officeChatId: opts.officeChatId ?? process.env.OFFICE_CHAT_ID,
          media: new FeishuMediaUploader(feishu, log, { baseDelayMs: 50 }),
          charts: lazyChartRenderer(),
          exporter: lazyExporter(),
          // Offline the exports go to the evidence bucket's s3rver under exports/ (deployed: the reports bucket).
          exports: new S3ExportStore(s3Client, bucket),
        },
        workerReminders(core, { scheduler }),
      );
      const worker = createWorkerHandler(async () => workerServices, () => log);
      // Real Feishu knows which chat each user message is in; tell the fake before the worker replies.
      const remoteSim = sim ? null : new SimClient(simUrl);
      if (remoteSim) stoppers.push(async () => remoteSim.close());
      inProcess.bind(async (raw) => {
        const job = raw as Job;
        if (job.kind === 'message') {
          if (sim) sim.registerInboundMessage(job.messageId, job.chatId);
          else await remoteSim?.registerInboundMessage(job.messageId, job.chatId);
        }
        await worker(job, {} as never);
      });
    }
    webhook = createWebhookHandler(
      async () =>
        webhookDeps(core, async () => secrets, {
          legacyCardCallbacks: opts.legacyCardCallbacks,
          // The 2.5 s deadline is Feishu's 3 s on Lambda; the fake Open API has no such limit, the sources
          // are transformed on first use and DynamoDB Local is slow under load. Past any test's timeout,
          // so no test depends on the machine's speed.
          deadlineMs: 60_000,
        }),
      () => log,
    );
    const reminders = reminderTickDeps(core);
    const tasks = scheduledTasks(services, reminders, site);
    const fired = firedReminders(services, reminders);
    // POST /_dev/tick {"now"}: what EventBridge Scheduler would fire at that instant (each event through
    // the tick handler, as its target), then the tick's own scheduled run at the same instant.
    tick = async (event) => {
      const when = (event as { now?: unknown } | null)?.now;
      const now = typeof when === 'string' ? new Date(when) : services.now();
      const handler = createTickHandler(() => tasks, () => log, () => now, () => fired);
      const outcomes: unknown[] = [];
      const schedules: FireResult = await scheduler.fireDue(now, async (e) => outcomes.push(await handler(e, {} as never)));
      const run = await handler({ now: now.toISOString() }, {} as never);
      return { ...run, schedules: { ...schedules, outcomes } };
    };

    const rosterFile = opts.rosterFile === undefined ? LOCAL_DEFAULTS.rosterFile : opts.rosterFile;
    if (rosterFile) {
      const format = rosterFormat(rosterFile);
      if (!format) throw new Error(`roster file must be .json or .csv: ${rosterFile}`);
      const result = await importRoster(readFileSync(rosterFile, 'utf8'), format, services.roster, services.now());
      if (!result.ok) {
        const lines = result.problems.map((p) => `  line ${p.line}: ${p.message}`).join('\n');
        throw new Error(`roster ${rosterFile} has errors; nothing imported:\n${lines}`);
      }
      log.info('roster imported', { file: rosterFile, people: result.written, deactivated: result.deactivated });
    }

    ready = true;
    const port = (server.address() as AddressInfo).port;
    return {
      botUrl: `http://${opts.host ?? '127.0.0.1'}:${port}`,
      simUrl,
      sim,
      dynamoEndpoint: dynamo.endpoint,
      dynamoLoopbackOnly: dynamo.loopbackOnly ?? null,
      s3Endpoint,
      bucket,
      tableName,
      services,
      evidence,
      db,
      jobs,
      site,
      scheduler,
      pids: { dynamo: dynamo.pid ?? null, worker: workerPid },
      stop: async () => {
        // The jobs handed on finish; the stream is not drained (on Ctrl-C DynamoDB Local is stopping too):
        // what it had not counted yet is counted at the next start (the poller reads from the trim horizon).
        await handOffIdle();
        await stop();
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
