/**
 * `npm run bench:draw`: the random-inspection draw (双随机) over a target library of 1,000 and of
 * 100,000 with the same parameters — time and peak memory — and the ratio to simply reading the
 * library once. It prints a table and, last, one JSON line; it asserts nothing.
 *
 * Each stage runs in its own `node` child (tsx), so its peak memory is its own (the child's
 * `process.resourceUsage().maxRSS`, and the V8 heap sampled every 2 ms). Stages, per library size:
 *   read   — read the library once as the draw's job finds it stored: the gzip-compressed canonical
 *            JSON of the frozen library (functions/adapters/dynamodb/blobs.ts), decompressed and parsed,
 *            every record touched once;
 *   draw   — what the job computes: freeze the libraries (canonical form, sort, check, SHA-256),
 *            commit (the commitment) and reveal (SJDRAW-1: the seeded shuffle, the inspectors);
 *   verify — `npm run draw -- verify`'s work: recompute every step of the draw file.
 * The same parameters for both sizes: 100 targets (risk B or C, tag 工业), 2 inspectors per target,
 * from 60 inspectors with one conflict each.
 *
 * Options: --runs N (3 timed runs per stage; the median is reported)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import drawData from '../data/draw.json' with { type: 'json' };
import { chunked, unchunked } from '../functions/adapters/dynamodb/blobs.ts';
import {
  buildDrawConfig,
  commitDraw,
  type ConflictPair,
  type DrawFile,
  type InspectorRecord,
  prepareDraw,
  revealDraw,
  type TargetRecord,
  verifyDraw,
} from '../functions/domain/draw/index.ts';
import type { Person } from '../functions/domain/roster/types.ts';

const SIZES = [1_000, 100_000] as const;
const STAGES = ['read', 'draw', 'verify'] as const;
type Stage = (typeof STAGES)[number];

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function uscc(i: number): string {
  const base = `91513300${String(i).padStart(9, '0')}`;
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += USCC_CHARS.indexOf(base[k] as string) * (USCC_WEIGHTS[k] ?? 0);
  return base + (USCC_CHARS[(31 - (sum % 31)) % 31] as string);
}

const RISKS = ['A', 'B', 'C', 'D'] as const;
function library(n: number): { targets: TargetRecord[]; inspectors: InspectorRecord[]; conflicts: ConflictPair[] } {
  const targets = Array.from({ length: n }, (_, i) => ({
    creditCode: uscc(i + 1),
    name: `甘孜州工业企业${i + 1}有限公司`,
    type: 'enterprise' as const,
    riskLevel: RISKS[i % 4] as TargetRecord['riskLevel'],
    sectorTags: i % 3 === 0 ? ['建材', '工业'] : ['工业'],
  }));
  const inspectors = Array.from({ length: 60 }, (_, i) => ({
    certificateNumber: `川执${String(5100000 + i)}`,
    name: `检查员${i + 1}`,
    certificateValidUntil: '2030-12-31',
    specialties: ['安全生产'],
  }));
  const conflicts = inspectors.map((x, i) => ({ certificateNumber: x.certificateNumber, creditCode: uscc(i * 7 + 1) }));
  return { targets, inspectors, conflicts };
}

const OPERATOR: Person = { openId: 'ou_bench', name: '吴科长', department: '运行监测科', roles: ['section_head'], certificate: null };
const PARAMS = {
  planId: '基准测试抽查',
  listItem: { name: '工业企业安全生产检查', kind: '重点', listVersion: 1 },
  drawDate: '2026-09-01',
  targetFilter: { riskLevels: ['B', 'C'], sectorTags: ['工业'] },
  sampleSize: { count: 100 },
  inspectorsPerTarget: 2,
};
const SEED = createHash('sha256').update('bench-seed').digest('hex');
const config = buildDrawConfig(drawData);

function drawOnce(lib: ReturnType<typeof library>): DrawFile {
  const prep = prepareDraw({ drawId: 'bench-1', params: PARAMS, ...lib, operator: OPERATOR, config });
  if (!prep.ok) throw new Error(prep.errors.join('；'));
  const c = commitDraw(prep.prepared, SEED, '2026-09-01T02:00:00.000Z', OPERATOR.openId);
  return revealDraw(prep.prepared, c.commitment, SEED, '2026-09-01T02:00:00.000Z', OPERATOR.openId).draw;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

interface StageResult {
  stage: Stage;
  targets: number;
  medianMs: number;
  runsMs: number[];
  /** Peak RSS of the whole child (modules and fixture included) and the fixture-only floor before the stage. */
  peakRssMb: number;
  baseRssMb: number;
  peakHeapMb: number;
  storedBytes?: number;
  drawn?: number;
}

