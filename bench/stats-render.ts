/**
 * `npm run bench:stats`: what the worker spends to render the `统计` card's six charts and both
 * exports for a year of 1,000 cases (the worker's rendering and export side; no AWS, no Feishu).
 * It prints a table and, last, one JSON line; it asserts nothing.
 *
 * Each stage runs in its own `node` child (tsx), so its peak memory is its own: the child's
 * `process.resourceUsage().maxRSS` (peak resident set of the whole process, modules included) and the
 * peak V8 heap sampled every 2 ms. Stages:
 *   base    — load the modules, build the fixture bureau (1,000 cases), count the figures and the
 *             case rows: the floor the other stages stand on;
 *   charts  — base + the six PNGs (first run cold: font decoding and echarts warm-up; then warm runs);
 *   csv     — base + both CSV files;   xlsx — base + the workbook.
 * Also, in the parent: the aggregates a year's figures are read from (`figuresFromBuckets`), with the
 * buckets of 1,000 cases and the same buckets as if the bureau had 100× the cases: months read and
 * time (the counters' values grow, their number does not).
 *
 * Options: --cases N (1000)  --runs N (5 warm runs per stage)
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import avData from '../data/av-duties.json' with { type: 'json' };
import { loadCalendar, loadRules } from '../functions/adapters/calendar/index.ts';
import { EchartsChartRenderer } from '../functions/adapters/charts/render.ts';
import { SpreadsheetExporter } from '../functions/adapters/export/exporter.ts';
import { buildAvDuties } from '../functions/domain/dossier/av-duties.ts';
import {
  bucketsOf,
  caseContributions,
  caseRows,
  chartData,
  computeFigures,
  drawContributions,
  figuresFromBuckets,
  periodMonths,
  readCaseLog,
  readDrawLog,
  sumContributions,
  yearPeriod,
} from '../functions/domain/statistics/index.ts';
import { buildBureau } from '../test/helpers/statistics-bureau.ts';

const TODAY = '2026-12-31';
const STAGES = ['base', 'charts', 'csv', 'xlsx'] as const;
type Stage = (typeof STAGES)[number];

function numberOption(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} needs a positive integer`);
  return v;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

interface StageResult {
  stage: Stage;
  cases: number;
  caseRows: number;
  prepareMs: number;
  coldMs: number | null;
  warmMedianMs: number | null;
  outputBytes: number | null;
  peakRssMb: number;
  peakHeapMb: number;
}

/** In the child: one stage, its result as JSON on stdout. */
async function runStage(stage: Stage, cases: number, runs: number): Promise<StageResult> {
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 2);
  const t0 = performance.now();
  const ctx = { today: TODAY, calendar: loadCalendar(), rules: loadRules(), avDuties: buildAvDuties(avData) };
  const bureau = buildBureau({ seed: 1, years: [2026], casesPerYear: cases, today: TODAY, drawsPerYear: 6 });
  const period = yearPeriod(2026, TODAY);
  const figures = computeFigures(bureau, period, ctx).figures;
  const rows = caseRows(bureau.cases, period, ctx);
  const prepareMs = performance.now() - t0;
  const data = { figures, cases: rows, bureau: '甘孜州经济和信息化局', generatedAt: new Date(`${TODAY}T02:00:00Z`) };
  const work: Record<Exclude<Stage, 'base'>, () => Promise<number>> = {
    charts: async () => (await new EchartsChartRenderer().render(chartData(figures))).reduce((a, c) => a + c.png.length, 0),
    csv: async () => new SpreadsheetExporter().csv(data).reduce((a, f) => a + f.body.length, 0),
    xlsx: async () => (await new SpreadsheetExporter().xlsx(data)).body.length,
  };
  let coldMs: number | null = null;
  let warm: number[] = [];
  let outputBytes: number | null = null;
  if (stage !== 'base') {
    for (let i = 0; i <= runs; i++) {
      const s = performance.now();
      outputBytes = await work[stage]();
      const ms = performance.now() - s;
      if (i === 0) coldMs = ms;
      else warm.push(ms);
    }
  }
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  return {
    stage,
    cases,
    caseRows: rows.length,
    prepareMs,
    coldMs,
    warmMedianMs: warm.length > 0 ? median(warm) : null,
    outputBytes,
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    peakHeapMb: mb(peakHeap),
  };
}

