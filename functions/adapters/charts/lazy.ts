/**
 * The echarts renderer behind the ChartRenderer port, imported when the first chart is drawn (worker
 * only): echarts, resvg's native addon and the font decoding stay out of every cold start.
 * `@resvg/resvg-js` is external to the Lambda bundles (infra/bundle.ts): it is a native addon.
 */
import type { ChartRenderer } from '../../ports/statistics.ts';

export function lazyChartRenderer(): ChartRenderer {
  let renderer: Promise<ChartRenderer> | undefined;
  return {
    async render(charts) {
      renderer ??= import('./render.ts').then((m) => new m.EchartsChartRenderer());
      return (await renderer).render(charts);
    },
  };
}
