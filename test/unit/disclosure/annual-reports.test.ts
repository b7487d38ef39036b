import { describe, expect, it } from 'vitest';
import {
  AnnualReportsFormatError,
  parseAnnualReportsManifest,
  renderAnnualReportsManifest,
  renderIndexPage,
} from '../../../functions/domain/disclosure/index.ts';
import type { LocalDate } from '../../../functions/domain/deadlines/local-date.ts';
import { site } from './helpers.ts';

const reports = [
  { year: 2024, publishedOn: '2025-01-20' as LocalDate },
  { year: 2025, publishedOn: '2026-01-06' as LocalDate },
];

describe('the published annual reports on the site index', () => {
  it('round-trips the list, newest first, one per year', () => {
    const text = renderAnnualReportsManifest([...reports, { year: 2025, publishedOn: '2026-01-06' as LocalDate }]);
    expect(parseAnnualReportsManifest(text)).toEqual([reports[1], reports[0]]);
  });

  it('refuses a list that is not what it writes', () => {
    expect(() => parseAnnualReportsManifest('{')).toThrow(AnnualReportsFormatError);
    expect(() => parseAnnualReportsManifest('{"reports":[{"year":2025,"published_on":"2026-13-01"}]}')).toThrow(AnnualReportsFormatError);
    expect(() => parseAnnualReportsManifest('{"reports":[{"year":"2025","published_on":"2026-01-06"}]}')).toThrow(AnnualReportsFormatError);
  });

  it('links each report at its folder URL, newest first; no section while none is published', () => {
    const html = renderIndexPage(site, [], reports);
    expect(html).toContain('<h2>年度行政执法数据统计</h2>');
    const a = html.indexOf('<a href="statistics/2025/">2025年度行政执法数据统计</a>（2026年1月6日公开）');
    const b = html.indexOf('<a href="statistics/2024/">2024年度行政执法数据统计</a>（2025年1月20日公开）');
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
    expect(renderIndexPage(site, [])).not.toContain('年度行政执法数据统计');
  });
});
