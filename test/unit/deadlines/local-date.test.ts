import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  daysInMonth,
  fromEpochDay,
  isLocalDate,
  isoWeekday,
  parseFlexibleDate,
  shanghaiDate,
  toEpochDay,
  weekdayName,
} from '../../../functions/domain/deadlines/index.ts';
import { prng, randInt } from './helpers.ts';

describe('LocalDate arithmetic', () => {
  it('epoch days', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('2000-03-01')).toBe(11017);
    expect(fromEpochDay(-1)).toBe('1969-12-31');
    expect(fromEpochDay(20_000)).toBe('2024-10-04');
  });

  it('matches Date.UTC for random dates (round trip and day counts)', () => {
    const rand = prng(7);
    for (let i = 0; i < 2000; i++) {
      const day = randInt(rand, -20_000, 60_000);
      const date = fromEpochDay(day);
      expect(toEpochDay(date)).toBe(day);
      expect(new Date(day * 86_400_000).toISOString().slice(0, 10)).toBe(date);
      expect(isoWeekday(date)).toBe(((new Date(day * 86_400_000).getUTCDay() + 6) % 7) + 1);
    }
  });

  it('weekdays of known dates', () => {
    expect(weekdayName('2026-09-28')).toBe('星期一');
    expect(weekdayName('2026-10-01')).toBe('星期四');
    expect(weekdayName('2025-10-11')).toBe('星期六');
    expect(weekdayName('2026-02-15')).toBe('星期日');
  });

  it('month lengths and leap years', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
  });

  it('validates dates', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-9-28')).toBe(false);
    expect(isLocalDate(20260928)).toBe(false);
    expect(() => addDays('2026-13-01', 1)).toThrow(RangeError);
  });
});

describe('parseFlexibleDate', () => {
  it.each([
    ['2026-09-28', '2026-09-28'],
    ['2026-9-28', '2026-09-28'],
    ['2026/09/28', '2026-09-28'],
    ['2026/9/8', '2026-09-08'],
    ['2026.9.28', '2026-09-28'],
    ['2026年9月28日', '2026-09-28'],
    ['2026年09月28日', '2026-09-28'],
    ['2026年9月28', '2026-09-28'],
    ['２０２６－０９－２８', '2026-09-28'],
    ['20260928', '2026-09-28'],
    [' 2026-09-28 ', '2026-09-28'],
  ])('%s → %s', (input, expected) => {
    expect(parseFlexibleDate(input)).toBe(expected);
  });

  it.each(['2026-02-30', '2026-13-01', '28/09/2026', '明天', '', '2026-09', '2026年9月'])('rejects %s', (input) => {
    expect(parseFlexibleDate(input)).toBeNull();
  });
});

describe('shanghaiDate (UTC instant → Asia/Shanghai calendar date)', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('converts across the UTC+8 midnight', () => {
    expect(shanghaiDate('2026-09-27T16:30:00Z')).toBe('2026-09-28'); // 00:30 in Shanghai
    expect(shanghaiDate('2026-09-27T15:59:59.999Z')).toBe('2026-09-27'); // 23:59 in Shanghai
    expect(shanghaiDate('2026-09-27T16:00:00Z')).toBe('2026-09-28');
    expect(shanghaiDate('2026-09-28T00:30:00+08:00')).toBe('2026-09-28');
    expect(shanghaiDate('2026-09-27T09:30:00-07:00')).toBe('2026-09-28');
    expect(shanghaiDate(new Date(Date.UTC(2025, 11, 31, 16, 0)))).toBe('2026-01-01');
  });

  it('refuses strings without an offset (they would be read in the machine zone)', () => {
    expect(() => shanghaiDate('2026-09-28T00:30:00')).toThrow(RangeError);
    expect(() => shanghaiDate('2026-09-28')).toThrow(RangeError);
    expect(() => shanghaiDate('nonsense Z')).toThrow(RangeError);
  });

  it('does not depend on process.env.TZ', () => {
    process.env.TZ = 'America/Los_Angeles';
    // Node applies a runtime TZ change: local midnight 2026-01-01 is 08:00 UTC in Los Angeles.
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(480);
    expect(shanghaiDate('2026-09-27T16:30:00Z')).toBe('2026-09-28');
    expect(shanghaiDate(new Date('2026-09-27T16:30:00Z'))).toBe('2026-09-28');
    process.env.TZ = 'Pacific/Kiritimati'; // UTC+14
    expect(shanghaiDate('2026-09-27T16:30:00Z')).toBe('2026-09-28');
    expect(shanghaiDate('2026-09-27T15:30:00Z')).toBe('2026-09-27');
  });

  it('agrees with Intl Asia/Shanghai for random instants 1992–2100', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const rand = prng(42);
    const from = Date.UTC(1992, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    for (let i = 0; i < 500; i++) {
      const ms = from + Math.floor(rand() * (to - from));
      expect(shanghaiDate(new Date(ms))).toBe(fmt.format(new Date(ms)));
    }
  });
});
