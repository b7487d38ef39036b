import { describe, expect, it } from 'vitest';
import avData from '../../../data/av-duties.json' with { type: 'json' };
import { loadCalendar, loadRules } from '../../../functions/adapters/calendar/index.ts';
import { buildAvDuties } from '../../../functions/domain/dossier/av-duties.ts';
import type { Person } from '../../../functions/domain/roster/types.ts';
import {
  CASE_COLUMNS,
  FIGURE,
  type Membership,
  canOpenFigureCases,
  canViewStatistics,
  caseMemberships,
  caseRows,
  casesBehind,
  chartData,
  computeFigures,
  diffMemberships,
  figureLabel,
  figureRows,
  readCaseLog,
  yearPeriod,
  quarterPeriod,
} from '../../../functions/domain/statistics/index.ts';
import { buildBureau } from '../../helpers/statistics-bureau.ts';

const TODAY = '2026-11-20';
const ctx = { today: TODAY, calendar: loadCalendar(), rules: loadRules(), avDuties: buildAvDuties(avData) };
const bureau = buildBureau({ seed: 21, years: [2025, 2026], casesPerYear: 200, today: TODAY });
const histories = bureau.cases.map((c) => readCaseLog(c).value);
const memberships: Membership[] = histories.flatMap((h) => [...caseMemberships(h, ctx).values()]);

const person = (roles: Person['roles']): Person => ({ openId: 'ou_x', name: 'X', department: 'D', roles, certificate: null });

describe('who sees statistics and the cases behind them', () => {
  it('heads, 行政审批科 and the office see the figures; only heads and 行政审批科 the case lists', () => {
    expect(canViewStatistics(person(['head']))).toBe(true);
    expect(canViewStatistics(person(['admin']))).toBe(true);
    expect(canViewStatistics(person(['office']))).toBe(true);
    expect(canViewStatistics(person(['officer', 'reviewer']))).toBe(false);
    expect(canOpenFigureCases(person(['office']))).toBe(false);
    expect(canOpenFigureCases(person(['head']))).toBe(true);
    expect(canOpenFigureCases(person(['reviewer']))).toBe(false);
  });
});

describe('opening a figure: the cases behind it', () => {
  const p = yearPeriod(2025, TODAY);
  const f = computeFigures(bureau, p, ctx).figures;

  it('has as many cases as the figure counts (one fact per case for these figures)', () => {
    expect(casesBehind(memberships, FIGURE.filed, p)).toHaveLength(f.cases.filed);
    expect(casesBehind(memberships, FIGURE.filedType('行政处罚'), p)).toHaveLength(f.cases.byType['行政处罚']);
    expect(casesBehind(memberships, FIGURE.decidedKind('罚款'), p)).toHaveLength(f.decisions.byKind['罚款']);
    expect(casesBehind(memberships, FIGURE.deadline('publication', 'late'), p)).toHaveLength(f.publication.total.late);
    expect(casesBehind(memberships, FIGURE.deadline('publication', 'unmet'), p, TODAY)).toHaveLength(f.publication.total.overdue);
  });

  it('lists by date then case id, each case once, only in the period', () => {
    const q = quarterPeriod(2026, 1, TODAY);
    const ids = casesBehind(memberships, FIGURE.evidence, q);
    const first = new Map(memberships.filter((m) => m.figure === 'ev' && m.date >= '2026-01-01' && m.date <= '2026-03-31').map((m) => [m.caseId, m.date]));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(first.keys()));
  });

  it('the listing items move with the same diff as the counters', () => {
    const c = bureau.cases.find((x) => x.entries.some((e) => e.action === 'disclosure.published')) as (typeof bureau.cases)[number];
    const at = c.entries.findIndex((e) => e.action === 'disclosure.published');
    const before = caseMemberships(readCaseLog({ ...c, entries: c.entries.slice(0, at) }).value, ctx);
    const after = caseMemberships(readCaseLog({ ...c, entries: c.entries.slice(0, at + 1) }).value, ctx);
    const d = diffMemberships(before, after);
    expect(d.remove.map((m) => m.figure)).toContain('dl|publication|unmet');
    expect(d.put.map((m) => m.figure).some((x) => x === 'dl|publication|met' || x === 'dl|publication|late')).toBe(true);
    expect(diffMemberships(after, after)).toEqual({ put: [], remove: [] });
  });

  it('every figure of a listing has a Chinese label', () => {
    for (const m of memberships) expect(figureLabel(m.figure), m.figure).not.toBeNull();
    expect(figureLabel('dl|publication|unmet')).toBe('决定公开：未完成');
    expect(figureLabel('nope')).toBeNull();
  });
});

describe('tables for the exports, and chart data', () => {
  const p = yearPeriod(2025, TODAY);
  const f = computeFigures(bureau, p, ctx).figures;

  it('figure rows carry every figure with its unit', () => {
    const rows = figureRows(f);
    expect(rows.find((r) => r.item === '立案总数')).toEqual({ section: '立案', item: '立案总数', value: f.cases.filed, unit: '件' });
    expect(rows.find((r) => r.item === '决定罚款金额')?.value).toBe(f.fines.decided.fen / 100);
    expect(rows.find((r) => r.item === '退回补充占比')?.unit).toBe('%');
    expect(rows.filter((r) => r.section === '各月立案')).toHaveLength(12);
  });

  it('case rows: one per case with a fact in the period, no party data, in filing order', () => {
    const rows = caseRows(bureau.cases, p, ctx);
    const ids = new Set(memberships.filter((m) => m.date >= p.from && m.date <= p.through).map((m) => m.caseId));
    expect(rows).toHaveLength(ids.size);
    expect(rows).toHaveLength(f.cases.filed); // the bureau starts in 2025: every 2025 row is a 2025 filing
    // 2026 lists 2025 cases too when something of theirs fell in 2026 (a payment, a deadline, evidence).
    const p26 = yearPeriod(2026, TODAY);
    expect(caseRows(bureau.cases, p26, ctx).length).toBeGreaterThan(computeFigures(bureau, p26, ctx).figures.cases.filed);
    expect(rows.map((r) => r.filingDate)).toEqual([...rows.map((r) => r.filingDate)].sort());
    expect(CASE_COLUMNS.map((c) => c.header)).not.toContain('当事人');
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(CASE_COLUMNS.map((c) => c.key).sort());
  });

  it('chart data mirrors the figures', () => {
    const charts = chartData(f);
    expect(charts.map((c) => c.id)).toEqual(['filed_by_type', 'filed_by_month', 'decisions_by_kind', 'fines', 'reviews', 'deadlines']);
    const byType = charts[0];
    expect(byType?.series[0]?.values.reduce((a, b) => a + b, 0)).toBe(f.cases.filed);
    expect(charts[1]?.categories).toEqual(['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月']);
    expect(charts[3]?.series.map((s) => s.values.reduce((a, b) => a + b, 0) * 100).map(Math.round)).toEqual([f.fines.decided.fen, f.fines.collected.fen]);
  });
});
