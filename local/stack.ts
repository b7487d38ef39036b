/**
 * The whole bot on one machine: DynamoDB Local, s3rver, the fake Feishu Open API, and the Lambda
 * handlers served over HTTP with the real Feishu SDK client pointed at the fake.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { LambdaJobQueue, sdkInvoker } from '../functions/adapters/async/lambda-queue.ts';
import { LocalJobQueue } from '../functions/adapters/async/local-queue.ts';
import { documentClient } from '../functions/adapters/dynamodb/client.ts';
import { ensureTable } from '../functions/adapters/dynamodb/table.ts';
import { createFeishuClient, FeishuMessenger } from '../functions/adapters/feishu/messenger.ts';
import { runJob } from '../functions/app/jobs.ts';
import { importRoster, rosterFormat } from '../functions/app/roster-import.ts';
import type { Services } from '../functions/app/services.ts';
import type { FeishuSecrets } from '../functions/config/index.ts';
import { createLogger, type Level, type Logger } from '../functions/config/logger.ts';
import { DEFAULT_CASE_NUMBER_FORMAT } from '../functions/domain/case/filing.ts';
import { createTickHandler } from '../functions/handlers/tick.ts';
import { createWebhookHandler, webhookDeps } from '../functions/handlers/webhook.ts';
import { createWorkerHandler } from '../functions/handlers/worker.ts';
import { buildServices, buildWorkerServices, type CoreDeps, scheduledTasks } from '../functions/handlers/wiring.ts';
import type { JobQueue } from '../functions/ports/index.ts';
import { LOCAL_DEFAULTS } from './defaults.ts';
import { localDynamoClient, type RunningEngine, startDynamoDbLocal, startS3 } from './engines.ts';
import { type FeishuSim, SimClient, startFeishuSim } from './feishu-sim.ts';
import { createLocalServer } from './server.ts';
import { spawnWorkerHost, WORKER_FUNCTION_NAME } from './worker-host.ts';

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
  tableName?: string;
  caseNumberFormat?: string;
  /** The business clock; the signature check always uses the real clock. */
  now?: () => Date;
  logLevel?: Level;
  log?: Logger;
  /** FEISHU_LEGACY_CARD_CALLBACKS: accept legacy SHA-1 card callbacks (weaker; off by default). */
  legacyCardCallbacks?: boolean;
  /**
   * Run the worker in a process of its own (local/worker-host.ts), handed jobs by the deployed
   * asynchronous Invoke, as on Lambda; default in this process. Its clock is the real one (`now` is
   * this process's).
   */
  workerProcess?: boolean;
}

/** The job queue the stack's handlers use: `idle()` resolves when every job handed on has finished. */
export interface StackJobs extends JobQueue {
  idle(): Promise<void>;
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
  tableName: string;
  services: Services;
  db: DynamoDBDocumentClient;
  jobs: StackJobs;
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

  const server = createLocalServer({
    webhook: (e, c) => webhook(e, c as never),
    tick: (e, c) => tick(e, c as never),
    ready: () => ready,
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
  let tick: ReturnType<typeof createTickHandler>;
  try {
    const [dynamo, s3, sim] = await Promise.all([
      opts.dynamoEndpoint
        ? Promise.resolve<RunningEngine & { loopbackOnly?: boolean }>({ endpoint: opts.dynamoEndpoint, stop: async () => {} })
        : startDynamoDbLocal(dataDir ? { dataDir: join(dataDir, 'dynamodb') } : {}),
      dataDir ? startS3({ directory: join(dataDir, 's3'), buckets: [LOCAL_DEFAULTS.bucket] }) : Promise.resolve(null),
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
    if (s3) stoppers.push(s3.stop);

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
      jobs = { submit: (job) => queue.submit(job), idle: () => host.idle() };
    }
    const core: CoreDeps = { db, tableName, jobs, caseNumberFormat, now: opts.now ?? (() => new Date()), log };
    const services = buildServices(core);
    if (inProcess) {
      const feishu = createFeishuClient({ appId: secrets.appId, appSecret: secrets.appSecret, domain: simUrl, log });
      const workerServices = buildWorkerServices(core, new FeishuMessenger(feishu, log, { baseDelayMs: 50 }));
      const worker = createWorkerHandler(async () => workerServices, () => log);
      // Real Feishu knows which chat each user message is in; tell the fake before the worker replies.
      const remoteSim = sim ? null : new SimClient(simUrl);
      if (remoteSim) stoppers.push(async () => remoteSim.close());
      inProcess.bind(async (job) => {
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
    const tasks = scheduledTasks(services);
    tick = createTickHandler(() => tasks, () => log, services.now);

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
      s3Endpoint: s3?.endpoint ?? null,
      tableName,
      services,
      db,
      jobs,
      pids: { dynamo: dynamo.pid ?? null, worker: workerPid },
      stop: async () => {
        await jobs.idle();
        await stop();
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
