import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../../functions/adapters/calendar/index.ts';
import {
  CalendarDataError,
  addDays,
  buildCalendar,
  coverage,
  dayInfo,
  emptyCalendar,
  isWorkingDay,
} from '../../../functions/domain/deadlines/index.ts';
import { cal } from './helpers.ts';

function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

describe('official calendar data (checked by hand against the State Council notices)', () => {
  it('loads 2024, 2025 and 2026', () => {
    for (const y of [2024, 2025, 2026]) expect(cal.loadedYears.has(y)).toBe(true);
    expect(cal.loadedYears.has(2027)).toBe(false);
  });

  it('2025 Spring Festival: 1/28–2/4 off, 1/26 (Sun) and 2/8 (Sat) worked', () => {
    for (const d of range('2025-01-28', '2025-02-04')) expect(dayInfo(cal, d)).toMatchObject({ kind: 'holiday', holidayName: '春节' });
    expect(dayInfo(cal, '2025-01-26')).toMatchObject({ kind: 'makeup_workday', working: true, weekday: 7 });
    expect(dayInfo(cal, '2025-02-08')).toMatchObject({ kind: 'makeup_workday', working: true, weekday: 6 });
    expect(isWorkingDay(cal, '2025-01-27')).toBe(true);
    expect(isWorkingDay(cal, '2025-02-05')).toBe(true);
  });

  it('2025 National Day + Mid-Autumn: 10/1–10/8 off, 9/28 (Sun) and 10/11 (Sat) worked', () => {
    for (const d of range('2025-10-01', '2025-10-08')) expect(isWorkingDay(cal, d)).toBe(false);
    expect(dayInfo(cal, '2025-10-06').holidayName).toBe('中秋节');
    expect(dayInfo(cal, '2025-10-01').holidayName).toBe('国庆节');
    expect(dayInfo(cal, '2025-09-28')).toMatchObject({ kind: 'makeup_workday', weekday: 7 });
    expect(dayInfo(cal, '2025-10-11')).toMatchObject({ kind: 'makeup_workday', weekday: 6 });
    expect(isWorkingDay(cal, '2025-10-09')).toBe(true);
  });

  it('2026 schedule (国务院办公厅 notice of November 2025)', () => {
    // 元旦 1/1–1/3, 1/4 (Sun) worked
    for (const d of range('2026-01-01', '2026-01-03')) expect(dayInfo(cal, d).holidayName).toBe('元旦');
    expect(dayInfo(cal, '2026-01-04').kind).toBe('makeup_workday');
    // 春节 2/15–2/23 (9 days), 2/14 (Sat) and 2/28 (Sat) worked
    for (const d of range('2026-02-15', '2026-02-23')) expect(dayInfo(cal, d).holidayName).toBe('春节');
    expect(dayInfo(cal, '2026-02-14').kind).toBe('makeup_workday');
    expect(dayInfo(cal, '2026-02-28').kind).toBe('makeup_workday');
    // 清明 4/4–4/6; 劳动节 5/1–5/5 with 5/9 (Sat) worked; 端午 6/19–6/21
    for (const d of range('2026-04-04', '2026-04-06')) expect(isWorkingDay(cal, d)).toBe(false);
    for (const d of range('2026-05-01', '2026-05-05')) expect(dayInfo(cal, d).holidayName).toBe('劳动节');
    expect(dayInfo(cal, '2026-05-09').kind).toBe('makeup_workday');
    for (const d of range('2026-06-19', '2026-06-21')) expect(dayInfo(cal, d).holidayName).toBe('端午节');
    // 中秋 9/25–9/27; 国庆 10/1–10/7 with 9/20 (Sun) and 10/10 (Sat) worked
    for (const d of range('2026-09-25', '2026-09-27')) expect(dayInfo(cal, d).holidayName).toBe('中秋节');
    for (const d of range('2026-10-01', '2026-10-07')) expect(dayInfo(cal, d).holidayName).toBe('国庆节');
    expect(dayInfo(cal, '2026-09-20').kind).toBe('makeup_workday');
    expect(dayInfo(cal, '2026-10-10').kind).toBe('makeup_workday');
    expect(dayInfo(cal, '2026-10-08').kind).toBe('workday');
    expect(cal.workdays.size).toBeGreaterThan(0);
    expect([...cal.workdays.keys()].filter((d) => d.startsWith('2026'))).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });

  it('2024 sample: Spring Festival 2/10–2/17 off, 2/4 and 2/18 (Sun) worked', () => {
    for (const d of range('2024-02-10', '2024-02-17')) expect(isWorkingDay(cal, d)).toBe(false);
    expect(dayInfo(cal, '2024-02-04').kind).toBe('makeup_workday');
    expect(dayInfo(cal, '2024-02-18').kind).toBe('makeup_workday');
  });

  it('every 调休 working day in the data is a Saturday or Sunday', () => {
    for (const d of cal.workdays.keys()) expect(dayInfo(cal, d).weekday).toBeGreaterThanOrEqual(6);
  });

  it('keeps the notice URL per year', () => {
    expect(cal.years.get(2026)?.url).toContain('gov.cn');
    expect(cal.years.get(2026)?.source).toMatch(/^chinese-days@/);
  });
});

