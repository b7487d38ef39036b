/**
 * How every Lambda function is built: esbuild, ESM with code splitting, everything bundled (the AWS
 * SDK included: the versions we test are the versions we ship). Shared by the CDK stack and
 * `npm run bench`, so the bench measures what is deployed.
 *
 * Why code splitting: a dynamic `import()` becomes a separate chunk that is read only when first
 * needed, so the acknowledgement path does not parse the card-callback code, the deadline engine or
 * the Lambda client at cold start (a single CJS file parses all of it).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type BuildResult, buildSync } from 'esbuild';
import { BUNDLED_RESVG_WASM } from '../functions/adapters/charts/lazy.ts';
import { fontAssetFiles, packageFontDir } from '../functions/adapters/pdf/fonts.ts';

/** Lambda loads `index.mjs` and calls its `handler` export. */
export const HANDLER = 'index.handler';

/** CommonJS dependencies (the Feishu SDK, parts of the AWS SDK) call `require` and use `__dirname`. */
const CJS_SHIM = [
  "import { createRequire as __cjsRequire } from 'node:module';",
  "import { fileURLToPath as __cjsFileUrl } from 'node:url';",
  "import { dirname as __cjsDirname } from 'node:path';",
  'const require = __cjsRequire(import.meta.url);',
  'const __filename = __cjsFileUrl(import.meta.url);',
  'const __dirname = __cjsDirname(__filename);',
].join(' ');

/** Bundles one handler into `outdir` (index.mjs, chunks/, source maps). Synchronous: CDK's local bundling is. */
export function bundleHandler(entry: string, outdir: string, absWorkingDir: string): BuildResult<{ metafile: true }> {
  return buildSync({
    entryPoints: { index: entry },
    outdir,
    absWorkingDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    target: 'node22',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    charset: 'utf8',
    mainFields: ['module', 'main'],
    banner: { js: CJS_SHIM },
    metafile: true,
    logLevel: 'warning',
  });
}

/**
 * The worker drafts documents (issue 13): the Noto Serif SC files its PDF renderer reads at run time
 * are copied into `fonts/` beside its `index.mjs` (node_modules is not shipped); handlers/documents.ts
 * reads them from there. About 8 MB.
 */
export function copyDocumentFonts(outdir: string): number {
  let files = 0;
  for (const file of fontAssetFiles()) {
    const to = join(outdir, 'fonts', file);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(packageFontDir(), file), to);
    files += 1;
  }
  return files;
}

/**
 * The worker draws charts (issue 14) with resvg's WebAssembly build: its `index_bg.wasm` (≈2.5 MB) is
 * copied to `resvg/` beside index.mjs, where handlers/worker.ts looks for it. The chart fonts are two
 * of the documents' font files (copyDocumentFonts), read from `fonts/files/`.
 */
export function copyChartAssets(outdir: string): void {
  const to = join(outdir, BUNDLED_RESVG_WASM);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm'), to);
}

/** Everything the worker's bundle reads at run time: the PDF and chart fonts, resvg's WebAssembly. */
export function copyWorkerAssets(outdir: string): void {
  copyDocumentFonts(outdir);
  copyChartAssets(outdir);
}
