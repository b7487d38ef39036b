import { describe, expect, it } from 'vitest';
import { addDays, isWorkingDay } from '../../../functions/domain/deadlines/index.ts';
import {
  type DeadlineKind,
  type ExistingSchedule,
  FIRE_TOLERANCE_MS,
  type PlannedReminder,
  type ReminderPayload,
  type TrackedDeadline,
  decideFire,
  diffSchedules,
  inSendWindow,
  instantMs,
  localDateTimeMs,
  planReminders,
  reconciliationDueRange,
  reminderPoints,
  scheduleInput,
  selectDueReminders,
  sendKey,
  shanghaiClock,
} from '../../../functions/domain/reminders/index.ts';
import { cal, config, deadline, prng, randInt, rules, sh } from './helpers.ts';

const ctx = (now: string, sent: Iterable<string> = []) => ({ now: sh(now), sent: new Set(sent), calendar: cal, rules, config });
const keys = (l: { sendKey: string }[]) => l.map((r) => r.sendKey);

describe('selectDueReminders (the daily run)', () => {
  const d = deadline(); // due Tue 2026-10-13: d7 09-30, w1 10-12, d0 10-13, esc 10-14
  const k = (p: string, due = '2026-10-13') => sendKey(d.id, p, due);

  it('sends the latest due point; earlier unsent ones are superseded (reported as missed)', () => {
    const s = selectDueReminders([d], ctx('2026-10-13T09:30:00'));
    expect(keys(s.send)).toEqual([k('d0')]);
    expect(keys(s.missed)).toEqual([k('d7'), k('w1')]);
    expect(s.held).toEqual([]);
    expect(s.send[0]).toMatchObject({ pointId: 'd0', audience: ['case_officers', 'role:office'], escalation: false });
  });

  it('sends nothing already sent, nothing not yet due, nothing for a met deadline', () => {
    expect(selectDueReminders([d], ctx('2026-10-13T09:30:00', [k('d0')])).send).toEqual([]);
    expect(selectDueReminders([d], ctx('2026-10-13T09:30:00', [k('d0')])).missed.map((r) => r.pointId)).toEqual(['d7', 'w1']);
    expect(selectDueReminders([d], ctx('2026-09-30T08:59:59'))).toEqual({ send: [], held: [], missed: [] });
    expect(selectDueReminders([deadline({ status: 'met' })], ctx('2026-10-14T10:00:00'))).toEqual({ send: [], held: [], missed: [] });
  });

  it('holds a due reminder at night and on rest days', () => {
    const night = selectDueReminders([d], ctx('2026-10-13T22:00:00'));
    expect(night.send).toEqual([]);
    expect(keys(night.held)).toEqual([k('d0')]);
    // Due Thu 10-08 (after 国庆): its w1 is 09-30; during the holiday it is held, not sent.
    const holiday = selectDueReminders([deadline({ dueDate: '2026-10-08' })], ctx('2026-10-03T10:00:00'));
    expect(holiday.held.map((r) => r.pointId)).toEqual(['w1']);
  });

  it('the escalation goes to the head', () => {
    const s = selectDueReminders([deadline({ status: 'overdue' })], ctx('2026-10-14T09:30:00'));
    expect(s.send.map((r) => [r.pointId, r.escalation, r.audience])).toEqual([['esc', true, ['role:head']]]);
  });

  it('a point older than the lookback is not sent any more', () => {
    const s = selectDueReminders([deadline({ status: 'overdue' })], ctx('2026-10-23T09:30:00'));
    expect(s.send).toEqual([]);
    expect(s.missed.map((r) => r.pointId)).toEqual(['d7', 'w1', 'd0', 'esc']);
  });
});