describe('coverage and the provisional path', () => {
  it('a loaded year is confirmed; an unloaded year is weekends-only and unconfirmed', () => {
    expect(coverage(cal, '2026-06-01')).toEqual({ confirmed: true });
    const c = coverage(cal, '2030-10-01');
    expect(c.confirmed).toBe(false);
    expect(c.reason).toContain('2030年');
    // 2030-10-01 is a Tuesday: without the 2030 notice it counts as an ordinary working day
    expect(dayInfo(cal, '2030-10-01')).toMatchObject({ kind: 'workday', working: true, confirmed: false });
    expect(dayInfo(cal, '2030-10-05')).toMatchObject({ kind: 'weekend', working: false });
  });

  it('late December of the last loaded year waits for next year’s 元旦 arrangement', () => {
    expect(coverage(cal, '2026-12-24').confirmed).toBe(true);
    expect(coverage(cal, '2026-12-25')).toMatchObject({ confirmed: false });
    expect(coverage(cal, '2026-12-31').reason).toContain('2027年');
    expect(coverage(cal, '2025-12-31').confirmed).toBe(true); // 2026 is loaded
  });

  it('an empty calendar has no confirmed day', () => {
    const empty = emptyCalendar();
    expect(coverage(empty, '2026-10-01').confirmed).toBe(false);
    expect(isWorkingDay(empty, '2026-10-01')).toBe(true);
  });
});

describe('buildCalendar validation', () => {
  const year = (holidays: Record<string, string>, workdays: Record<string, string>) => ({
    years: { '2030': { source: 'manual', holidays, workdays } },
  });

  it('accepts a hand-made year', () => {
    const c = buildCalendar(year({ '2030-10-01': '国庆节' }, { '2030-09-29': '国庆节' }));
    expect(c.loadedYears.has(2030)).toBe(true);
    expect(dayInfo(c, '2030-10-01').kind).toBe('holiday');
    expect(dayInfo(c, '2030-09-29').kind).toBe('makeup_workday');
  });

  it('refuses a 调休 working day that is not a weekend', () => {
    expect(() => buildCalendar(year({}, { '2030-10-02': '国庆节' }))).toThrow(/不是周六或周日/);
  });

  it('refuses a day that is both off and worked', () => {
    expect(() => buildCalendar(year({ '2030-09-29': 'x' }, { '2030-09-29': 'x' }))).toThrow(/同时/);
  });

  it('refuses invalid dates and shapes', () => {
    expect(() => buildCalendar(year({ '2030-02-30': 'x' }, {}))).toThrow(CalendarDataError);
    expect(() => buildCalendar({ years: { '30': { holidays: {}, workdays: {} } } })).toThrow(CalendarDataError);
    expect(() => buildCalendar({})).toThrow(CalendarDataError);
    expect(() => buildCalendar(year({ '2035-01-01': 'x' }, {}))).toThrow(/相邻年份/);
  });

  it('applies single-day overrides and whole-year overrides', () => {
    const c = buildCalendar(
      { years: { '2026': { holidays: { '2026-10-01': '国庆节' }, workdays: { '2026-10-10': '国庆节' } } } },
      {
        dates: {
          '2026-10-09': { type: 'holiday', name: '本地放假' },
          '2026-10-10': { type: 'normal' },
          '2026-10-01': { type: 'normal' },
        },
        years: { '2027': { source: 'manual', holidays: { '2027-01-01': '元旦' }, workdays: {} } },
      },
    );
    expect(dayInfo(c, '2026-10-09')).toMatchObject({ kind: 'holiday', holidayName: '本地放假' });
    expect(dayInfo(c, '2026-10-10').kind).toBe('weekend');
    expect(dayInfo(c, '2026-10-01').kind).toBe('workday');
    expect(c.loadedYears.has(2027)).toBe(true);
    expect(() => buildCalendar({ years: {} }, { dates: { '2026-10-09': { type: 'vacation' } } })).toThrow(
      CalendarDataError,
    );
  });
});

describe('loadCalendar (adapter)', () => {
  it('returns the shipped calendar, and reads an override file', () => {
    expect(loadCalendar()).toBe(loadCalendar()); // cached
    const dir = mkdtempSync(join(tmpdir(), 'cal-'));
    const file = join(dir, 'override.json');
    writeFileSync(file, JSON.stringify({ dates: { '2026-09-28': { type: 'holiday', name: '本地放假' } } }));
    const c = loadCalendar({ overridePath: file });
    expect(dayInfo(c, '2026-09-28').kind).toBe('holiday');
    expect(dayInfo(loadCalendar(), '2026-09-28').kind).toBe('workday');
    expect(() => loadCalendar({ overridePath: join(dir, 'missing.json') })).toThrow(/无法读取/);
    writeFileSync(file, '{not json');
    expect(() => loadCalendar({ overridePath: file })).toThrow(/JSON/);
  });
});
