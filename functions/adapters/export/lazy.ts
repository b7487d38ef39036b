/** The XLSX/CSV exporter, imported when the first export is made (worker only: exceljs stays out of cold starts). */
import type { StatisticsExporter } from '../../ports/statistics.ts';

export function lazyExporter(): () => Promise<StatisticsExporter> {
  let exporter: Promise<StatisticsExporter> | undefined;
  return () => (exporter ??= import('./exporter.ts').then((m) => new m.SpreadsheetExporter()));
}
