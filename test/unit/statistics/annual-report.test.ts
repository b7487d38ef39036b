import { describe, expect, it } from 'vitest';
import avData from '../../../data/av-duties.json' with { type: 'json' };
import { loadCalendar, loadRules } from '../../../functions/adapters/calendar/index.ts';
import { buildAvDuties } from '../../../functions/domain/dossier/av-duties.ts';
import {
  type AnnualReportTask,
  annualReportDeadline,
  annualReportTasks,
  buildAnnualReport,
  computeFigures,
  renderAnnualReportHtml,
  yearPeriod,
} from '../../../functions/domain/statistics/index.ts';
import { buildBureau } from '../../helpers/statistics-bureau.ts';

const cal = loadCalendar();
const rules = loadRules();
const avDuties = buildAvDuties(avData);

describe('年度统计公开: the deadline', () => {
  it('2025 data: 2026-01-31 is a Saturday, so the last working day before it is suggested (not rolled)', () => {
    const d = annualReportDeadline(2025, cal, rules);
    expect(d.dueDate).toBe('2026-01-31');
    expect(d.effectiveDate).toBe('2026-01-30');
    expect(d.text).toBe('2026-01-31（星期六）前；该日为休息日，建议于 2026-01-30（星期五）前完成');
    expect(d.result.source).toContain('国办发〔2018〕118号');
  });

  it('a working 31 January is its own effective date', () => {
    // 2024-01-31 is a Wednesday.
    const d = annualReportDeadline(2023, cal, rules);
    expect(d).toMatchObject({ dueDate: '2024-01-31', effectiveDate: '2024-01-31' });
  });
});

describe('年度统计公开: what the scheduled work does in January', () => {
  const none = { drafted: false, published: false };
  const drafted = { drafted: true, published: false };
  const reminders = (today: string, s = drafted): AnnualReportTask[] => annualReportTasks(today, s, cal, rules).filter((t) => t.kind === 'remind');

  it('drafts on the first tick of January, holiday or not; reminds only on working days', () => {
    expect(annualReportTasks('2026-01-01', none, cal, rules)).toEqual([{ kind: 'draft', dataYear: 2025 }]); // 元旦
    expect(annualReportTasks('2026-01-04', none, cal, rules).map((t) => t.kind)).toEqual(['draft', 'remind']); // 调休 Sunday: first working day
    expect(reminders('2026-01-04')[0]).toMatchObject({ point: 'start', audience: 'office' });
    expect(reminders('2026-01-04')[0]?.kind === 'remind' && reminders('2026-01-04')[0]).toMatchObject({
      text: expect.stringContaining('2025年度行政执法数据统计须于2026-01-31（星期六）前；该日为休息日，建议于 2026-01-30（星期五）前完成公开'),
    });
  });

  it('5 and 1 working days before the effective date, on it, then the head the next working day', () => {
    const days: Record<string, string> = {};
    for (let d = 1; d <= 31; d++) {
      const today = `2026-01-${String(d).padStart(2, '0')}`;
      for (const t of reminders(today)) if (t.kind === 'remind') days[today] = `${t.point}:${t.audience}`;
    }
    for (const today of ['2026-02-01', '2026-02-02', '2026-02-03']) for (const t of reminders(today)) if (t.kind === 'remind') days[today] = `${t.point}:${t.audience}`;
    expect(days).toEqual({
      '2026-01-04': 'start:office',
      '2026-01-23': 'five_days:office',
      '2026-01-29': 'one_day:office',
      '2026-01-30': 'due_day:office',
      '2026-02-02': 'overdue:head',
    });
  });

  it('nothing once published, and nothing outside the window', () => {
    expect(annualReportTasks('2026-01-30', { drafted: true, published: true }, cal, rules)).toEqual([]);
    expect(annualReportTasks('2026-02-03', none, cal, rules)).toEqual([]);
    expect(annualReportTasks('2025-12-31', none, cal, rules)).toEqual([]);
  });
});

describe('the annual report', () => {
  const TODAY = '2026-01-05';
  const bureau = buildBureau({ seed: 11, years: [2025], casesPerYear: 150, today: TODAY });
  const ctx = { today: TODAY, calendar: cal, rules, avDuties };
  const figures = computeFigures(bureau, yearPeriod(2025, TODAY), ctx).figures;

  it('is for a whole year that has ended', () => {
    expect(() => buildAnnualReport(computeFigures(bureau, yearPeriod(2026, TODAY), ctx).figures, { bureau: 'X', cal, rules })).toThrow(/完整年度/);
  });

  it('carries the figures with their charts and the 118号 deadline', () => {
    const r = buildAnnualReport(figures, { bureau: '甘孜州经济和信息化局', cal, rules });
    expect(r.title).toBe('甘孜州经济和信息化局2025年度行政执法数据统计');
    expect(r.sections.find((s) => s.heading === '一、立案情况')?.rows[0]).toEqual({ label: '立案总数', value: '150 件' });
    expect(r.sections.flatMap((s) => (s.chart ? [s.chart.file] : []))).toEqual([
      'filed_by_type.png',
      'filed_by_month.png',
      'decisions_by_kind.png',
      'fines.png',
      'reviews.png',
      'deadlines.png',
    ]);
    expect(r.deadline).toBe('2026-01-31（星期六）前；该日为休息日，建议于 2026-01-30（星期五）前完成');
  });

  it('the page is escaped, printable, self-contained, and shows no personal data from the logs', () => {
    const r = buildAnnualReport(figures, { bureau: '<script>alert(1)</script>局 & "所"', cal, rules });
    const html = renderAnnualReportHtml(r, { width: 1440, height: 810 });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;局 &amp; &quot;所&quot;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain('@media print');
    expect(html).toContain('<img src="fines.png" width="1440" height="810" alt="罚款：决定与缴纳（元）。');
    // Nothing that identifies a person or a case: open ids, case numbers, file names, note text.
    const raw = bureau.cases.flatMap((c) => c.entries.flatMap((e) => [e.actor ?? '', ...Object.values(e.detail).filter((v): v is string => typeof v === 'string')]));
    const identifying = [...new Set(raw)].filter((s) => /^ou_|号$|\.jpg$|李某某|张三/.test(s));
    expect(identifying.length).toBeGreaterThan(100);
    for (const s of identifying) expect(html.includes(s), s).toBe(false);
    expect(html).not.toMatch(/ou_|甘经信立|2025-\d{6}/);
  });
});
