/**
 * The worker in a process of its own, invoked as Lambda invokes it: the bot hands jobs on with the
 * deployed LambdaJobQueue (the AWS SDK's asynchronous Invoke) pointed at this process, which answers
 * 202 at once and runs the job afterwards with Lambda's retry policy (the in-process LocalJobQueue).
 * On Lambda the webhook and the worker are separate functions; `startStack({ workerProcess: true })`
 * and the bench run them so, so the worker's work does not share the webhook's event loop.
 *
 *   POST /2015-03-31/functions/<name>/invocations   Lambda's Invoke; only `X-Amz-Invocation-Type: Event`
 *   GET  /idle                                       answers once every job taken has finished
 *   POST /pause, POST /resume                        hold the jobs Invoke accepts, then run them (the bench
 *                                                    times acknowledgements with no worker on the cores)
 *
 * Loopback callers only (local/loopback-guard.ts). Run by spawnWorkerHost with its configuration in
 * WORKER_HOST_CONFIG (JSON); it prints `worker-host listening on <url>` once it listens.
 */
import { Agent, createServer, get, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LocalJobQueue } from '../functions/adapters/async/local-queue.ts';
import { documentClient } from '../functions/adapters/dynamodb/client.ts';
import { FeishuMediaUploader } from '../functions/adapters/feishu/media-upload.ts';
import { lazyChartRenderer } from '../functions/adapters/charts/lazy.ts';
import { lazyExporter } from '../functions/adapters/export/lazy.ts';
import { S3ExportStore } from '../functions/adapters/export/s3-store.ts';
import { createFeishuClient, FeishuMessenger } from '../functions/adapters/feishu/messenger.ts';
import { FeishuResources } from '../functions/adapters/feishu/resources.ts';
import { createEvidenceS3Client } from '../functions/adapters/s3/client.ts';
import { DEFAULT_OBJECT_LOCK } from '../functions/adapters/s3/config.ts';
import { S3EvidenceStore } from '../functions/adapters/s3/evidence-store.ts';
import { documentServices } from '../functions/handlers/documents.ts';
import { FolderPublicSite, MemoryPublicSite } from '../functions/adapters/site/local.ts';
import { LocalReminderScheduler } from '../functions/adapters/scheduler/local.ts';
import { dossierChecklist } from '../functions/handlers/dossier.ts';
import { createLogger, type Level } from '../functions/config/logger.ts';
import { createWorkerHandler } from '../functions/handlers/worker.ts';
import { workerReminders } from '../functions/handlers/scheduled.ts';
import { buildWorkerServices, type CoreDeps } from '../functions/handlers/wiring.ts';
import type { Job } from '../functions/app/jobs.ts';
import { type ChildProcess, spawnTsx, stopWithParent } from './child-process.ts';
import { localDynamoClient } from './engines.ts';
import { SimClient } from './feishu-sim.ts';
import { localOnlyRefusal } from './loopback-guard.ts';

export interface WorkerHostConfig {
  dynamoEndpoint: string;
  tableName: string;
  /** The fake Open API (in the stack's process or its own). */
  simUrl: string;
  appId: string;
  appSecret: string;
  caseNumberFormat: string;
  logLevel: Level;
  /** The evidence bucket's s3rver and the bucket (created by the stack). */
  s3Endpoint: string;
  bucket: string;
  /** The public site's folder (DATA_DIR/public); null: in this process's memory, unseen by the stack's /public/. */
  siteDir: string | null;
  officeChatId?: string;
}

export const WORKER_FUNCTION_NAME = 'worker';

export interface WorkerHost extends ChildProcess {
  /** Resolves once every job the host has taken has finished (held jobs wait for resume()). */
  idle(): Promise<void>;
  /** Jobs are accepted (202) and held, not run, until resume(). */
  pause(): Promise<void>;
  /** Runs the held jobs; idle() waits for them. */
  resume(): Promise<void>;
}

