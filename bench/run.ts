/**
 * `npm run bench`: the figures of the README's "Speed" section. It prints tables and, last, one JSON line.
 * It never asserts a timing (it prints the targets and whether they were met); it exits non-zero only
 * when something breaks (a build, a child process, a non-200, a missing worker reply). Everything it
 * starts (DynamoDB Local, the fake Open API, the bot's HTTP server, the node children) is stopped
 * before it exits. About a minute on 2 cores.
 *
 * The stages measure and return data; bench/report.ts prints everything:
 *   1. bench/bundles.ts      the bundles as deployed, their sizes and what the webhook's cold start reads
 *   2. bench/module-load.ts  module load time in fresh processes, and CPU profiles of the webhook's load
 *   3. bench/ack-latency.ts  time to the 200 for signed, encrypted message pushes over HTTP
 *   4. bench/extras.ts       the feature benches (evidence ingest, the draw, statistics, documents,
 *                            reminders, statistics reads), each in a child process of its own, after
 *                            the rest; `npm run bench:<name>` alone
 *
 * Options (`npm run bench -- --requests 200`): --requests N (1000)  --warmup N (50)  --concurrency N (8)
 *   --load-runs N (15)  --block N (50)  --skip-http  --skip-load  --only load,ack,evidence,…
 *   --worker-in-process, --sim-in-process
 *   (the worker, the fake Open API in the bench's own process, sharing the webhook's event loop, as
 *   `npm start` runs them; by default each has a process of its own, see bench/ack-latency.ts)
 */
import { performance } from 'node:perf_hooks';
import { ackStage } from './ack-latency.ts';
import { bundleStage } from './bundles.ts';
import { availableExtras, type ExtraResult, runExtra } from './extras.ts';
import { loadStage } from './module-load.ts';
import { parseOptions } from './options.ts';
import * as report from './report.ts';
import { loadAvg } from './stats.ts';

// As in test/helpers/setup.ts: the AWS SDK's Node 20 warning is noise in this output (never silenced in code paths).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const opts = parseOptions(process.argv);

let stopping: (() => Promise<void>) | undefined;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping what the bench started…`);
    void (stopping?.() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

async function main() {
  const t0 = performance.now();
  const loadBefore = loadAvg();
  report.header(opts, loadBefore);
  // Module load first: it needs a quiet machine (DynamoDB Local's JVM would compete for the cores).
  const wants = (name: string) => opts.only === null || opts.only.includes(name);
  const bundles = await bundleStage();
  report.bundlesReport(bundles);
  let load = null;
  if (!opts.skipLoad && wants('load')) {
    report.loadReportStart(opts);
    load = await loadStage(bundles.built, opts.loadRuns, (round) => report.loadRound(round, opts.loadRuns));
    report.loadReport(load, bundles);
  }
  let ack = null;
  if (!opts.skipHttp && wants('ack')) {
    report.ackReportStart();
    ack = await ackStage(opts, { progress: report.progress, onInterrupt: (stop) => (stopping = stop) });
    report.ackReport(ack, opts);
  }
  const extras: ExtraResult[] = [];
  for (const b of availableExtras(opts.only)) {
    report.extraStart(b.name, b.what, b.present);
    if (!b.present) continue;
    const r = await runExtra(b.name, b.script);
    if (r.exitCode !== 0) throw new Error(`bench ${b.name} (${b.script}) exited with ${r.exitCode}`);
    extras.push(r);
  }
  report.summary({ opts, bundles, load, ack, extras, totalSeconds: (performance.now() - t0) / 1000, loadBefore, loadAfter: loadAvg() });
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (err: unknown) => {
    console.error(`\nbench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
