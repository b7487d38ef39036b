import { describe, expect, it } from 'vitest';
import {
  addDays,
  addWorkingDays,
  applyOverrides,
  daysBefore,
  isWorkingDay,
} from '../../../functions/domain/deadlines/index.ts';
import {
  DEADLINE_KINDS,
  pointsFor,
  reminderPoints,
  workingDaysBefore,
} from '../../../functions/domain/reminders/index.ts';
import { cal, config, prng, randInt, rules } from './helpers.ts';

const show = (kind: (typeof DEADLINE_KINDS)[number], dueDate: string, r = rules) =>
  reminderPoints({ kind, dueDate }, config, cal, r).map((p) => `${p.pointId}@${p.at}`);

describe('reminder points on the official calendar', () => {
  it('7 days, 1 working day before, on the day, escalation the next working day — all at 09:00', () => {
    // Due Tue 2026-10-13: 10-06 is inside 国庆 (10-01…10-07) → back to Wed 09-30.
    expect(show('publication', '2026-10-13')).toEqual([
      'd7@2026-09-30T09:00:00',
      'w1@2026-10-12T09:00:00',
      'd0@2026-10-13T09:00:00',
      'esc@2026-10-14T09:00:00',
    ]);
  });

  it('an escalation falling on a rest day moves to the NEXT working day', () => {
    // Due Thu 2026-09-24; Fri 09-25 is 中秋, then the weekend → Mon 09-28.
    expect(show('case_time_limit', '2026-09-24').at(-1)).toBe('esc@2026-09-28T09:00:00');
  });

  it('a 调休 Saturday is a working day: 1 working day before Mon 2026-10-12 is Sat 2026-10-10', () => {
    expect(show('service', '2026-10-12')).toEqual([
      'd7@2026-09-30T09:00:00',
      'w1@2026-10-10T09:00:00',
      'd0@2026-10-12T09:00:00',
      'esc@2026-10-13T09:00:00',
    ]);
  });

  it('two points on one day become one: the nearer to the due date is kept', () => {
    // Due Thu 2026-10-08: both "7 days before" and "1 working day before" fall back to 09-30.
    expect(show('publication', '2026-10-08')).toEqual(['w1@2026-09-30T09:00:00', 'd0@2026-10-08T09:00:00', 'esc@2026-10-09T09:00:00']);
  });

  it('certificates: 30 days before (the rule 证件到期提醒), 7 days before, and the last working day of validity', () => {
    // Valid through Sat 2026-10-31: 10-01 is 国庆 → 09-30; 10-24 Sat → 10-23; on the day → Fri 10-30.
    expect(show('certificate_expiry', '2026-10-31')).toEqual([
      'r30@2026-09-30T09:00:00',
      'd7@2026-10-23T09:00:00',
      'd0@2026-10-30T09:00:00',
    ]);
  });

  it('a bureau override of the certificate rule moves its point (the engine counts it)', () => {
    const overridden = applyOverrides(rules, { certificate_expiry_reminder: { amount: 45 } });
    // 2026-10-31 − 45 = 2026-09-16, a Wednesday.
    expect(show('certificate_expiry', '2026-10-31', overridden)[0]).toBe('r30@2026-09-16T09:00:00');
  });

  it('a party remedy period: one notice the working day after it ends; payment: the day before and an escalation', () => {
    expect(show('lawsuit', '2026-09-24')).toEqual(['end@2026-09-28T09:00:00']);
    expect(show('fine_payment', '2026-10-12')).toEqual(['w1@2026-10-10T09:00:00', 'esc@2026-10-13T09:00:00']);
  });

  it('a plan task due on a rest day: "on the day" is the last working day before it', () => {
    // 2020-06-30 was a Tuesday; take a Sunday instead: 2020-06-28 was a 调休 working Sunday (端午), 2020-06-21 a plain Sunday.
    expect(show('plan_task', '2020-06-21')).toEqual([
      'd7@2020-06-12T09:00:00',
      'd0@2020-06-19T09:00:00',
      'esc@2020-06-22T09:00:00',
    ]);
  });
});

describe('properties over 2024–2027 (2027 is not announced: weekends only)', () => {
  it('every point is a working day at 09:00; before-points no later than the due date, after-points after it', () => {
    const rand = prng(21);
    for (let i = 0; i < 600; i++) {
      const due = addDays('2024-01-01', randInt(rand, 0, 1460));
      const kind = DEADLINE_KINDS[randInt(rand, 0, DEADLINE_KINDS.length - 1)] as (typeof DEADLINE_KINDS)[number];
      const points = reminderPoints({ kind, dueDate: due }, config, cal, rules);
      const dates = points.map((p) => p.date);
      expect(new Set(dates).size).toBe(dates.length);
      expect(points.map((p) => p.atMs)).toEqual([...points.map((p) => p.atMs)].sort((a, b) => a - b));
      for (const p of points) {
        expect(isWorkingDay(cal, p.date)).toBe(true);
        expect(p.at).toBe(`${p.date}T09:00:00`);
        if (p.side === 'before') expect(p.date <= due).toBe(true);
        else expect(p.date > due).toBe(true);
      }
    }
  });

  it('each point matches the engine: days before = daysBefore, escalation = addWorkingDays, w1 = the previous working day', () => {
    const rand = prng(22);
    for (let i = 0; i < 300; i++) {
      // Statutory due dates are working days (periods roll forward onto one).
      let due = addDays('2024-01-01', randInt(rand, 0, 1460));
      while (!isWorkingDay(cal, due)) due = addDays(due, 1);
      const byId = new Map(
        pointsFor(config, 'publication').map((p) => [p.id, reminderPoints({ kind: 'publication', dueDate: due }, config, cal, rules).find((x) => x.pointId === p.id)]),
      );
      expect(byId.get('esc')?.date).toBe(addWorkingDays(cal, due, 1).dueDate);
      const w1 = byId.get('w1')?.date;
      const d7 = byId.get('d7')?.date;
      // d7 is dropped only when it merges into w1 (same day).
      if (d7 === undefined) expect(daysBefore(cal, due, 7).dueDate).toBe(w1);
      else expect(d7).toBe(daysBefore(cal, due, 7).dueDate);
      // No working day strictly between w1 and due.
      expect(w1 !== undefined && isWorkingDay(cal, w1) && w1 < due).toBe(true);
      for (let d = addDays(w1 as string, 1); d < due; d = addDays(d, 1)) expect(isWorkingDay(cal, d)).toBe(false);
    }
  });
});

describe('workingDaysBefore', () => {
  it('counts working days back; 0 is the day itself or the last working day before it', () => {
    expect(workingDaysBefore(cal, '2026-10-13', 0)).toBe('2026-10-13');
    expect(workingDaysBefore(cal, '2026-10-13', 1)).toBe('2026-10-12');
    expect(workingDaysBefore(cal, '2026-10-13', 2)).toBe('2026-10-10'); // 调休 Saturday
    expect(workingDaysBefore(cal, '2026-10-13', 4)).toBe('2026-10-08');
    expect(workingDaysBefore(cal, '2026-10-13', 5)).toBe('2026-09-30'); // over 国庆
    expect(workingDaysBefore(cal, '2026-10-04', 0)).toBe('2026-09-30');
    expect(() => workingDaysBefore(cal, '2026-10-13', -1)).toThrow(RangeError);
  });
});
