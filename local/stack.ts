/**
 * The whole bot on one machine: DynamoDB Local, s3rver, the fake Feishu Open API, and the Lambda
 * handlers served over HTTP with the real Feishu SDK client pointed at the fake.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { LocalJobQueue } from '../functions/adapters/async/local-queue.ts';
import { documentClient } from '../functions/adapters/dynamodb/client.ts';
import { ensureTable } from '../functions/adapters/dynamodb/table.ts';
import { FolderPublicSite, MemoryPublicSite } from '../functions/adapters/site/local.ts';
import { createFeishuClient, FeishuMessenger } from '../functions/adapters/feishu/messenger.ts';
import { runJob } from '../functions/app/jobs.ts';
import { importRoster, rosterFormat } from '../functions/app/roster-import.ts';
import type { Services } from '../functions/app/services.ts';
import type { FeishuSecrets } from '../functions/config/index.ts';
import type { PublicSite } from '../functions/ports/public-site.ts';
import type { SeedSource } from '../functions/ports/draws.ts';
import { createLogger, type Level, type Logger } from '../functions/config/logger.ts';
import { DEFAULT_CASE_NUMBER_FORMAT } from '../functions/domain/case/filing.ts';
import { createTickHandler } from '../functions/handlers/tick.ts';
import { createWebhookHandler, webhookDeps } from '../functions/handlers/webhook.ts';
import { createWorkerHandler } from '../functions/handlers/worker.ts';
import { buildServices, buildWorkerServices, type CoreDeps, scheduledTasks } from '../functions/handlers/wiring.ts';
import { localDynamoClient, type RunningEngine, startDynamoDbLocal, startS3 } from './engines.ts';
import { type FeishuSim, startFeishuSim } from './feishu-sim.ts';
import { createLocalServer } from './server.ts';

/** Local defaults: invented values, not secrets (the fixtures in test/fixtures/feishu use the same). */
export const LOCAL_DEFAULTS = {
  port: 3000,
  simPort: 3001,
  appId: 'cli_local_enforcement_bot',
  appSecret: 'local-app-secret',
  encryptKey: 'INVENTED-encrypt-key-0001',
  verificationToken: 'INVENTED-verification-token-0001',
  rosterFile: 'local/sample-roster.json',
  dataDir: '.local-data',
  tableName: 'enforcement',
  bucket: 'evidence',
};

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
  /** Where draws take their seeds (tests fix it); a CSPRNG otherwise. */
  seeds?: SeedSource;
  /** OFFICE_CHAT_ID: the office's group chat for draw commitments and results. */
  officeChatId?: string;
}

export interface RunningStack {
  botUrl: string;
  simUrl: string;
  sim: FeishuSim;
  dynamoEndpoint: string;
  /** Whether DynamoDB Local listens on 127.0.0.1 only (see local/engines.ts); null when reused. */
  dynamoLoopbackOnly: boolean | null;
  s3Endpoint: string | null;
  tableName: string;
  services: Services;
  db: DynamoDBDocumentClient;
  jobs: LocalJobQueue;
  /** The public disclosure site, served at `${botUrl}/public/`: DATA_DIR/public/, or memory. */
  site: PublicSite;
  stop(): Promise<void>;
}

export async function startStack(opts: StackOptions = {}): Promise<RunningStack> {
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
  let tick: ReturnType<typeof createTickHandler>;
  try {
    const [dynamo, s3, sim] = await Promise.all([
      opts.dynamoEndpoint
        ? Promise.resolve<RunningEngine & { loopbackOnly?: boolean }>({ endpoint: opts.dynamoEndpoint, stop: async () => {} })
        : startDynamoDbLocal(dataDir ? { dataDir: join(dataDir, 'dynamodb') } : {}),
      dataDir ? startS3({ directory: join(dataDir, 's3'), buckets: [LOCAL_DEFAULTS.bucket] }) : Promise.resolve(null),
      startFeishuSim({
        port: opts.simPort ?? LOCAL_DEFAULTS.simPort,
        host: opts.host ?? '127.0.0.1',
        appId: secrets.appId,
        appSecret: secrets.appSecret,
      }),
    ]);
    stoppers.push(dynamo.stop, () => sim.close());
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

    const jobs = new LocalJobQueue(log);
    const core: CoreDeps = {
      db,
      tableName,
      jobs: {
        // Real Feishu knows which chat each user message is in; tell the fake, so replies carry it.
        submit: async (job) => {
          if (job.kind === 'message') sim.registerInboundMessage(job.messageId, job.chatId);
          await jobs.submit(job);
        },
      },
      caseNumberFormat: opts.caseNumberFormat ?? DEFAULT_CASE_NUMBER_FORMAT,
      now: opts.now ?? (() => new Date()),
      log,
    };
    const services = buildServices(core);
    const feishu = createFeishuClient({ appId: secrets.appId, appSecret: secrets.appSecret, domain: sim.url, log });
    const workerServices = buildWorkerServices(core, new FeishuMessenger(feishu, log, { baseDelayMs: 50 }), {
      site,
      ...(opts.seeds ? { seeds: opts.seeds } : {}),
      officeChatId: opts.officeChatId ?? process.env.OFFICE_CHAT_ID,
    });
    const worker = createWorkerHandler(async () => workerServices, () => log);
    jobs.bind(async (job) => {
      await worker(job, {} as never);
    });
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
      simUrl: sim.url,
      sim,
      dynamoEndpoint: dynamo.endpoint,
      dynamoLoopbackOnly: dynamo.loopbackOnly ?? null,
      s3Endpoint: s3?.endpoint ?? null,
      tableName,
      services,
      db,
      jobs,
      site,
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
