/** Property-style tests with a seeded PRNG (reproducible; no extra package). */
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addDays,
  addMonths,
  addWorkingDays,
  computeDeadline,
  daysBefore,
  fromEpochDay,
  isWorkingDay,
  toEpochDay,
} from '../../../functions/domain/deadlines/index.ts';
import { cal, prng, randInt, rules } from './helpers.ts';

const FROM = toEpochDay('2023-06-01');
const TO = toEpochDay('2028-06-30'); // includes unloaded (weekends-only) years

function randomDate(rand: () => number): string {
  return fromEpochDay(randInt(rand, FROM, TO));
}

function countWorkingDays(after: string, through: string): number {
  let n = 0;
  for (let d = addDays(after, 1); d <= through; d = addDays(d, 1)) if (isWorkingDay(cal, d)) n++;
  return n;
}

describe('working-day periods', () => {
  it('always end on a working day, with exactly n working days after the trigger', () => {
    const rand = prng(1);
    for (let i = 0; i < 400; i++) {
      const start = randomDate(rand);
      const n = randInt(rand, 1, 40);
      const { dueDate } = addWorkingDays(cal, start, n);
      expect(isWorkingDay(cal, dueDate)).toBe(true);
      expect(dueDate > start).toBe(true);
      expect(countWorkingDays(start, dueDate)).toBe(n);
    }
  });

  it('adding n then m working days equals adding n + m', () => {
    const rand = prng(2);
    for (let i = 0; i < 400; i++) {
      const start = randomDate(rand);
      const n = randInt(rand, 0, 25);
      const m = randInt(rand, 0, 25);
      const step = addWorkingDays(cal, addWorkingDays(cal, start, n).dueDate, m).dueDate;
      expect(step).toBe(addWorkingDays(cal, start, n + m).dueDate);
    }
  });

  it('is monotonic in the trigger date', () => {
    const rand = prng(3);
    for (let i = 0; i < 300; i++) {
      const a = randomDate(rand);
      const b = addDays(a, randInt(rand, 0, 30));
      const n = randInt(rand, 1, 20);
      expect(addWorkingDays(cal, a, n).dueDate <= addWorkingDays(cal, b, n).dueDate).toBe(true);
    }
  });
});

describe('calendar-day and month periods', () => {
  it('never end on a rest day, and only roll over rest days', () => {
    const rand = prng(4);
    for (let i = 0; i < 400; i++) {
      const start = randomDate(rand);
      const n = randInt(rand, 1, 120);
      const { dueDate } = addCalendarDays(cal, start, n);
      const raw = addDays(start, n);
      expect(isWorkingDay(cal, dueDate)).toBe(true);
      expect(dueDate >= raw).toBe(true);
      for (let d = raw; d < dueDate; d = addDays(d, 1)) expect(isWorkingDay(cal, d)).toBe(false);
    }
  });

  it('month periods never end on a rest day', () => {
    const rand = prng(5);
    for (let i = 0; i < 300; i++) {
      const { dueDate } = addMonths(cal, randomDate(rand), randInt(rand, 1, 24));
      expect(isWorkingDay(cal, dueDate)).toBe(true);
    }
  });

  it('reminders (days before) are working days on or before the raw date', () => {
    const rand = prng(6);
    for (let i = 0; i < 300; i++) {
      const anchor = randomDate(rand);
      const n = randInt(rand, 1, 90);
      const { dueDate } = daysBefore(cal, anchor, n);
      const raw = addDays(anchor, -n);
      expect(isWorkingDay(cal, dueDate)).toBe(true);
      expect(dueDate <= raw).toBe(true);
      for (let d = addDays(dueDate, 1); d <= raw; d = addDays(d, 1)) expect(isWorkingDay(cal, d)).toBe(false);
    }
  });
});

describe('every rule', () => {
  it('gives a result whose provisional flag matches the years it touches', () => {
    const rand = prng(8);
    for (let i = 0; i < 300; i++) {
      const rule = rules[randInt(rand, 0, rules.length - 1)]!;
      const start = randomDate(rand);
      const r = computeDeadline(rule, start, cal);
      if (r.dueDate < '2026-12-25' && start < '2026-12-25' && rule.period.unit !== 'fixed_next_year_date') {
        expect(r.provisional).toBe(false);
      }
      if (r.dueDate >= '2027-01-01') expect(r.provisional).toBe(true);
      if (rule.period.unit !== 'fixed_next_year_date') expect(isWorkingDay(cal, r.dueDate)).toBe(true);
    }
  });

  it('does not depend on process.env.TZ', () => {
    const saved = process.env.TZ;
    const rand = prng(9);
    const cases = Array.from({ length: 50 }, () => [rules[randInt(rand, 0, rules.length - 1)]!, randomDate(rand)] as const);
    const utc = cases.map(([rule, d]) => computeDeadline(rule, d, cal).dueDate);
    try {
      for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai']) {
        process.env.TZ = tz;
        expect(cases.map(([rule, d]) => computeDeadline(rule, d, cal).dueDate)).toEqual(utc);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
