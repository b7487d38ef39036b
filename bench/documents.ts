/**
 * Drafting a 行政处罚决定书 as the worker would: the renderer bundled by infra/bundle.ts with its fonts
 * beside it, run in a fresh Node process. Prints the time to load the renderer, the first document
 * (fonts decoded, layout cold), warm documents (median and slowest of 20), the process's peak memory
 * and the file's size. `npx tsx bench/documents.ts` (to be folded into `npm run bench`).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fontAssetFiles, packageFontDir } from '../functions/adapters/pdf/index.ts';
import { draftPenaltyDecision } from '../functions/domain/documents/index.ts';
import { bundleHandler } from '../infra/bundle.ts';
import { approvedScenario, common, evidence, rules } from '../test/unit/documents/helpers.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'enf-bench-docs-'));
try {
  const out = join(dir, 'renderer');
  bundleHandler('functions/adapters/pdf/index.ts', out, root);
  let fontBytes = 0;
  for (const file of fontAssetFiles()) {
    mkdirSync(dirname(join(out, 'fonts', file)), { recursive: true });
    copyFileSync(join(packageFontDir(), file), join(out, 'fonts', file));
    fontBytes += statSync(join(out, 'fonts', file)).size;
  }

  const s = approvedScenario();
  const model = draftPenaltyDecision({
    ...common(s.theCase, '甘经信罚〔2026〕1号'),
    decision: s.decision,
    evidence,
    rules,
    party: { address: '四川省甘孜藏族自治州康定市某某路1号', representative: '王某' },
    notice: { number: '甘经信罚告〔2026〕1号', servedOn: '2026-10-10' },
  });
  writeFileSync(join(dir, 'model.json'), JSON.stringify(model));

  // Plain Node on the bundle: what a cold worker does, without tsx in the way.
  const probe = join(dir, 'probe.mjs');
  writeFileSync(
    probe,
    `
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
const mb = () => process.resourceUsage().maxRSS / 1024;
const model = JSON.parse(readFileSync(${JSON.stringify(join(dir, 'model.json'))}, 'utf8'));
const rssStart = mb();
let t = performance.now();
const { PdfRenderer } = await import(${JSON.stringify(pathToFileURL(join(out, 'index.mjs')).href)});
const importMs = performance.now() - t;
const renderer = new PdfRenderer({ fontDir: ${JSON.stringify(join(out, 'fonts'))} });
t = performance.now();
const first = await renderer.render(model);
const firstMs = performance.now() - t;
const rssFirst = mb();
const warm = [];
for (let i = 0; i < 20; i++) {
  t = performance.now();
  const pdf = await renderer.render(model);
  warm.push(performance.now() - t);
  if (pdf.sha256 !== first.sha256) throw new Error('not byte-identical');
}
warm.sort((a, b) => a - b);
console.log(JSON.stringify({ importMs, firstMs, warmMedianMs: warm[10], warmMaxMs: warm[19], rssStart, rssFirst, rssPeak: mb(), bytes: first.size, pages: first.pages }));
`,
  );
  const r = JSON.parse(execFileSync(process.execPath, [probe], { encoding: 'utf8' })) as Record<string, number>;
  const f = (n: number | undefined) => (n ?? Number.NaN).toFixed(1);
  console.log('行政处罚决定书 (bundled renderer, fresh process, Node ' + process.version + ')');
  console.log(`  load renderer (pdfkit)      ${f(r.importMs)} ms`);
  console.log(`  first document              ${f(r.firstMs)} ms  (fonts decoded from WOFF, layout cold)`);
  console.log(`  warm document               median ${f(r.warmMedianMs)} ms, slowest ${f(r.warmMaxMs)} ms of 20 (all byte-identical)`);
  console.log(`  peak RSS                    ${f(r.rssStart)} MB at start → ${f(r.rssFirst)} MB after the first → ${f(r.rssPeak)} MB after 20 more`);
  console.log(`  file                        ${f((r.bytes ?? 0) / 1024)} KB, ${r.pages} pages`);
  console.log(`  fonts shipped with the worker ${f(fontBytes / 1024 / 1024)} MB (${fontAssetFiles().length} files)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
