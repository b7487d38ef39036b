/**
 * The echarts renderer behind the ChartRenderer port, imported when the first chart is drawn (worker
 * only): echarts, resvg's WebAssembly and the font decoding stay out of every cold start.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChartRenderer } from '../../ports/statistics.ts';
import { CHART_FONT_FILES } from './font.ts';

/** Where a Lambda bundle carries resvg's WebAssembly, relative to its index.mjs (infra/bundle.ts copies it). */
export const BUNDLED_RESVG_WASM = 'resvg/index_bg.wasm';
/** Where a Lambda bundle carries the chart fonts: the documents' font folder, which holds them. */
export const BUNDLED_CHART_FONTS = CHART_FONT_FILES.map((f) => `fonts/files/${f}`);

export interface ChartAssetPaths {
  wasmPath: string;
  woffPaths: string[];
}

/** The assets beside a bundle, if every one is there (else undefined: use the installed packages). */
export function bundledChartAssets(bundleDir: string): ChartAssetPaths | undefined {
  const wasmPath = join(bundleDir, BUNDLED_RESVG_WASM);
  const woffPaths = BUNDLED_CHART_FONTS.map((f) => join(bundleDir, f));
  return [wasmPath, ...woffPaths].every((p) => existsSync(p)) ? { wasmPath, woffPaths } : undefined;
}

export function lazyChartRenderer(assets?: ChartAssetPaths): ChartRenderer {
  let renderer: Promise<ChartRenderer> | undefined;
  return {
    async render(charts) {
      if (!renderer) {
        renderer = import('./render.ts').then((m) => new m.EchartsChartRenderer(assets ?? {}));
        renderer.catch(() => {
          renderer = undefined;
        });
      }
      return (await renderer).render(charts);
    },
  };
}
