import { describe, expect, it } from 'vitest';
import { monthsBetween, parseStatisticsPeriod, periodMonths } from '../../../functions/domain/statistics/index.ts';

const TODAY = '2026-11-05';

function ok(text: string) {
  const r = parseStatisticsPeriod(text, TODAY);
  if (!r.ok) throw new Error(r.text);
  return r.period;
}

describe('统计 periods', () => {
  it('统计 alone is this year so far', () => {
    const p = ok('');
    expect(p).toMatchObject({ kind: 'year', id: '2026', from: '2026-01-01', to: '2026-12-31', through: TODAY, partial: true, label: '2026年（截至11月5日）' });
    expect(ok('统计')).toEqual(p);
    expect(ok('本年')).toEqual(p);
    expect(periodMonths(p)).toHaveLength(11);
  });

  it('a year, in the ways people type it', () => {
    for (const t of ['2025', '2025年', '2025年度', '２０２５', ' 2025 ', '统计 2025']) {
      expect(ok(t)).toMatchObject({ kind: 'year', id: '2025', from: '2025-01-01', to: '2025-12-31', through: '2025-12-31', partial: false, label: '2025年' });
    }
  });

  it('a quarter', () => {
    for (const t of ['2026-Q3', '2026Q3', '2026q3', '2026-q3', '2026年第三季度', '2026年3季度', '2026年第3季']) {
      expect(ok(t)).toMatchObject({ kind: 'quarter', id: '2026-Q3', quarter: 3, from: '2026-07-01', to: '2026-09-30', partial: false, label: '2026年第三季度' });
    }
    expect(ok('2026-Q4')).toMatchObject({ through: TODAY, partial: true, label: '2026年第四季度（截至11月5日）' });
    expect(periodMonths(ok('2026-Q4'))).toEqual(['2026-10', '2026-11']);
  });

  it('a month, leap February included', () => {
    for (const t of ['2024-02', '2024-2', '2024/02', '2024.2', '2024年2月', '2024年2', '２０２４－０２']) {
      expect(ok(t)).toMatchObject({ kind: 'month', id: '2024-02', month: 2, from: '2024-02-01', to: '2024-02-29', label: '2024年2月' });
    }
    expect(ok('2026-11')).toMatchObject({ through: TODAY, partial: true });
  });

  it('bad input gets a Chinese message with examples; a future period is refused', () => {
    for (const t of ['2026-13', '2026-Q5', '26-11', '去年', '2026-11-05', '0226', '1900']) {
      const r = parseStatisticsPeriod(t, TODAY);
      expect(r.ok, t).toBe(false);
      if (!r.ok) {
        expect(r.reason).toBe('bad_period');
        expect(r.text).toContain('统计 2026-Q3');
        expect(r.text).toContain('统计 2026-11');
      }
    }
    const future = parseStatisticsPeriod('2026-12', TODAY);
    expect(future).toMatchObject({ ok: false, reason: 'future' });
    expect(parseStatisticsPeriod('2027', TODAY)).toMatchObject({ ok: false, reason: 'future' });
  });

  it('months between crosses a year', () => {
    expect(monthsBetween('2025-11-20', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});