export async function spawnWorkerHost(config: WorkerHostConfig): Promise<WorkerHost> {
  const child = await spawnTsx(fileURLToPath(import.meta.url), { WORKER_HOST_CONFIG: JSON.stringify(config) }, /worker-host listening on (\S+)/);
  // Kept alive: the bench asks after every push in its drained run.
  const agent = new Agent({ keepAlive: true });
  const answered = (res: IncomingMessage, what: string, resolve: () => void, reject: (err: Error) => void) => {
    res.resume();
    res.once('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`worker host ${what} answered ${res.statusCode}`))));
  };
  const post = (path: string) =>
    new Promise<void>((resolve, reject) => {
      request(`${child.url}${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': 2 } }, (res) =>
        answered(res, path, resolve, reject),
      )
        .once('error', reject)
        .end('{}');
    });
  return {
    ...child,
    idle: () =>
      new Promise<void>((resolve, reject) => {
        get(`${child.url}/idle`, { agent }, (res) => answered(res, '/idle', resolve, reject)).once('error', reject);
      }),
    pause: () => post('/pause'),
    resume: () => post('/resume'),
    stop: async () => {
      agent.destroy();
      await child.stop();
    },
  };
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function main(config: WorkerHostConfig): Promise<void> {
  const log = createLogger('worker', config.logLevel);
  // Enforced but generous timeouts, as in local/stack.ts: DynamoDB Local is slow on a loaded machine.
  const client = localDynamoClient(config.dynamoEndpoint, {
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
  });
  const jobs = new LocalJobQueue(log);
  const core: CoreDeps = {
    db: documentClient(client),
    tableName: config.tableName,
    jobs,
    caseNumberFormat: config.caseNumberFormat,
    now: () => new Date(),
    log,
  };
  const feishu = createFeishuClient({ appId: config.appId, appSecret: config.appSecret, domain: config.simUrl, log });
  const s3Client = createEvidenceS3Client({ endpoint: config.s3Endpoint });
  const services = buildWorkerServices(
    core,
    new FeishuMessenger(feishu, log, { baseDelayMs: 50 }),
    {
      store: new S3EvidenceStore({ client: s3Client, bucket: config.bucket, retention: DEFAULT_OBJECT_LOCK, log }),
      resources: new FeishuResources(feishu, log, { baseDelayMs: 50 }),
      dossierChecklist,
      documents: documentServices(),
    },
    {
      site: config.siteDir ? new FolderPublicSite(config.siteDir) : new MemoryPublicSite(),
      media: new FeishuMediaUploader(feishu, log, { baseDelayMs: 50 }),
      charts: lazyChartRenderer(),
      exporter: lazyExporter(),
      exports: new S3ExportStore(s3Client, config.bucket),
      ...(config.officeChatId ? { officeChatId: config.officeChatId } : {}),
    },
    // The stack's tick fires these from the same table (POST /_dev/tick).
    workerReminders(core, { scheduler: new LocalReminderScheduler(core.db, config.tableName) }),
  );
  const worker = createWorkerHandler(async () => services, () => log);
  const sim = new SimClient(config.simUrl);
  jobs.bind(async (raw) => {
    const job = raw as Job;
    // Real Feishu knows which chat each user message is in; tell the fake before the worker replies.
    if (job.kind === 'message') await sim.registerInboundMessage(job.messageId, job.chatId);
    await worker(job, {} as never);
  });

  const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
  const server = createServer((req, res) => {
    const send = (status: number, body = '') => {
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    };
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const refusal = localOnlyRefusal(req.method ?? 'GET', req.headers, 'bytes');
      if (refusal) return send(refusal.status, JSON.stringify({ message: refusal.error }));
      if (req.method === 'GET' && path === '/idle') {
        await jobs.idle();
        return send(200, '{}');
      }
      if (req.method === 'POST' && (path === '/pause' || path === '/resume')) {
        await (path === '/pause' ? jobs.pause() : jobs.resume());
        return send(200, '{}');
      }
      const name = invoke.exec(path)?.[1];
      if (req.method !== 'POST' || decodeURIComponent(name ?? '') !== WORKER_FUNCTION_NAME) {
        return send(404, JSON.stringify({ message: `no function at ${req.method} ${path}` }));
      }
      if (req.headers['x-amz-invocation-type'] !== 'Event') {
        return send(400, JSON.stringify({ message: 'only asynchronous invocation (X-Amz-Invocation-Type: Event) is offered' }));
      }
      let job: Job;
      try {
        job = JSON.parse((await readAll(req)).toString('utf8')) as Job;
      } catch {
        return send(400, JSON.stringify({ message: 'the payload is not JSON' }));
      }
      // Like Lambda: queued and answered 202; the worker validates the job itself.
      await jobs.submit(job);
      return send(202);
    })().catch((err: unknown) => {
      log.error('worker host failed', { err });
      if (!res.headersSent) send(500, '{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  console.log(`worker-host listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const stop = () => {
    // Jobs taken are finished first, as a Lambda invocation runs to its end (held ones are dropped).
    void jobs.idle().then(() => {
      sim.close();
      server.close();
      server.closeAllConnections();
      client.destroy();
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  stopWithParent(stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(JSON.parse(process.env.WORKER_HOST_CONFIG ?? '{}') as WorkerHostConfig);
}
