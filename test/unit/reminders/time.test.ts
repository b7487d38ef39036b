import { describe, expect, it } from 'vitest';
import {
  atExpression,
  instantMs,
  isAtExpression,
  isLocalDateTime,
  localDateTime,
  localDateTimeMs,
  localDateTimeToIso,
  shanghaiClock,
} from '../../../functions/domain/reminders/index.ts';
import { prng, randInt } from './helpers.ts';

describe('Shanghai wall clock', () => {
  it('reads an instant in UTC+08:00 whatever its written offset', () => {
    expect(shanghaiClock('2026-09-30T01:00:00Z')).toMatchObject({ date: '2026-09-30', minute: 9 * 60, second: 0 });
    expect(shanghaiClock('2026-09-29T16:00:00Z')).toMatchObject({ date: '2026-09-30', minute: 0 });
    expect(shanghaiClock('2026-09-30T08:59:59.500+08:00')).toMatchObject({ date: '2026-09-30', minute: 8 * 60 + 59, second: 59.5 });
    expect(shanghaiClock(new Date(Date.UTC(2026, 11, 31, 15, 59)))).toMatchObject({ date: '2026-12-31', minute: 23 * 60 + 59 });
    expect(shanghaiClock('2026-12-31T11:00:00-05:00')).toMatchObject({ date: '2027-01-01', minute: 0 });
  });

  it('refuses an instant without an offset (it would be read in the machine zone) and nonsense', () => {
    expect(() => instantMs('2026-09-30T09:00:00')).toThrow(RangeError);
    expect(() => instantMs('not a time Z')).toThrow(RangeError);
    expect(() => instantMs(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('local date-time ↔ instant round-trips (property)', () => {
    const rand = prng(5);
    for (let i = 0; i < 500; i++) {
      const ms = Date.UTC(2020, 0, 1) + randInt(rand, 0, 3000) * 86_400_000 + randInt(rand, 0, 1439) * 60_000;
      const c = shanghaiClock(new Date(ms));
      const local = localDateTime(c.date, c.minute);
      expect(isLocalDateTime(local)).toBe(true);
      expect(localDateTimeMs(local)).toBe(ms);
      expect(localDateTimeToIso(local)).toBe(new Date(ms).toISOString());
    }
  });

  it('localDateTime refuses minutes outside a day', () => {
    expect(localDateTime('2026-01-05', 0)).toBe('2026-01-05T00:00:00');
    expect(localDateTime('2026-01-05', 1439)).toBe('2026-01-05T23:59:00');
    for (const m of [-1, 1440, 9.5]) expect(() => localDateTime('2026-01-05', m)).toThrow(RangeError);
  });
});

describe('the at() expression', () => {
  it('is at(yyyy-mm-ddThh:mm:ss): no zone, no milliseconds', () => {
    expect(atExpression('2026-10-06T09:00:00')).toBe('at(2026-10-06T09:00:00)');
    expect(isAtExpression('at(2026-10-06T09:00:00)')).toBe(true);
    for (const bad of [
      'at(2026-10-06T09:00:00Z)',
      'at(2026-10-06T09:00:00.000)',
      'at(2026-10-06T01:00:00.000Z)',
      'at(2026-02-30T09:00:00)',
      'at(2026-10-06T24:00:00)',
      'at(2026-10-06 09:00:00)',
      'rate(1 day)',
      'at(2026-10-06T09:00)',
      42,
    ]) {
      expect(isAtExpression(bad)).toBe(false);
    }
    expect(() => atExpression('2026-10-06T09:00')).toThrow(RangeError);
  });
});
