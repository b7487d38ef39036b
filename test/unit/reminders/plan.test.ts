import { describe, expect, it } from 'vitest';
import { addDays, isWorkingDay } from '../../../functions/domain/deadlines/index.ts';
import {
  type ExistingSchedule,
  type PlannedReminder,
  diffSchedules,
  inSendWindow,
  instantMs,
  isAtExpression,
  isValidScheduleName,
  localDateTimeMs,
  nextSendSlot,
  planAll,
  planReminders,
  reminderPayloadSchema,
  scheduleInput,
  shanghaiClock,
} from '../../../functions/domain/reminders/index.ts';
import { cal, config, deadline, prng, randInt, rules, sh } from './helpers.ts';

const ctx = (now: string, sent: Iterable<string> = []) => ({ now: sh(now), sent: new Set(sent), calendar: cal, rules, config });
const brief = (l: PlannedReminder[]) => l.map((r) => `${r.pointId}@${r.sendAt}${r.catchUp ? '*' : ''}`);

describe('the send window', () => {
  it('is 09:00–18:00 on a working day of the official calendar', () => {
    expect(inSendWindow(sh('2026-09-30T09:00:00'), cal, config)).toBe(true);
    expect(inSendWindow(sh('2026-09-30T17:59:59'), cal, config)).toBe(true);
    expect(inSendWindow(sh('2026-09-30T08:59:59'), cal, config)).toBe(false);
    expect(inSendWindow(sh('2026-09-30T18:00:00'), cal, config)).toBe(false);
    expect(inSendWindow(sh('2026-10-02T10:00:00'), cal, config)).toBe(false); // 国庆
    expect(inSendWindow(sh('2026-10-10T10:00:00'), cal, config)).toBe(true); // 调休 Saturday
    expect(inSendWindow(sh('2026-10-11T10:00:00'), cal, config)).toBe(false); // Sunday
  });

  it('the next slot: the next minute inside the window, 09:00 later that day, or 09:00 of the next working day', () => {
    expect(nextSendSlot(sh('2026-09-30T10:15:20'), cal, config)).toBe('2026-09-30T10:16:00');
    expect(nextSendSlot(sh('2026-09-30T10:15:00'), cal, config)).toBe('2026-09-30T10:16:00');
    expect(nextSendSlot(sh('2026-09-30T06:00:00'), cal, config)).toBe('2026-09-30T09:00:00');
    expect(nextSendSlot(sh('2026-09-30T17:59:00'), cal, config)).toBe('2026-10-08T09:00:00'); // then 国庆
    expect(nextSendSlot(sh('2026-09-30T22:00:00'), cal, config)).toBe('2026-10-08T09:00:00');
    expect(nextSendSlot(sh('2026-10-09T20:00:00'), cal, config)).toBe('2026-10-10T09:00:00'); // 调休 Saturday
  });

  it('property: the next slot is after now, inside the window, and no earlier slot exists', () => {
    const rand = prng(51);
    for (let i = 0; i < 400; i++) {
      const ms = Date.UTC(2025, 0, 1) + randInt(rand, 0, 730 * 24 * 60) * 60_000 + randInt(rand, 0, 59_999);
      const slot = nextSendSlot(new Date(ms), cal, config);
      const slotMs = localDateTimeMs(slot);
      expect(slotMs).toBeGreaterThan(ms);
      expect(inSendWindow(new Date(slotMs), cal, config)).toBe(true);
      // Every whole minute between now and the slot is outside the window.
      for (let m = Math.floor(ms / 60_000 + 1) * 60_000; m < slotMs; m += 60 * 60_000) expect(inSendWindow(new Date(m), cal, config)).toBe(false);
    }
  });
});

