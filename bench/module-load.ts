/**
 * Stage 2: module load time. A fresh `node` per sample times `import()` of the bundle with hrtime,
 * round-robin across bundles; plain and with NODE_OPTIONS=--enable-source-maps (as deployed). Then
 * CPU profiles of the webhook and bare loads, mapped back to sources. Run before the stack starts,
 * so DynamoDB Local's JVM does not compete for the cores. Returns data; bench/report.ts prints it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuiltBundle } from './bundles.ts';
import { LOAD_TARGET_RATIO, OUT, PROFILE_RUNS, ROOT } from './options.ts';
import { loadAvg, r2, type Summary, summarise } from './stats.ts';

const LOADER = join(OUT, 'load.mjs');

/** One fresh node process: import() the bundle between two hrtime reads; prints {"ms": …}. */
const LOADER_SOURCE = `import { pathToFileURL } from 'node:url';
const file = process.argv[2];
const t0 = process.hrtime.bigint();
const mod = await import(pathToFileURL(file).href);
const t1 = process.hrtime.bigint();
if (typeof mod.handler !== 'function') { console.error('no handler export in ' + file); process.exit(2); }
process.stdout.write(JSON.stringify({ ms: Number(t1 - t0) / 1e6 }) + '\\n');
`;

/** Runs a fresh `node` with a clean environment (as on Lambda: no tsx loader, nothing inherited but PATH and HOME). */
function runNode(args: string[], nodeOptions = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    // The SDK's Node-20 deprecation warning is off: Lambda runs Node 22, where it is never emitted.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    if (nodeOptions) env.NODE_OPTIONS = nodeOptions;
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`node ${args.join(' ')} failed (code ${code}, signal ${signal}): ${err.slice(-800)}`));
      resolve(out);
    });
  });
}

async function loadOnce(file: string, nodeOptions: string): Promise<number> {
  const out = await runNode([LOADER, file], nodeOptions);
  try {
    return (JSON.parse(out.trim()) as { ms: number }).ms;
  } catch {
    throw new Error(`loading ${file}: unexpected output ${JSON.stringify(out.slice(0, 200))}`);
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[]; // µs before each sample
}

/**
 * Where a bundle's load time goes: CPU profiles of fresh loads, each sample taken inside the bundle's
 * code credited (inclusively) to every source file and npm package on its stack, found through the
 * source map. Statements at a module's top level run in the bundle's one top-level function, so they
 * are credited only to the functions they call (e.g. `loadCalendar()` or zod's `object()`).
 */
async function profileLoad(b: BuiltBundle, runs: number) {
  const dir = join(OUT, 'profiles', b.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < runs; i++) await runNode(['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', dir, LOADER, b.file]);
  const isBundleUrl = (url: string) => url.startsWith('file://') && fileURLToPath(url).startsWith(`${b.outdir}/`);
  const maps = new Map<string, SourceMap>();
  const mapOf = (file: string) => {
    if (!maps.has(file)) maps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))));
    return maps.get(file)!;
  };
  const sourceKey = new Map<string, string | null>();
  const keyOf = (cf: CpuProfile['nodes'][number]['callFrame']): string | null => {
    if (!isBundleUrl(cf.url)) return null;
    const file = fileURLToPath(cf.url);
    const at = `${file}:${cf.lineNumber}:${cf.columnNumber}`;
    if (!sourceKey.has(at)) {
      const e = mapOf(file).findEntry(cf.lineNumber, cf.columnNumber);
      let key: string | null = null;
      if ('originalSource' in e) {
        const src = e.originalSource.startsWith('file://') ? fileURLToPath(e.originalSource) : resolve(dirname(file), e.originalSource);
        const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(src);
        key = m ? m[1]! : relative(ROOT, src);
      }
      sourceKey.set(at, key);
    }
    return sourceKey.get(at)!;
  };
  interface Stack {
    inBundle: boolean;
    keys: Set<string>; // every source on the stack (inclusive credit)
    innermost: string | null; // the nearest source on the stack (self credit)
  }
  const inclusive = new Map<string, number>(); // µs
  const self = new Map<string, number>();
  let inBundle = 0;
  let total = 0;
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const stackOf = new Map<number, Stack>();
    const walk = (id: number, up: Stack) => {
      const n = byId.get(id)!;
      const k = keyOf(n.callFrame);
      const here: Stack =
        k === null && !isBundleUrl(n.callFrame.url)
          ? up
          : { inBundle: true, keys: k ? new Set([...up.keys, k]) : up.keys, innermost: k ?? up.innermost };
      stackOf.set(id, here);
      for (const c of n.children ?? []) walk(c, here);
    };
    walk(p.nodes[0]!.id, { inBundle: false, keys: new Set(), innermost: null });
    p.samples.forEach((id, i) => {
      const us = p.timeDeltas[i + 1] ?? 0; // the time this sample stands for (until the next one)
      total += us;
      const at = stackOf.get(id);
      if (!at?.inBundle) return;
      inBundle += us;
      for (const k of at.keys) inclusive.set(k, (inclusive.get(k) ?? 0) + us);
      const own = at.innermost ?? '(bundle top level, unmapped)';
      self.set(own, (self.get(own) ?? 0) + us);
    });
  }
  const perLoadMs = (us: number | undefined) => (us ?? 0) / 1000 / runs;
  const sources = new Map(
    [...new Set([...inclusive.keys(), ...self.keys()])].map((source) => [
      source,
      { inclusiveMs: perLoadMs(inclusive.get(source) ?? self.get(source)), selfMs: perLoadMs(self.get(source)) },
    ]),
  );
  return { runs, totalMs: perLoadMs(total), bundleMs: perLoadMs(inBundle), sources };
}