describe('reconciliationDueRange', () => {
  it('depends on the configuration only, and covers every deadline with a reminder due (property)', () => {
    const r = reconciliationDueRange(sh('2026-10-13T09:30:00'), config, rules);
    // 30 + 14 days ahead (the certificate rule); (1 + 2·14) + 7 behind (escalation, lookback).
    expect(r).toEqual({ from: '2026-09-07', to: '2026-11-26' });
    const rand = prng(61);
    const kinds: DeadlineKind[] = ['publication', 'certificate_expiry', 'lawsuit', 'fine_payment', 'plan_task'];
    let covered = 0;
    for (let i = 0; i < 3000; i++) {
      const nowMs = Date.UTC(2024, 0, 1) + randInt(rand, 0, 1400 * 24 * 60) * 60_000;
      const today = shanghaiClock(new Date(nowMs)).date;
      const due = addDays(today, randInt(rand, -60, 90));
      const kind = kinds[randInt(rand, 0, kinds.length - 1)] as DeadlineKind;
      const s = selectDueReminders([deadline({ id: `x.${i}`, kind, dueDate: due })], { now: new Date(nowMs), sent: new Set(), calendar: cal, rules, config });
      if (s.send.length + s.held.length === 0) continue;
      covered++;
      const range = reconciliationDueRange(new Date(nowMs), config, rules);
      expect(due >= range.from && due <= range.to).toBe(true);
    }
    expect(covered).toBeGreaterThan(300);
  });

  it('the shipped calendar has no run of rest days longer than restSlackDays', () => {
    let run = 0;
    let longest = 0;
    for (let d = '2004-01-01'; d <= '2027-12-31'; d = addDays(d, 1)) {
      run = isWorkingDay(cal, d) ? 0 : run + 1;
      longest = Math.max(longest, run);
    }
    expect(longest).toBeLessThanOrEqual(config.restSlackDays);
  });
});

describe('decideFire (a schedule fired)', () => {
  const d = deadline();
  const payload = (pointId: string, dueDate = '2026-10-13'): ReminderPayload => ({ v: 1, deadlineId: d.id, pointId, dueDate, sendKey: sendKey(d.id, pointId, dueDate) });

  it('sends its point when it is the latest due, unsent, inside the window', () => {
    const r = decideFire(payload('w1'), d, ctx('2026-10-12T09:00:02'));
    expect(r).toMatchObject({ send: true, reminder: { pointId: 'w1', sendKey: sendKey(d.id, 'w1', '2026-10-13') } });
  });

  it('may fire within its minute, even a little early', () => {
    expect(decideFire(payload('w1'), d, ctx('2026-10-12T08:59:30')).send).toBe(true);
    expect(decideFire(payload('w1'), d, ctx('2026-10-12T08:58:00'))).toEqual({ send: false, reason: 'early' });
  });

  it('a catch-up fires later than its point and still sends', () => {
    expect(decideFire(payload('w1'), d, ctx('2026-10-12T10:31:00')).send).toBe(true);
  });

  it('refuses with the reason: gone, met, moved, unknown point, superseded, stale, already sent, outside the window', () => {
    expect(decideFire(payload('w1'), undefined, ctx('2026-10-12T09:00:00'))).toEqual({ send: false, reason: 'gone' });
    expect(decideFire(payload('w1'), deadline({ id: 'other' }), ctx('2026-10-12T09:00:00'))).toEqual({ send: false, reason: 'gone' });
    expect(decideFire(payload('w1'), deadline({ status: 'met' }), ctx('2026-10-12T09:00:00'))).toEqual({ send: false, reason: 'met' });
    expect(decideFire(payload('w1', '2026-10-12'), d, ctx('2026-10-12T09:00:00'))).toEqual({ send: false, reason: 'moved' });
    expect(decideFire({ ...payload('w1'), sendKey: 'forged' }, d, ctx('2026-10-12T09:00:00'))).toEqual({ send: false, reason: 'moved' });
    expect(decideFire(payload('zz'), d, ctx('2026-10-12T09:00:00'))).toEqual({ send: false, reason: 'unknown_point' });
    expect(decideFire(payload('w1'), d, ctx('2026-10-13T09:00:00'))).toEqual({ send: false, reason: 'superseded' });
    expect(decideFire(payload('esc'), deadline({ status: 'overdue' }), ctx('2026-10-23T10:00:00'))).toEqual({ send: false, reason: 'stale' });
    expect(decideFire(payload('w1'), d, ctx('2026-10-12T09:00:00', [sendKey(d.id, 'w1', '2026-10-13')]))).toEqual({ send: false, reason: 'already_sent' });
    // Delivered late at night by a Scheduler retry: held for the daily run.
    expect(decideFire(payload('w1'), d, ctx('2026-10-12T23:00:00'))).toEqual({ send: false, reason: 'outside_window' });
    // A point merged into a nearer one on the same day (due 10-08: d7 and w1 are both 09-30).
    expect(decideFire(payload('d7', '2026-10-08'), deadline({ dueDate: '2026-10-08' }), ctx('2026-09-30T09:00:00'))).toEqual({
      send: false,
      reason: 'superseded',
    });
  });
});

