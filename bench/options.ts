/** The bench's options (`npm run bench -- --requests 200`), targets and paths. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const OUT = join(ROOT, '.bench'); // git-ignored

export const ACK_TARGET_P99_MS = 50;
export const LOAD_TARGET_RATIO = 1.5;
export const PROFILE_RUNS = 5;

export interface BenchOptions {
  requests: number;
  warmup: number;
  concurrency: number;
  loadRuns: number;
  block: number;
  skipHttp: boolean;
  skipLoad: boolean;
  /** The fake Open API in the bench's own process (as before), not in a process of its own. */
  simInProcess: boolean;
  /** The worker in the bench's own process (as before), not in a process of its own. */
  workerInProcess: boolean;
  /** `--only ack,evidence`: the stages to run (`bundles`, `load`, `ack` and the feature benches in extras.ts); null: all. */
  only: string[] | null;
}

export function parseOptions(argv: string[]): BenchOptions {
  const numberOption = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const v = Number(argv[i + 1]);
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} needs a positive integer`);
    return v;
  };
  const flag = (name: string) => argv.includes(`--${name}`);
  const listOption = (name: string): string[] | null => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return null;
    const v = (argv[i + 1] ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    if (v.length === 0) throw new Error(`--${name} needs a comma-separated list`);
    return v;
  };
  return {
    requests: numberOption('requests', 1000),
    warmup: numberOption('warmup', 50),
    concurrency: numberOption('concurrency', 8),
    loadRuns: numberOption('load-runs', 15),
    block: numberOption('block', 50),
    skipHttp: flag('skip-http'),
    skipLoad: flag('skip-load'),
    simInProcess: flag('sim-in-process'),
    workerInProcess: flag('worker-in-process'),
    only: listOption('only'),
  };
}
