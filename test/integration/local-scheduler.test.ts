/**
 * The offline stand-in for EventBridge Scheduler against DynamoDB Local: schedules the reminders
 * domain planned fire at their time with the event the AWS target gets, once, and are deleted; a
 * replaced schedule fires at its new time only; failures are retried, then dead-lettered; and "what is
 * due" is a Query whose reads grow with what is due, not with what is stored.
 */
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalReminderScheduler } from '../../functions/adapters/scheduler/local.ts';
import { firedReminderSchema } from '../../functions/adapters/scheduler/shape.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { type ScheduleInput, planReminders, scheduleInput } from '../../functions/domain/reminders/index.ts';
import type { FiredReminder } from '../../functions/ports/scheduling.ts';
import { SchedulingError } from '../../functions/ports/scheduling.ts';
import { freshTable } from '../helpers/db.ts';
import { cal, config, deadline, rules, sh } from '../unit/reminders/helpers.ts';

let t: Awaited<ReturnType<typeof freshTable>>;
/** Every command the schedulers send, by name, with its input. */
const sent: { name: string; input: Record<string, unknown> }[] = [];
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  t = await freshTable();
  db = documentClient(t.client);
  db.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push({ name: context.commandName as string, input: args.input as Record<string, unknown> });
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
});

let groups = 0;
/** A scheduler in a group of its own, so tests do not see each other's schedules. */
function scheduler(opts: ConstructorParameters<typeof LocalReminderScheduler>[2] = {}) {
  return new LocalReminderScheduler(db, t.tableName, { group: `g${++groups}`, ...opts });
}

function collect() {
  const events: FiredReminder[] = [];
  return { events, deliver: async (e: FiredReminder) => void events.push(e) };
}

/** The reminders of a publication duty due 2026-10-13, planned on 2026-09-28 at 10:00. */
const plan = planReminders(deadline(), { now: sh('2026-09-28T10:00:00'), sent: new Set(), calendar: cal, rules, config });
const inputs: ScheduleInput[] = plan.map(scheduleInput);
const first = inputs[0]!;