describe('planReminders', () => {
  const d = deadline(); // publication due Tue 2026-10-13

  it('a deadline created well ahead: every point at its time', () => {
    expect(brief(planReminders(d, ctx('2026-09-28T15:00:00')))).toEqual([
      'd7@2026-09-30T09:00:00',
      'w1@2026-10-12T09:00:00',
      'd0@2026-10-13T09:00:00',
      'esc@2026-10-14T09:00:00',
    ]);
  });

  it('each planned reminder carries its schedule name, at() expression, time zone, send key and audience', () => {
    const [first] = planReminders(d, ctx('2026-09-28T15:00:00'));
    expect(first).toMatchObject({
      deadlineId: d.id,
      kind: 'publication',
      pointId: 'd7',
      label: '届满前7日',
      escalation: false,
      dueDate: '2026-10-13',
      pointAt: '2026-09-30T09:00:00',
      sendAt: '2026-09-30T09:00:00',
      catchUp: false,
      expression: 'at(2026-09-30T09:00:00)',
      timeZone: 'Asia/Shanghai',
      sendKey: `${d.id}#d7#2026-10-13`,
      audience: ['case_officers', 'role:office'],
    });
    expect(isValidScheduleName(first?.scheduleName)).toBe(true);
    const esc = planReminders(d, ctx('2026-09-28T15:00:00')).at(-1);
    expect(esc?.audience).toEqual(['role:head']);
  });

  it('past points are dropped except the latest, sent as a catch-up now when inside the window', () => {
    // Created Mon 10-12 at 10:30: d7 (09-30) and w1 (10-12 09:00) are past; w1 is the latest.
    expect(brief(planReminders(d, ctx('2026-10-12T10:30:00')))).toEqual([
      'w1@2026-10-12T10:31:00*',
      'd0@2026-10-13T09:00:00',
      'esc@2026-10-14T09:00:00',
    ]);
  });

  it('a catch-up is never sent at night or on a rest day: it waits for 09:00 of the next working day', () => {
    // A 3-working-day withdrawal recorded on Fri 2026-11-06 at 21:00 → due Wed 11-11. Its d7 (Wed 11-04)
    // is past; the next slot is Mon 11-09 09:00 (not the weekend); w1 is Tue 11-10.
    const w = deadline({ id: 'case.2026-000001.withdrawal.d1', kind: 'withdrawal', dueDate: '2026-11-11' });
    expect(brief(planReminders(w, ctx('2026-11-06T21:00:00')))).toEqual([
      'd7@2026-11-09T09:00:00*',
      'w1@2026-11-10T09:00:00',
      'd0@2026-11-11T09:00:00',
      'esc@2026-11-12T09:00:00',
    ]);
  });

  it('no catch-up when it was already sent, when the next point comes first, or when it is older than the lookback', () => {
    const w = deadline({ dueDate: '2026-11-11' });
    expect(brief(planReminders(w, ctx('2026-11-06T20:00:00')))[0]).toBe('d7@2026-11-09T09:00:00*');
    expect(brief(planReminders(w, ctx('2026-11-06T20:00:00', [`${w.id}#d7#2026-11-11`])))[0]).toBe('w1@2026-11-10T09:00:00');
    // At 20:00 on Mon 11-09 the next slot is Tue 09:00, exactly when w1 fires: w1 supersedes d7.
    expect(brief(planReminders(w, ctx('2026-11-09T20:00:00')))).toEqual([
      'w1@2026-11-10T09:00:00',
      'd0@2026-11-11T09:00:00',
      'esc@2026-11-12T09:00:00',
    ]);
    // Due 10-13: on 10-09 the d7 point (09-30, walked back over 国庆) is 9 days old, beyond the 7-day lookback.
    expect(brief(planReminders(d, ctx('2026-10-09T20:00:00')))[0]).toBe('w1@2026-10-12T09:00:00');
  });

  it('a met deadline has no reminders; an overdue one only its escalation', () => {
    expect(planReminders(deadline({ status: 'met', metOn: '2026-10-09' }), ctx('2026-09-28T10:00:00'))).toEqual([]);
    expect(brief(planReminders(deadline({ status: 'overdue' }), ctx('2026-10-14T07:00:00')))).toEqual(['esc@2026-10-14T09:00:00']);
    expect(brief(planReminders(deadline({ status: 'overdue' }), ctx('2026-10-14T11:00:00')))).toEqual(['esc@2026-10-14T11:01:00*']);
  });

  it('an old deadline loaded for the first time floods nobody (the 2020 plan tasks)', () => {
    const task = deadline({ id: 'plan.1-1-1.plan_task', kind: 'plan_task', dueDate: '2020-06-30', status: 'overdue', people: [], department: '各执法科室' });
    expect(planReminders(task, ctx('2026-09-28T10:00:00'))).toEqual([]);
  });

  it('property: never in the past; regular points at 09:00 on working days; catch-ups inside the window; at most one catch-up', () => {
    const rand = prng(52);
    const kinds = ['publication', 'certificate_expiry', 'lawsuit', 'fine_payment', 'plan_task'] as const;
    for (let i = 0; i < 400; i++) {
      const nowMs = Date.UTC(2025, 0, 1) + randInt(rand, 0, 700 * 24 * 60) * 60_000;
      const today = shanghaiClock(new Date(nowMs)).date;
      const due = addDays(today, randInt(rand, -20, 60));
      const kind = kinds[randInt(rand, 0, kinds.length - 1)] as (typeof kinds)[number];
      const dl = deadline({ id: `x.${i}`, kind, dueDate: due, status: due < today ? 'overdue' : 'open' });
      const plan = planReminders(dl, { now: new Date(nowMs), sent: new Set(), calendar: cal, rules, config });
      expect(plan.filter((r) => r.catchUp).length).toBeLessThanOrEqual(1);
      for (const r of plan) {
        const at = localDateTimeMs(r.sendAt);
        expect(at).toBeGreaterThan(nowMs);
        expect(isAtExpression(r.expression)).toBe(true);
        expect(inSendWindow(new Date(at), cal, config)).toBe(true);
        if (!r.catchUp) {
          expect(r.sendAt.endsWith('T09:00:00')).toBe(true);
          expect(isWorkingDay(cal, r.sendAt.slice(0, 10))).toBe(true);
        }
      }
      expect(new Set(plan.map((r) => r.scheduleName)).size).toBe(plan.length);
    }
  });
});

