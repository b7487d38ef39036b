/**
 * The feature benches `npm run bench` runs after its own stages (issues' speed targets), each in a child process of its own
 * (so one's memory and JIT state do not colour the next), one after another on a quiet machine. Each
 * prints its own tables and, last, one JSON line; this stage collects those lines.
 * `npm run bench -- --only ack,evidence` picks stages; `npm run bench:<name>` runs one alone.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from './options.ts';

/** name → script; the order they run in. A script not present in this checkout is skipped with a note. */
export const EXTRA_BENCHES = [
  { name: 'evidence', script: 'bench/evidence-ingest.ts', what: 'evidence ingest, 10 MB vs 100 MB' },
  { name: 'draw', script: 'bench/draw.ts', what: 'the random-inspection draw, 1,000 vs 100,000 targets' },
  { name: 'stats', script: 'bench/stats-render.ts', what: 'statistics: charts, exports, figures from the counters' },
  { name: 'documents', script: 'bench/documents.ts', what: 'drafting a 行政处罚决定书 as a PDF, first and warm' },
  { name: 'reminders', script: 'bench/reminders.ts', what: 'reconciliation reads, 1,000 vs 100,000 cases; the publisher, 10 vs 1,000 decisions' },
  { name: 'stats-read', script: 'bench/stats-read.ts', what: '统计 for a year of 1,000 vs 100,000 cases: items read and time' },
] as const;

export type ExtraName = (typeof EXTRA_BENCHES)[number]['name'];

export interface ExtraResult {
  name: string;
  seconds: number;
  exitCode: number | null;
  /** The last line of its output that parses as JSON, when it printed one. */
  json: unknown;
}

/** Runs one feature bench; its output goes straight through. */
export function runExtra(name: string, script: string): Promise<ExtraResult> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, [join(ROOT, script)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let tail = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-200_000);
    });
    child.once('error', reject);
    child.once('close', (exitCode) => {
      let json: unknown = null;
      for (const line of tail.trim().split('\n').reverse()) {
        try {
          json = JSON.parse(line);
          break;
        } catch {
          // not the JSON line
        }
      }
      resolve({ name, seconds: (performance.now() - t0) / 1000, exitCode, json });
    });
  });
}

export function availableExtras(only: string[] | null) {
  return EXTRA_BENCHES.filter((b) => (only ? only.includes(b.name) : true)).map((b) => ({ ...b, present: existsSync(join(ROOT, b.script)) }));
}