export interface LoadVariant {
  key: string;
  label: string;
  nodeOptions: string;
}
export const LOAD_VARIANTS: LoadVariant[] = [
  { key: 'plain', label: 'node <loader>, no options', nodeOptions: '' },
  // infra/constructs/app-function.ts sets NODE_OPTIONS=--enable-source-maps on every function.
  { key: 'sourcemaps', label: 'NODE_OPTIONS=--enable-source-maps (as deployed)', nodeOptions: '--enable-source-maps' },
];

/** runs × (variants × bundles), round-robin with a rotating start so no bundle always goes first. */

async function measureLoads(built: BuiltBundle[], runs: number, progress: (round: number) => void) {
  const jobs = LOAD_VARIANTS.flatMap((v) => built.map((b) => ({ v, b })));
  const samples = new Map<string, number[]>(jobs.map(({ v, b }) => [`${v.key}/${b.name}`, []]));
  for (let run = 0; run < runs; run++) {
    for (let k = 0; k < jobs.length; k++) {
      const { v, b } = jobs[(k + run) % jobs.length]!;
      samples.get(`${v.key}/${b.name}`)!.push(await loadOnce(b.file, v.nodeOptions));
    }
    progress(run + 1);
  }
  return { samples, processes: jobs.length };
}

export type LoadEntry = Summary & { median: number; ratio_median: number; ratio_p90: number; min: number };
type SourceMs = { inclusiveMs: number; selfMs: number };

export interface LoadStage {
  runs: number;
  /** Fresh processes per round (variants × bundles). */
  processesPerRound: number;
  loadavgAfter: number[];
  /** variant key → bundle name → figures. */
  load: Record<string, Record<string, LoadEntry>>;
  targetMet: boolean;
  profile: { runs: number; webhookBundleMs: number; bareBundleMs: number; webhookOtherMs: number; bareOtherMs: number; rows: { source: string; webhook: SourceMs; bare: SourceMs }[] };
}

export async function loadStage(built: BuiltBundle[], runs: number, progress: (round: number) => void): Promise<LoadStage> {
  writeFileSync(LOADER, LOADER_SOURCE);
  const { samples, processes } = await measureLoads(built, runs, progress);
  const loadavgAfter = loadAvg();
  const load: LoadStage['load'] = {};
  for (const v of LOAD_VARIANTS) {
    const bareS = summarise(samples.get(`${v.key}/bare`)!);
    load[v.key] = {};
    for (const b of built) {
      const all = samples.get(`${v.key}/${b.name}`)!;
      const s = summarise(all);
      load[v.key]![b.name] = { ...s, median: s.p50, ratio_median: r2(s.p50 / bareS.p50), ratio_p90: r2(s.p90 / bareS.p90), min: Math.min(...all) };
    }
  }
  const targetMet = load.plain!.webhook!.ratio_median <= LOAD_TARGET_RATIO;

  const profWebhook = await profileLoad(built.find((b) => b.name === 'webhook')!, PROFILE_RUNS);
  const profBare = await profileLoad(built.find((b) => b.name === 'bare')!, PROFILE_RUNS);
  const rows = [...profWebhook.sources.entries()]
    .map(([source, w]) => ({ source, webhook: w, bare: profBare.sources.get(source) ?? { inclusiveMs: 0, selfMs: 0 } }))
    .sort((x, y) => y.webhook.inclusiveMs - x.webhook.inclusiveMs)
    .slice(0, 12);
  return {
    runs,
    processesPerRound: processes,
    loadavgAfter,
    load,
    targetMet,
    profile: {
      runs: PROFILE_RUNS,
      webhookBundleMs: profWebhook.bundleMs,
      bareBundleMs: profBare.bundleMs,
      webhookOtherMs: profWebhook.totalMs - profWebhook.bundleMs,
      bareOtherMs: profBare.totalMs - profBare.bundleMs,
      rows,
    },
  };
}