describe('scheduleInput and the payload', () => {
  it('is what the Scheduler adapter sends; the payload parses at the fired end', () => {
    const [r] = planReminders(deadline(), ctx('2026-09-28T15:00:00'));
    const input = scheduleInput(r as PlannedReminder);
    expect(input).toEqual({
      name: r?.scheduleName,
      expression: 'at(2026-09-30T09:00:00)',
      timeZone: 'Asia/Shanghai',
      payload: { v: 1, deadlineId: 'case.2026-000001.publication.d1', pointId: 'd7', dueDate: '2026-10-13', sendKey: 'case.2026-000001.publication.d1#d7#2026-10-13' },
    });
    expect(reminderPayloadSchema.safeParse(JSON.parse(JSON.stringify(input.payload))).success).toBe(true);
    for (const bad of [
      { ...input.payload, v: 2 },
      { ...input.payload, dueDate: '2026-13-01' },
      { ...input.payload, pointId: 'D7' },
      { ...input.payload, deadlineId: 'a b' },
      { ...input.payload, extra: 1 },
      {},
    ]) {
      expect(reminderPayloadSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe('diffSchedules', () => {
  const now = '2026-09-28T15:00:00';
  const record = (r: PlannedReminder): ExistingSchedule => ({ name: r.scheduleName, expression: r.expression, sendKey: r.sendKey, deadlineId: r.deadlineId });
  const planned = planReminders(deadline(), ctx(now));

  it('nothing recorded: create all; all recorded: unchanged', () => {
    expect(diffSchedules([], planned, sh(now)).create).toHaveLength(4);
    const same = diffSchedules(planned.map(record), planned, sh(now));
    expect([same.create, same.replace, same.remove, same.forget].map((l) => l.length)).toEqual([0, 0, 0, 0]);
    expect(same.unchanged).toHaveLength(4);
  });

  it('a moved deadline replaces its schedules in place (same names, new times and keys)', () => {
    const moved = planReminders(deadline({ dueDate: '2026-10-20' }), ctx(now));
    const diff = diffSchedules(planned.map(record), moved, sh(now));
    expect(diff.replace.map((r) => `${r.pointId}@${r.sendAt}`)).toEqual([
      'd7@2026-10-13T09:00:00',
      'w1@2026-10-19T09:00:00',
      'd0@2026-10-20T09:00:00',
      'esc@2026-10-21T09:00:00',
    ]);
    expect(diff.create).toEqual([]);
    expect(diff.remove).toEqual([]);
    expect(new Set(diff.replace.map((r) => r.scheduleName))).toEqual(new Set(planned.map((r) => r.scheduleName)));
  });

  it('a move that keeps a point on its day still replaces it (the due date in the key changed)', () => {
    // Due 10-13 vs 10-14: d7 is 09-30 (国庆 walk-back) for 10-13 and 10-07→09-30 for 10-14.
    const moved = planReminders(deadline({ dueDate: '2026-10-14' }), ctx(now));
    const diff = diffSchedules(planned.map(record), moved, sh(now));
    expect(diff.replace.find((r) => r.pointId === 'd7')?.sendAt).toBe('2026-09-30T09:00:00');
    expect(diff.unchanged).toEqual([]);
  });

  it('a met deadline deletes its future schedules and forgets those that already fired', () => {
    const later = '2026-10-12T12:00:00'; // d7 (09-30) and w1 (10-12 09:00) have fired
    const diff = diffSchedules(planned.map(record), planReminders(deadline({ status: 'met' }), ctx(later)), sh(later));
    expect(diff.remove.map((e) => e.expression)).toEqual(['at(2026-10-13T09:00:00)', 'at(2026-10-14T09:00:00)']);
    expect(diff.forget.map((e) => e.expression)).toEqual(['at(2026-09-30T09:00:00)', 'at(2026-10-12T09:00:00)']);
  });

  it('a catch-up for a point whose schedule already fired is created anew', () => {
    const at = '2026-10-12T10:30:00';
    const diff = diffSchedules(planned.map(record), planReminders(deadline(), ctx(at)), sh(at));
    expect(diff.create.map((r) => `${r.pointId}@${r.sendAt}`)).toEqual(['w1@2026-10-12T10:31:00']);
    expect(diff.forget.map((e) => e.expression)).toEqual(['at(2026-09-30T09:00:00)']);
  });

  it('refuses a plan with two reminders under one name', () => {
    expect(() => diffSchedules([], [...planned, planned[0] as PlannedReminder], sh(now))).toThrow('重复');
  });

  it('planAll plans every deadline; names never collide across deadlines', () => {
    const all = planAll(
      Array.from({ length: 50 }, (_, i) => deadline({ id: `case.2026-${String(i).padStart(6, '0')}.publication.d1` })),
      ctx(now),
    );
    expect(all).toHaveLength(200);
    expect(new Set(all.map((r) => r.scheduleName)).size).toBe(200);
    expect(instantMs(sh(now))).toBeLessThan(Math.min(...all.map((r) => localDateTimeMs(r.sendAt))));
  });
});