function bucketReads(cases: number): { months: number; msPerRead1x: number; msPerRead100x: number; sameFigures: boolean } {
  const ctx = { today: TODAY, calendar: loadCalendar(), rules: loadRules(), avDuties: buildAvDuties(avData) };
  const bureau = buildBureau({ seed: 1, years: [2026], casesPerYear: cases, today: TODAY });
  const buckets = bucketsOf(
    sumContributions([
      ...bureau.cases.map((c) => caseContributions(readCaseLog(c).value, ctx)),
      ...bureau.draws.map((d) => drawContributions(readDrawLog(d).value)),
    ]),
  );
  const scaled = new Map([...buckets].map(([m, counters]) => [m, Object.fromEntries(Object.entries(counters).map(([k, v]) => [k, v * 100]))]));
  const period = yearPeriod(2026, TODAY);
  const read: string[] = [];
  const counting = new Proxy(buckets, { get: (t, p) => (p === 'get' ? (k: string) => (read.push(k), t.get(k)) : Reflect.get(t, p, t)) });
  figuresFromBuckets(counting, period, TODAY);
  const time = (b: typeof buckets) => {
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s = performance.now();
      figuresFromBuckets(b, period, TODAY);
      times.push(performance.now() - s);
    }
    return median(times);
  };
  const direct = computeFigures(bureau, period, ctx).figures;
  return {
    months: read.length === periodMonths(period).length ? read.length : -1,
    msPerRead1x: time(buckets),
    msPerRead100x: time(scaled),
    sameFigures: JSON.stringify(figuresFromBuckets(buckets, period, TODAY)) === JSON.stringify(direct),
  };
}

async function main(): Promise<void> {
  const cases = numberOption('cases', 1000);
  const runs = numberOption('runs', 5);
  const child = process.argv.indexOf('--stage');
  if (child >= 0) {
    const stage = process.argv[child + 1] as Stage;
    if (!STAGES.includes(stage)) throw new Error(`unknown stage ${stage}`);
    process.stdout.write(`${JSON.stringify(await runStage(stage, cases, runs))}\n`);
    return;
  }
  const self = fileURLToPath(import.meta.url);
  const results: StageResult[] = [];
  for (const stage of STAGES) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--stage', stage, '--cases', String(cases), '--runs', String(runs)], {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`stage ${stage} failed (${r.status}): ${r.stderr}`);
    results.push(JSON.parse(r.stdout.trim().split('\n').pop() as string) as StageResult);
  }
  const reads = bucketReads(cases);
  const base = results[0] as StageResult;
  const f = (x: number | null, d = 0) => (x === null ? '—' : x.toFixed(d));
  console.log(`statistics rendering and exports — ${cases} cases in one year (${base.caseRows} case rows); node ${process.version}, ${availableParallelism()} cores, load ${loadavg()[0]?.toFixed(2)}`);
  console.log('stage    cold ms   warm ms (median)   output KB   peak RSS MB (+ over base)   peak heap MB');
  for (const r of results) {
    console.log(
      `${r.stage.padEnd(8)} ${f(r.coldMs).padStart(7)}   ${f(r.warmMedianMs, 1).padStart(16)}   ${f(r.outputBytes === null ? null : r.outputBytes / 1024).padStart(9)}   ${`${r.peakRssMb.toFixed(1)} (+${(r.peakRssMb - base.peakRssMb).toFixed(1)})`.padStart(25)}   ${r.peakHeapMb.toFixed(1).padStart(12)}`,
    );
  }
  console.log(`base: modules + fixture + figures + case rows in ${base.prepareMs.toFixed(0)} ms`);
  console.log(
    `figures of a year from the monthly buckets: ${reads.months} bucket reads; ${reads.msPerRead1x.toFixed(3)} ms with 1,000 cases' counters, ` +
      `${reads.msPerRead100x.toFixed(3)} ms with the same counters ×100 (ratio ${(reads.msPerRead100x / reads.msPerRead1x).toFixed(2)}); equal to the direct count: ${reads.sameFigures}`,
  );
  console.log(JSON.stringify({ cases, stages: results, bucketReads: reads }));
}

await main();
