/**
 * Charts rendered on the server: echarts' server-side SVG (SSR mode, no DOM, no canvas), then SVG →
 * PNG with resvg (its WebAssembly build: no native addon, so the Lambda bundle carries it as one
 * `.wasm` file, and what is tested is what runs) and the Noto Serif SC font (font.ts). Deterministic: no animation, a fixed palette,
 * zrender's per-instance id prefix normalised, so the same data gives the same SVG and PNG bytes.
 *
 * Only the echarts parts used are imported (bar, pie; title, grid, legend; the SVG renderer).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartData } from '../../domain/statistics/charts.ts';
import type { ChartRenderer, RenderedChart } from '../../ports/statistics.ts';
import { CHART_FONT_FAMILY, chartFonts } from './font.ts';

echarts.use([BarChart, PieChart, TitleComponent, GridComponent, LegendComponent, SVGRenderer]);

/** Colour-blind-safe (Okabe–Ito), distinguishable when printed in grey. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442', '#000000'];

export interface ChartSize {
  /** Logical size of the SVG (CSS pixels). */
  width: number;
  height: number;
  /** PNG pixels per logical pixel (2 = sharp on high-density screens). */
  scale: number;
}

/** 16:9, 1440 × 810 PNG: readable in a Feishu card (which scales it to the card's width) and in print. */
export const DEFAULT_CHART_SIZE: ChartSize = { width: 720, height: 405, scale: 2 };

const text = { fontFamily: CHART_FONT_FAMILY, color: '#222222' };

/** The echarts option for one chart (pure). */
export function chartOption(c: ChartData): echarts.EChartsCoreOption {
  const title = {
    text: c.title,
    subtext: c.subtitle,
    left: 'center',
    top: 8,
    textStyle: { ...text, fontSize: 18, fontWeight: 'normal' },
    subtextStyle: { ...text, fontSize: 12, color: '#555555' },
  };
  const legend = c.series.length > 1 || c.kind === 'pie' ? { bottom: 6, textStyle: { ...text, fontSize: 12 } } : undefined;
  if (c.kind === 'pie') {
    const s = c.series[0];
    return {
      animation: false,
      color: PALETTE,
      textStyle: text,
      title,
      legend,
      series: [
        {
          type: 'pie',
          radius: ['30%', '58%'],
          center: ['50%', '56%'],
          label: { ...text, fontSize: 12, formatter: `{b}\n{c}${c.unit}（{d}%）` },
          data: c.categories.map((name, i) => ({ name, value: s?.values[i] ?? 0 })),
        },
      ],
    };
  }
  const rotate = c.categories.length > 8 || c.categories.some((x) => x.length > 4) ? 30 : 0;
  return {
    animation: false,
    color: PALETTE,
    textStyle: text,
    title,
    legend,
    grid: { left: 72, right: 24, top: 76, bottom: legend ? 64 + (rotate ? 24 : 0) : 40 + (rotate ? 24 : 0), containLabel: false },
    xAxis: { type: 'category', data: c.categories, axisLabel: { ...text, fontSize: 12, interval: 0, rotate }, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', name: c.unit, nameTextStyle: { ...text, fontSize: 12 }, axisLabel: { ...text, fontSize: 12 }, minInterval: c.unit === '元' ? 0 : 1 },
    series: c.series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.values,
      ...(s.stack !== undefined ? { stack: s.stack } : {}),
      barMaxWidth: 48,
      label: c.series.length === 1 ? { show: true, position: 'top', ...text, fontSize: 11 } : { show: false },
    })),
  };
}

/**
 * zrender numbers its instances (`zr3-`) and its hover-style classes (`zr3-cls-41`) with process-wide
 * counters: renumber both in order of appearance so the SVG depends on the data only.
 */
function normaliseIds(svg: string): string {
  const classes = new Map<string, string>();
  return svg
    .replace(/\bzr\d+-cls-\d+\b/g, (id) => {
      let n = classes.get(id);
      if (n === undefined) classes.set(id, (n = `zr-cls-${classes.size}`));
      return n;
    })
    .replace(/\bzr\d+-/g, 'zr-');
}

/** The chart as an SVG string (echarts SSR), its generated ids made independent of earlier charts. */
export function renderSvg(c: ChartData, size: ChartSize = DEFAULT_CHART_SIZE): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(chartOption(c));
    return normaliseIds(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/** The resvg-wasm module in the installed package (local runs and tests; a Lambda bundle passes its copy). */
export function packagedResvgWasm(): string {
  return createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm');
}

let wasmReady: Promise<void> | undefined;

/** Compiles and instantiates resvg's WebAssembly once per process (initWasm refuses a second call). */
export function initResvg(wasmPath: string = packagedResvgWasm()): Promise<void> {
  if (!wasmReady) {
    wasmReady = readFile(wasmPath).then((bytes) => initWasm(bytes));
    wasmReady.catch(() => {
      wasmReady = undefined;
    });
  }
  return wasmReady;
}

/**
 * SVG → PNG on a white background with only the given fonts (sfnt bytes; resvg-wasm never reads
 * system fonts, so a machine's fonts cannot change the output). `initResvg` must have resolved.
 */
export function svgToPng(svg: string, fonts: Uint8Array[], scale: number): { png: Buffer; width: number; height: number } {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: {
      fontBuffers: fonts,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
      serifFamily: CHART_FONT_FAMILY,
    },
  });
  try {
    const image = resvg.render();
    try {
      return { png: Buffer.from(image.asPng()), width: image.width, height: image.height };
    } finally {
      image.free();
    }
  } finally {
    // WebAssembly memory is not garbage-collected: free each renderer (and its parsed fonts) at once.
    resvg.free();
  }
}

export interface EchartsChartRendererOptions {
  size?: ChartSize;
  /** WOFF files of the font (default: the @fontsource/noto-serif-sc package's). */
  woffPaths?: readonly string[];
  /** resvg's `index_bg.wasm` (default: the @resvg/resvg-wasm package's). */
  wasmPath?: string;
}

export class EchartsChartRenderer implements ChartRenderer {
  private readonly size: ChartSize;

  constructor(private readonly opts: EchartsChartRendererOptions = {}) {
    this.size = opts.size ?? DEFAULT_CHART_SIZE;
  }

  async render(charts: readonly ChartData[]): Promise<RenderedChart[]> {
    const [fonts] = await Promise.all([chartFonts(this.opts.woffPaths), initResvg(this.opts.wasmPath)]);
    return charts.map((c) => {
      const svg = renderSvg(c, this.size);
      const { png, width, height } = svgToPng(svg, fonts, this.size.scale);
      return { id: c.id, png, width, height, svg, alt: c.alt };
    });
  }
}
