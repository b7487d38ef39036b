/**
 * Stage 3: ack-path latency. Signed, encrypted `im.message.receive_v1` pushes to `POST /feishu/events`
 * of the offline stack (local/stack.ts) over real HTTP: sequential (with the worker drained between
 * pushes, and with it running), the runs the acknowledgement target is judged on; and concurrent (with
 * the worker holding its jobs until every push is acknowledged, and with it running), capacity figures
 * on a machine whose cores they saturate. Interleaved in blocks with two baselines that
 * see the same conditions: `GET /healthz` (same server, no handler) and the ack's first DynamoDB write
 * (the event marker's claim) called directly. Returns data; bench/report.ts prints it.
 *
 * What runs where: this process holds the HTTP client and the bot's HTTP server with the webhook
 * handler; the worker runs in a process of its own, handed each job by the deployed asynchronous
 * Invoke (local/worker-host.ts), and so does the fake Open API (spawnFeishuSim); DynamoDB Local is a
 * JVM. On Lambda the webhook has its process to itself, hands each job on with an Invoke and the
 * worker is another function; Feishu is elsewhere. So neither the worker's work nor the fake's belongs
 * on the event loop whose acknowledgements are timed, and the hand-off is the deployed one.
 * --worker-in-process and --sim-in-process put them back in this process, as `npm start` runs them
 * (the hand-off then a function call), for comparison.
 *
 * The processes still share the machine's cores: the CPU table says what each one spent per push, so
 * a run that saturates the machine (concurrency 8 on 2 cores) shows where the time went.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DynamoEventMarkers } from '../functions/adapters/dynamodb/event-markers.ts';
import { silentLogger } from '../functions/config/logger.ts';
import { LOCAL_DEFAULTS } from '../local/defaults.ts';
import { feishuRequest, messageEvent } from '../local/feishu-push.ts';
import { type FeishuSim, type SimMessage, type SimProcess, spawnFeishuSim } from '../local/feishu-sim.ts';
import { type RunningStack, startStack } from '../local/stack.ts';
import { type BenchOptions, ROOT } from './options.ts';
import { ownCpuMs, processCpuMs } from './cpu.ts';
import { loadAvg, r1, r2, type Summary, summarise } from './stats.ts';

const ROSTER = join(ROOT, 'local/sample-roster.json');

/** The sender of every push: 张三, an officer on the sample roster. */
const SENDER = (JSON.parse(readFileSync(ROSTER, 'utf8')) as { open_id: string; name: string }[]).find((p) => p.name === '张三')!.open_id;

interface Prepared {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string | number>;
  body?: Buffer;
  expect: string;
}

interface Timed {
  status: number;
  body: string;
  ms: number;
}

