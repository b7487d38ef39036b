/**
 * The published annual 行政执法数据统计 as the site's index links them. The list is kept on the site
 * itself (`statistics/index.json`, written by the annual publication from the statistics store, the
 * source of truth), so that every writer of the index — the publisher, the lists' and draws' jobs —
 * links the same reports without reading the store.
 */
import * as z from 'zod/mini';
import { isLocalDate, type LocalDate } from '../deadlines/local-date.ts';

export const ANNUAL_REPORTS_PATH = 'statistics/index.json';

export class AnnualReportsFormatError extends Error {
  override name = 'AnnualReportsFormatError';
}

export interface PublishedAnnualReport {
  /** The year the figures are of (the report is published the January after). */
  year: number;
  publishedOn: LocalDate;
}

/** The report's folder URL, relative to the site root (served as its index.html). */
export const annualReportUrl = (year: number) => `statistics/${year}/`;
export const annualReportTitle = (year: number) => `${year}年度行政执法数据统计`;

const manifestSchema = z.object({
  reports: z.array(
    z.object({
      year: z.int().check(z.minimum(2000), z.maximum(2999)),
      published_on: z.string().check(z.refine(isLocalDate)),
    }),
  ),
});

/** Newest first, one per year. */
export function sortAnnualReports(reports: readonly PublishedAnnualReport[]): PublishedAnnualReport[] {
  const byYear = new Map(reports.map((r) => [r.year, r]));
  return [...byYear.values()].sort((a, b) => b.year - a.year);
}

export function renderAnnualReportsManifest(reports: readonly PublishedAnnualReport[]): string {
  return `${JSON.stringify({ reports: sortAnnualReports(reports).map((r) => ({ year: r.year, published_on: r.publishedOn, url: annualReportUrl(r.year), title: annualReportTitle(r.year) })) }, null, 2)}\n`;
}

export function parseAnnualReportsManifest(text: string): PublishedAnnualReport[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new AnnualReportsFormatError(`年度统计目录不是有效的 JSON：${(err as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new AnnualReportsFormatError(`年度统计目录格式错误：${parsed.error.issues.map((i) => i.path.join('.')).join('；')}`);
  return sortAnnualReports(parsed.data.reports.map((r) => ({ year: r.year, publishedOn: r.published_on as LocalDate })));
}
