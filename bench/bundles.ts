/**
 * Stage 1: the bundles, built by infra/bundle.ts exactly as deployed (ESM, code splitting) into
 * .bench/ (git-ignored): the three functions and bench/bare-handler.ts. Sizes of what a cold start
 * reads (the entry and the chunks it imports statically) and of all chunks; what the webhook's cold
 * start reads (esbuild metafile: top inputs, packages, what it adds over bare and who imports it);
 * whether the Lark SDK is among it. Returns data; bench/report.ts prints it.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { bundleHandler } from '../infra/bundle.ts';
import { OUT, ROOT } from './options.ts';

export const BUNDLES = [
  { name: 'bare', entry: 'bench/bare-handler.ts', role: 'baseline: DynamoDB document client only' },
  { name: 'webhook', entry: 'functions/handlers/webhook.ts', role: 'acknowledgement path' },
  { name: 'worker', entry: 'functions/handlers/worker.ts', role: 'async jobs (loads the Feishu SDK)' },
  { name: 'tick', entry: 'functions/handlers/tick.ts', role: 'scheduled work' },
] as const;
export type BundleName = (typeof BUNDLES)[number]['name'];

export interface BuiltBundle {
  name: BundleName;
  /** index.mjs, what Lambda imports. */
  file: string;
  outdir: string;
  /** Outputs (paths relative to the repo) a cold start reads. */
  eagerOutputs: string[];
  /** Bytes a cold start reads (entry + statically imported chunks). */
  bytes: number;
  /** Every output, lazily loaded chunks included. */
  totalBytes: number;
  gzipBytes: number;
  mapBytes: number;
  warnings: number;
  metafile: Metafile;
}

/**
 * Built exactly as deployed (infra/bundle.ts: ESM, code splitting). `eager` are the files a cold start
 * reads: the entry and, transitively, the chunks it imports statically; the rest load on first use.
 */
async function bundle(b: (typeof BUNDLES)[number]): Promise<BuiltBundle> {
  const outdir = join(OUT, b.name);
  const result = bundleHandler(join(ROOT, b.entry), outdir, ROOT);
  writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile)); // for esbuild's analyzer
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((o) => o.endsWith('/index.mjs'))!;
  const eager = new Set<string>();
  const visit = (o: string) => {
    if (eager.has(o)) return;
    eager.add(o);
    for (const imp of outputs[o]!.imports) if (imp.kind === 'import-statement' && outputs[imp.path]) visit(imp.path);
  };
  visit(entry);
  const all = Object.keys(outputs).filter((o) => o.endsWith('.mjs'));
  const size = (files: string[]) => files.reduce((n, o) => n + outputs[o]!.bytes, 0);
  const eagerCode = Buffer.concat([...eager].map((o) => readFileSync(join(ROOT, o))));
  return {
    name: b.name,
    file: join(ROOT, entry),
    outdir,
    eagerOutputs: [...eager],
    bytes: size([...eager]),
    totalBytes: size(all),
    gzipBytes: gzipSync(eagerCode).length,
    mapBytes: [...eager].reduce((n, o) => n + statSync(join(ROOT, `${o}.map`)).size, 0),
    warnings: result.warnings.length,
    metafile: result.metafile,
  };
}

/** Top inputs of one output by bytes in that output, and the same grouped by npm package. */
export function composition(b: BuiltBundle) {
  // What a cold start reads: the inputs of the entry and of the chunks it imports statically.
  const byInput = new Map<string, number>();
  for (const o of b.eagerOutputs) {
    for (const [path, v] of Object.entries(b.metafile.outputs[o]!.inputs)) byInput.set(path, (byInput.get(path) ?? 0) + v.bytesInOutput);
  }
  const output = { bytes: b.bytes };
  const inputs = [...byInput.entries()].map(([path, bytes]) => ({ path, bytes })).sort((x, y) => y.bytes - x.bytes);
  const pkgOf = (p: string) => {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p);
    return m ? m[1]! : `(project) ${p.split('/').slice(0, 2).join('/')}`;
  };
  const byPkg = new Map<string, number>();
  for (const i of inputs) byPkg.set(pkgOf(i.path), (byPkg.get(pkgOf(i.path)) ?? 0) + i.bytes);
  const packages = [...byPkg.entries()].map(([pkg, bytes]) => ({ pkg, bytes })).sort((x, y) => y.bytes - x.bytes);
  // Which of our own files import each package or folder directly (the place to change to drop it).
  const importers = new Map<string, Set<string>>();
  for (const [path, input] of Object.entries(b.metafile.inputs)) {
    if (path.includes('node_modules/')) continue;
    for (const imp of input.imports) {
      if (imp.external) continue;
      const pkg = pkgOf(imp.path);
      if (pkg === pkgOf(path)) continue;
      if (!importers.has(pkg)) importers.set(pkg, new Set());
      importers.get(pkg)!.add(`${path}${imp.kind === 'dynamic-import' ? ' (dynamic import)' : ''}`);
    }
  }
  return { inputs, packages, importers, total: output.bytes };
}

/** Strings only the Lark SDK carries (its User-Agent prefix and its own package name). */
export const LARK_MARKERS = ['oapi-node-sdk/', '@larksuiteoapi/node-sdk'];
export function larkCheck(b: BuiltBundle) {
  // Eagerly loaded code only: the SDK must not be read at the acknowledgement path's cold start.
  const code = b.eagerOutputs.map((o) => readFileSync(join(ROOT, o), 'utf8')).join('\n');
  const strings = LARK_MARKERS.filter((s) => code.includes(s));
  const inputs = b.eagerOutputs.flatMap((o) => Object.keys(b.metafile.outputs[o]!.inputs)).filter((p) => p.includes('node_modules/@larksuiteoapi/'));
  return { contains: strings.length > 0 || inputs.length > 0, strings, inputs: inputs.length };
}

export type Composition = ReturnType<typeof composition>;

export interface BundleStage {
  built: BuiltBundle[];
  buildSeconds: number;
  /** The webhook's cold-start composition, and bare's for the difference. */
  webhook: Composition;
  bare: Composition;
  /** Packages and folders the webhook reads beyond bare, largest first. */
  extra: { pkg: string; bytes: number; extra: number }[];
  extraTotal: number;
  lark: ({ name: BundleName } & ReturnType<typeof larkCheck>)[];
}

export async function bundleStage(): Promise<BundleStage> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const t0 = performance.now();
  const built: BuiltBundle[] = [];
  for (const b of BUNDLES) built.push(await bundle(b));
  const buildSeconds = (performance.now() - t0) / 1000;
  const webhook = composition(built.find((b) => b.name === 'webhook')!);
  const bare = composition(built.find((b) => b.name === 'bare')!);
  const bareBytes = new Map(bare.packages.map((p) => [p.pkg, p.bytes]));
  const extra = webhook.packages
    .map((p) => ({ ...p, extra: p.bytes - (bareBytes.get(p.pkg) ?? 0) }))
    .filter((p) => p.extra > 0)
    .sort((x, y) => y.extra - x.extra);
  return {
    built,
    buildSeconds,
    webhook,
    bare,
    extra,
    extraTotal: webhook.total - bare.total,
    lark: built.map((b) => ({ name: b.name, ...larkCheck(b) })),
  };
}
