import { afterEach, describe, expect, it } from 'vitest';
import { shanghaiDate, shanghaiYear } from '../../../functions/domain/shared/time.ts';

describe('shanghaiDate / shanghaiYear', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it.each([
    ['2026-12-31T15:59:59.999Z', '2026-12-31', 2026],
    ['2026-12-31T16:00:00.000Z', '2027-01-01', 2027],
    ['2026-12-31T16:30:00Z', '2027-01-01', 2027],
    ['2026-02-28T16:00:00Z', '2026-03-01', 2026],
    ['2028-02-28T16:00:00Z', '2028-02-29', 2028],
    ['2026-06-15T00:00:00+08:00', '2026-06-15', 2026],
    ['2026-06-14T23:59:59+08:00', '2026-06-14', 2026],
    ['2026-06-15T10:00:00-10:00', '2026-06-16', 2026],
    ['1970-01-01T00:00:00Z', '1970-01-01', 1970],
  ])('%s → %s', (iso, date, year) => {
    expect(shanghaiDate(iso)).toBe(date);
    expect(shanghaiDate(new Date(iso))).toBe(date);
    expect(shanghaiYear(iso)).toBe(year);
  });

  it.each(['UTC', 'America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kolkata'])(
    'does not depend on the machine time zone (TZ=%s)',
    (tz) => {
      process.env.TZ = tz;
      expect(shanghaiDate('2026-12-31T16:30:00Z')).toBe('2027-01-01');
      expect(shanghaiDate(new Date(Date.UTC(2026, 11, 31, 15, 59, 59)))).toBe('2026-12-31');
      expect(shanghaiYear(new Date(Date.UTC(2026, 11, 31, 16)))).toBe(2027);
      // DST transitions elsewhere are irrelevant: Shanghai is always UTC+8.
      expect(shanghaiDate('2026-03-08T07:30:00Z')).toBe('2026-03-08');
      expect(shanghaiDate('2026-03-08T16:00:00Z')).toBe('2026-03-09');
    },
  );

  it('rejects an invalid instant', () => {
    expect(() => shanghaiDate('not a date')).toThrow(RangeError);
    expect(() => shanghaiDate(new Date('x'))).toThrow(RangeError);
    expect(() => shanghaiDate('2026-13-45T00:00:00Z')).toThrow(RangeError);
    expect(() => shanghaiYear('')).toThrow(RangeError);
  });

  it('refuses a time without a zone, whose meaning would depend on the machine', () => {
    for (const s of ['2026-06-15', '2026-06-15T10:00:00', '2026-06-15 10:00:00']) {
      expect(() => shanghaiDate(s), s).toThrow(RangeError);
    }
    expect(shanghaiDate(' 2026-06-15T10:00:00z ')).toBe('2026-06-15');
    expect(shanghaiDate('2026-06-15T20:00:00+0000')).toBe('2026-06-16');
  });
});