describe('Class: LocalReminderScheduler', () => {
  it('keeps a schedule as created; a second upsert of the name is an update, a new version', async () => {
    const s = scheduler();
    await expect(s.upsert(first)).resolves.toBe('created');
    await expect(s.upsert(first)).resolves.toBe('updated');
    expect(await s.get(first.name)).toEqual({
      name: first.name,
      expression: 'at(2026-09-30T09:00:00)',
      timeZone: 'Asia/Shanghai',
      payload: first.payload,
      // 09:00 in Shanghai is 01:00 UTC.
      fireAt: '2026-09-30T01:00:00.000Z',
      attempts: 0,
      version: 2,
    });
  });

  it('fires each planned reminder at its own time, once, with the event the AWS target gets, then deletes it', async () => {
    const s = scheduler();
    for (const i of inputs) await s.upsert(i);
    const { events, deliver } = collect();
    // A minute before the first: nothing.
    expect(await s.fireDue(sh('2026-09-30T08:59:00'), deliver)).toEqual({ fired: [], retrying: [], deadLettered: [] });
    for (const p of plan) {
      const at = sh(p.sendAt);
      const r = await s.fireDue(at, deliver);
      expect(r.fired).toEqual([p.scheduleName]);
      // Run again at the same instant: already fired and deleted.
      expect((await s.fireDue(at, deliver)).fired).toEqual([]);
    }
    expect(events.map((e) => e.schedule)).toEqual(plan.map((p) => p.scheduleName));
    for (const [i, e] of events.entries()) {
      expect(firedReminderSchema.parse(e)).toEqual({
        source: 'reminder-schedule',
        schedule: plan[i]!.scheduleName,
        scheduledTime: new Date(Date.parse(sh(plan[i]!.sendAt))).toISOString(),
        reminder: inputs[i]!.payload,
      });
    }
    expect(await s.pending()).toEqual([]);
  });

  it('fires a schedule late (a tick after its time) and fires the overdue ones in time order', async () => {
    const s = scheduler();
    for (const i of [...inputs].reverse()) await s.upsert(i);
    const { events, deliver } = collect();
    const r = await s.fireDue(sh('2026-10-14T12:00:00'), deliver);
    expect(r.fired).toEqual(plan.map((p) => p.scheduleName));
    expect(events).toHaveLength(plan.length);
  });

  it('fires a replaced schedule (its deadline moved) at the new time only', async () => {
    const s = scheduler();
    await s.upsert(first);
    const moved = planReminders(deadline({ dueDate: '2026-10-20' }), { now: sh('2026-09-28T10:00:00'), sent: new Set(), calendar: cal, rules, config });
    const replacement = scheduleInput(moved.find((m) => m.scheduleName === first.name)!);
    expect(replacement.expression).not.toBe(first.expression);
    await expect(s.upsert(replacement)).resolves.toBe('updated');
    const { events, deliver } = collect();
    expect((await s.fireDue(sh('2026-09-30T09:00:00'), deliver)).fired).toEqual([]);
    const at = sh(replacement.expression.slice(3, -1));
    expect((await s.fireDue(at, deliver)).fired).toEqual([first.name]);
    expect(events.map((e) => e.reminder)).toEqual([replacement.payload]);
    expect(events[0]!.reminder.dueDate).toBe('2026-10-20');
  });

  it('never fires a removed schedule; removing one that is not there is fine', async () => {
    const s = scheduler();
    await s.upsert(first);
    await expect(s.remove(first.name)).resolves.toBe('deleted');
    await expect(s.remove(first.name)).resolves.toBe('absent');
    const { events, deliver } = collect();
    await s.fireDue(sh('2026-12-31T09:00:00'), deliver);
    expect(events).toEqual([]);
  });

  it('keeps a replacement made while the old schedule was being delivered', async () => {
    const s = scheduler();
    await s.upsert(first);
    const later = { ...first, expression: 'at(2026-10-09T09:00:00)' };
    const r = await s.fireDue(sh('2026-09-30T09:00:00'), async () => {
      await s.upsert(later);
    });
    expect(r.fired).toEqual([first.name]);
    expect(await s.get(first.name)).toMatchObject({ expression: 'at(2026-10-09T09:00:00)', version: 2 });
  });

  it('retries a failed delivery on later runs, then delivers it once', async () => {
    const s = scheduler();
    await s.upsert(first);
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls < 3) throw new Error('target failed');
    };
    expect(await s.fireDue(sh('2026-09-30T09:00:00'), flaky)).toEqual({ fired: [], retrying: [first.name], deadLettered: [] });
    expect(await s.get(first.name)).toMatchObject({ attempts: 1 });
    expect((await s.fireDue(sh('2026-09-30T09:05:00'), flaky)).retrying).toEqual([first.name]);
    expect((await s.fireDue(sh('2026-09-30T09:10:00'), flaky)).fired).toEqual([first.name]);
    expect(calls).toBe(3);
    expect(await s.get(first.name)).toBeNull();
  });

  it('dead-letters a delivery that keeps failing past the retry attempts, or past the event age', async () => {
    const s = scheduler({ retryPolicy: { maximumRetryAttempts: 1, maximumEventAgeSeconds: 3600 } });
    await s.upsert(first);
    const failing = async () => {
      throw new TypeError('target broken');
    };
    expect((await s.fireDue(sh('2026-09-30T09:00:00'), failing)).retrying).toEqual([first.name]);
    expect(await s.fireDue(sh('2026-09-30T09:05:00'), failing)).toEqual({ fired: [], retrying: [], deadLettered: [first.name] });
    expect(await s.get(first.name)).toBeNull();
    const dl = await s.deadLetters();
    expect(dl).toEqual([{ name: first.name, at: '2026-09-30T01:05:00.000Z', event: expect.objectContaining({ reminder: first.payload }), error: 'TypeError: target broken' }]);

    // Event age: first failure more than an hour after its time goes straight to the dead letters.
    const s2 = scheduler({ retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeSeconds: 3600 } });
    await s2.upsert(first);
    expect((await s2.fireDue(sh('2026-09-30T10:01:00'), failing)).deadLettered).toEqual([first.name]);
  });

  it('refuses what the Scheduler would refuse, before writing anything', async () => {
    const s = scheduler();
    const before = sent.length;
    for (const bad of [
      { ...first, expression: 'at(2026-09-30T01:00:00Z)' },
      { ...first, timeZone: 'UTC' },
      { ...first, name: 'x/y' },
      { ...first, payload: { ...first.payload, sendKey: 1 } },
    ]) {
      await expect(s.upsert(bad as ScheduleInput)).rejects.toBeInstanceOf(SchedulingError);
    }
    await expect(s.remove('')).rejects.toMatchObject({ retryable: false, code: 'InvalidSchedule' });
    expect(sent.length).toBe(before);
    expect(() => new LocalReminderScheduler(db, t.tableName, { group: 'bad group' })).toThrow(RangeError);
  });

  it('finds what is due with a Query bounded by now: reads grow with what is due, not with what is stored', async () => {
    const s = scheduler();
    const far = plan.map((p) => ({ ...scheduleInput(p), expression: 'at(2027-06-01T09:00:00)' }));
    // 20 × the plan far ahead, 3 due.
    for (let i = 0; i < 20; i++) for (const f of far) await s.upsert({ ...f, name: `${f.name.slice(0, 40)}-far${i}` });
    for (const i of inputs.slice(0, 3)) await s.upsert(i);
    const mark = sent.length;
    const due = await s.pending(sh('2026-10-13T09:00:00'));
    expect(due.map((d) => d.name)).toEqual(inputs.slice(0, 3).map((i) => i.name));
    const calls = sent.slice(mark);
    expect(calls.map((c) => c.name)).toEqual(['QueryCommand']);
    expect(calls[0]!.input).toMatchObject({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :until' });
    // DynamoDB Local counts what the Query read: the 3 due ones only.
    const res = await db.send(new QueryCommand({ ...(calls[0]!.input as QueryCommandInput), Select: 'COUNT' }));
    expect(res.ScannedCount).toBe(3);
    expect(await s.pending()).toHaveLength(20 * far.length + 3);
    expect(sent.some((c) => c.name === 'ScanCommand')).toBe(false);
  });
});