/**
 * The whole mechanism over three months: schedules created, replaced and deleted through the diff;
 * the Scheduler loses some schedules, delivers some twice, fires up to 30 s early or late; a daily run
 * at 09:30 plus a random extra run (often at night); deadlines appear, move and are met at random.
 * The send-once key is claimed as a conditional put would: a claim on a taken key fails.
 */
describe('no reminder is ever sent twice, and none is lost (simulation)', () => {
  interface Sim {
    base: TrackedDeadline;
    createdMs: number;
    dueDate: string;
    movedMs?: number;
    newDue?: string;
    metMs?: number;
  }
  type Event =
    | { ms: number; type: 'create' | 'move' | 'meet'; i: number }
    | { ms: number; type: 'fire'; name: string; token: number }
    | { ms: number; type: 'reconcile' };

  for (const seed of [71, 72, 73]) {
    it(`seed ${seed}`, () => {
      const rand = prng(seed);
      const T0 = instantMs(sh('2026-09-01T00:00:00'));
      const T1 = instantMs(sh('2026-12-31T00:00:00'));
      const kinds: DeadlineKind[] = ['publication', 'service', 'legal_review', 'fine_payment', 'certificate_expiry', 'withdrawal'];
      const sims: Sim[] = Array.from({ length: 40 }, (_, i) => {
        const dueDate = addDays('2026-09-10', randInt(rand, 0, 70));
        const createdMs = T0 + randInt(rand, 0, 60 * 24 * 60) * 60_000;
        const s: Sim = {
          base: deadline({ id: `sim.${i}`, kind: kinds[i % kinds.length] as DeadlineKind, dueDate }),
          createdMs,
          dueDate,
        };
        if (rand() < 0.4) {
          s.movedMs = createdMs + randInt(rand, 1, 20 * 24 * 60) * 60_000;
          s.newDue = addDays(dueDate, randInt(rand, -3, 10));
        }
        if (rand() < 0.3) s.metMs = createdMs + randInt(rand, 1, 40 * 24 * 60) * 60_000;
        return s;
      });

      const current = (s: Sim, ms: number): TrackedDeadline | undefined => {
        if (ms < s.createdMs) return undefined;
        const due = s.movedMs !== undefined && ms >= s.movedMs ? (s.newDue as string) : s.dueDate;
        const today = shanghaiClock(new Date(ms)).date;
        const status = s.metMs !== undefined && ms >= s.metMs ? 'met' : today > due ? 'overdue' : 'open';
        return { ...s.base, dueDate: due, status };
      };

      const events: Event[] = [];
      sims.forEach((s, i) => {
        events.push({ ms: s.createdMs, type: 'create', i });
        if (s.movedMs !== undefined) events.push({ ms: s.movedMs, type: 'move', i });
        if (s.metMs !== undefined) events.push({ ms: s.metMs, type: 'meet', i });
      });
      for (let day = 0; day < 122; day++) {
        events.push({ ms: T0 + day * 86_400_000 + 9.5 * 3_600_000, type: 'reconcile' }); // 09:30 Shanghai
        events.push({ ms: T0 + day * 86_400_000 + randInt(rand, 0, 1439) * 60_000, type: 'reconcile' });
      }

      // The Scheduler: records (our DynamoDB items) and live schedules with a token per version.
      const records = new Map<string, ExistingSchedule>();
      const live = new Map<string, { token: number; payload: ReminderPayload }>();
      let tokens = 0;
      const schedule = (r: PlannedReminder) => {
        const token = ++tokens;
        const input = scheduleInput(r);
        records.set(r.scheduleName, { name: r.scheduleName, expression: r.expression, sendKey: r.sendKey, deadlineId: r.deadlineId });
        live.set(r.scheduleName, { token, payload: input.payload });
        const at = localDateTimeMs(r.sendAt);
        if (rand() < 0.3) return; // lost
        events.push({ ms: at + randInt(rand, -30, 30) * 1000, type: 'fire', name: r.scheduleName, token });
        if (rand() < 0.2) events.push({ ms: at + randInt(rand, 60, 600) * 1000, type: 'fire', name: r.scheduleName, token });
      };

      const sent = new Map<string, number>(); // key → ms
      const sends: { key: string; ms: number; sim: number }[] = [];
      const claim = (key: string, ms: number, sim: number) => {
        expect(sent.has(key)).toBe(false); // a second claim would fail: it must never be attempted
        sent.set(key, ms);
        sends.push({ key, ms, sim });
      };
      const replan = (i: number, ms: number) => {
        const d = current(sims[i] as Sim, ms) as TrackedDeadline;
        const existing = [...records.values()].filter((e) => e.deadlineId === d.id);
        const diff = diffSchedules(existing, planReminders(d, { now: new Date(ms), sent: new Set(sent.keys()), calendar: cal, rules, config }), new Date(ms));
        for (const r of [...diff.create, ...diff.replace]) schedule(r);
        for (const e of [...diff.remove, ...diff.forget]) {
          records.delete(e.name);
          live.delete(e.name);
        }
      };

      events.sort((a, b) => a.ms - b.ms);
      for (let n = 0; n < events.length; n++) {
        const e = events[n] as Event;
        if (e.ms > T1) break;
        if (e.type === 'create' || e.type === 'move' || e.type === 'meet') {
          replan(e.i, e.ms);
          // Replanning pushes new fire events: keep the queue ordered from here on.
          const rest = events.splice(n + 1).sort((a, b) => a.ms - b.ms);
          events.push(...rest);
        } else if (e.type === 'fire') {
          const s = live.get(e.name);
          if (!s || s.token !== e.token) continue; // replaced or deleted meanwhile
          const i = Number(s.payload.deadlineId.slice(4));
          const decision = decideFire(s.payload, current(sims[i] as Sim, e.ms), {
            now: new Date(e.ms),
            sent: new Set(sent.keys()),
            calendar: cal,
            rules,
            config,
          });
          if (decision.send) claim(decision.reminder.sendKey, e.ms, i);
        } else {
          const range = reconciliationDueRange(new Date(e.ms), config, rules);
          const indexed = sims
            .map((s) => current(s, e.ms))
            .filter((d): d is TrackedDeadline => d !== undefined && d.status !== 'met' && d.dueDate >= range.from && d.dueDate <= range.to);
          const sel = selectDueReminders(indexed, { now: new Date(e.ms), sent: new Set(sent.keys()), calendar: cal, rules, config });
          for (const r of sel.send) claim(r.sendKey, e.ms, Number(r.deadlineId.slice(4)));
        }
      }

      expect(sends.length).toBeGreaterThan(40);
      for (const s of sends) {
        const sim = sims[s.sim] as Sim;
        // Sent inside the window (a fire may come up to a minute early), never after the deadline was met,
        // and always for the due date the deadline had at that moment.
        expect(inSendWindow(new Date(s.ms), cal, config) || inSendWindow(new Date(s.ms + FIRE_TOLERANCE_MS), cal, config)).toBe(true);
        if (sim.metMs !== undefined) expect(s.ms < sim.metMs).toBe(true);
        expect(s.key.endsWith(`#${current(sim, s.ms)?.dueDate}`)).toBe(true);
      }
      // Liveness: for every deadline still open at the end, its latest point for its final due date was sent,
      // unless that point was already older than the lookback when the deadline appeared.
      for (const [i, s] of sims.entries()) {
        const d = current(s, T1) as TrackedDeadline;
        if (d.status === 'met') continue;
        const latest = reminderPoints(d, config, cal, rules).filter((p) => p.atMs <= T1).at(-1);
        if (!latest) continue;
        const appeared = shanghaiClock(new Date(Math.max(s.createdMs, s.movedMs ?? 0))).date;
        if (latest.date < addDays(appeared, -config.lookbackDays)) continue;
        expect(sent.has(sendKey(d.id, latest.pointId, d.dueDate)), `sim ${i}`).toBe(true);
      }
    });
  }
});