/** In the child: one stage, its result as JSON on stdout. */
function runStage(stage: Stage, n: number, runs: number): StageResult {
  const lib = library(n);
  // What each stage starts from, prepared before the clock starts.
  const stored = stage === 'read' ? chunked(lib.targets) : [];
  const file = stage === 'verify' ? JSON.parse(JSON.stringify(drawOnce(lib))) : null;
  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 2);
  const times: number[] = [];
  let drawn = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    if (stage === 'read') {
      const read = unchunked<TargetRecord[]>(stored);
      let count = 0;
      for (const t of read) if (t.creditCode.length === 18) count++;
      if (count !== n) throw new Error('read lost records');
    } else if (stage === 'draw') {
      drawn = drawOnce(lib).result.targets.length;
    } else {
      if (!verifyDraw(file).ok) throw new Error('the draw did not verify');
    }
    times.push(performance.now() - t0);
  }
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  return {
    stage,
    targets: n,
    medianMs: Math.round(median(times) * 10) / 10,
    runsMs: times.map((t) => Math.round(t)),
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    baseRssMb: mb(baseRss),
    peakHeapMb: mb(peakHeap),
    ...(stage === 'read' ? { storedBytes: stored.reduce((s, c) => s + c.length, 0) } : {}),
    ...(stage === 'draw' ? { drawn } : {}),
  };
}

function runsOption(): number {
  const i = process.argv.indexOf('--runs');
  const v = i < 0 ? 3 : Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error('--runs needs a positive integer');
  return v;
}

const stageIndex = process.argv.indexOf('--stage');
if (stageIndex >= 0) {
  const stage = process.argv[stageIndex + 1] as Stage;
  const n = Number(process.argv[process.argv.indexOf('--targets') + 1]);
  process.stdout.write(`${JSON.stringify(runStage(stage, n, runsOption()))}\n`);
} else {
  const runs = runsOption();
  const self = fileURLToPath(import.meta.url);
  const results: StageResult[] = [];
  for (const n of SIZES) {
    for (const stage of STAGES) {
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', self, '--stage', stage, '--targets', String(n), '--runs', String(runs)], {
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
      });
      if (child.status !== 0) throw new Error(`stage ${stage} (${n}) failed:\n${child.stderr}`);
      results.push(JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as StageResult);
    }
  }
  const get = (n: number, s: Stage) => results.find((r) => r.targets === n && r.stage === s) as StageResult;
  console.log(`npm run bench:draw — ${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(1)}, median of ${runs} runs per stage`);
  console.log('targets   | read (ms) | draw (ms) | draw/read | verify (ms) | peak RSS read / draw / verify (MB)');
  for (const n of SIZES) {
    const [r, d, v] = [get(n, 'read'), get(n, 'draw'), get(n, 'verify')];
    console.log(
      `${String(n).padStart(9)} | ${String(r.medianMs).padStart(9)} | ${String(d.medianMs).padStart(9)} | ${(d.medianMs / r.medianMs).toFixed(1).padStart(8)}× | ${String(v.medianMs).padStart(11)} | ${r.peakRssMb} / ${d.peakRssMb} / ${v.peakRssMb}`,
    );
  }
  const [small, large] = SIZES;
  const scale = (s: Stage) => (get(large, s).medianMs / get(small, s).medianMs).toFixed(0);
  console.log(`100,000 vs 1,000: read ${scale('read')}×, draw ${scale('draw')}×, verify ${scale('verify')}× (the library is 100× larger)`);
  console.log(`stored library (gzip): ${get(small, 'read').storedBytes} B / ${get(large, 'read').storedBytes} B`);
  console.log(JSON.stringify({ bench: 'draw', runs, results }));
}