function send(agent: http.Agent, base: URL, r: Prepared): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(
      { agent, host: base.hostname, port: base.port, method: r.method, path: r.path, headers: r.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

/** A signed, encrypted message push, exactly as Feishu sends it (distinct event and message ids). */
function eventRequest(): Prepared {
  const { body, headers } = feishuRequest(messageEvent({ openId: SENDER, text: '帮助' }));
  const buf = Buffer.from(body, 'utf8');
  return { method: 'POST', path: '/feishu/events', headers: { ...headers, 'content-length': buf.length }, body: buf, expect: '{}' };
}
const healthRequest = (): Prepared => ({ method: 'GET', path: '/healthz', headers: {}, expect: '{"ok":true}' });

/** Sums the time during which at least one request of a route is in flight (throughput's denominator). */
class Busy {
  private inFlight = 0;
  private since = 0;
  total = 0;
  begin() {
    if (this.inFlight++ === 0) this.since = performance.now();
  }
  end() {
    if (--this.inFlight === 0) this.total += performance.now() - this.since;
  }
}

/** Samples and busy time of one route in one run. */
class Route {
  readonly samples: number[] = [];
  readonly busy = new Busy();
  async time(op: () => Promise<void>) {
    this.busy.begin();
    const t0 = performance.now();
    try {
      await op();
    } finally {
      this.busy.end();
    }
    this.samples.push(performance.now() - t0);
  }
  result(): RouteResult {
    return { ...summarise(this.samples), throughput_rps: r1((this.samples.length / this.busy.total) * 1000), busy_ms: Math.round(this.busy.total) };
  }
}

async function pool(count: number, concurrency: number, fn: (i: number) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

export interface Mode {
  key: string;
  label: string;
  concurrency: number;
  /** The worker finishes each push's job before the next push. */
  drain: boolean;
  /** The worker holds the jobs until every push of the run is acknowledged, then runs them (`drainMs`). */
  hold: boolean;
  /**
   * Whether the run is judged against the acknowledgement target (the issue's: 1,000 events, one after
   * another). The concurrent runs are capacity figures: 8 pushes in flight keep the 2 cores busy, so
   * their latency is the queue that builds (Little's law), which the CPU table shows.
   */
  target: boolean;
}

export interface RouteResult extends Summary {
  throughput_rps: number;
  busy_ms: number;
}
/**
 * CPU ms per push in each process while a run's pushes are timed (everything it made them do, the
 * baselines and the worker's replies included, divided by its pushes); a held run's jobs run after.
 */
export interface CpuPerPush {
  bench: number;
  /** null when the part runs in the bench process (its CPU is in `bench`) or cannot be read. */
  worker: number | null;
  fake_open_api: number | null;
  dynamodb_local: number | null;
}

export interface ModeResult {
  mode: Mode;
  events: RouteResult;
  healthz: RouteResult;
  put: RouteResult;
  wallMs: number;
  drainMs: number;
  loadavg: number[];
  cpu: CpuPerPush;
  /** Of the 2 cores' time while the pushes were timed, how much the four processes used (2 = saturated). */
  coresBusy: number;
}

export class Broken extends Error {}
let putSeq = 0; // marker ids for the direct PutItem baseline, unique across runs

async function http200(agent: http.Agent, base: URL, r: Prepared) {
  const t = await send(agent, base, r);
  if (t.status !== 200 || t.body !== r.expect) {
    throw new Broken(`${r.method} ${r.path} answered ${t.status} ${t.body.slice(0, 300)} (expected 200 ${r.expect})`);
  }
}

/**
 * N events, N healthz and N/4 direct DynamoDB Local writes, interleaved in blocks so all three see
 * the same conditions (JVM warm-up, the in-process worker's backlog, other load on the machine).
 */
async function runMode(
  stack: RunningStack<FeishuSim | null>,
  agent: http.Agent,
  base: URL,
  mode: Mode,
  n: number,
  blockSize: number,
  simPid: number | null,
): Promise<ModeResult> {
  const pids = { worker: stack.pids.worker, fake_open_api: simPid, dynamodb_local: stack.pids.dynamo };
  const cpuBefore = {
    bench: ownCpuMs(),
    worker: processCpuMs(pids.worker),
    fake_open_api: processCpuMs(pids.fake_open_api),
    dynamodb_local: processCpuMs(pids.dynamodb_local),
  };
  // Built up front (AES + HMAC are the client's work, not the bot's); timestamps stay within 5 min.
  const events = Array.from({ length: n }, eventRequest);
  const markers = new DynamoEventMarkers(stack.db, stack.tableName);
  const ev = new Route();
  const hz = new Route();
  const put = new Route();
  if (mode.hold) await stack.jobs.pause();
  const t0 = performance.now();
  for (let start = 0; start < n; start += blockSize) {
    const size = Math.min(blockSize, n - start);
    await pool(size, mode.concurrency, () => hz.time(() => http200(agent, base, healthRequest())));
    // The ack path's one DynamoDB write (the event marker's claim, a conditional PutItem; the worker
    // completes it later), without HTTP or handler.
    await pool(Math.max(1, Math.round(size / 4)), mode.concurrency, () =>
      put.time(async () => {
        if ((await markers.claim(`bench-put-${process.pid}-${putSeq++}`, Date.now())).state !== 'claimed') throw new Broken('marker write reported a duplicate');
      }),
    );
    await pool(size, mode.concurrency, async (i) => {
      await ev.time(() => http200(agent, base, events[start + i]!));
      if (mode.drain) await stack.jobs.idle(); // the worker's reply is finished before the next push
    });
  }
  const acked = performance.now();
  const cpuAfter = {
    bench: ownCpuMs(),
    worker: processCpuMs(pids.worker),
    fake_open_api: processCpuMs(pids.fake_open_api),
    dynamodb_local: processCpuMs(pids.dynamodb_local),
  };
  if (mode.hold) await stack.jobs.resume();
  await stack.jobs.idle();
  const done = performance.now();
  const used = (k: keyof typeof cpuBefore) => {
    const before = cpuBefore[k];
    const after = cpuAfter[k];
    return before === null || after === null ? null : after - before;
  };
  const perPush = (k: keyof typeof cpuBefore) => {
    const ms = used(k);
    return ms === null ? null : r2(ms / n);
  };
  const cpu: CpuPerPush = {
    bench: r2((cpuAfter.bench - cpuBefore.bench) / n),
    worker: perPush('worker'),
    fake_open_api: perPush('fake_open_api'),
    dynamodb_local: perPush('dynamodb_local'),
  };
  const cpuMs = (Object.keys(cpuBefore) as (keyof typeof cpuBefore)[]).reduce((sum, k) => sum + (used(k) ?? 0), 0);
  return {
    mode,
    events: ev.result(),
    healthz: hz.result(),
    put: put.result(),
    wallMs: acked - t0,
    drainMs: done - acked,
    loadavg: loadAvg(),
    cpu,
    coresBusy: r2(cpuMs / (acked - t0)),
  };
}

export interface AckStage {
  startupSeconds: number;
  botUrl: string;
  simUrl: string;
  dynamoEndpoint: string;
  /** Where the fake Open API and the worker ran. */
  sim: { process: 'own' | 'bench'; pid: number };
  worker: 'own' | 'bench';
  benchPid: number;
  warmup: number;
  results: ModeResult[];
  /** Pushes sent (warm-up included) and the help-card replies the fake recorded for them. */
  sent: number;
  replies: number;
}

export interface AckHooks {
  /** Called with a line to show now (progress), `partial` when more of the line follows. */
  progress(text: string, partial?: boolean): void;
  /** What to stop if the bench is interrupted (undefined when nothing is running). */
  onInterrupt(stop: (() => Promise<void>) | undefined): void;
}

export async function ackStage(opts: BenchOptions, hooks: AckHooks): Promise<AckStage> {
  const tStart = performance.now();
  let simProcess: SimProcess | undefined;
  let stack: RunningStack<FeishuSim | null> | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(1, opts.concurrency) });
  const stopAll = async () => {
    agent.destroy();
    await stack?.stop(); // waits for stack.jobs.idle(), then stops the server, an in-process fake and DynamoDB Local
    await simProcess?.stop();
  };
  hooks.onInterrupt(stopAll);
  try {
    // No statistics stream poller: on Lambda the aggregator is a function of its own (nothing here counts).
    const common = { port: 0, dataDir: null, rosterFile: ROSTER, log: silentLogger, workerProcess: !opts.workerInProcess, streamPoller: false };
    if (opts.simInProcess) {
      stack = await startStack({ ...common, simPort: 0 });
    } else {
      simProcess = await spawnFeishuSim({ appId: LOCAL_DEFAULTS.appId, appSecret: LOCAL_DEFAULTS.appSecret });
      stack = await startStack({ ...common, simUrl: simProcess.url });
    }
    const running = stack;
    const startupSeconds = (performance.now() - tStart) / 1000;
    hooks.progress(
      `  offline stack up in ${startupSeconds.toFixed(1)} s ` +
        `(bot ${running.botUrl}, worker ${opts.workerInProcess ? 'in this process' : 'in its own process'}, ` +
        `fake Open API ${running.simUrl}${simProcess ? ` in its own process (pid ${simProcess.pid})` : ' in this process'}, ` +
        `DynamoDB Local ${running.dynamoEndpoint} in memory)`,
    );
    const base = new URL(running.botUrl);

    let sent = 0;
    for (let i = 0; i < opts.warmup; i++) {
      await http200(agent, base, healthRequest());
      await http200(agent, base, eventRequest());
      sent++;
    }
    await running.jobs.idle();
    hooks.progress(`  warm-up: ${opts.warmup} events + ${opts.warmup} healthz (not counted)`);

    const workerLoad = opts.workerInProcess ? 'in-process worker load' : 'worker load (its own process)';
    const c = opts.concurrency;
    const modes: Mode[] = [
      {
        key: 'seq_ack_only',
        label: 'sequential; worker drained between pushes (the ack alone, as on Lambda)',
        concurrency: 1,
        drain: true,
        hold: false,
        target: true,
      },
      { key: 'seq_with_worker', label: `sequential; ${workerLoad} present`, concurrency: 1, drain: false, hold: false, target: true },
      {
        key: `c${c}_ack_only`,
        label: `concurrency ${c}; the worker holds the jobs until every push is acknowledged (the ack alone; capacity)`,
        concurrency: c,
        drain: false,
        hold: true,
        target: false,
      },
      { key: `c${c}_with_worker`, label: `concurrency ${c}; ${workerLoad} present (capacity)`, concurrency: c, drain: false, hold: false, target: false },
    ];
    const results: ModeResult[] = [];
    for (const mode of modes) {
      hooks.progress(`  run ${mode.key}: ${mode.label} …`, true);
      const res = await runMode(running, agent, base, mode, opts.requests, opts.block, simProcess?.pid ?? null);
      sent += opts.requests;
      results.push(res);
      hooks.progress(` ${(res.wallMs / 1000).toFixed(1)} s (+${(res.drainMs / 1000).toFixed(1)} s worker drain), load avg ${res.loadavg[0]}`);
    }

    // The worker must have answered every push exactly once; otherwise something broke.
    await running.jobs.idle();
    const replies: SimMessage[] = running.sim ? running.sim.messages() : await simProcess!.client.messages();
    const cards = replies.filter((m) => m.msg_type === 'interactive' && m.parent_id).length;
    if (replies.length !== sent || cards !== sent) {
      throw new Broken(`expected ${sent} help-card replies from the worker; the fake Open API recorded ${replies.length} messages (${cards} card replies)`);
    }
    return {
      startupSeconds,
      botUrl: running.botUrl,
      simUrl: running.simUrl,
      dynamoEndpoint: running.dynamoEndpoint,
      sim: simProcess ? { process: 'own', pid: simProcess.pid } : { process: 'bench', pid: process.pid },
      worker: opts.workerInProcess ? 'bench' : 'own',
      benchPid: process.pid,
      warmup: opts.warmup,
      results,
      sent,
      replies: replies.length,
    };
  } finally {
    hooks.onInterrupt(undefined);
    await stopAll();
  }
}
