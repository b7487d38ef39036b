/**
 * The EventBridge Scheduler adapter's requests and its handling of the service's answers, through
 * aws-sdk-client-mock: there is no Scheduler emulator, and a mock accepts any request, so every field
 * the real service depends on is asserted here, on schedules the reminders domain planned.
 */
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  InternalServerException,
  ResourceNotFoundException,
  SchedulerClient,
  ServiceQuotaExceededException,
  ThrottlingException,
  UpdateScheduleCommand,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  EventBridgeReminderScheduler,
  SCHEDULER_CLIENT_CONFIG,
  createSchedulerClient,
} from '../../../functions/adapters/scheduler/eventbridge.ts';
import { firedReminderSchema } from '../../../functions/adapters/scheduler/shape.ts';
import { type ScheduleInput, planReminders, scheduleInput } from '../../../functions/domain/reminders/index.ts';
import { SchedulingError } from '../../../functions/ports/scheduling.ts';
import { cal, config, deadline, rules, sh } from '../reminders/helpers.ts';

const CONFIG = {
  groupName: 'FeishuEnforcementBot-reminders',
  targetArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:Tick',
  roleArn: 'arn:aws:iam::123456789012:role/SchedulerRole',
  deadLetterArn: 'arn:aws:sqs:ap-southeast-1:123456789012:ReminderDeadLetters',
};

/** The schedules the domain plans for a publication duty due 2026-10-13, seen on 2026-09-28. */
const planned = planReminders(deadline(), { now: sh('2026-09-28T10:00:00'), sent: new Set(), calendar: cal, rules, config });
const first: ScheduleInput = scheduleInput(planned[0]!);

// The modelled exceptions as the SDK builds them from a response (name, fault, HTTP status).
const sdkError = <T>(Ctor: new (o: { message: string; Message: string; $metadata: object }) => T, status: number): T =>
  new Ctor({ message: 'from the mock', Message: 'from the mock', $metadata: { httpStatusCode: status } });

const mock = mockClient(SchedulerClient);
const client = new SchedulerClient({ region: 'ap-southeast-1' });
const scheduler = new EventBridgeReminderScheduler(client, CONFIG);

beforeEach(() => mock.reset());
afterAll(() => mock.restore());

describe('Class: EventBridgeReminderScheduler', () => {
  describe('Method: upsert', () => {
    it('creates a one-time schedule exactly as the Scheduler needs it', async () => {
      expect(planned.length).toBeGreaterThan(2);
      mock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:x' });
      await expect(scheduler.upsert(first)).resolves.toBe('created');
      const calls = mock.commandCalls(CreateScheduleCommand);
      expect(calls).toHaveLength(1);
      const input = calls[0]!.args[0].input;
      expect(input).toEqual({
        Name: first.name,
        GroupName: CONFIG.groupName,
        // 7 days before 10-13 is 10-06, inside the National Day holiday: the last working day before it, 09:00.
        ScheduleExpression: 'at(2026-09-30T09:00:00)',
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        State: 'ENABLED',
        Target: {
          Arn: CONFIG.targetArn,
          RoleArn: CONFIG.roleArn,
          Input: expect.any(String),
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
          DeadLetterConfig: { Arn: CONFIG.deadLetterArn },
        },
      });
      // No zone suffix, no milliseconds: the form a mock would not catch.
      expect(input.ScheduleExpression).toMatch(/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/);
      expect(input.Name).toMatch(/^[0-9A-Za-z._-]{1,64}$/);
      expect(input.Name).toBe(first.name);
    });

    it('gives the target the payload and the scheduled-time keyword the Scheduler fills in', async () => {
      mock.on(CreateScheduleCommand).resolves({});
      await scheduler.upsert(first);
      const sent = JSON.parse(mock.commandCalls(CreateScheduleCommand)[0]!.args[0].input.Target!.Input!) as Record<string, unknown>;
      expect(sent).toEqual({ source: 'reminder-schedule', schedule: first.name, scheduledTime: '<aws.scheduler.scheduled-time>', reminder: first.payload });
      // What arrives at the target, once the Scheduler has substituted the keyword, parses.
      const arrived = { ...sent, scheduledTime: '2026-09-30T01:00:00Z' };
      expect(firedReminderSchema.parse(arrived).reminder).toEqual(first.payload);
    });

    it('names every planned point differently and keeps a name when the deadline moves', async () => {
      const names = planned.map((p) => scheduleInput(p).name);
      expect(new Set(names).size).toBe(names.length);
      const moved = planReminders(deadline({ dueDate: '2026-10-20' }), { now: sh('2026-09-28T10:00:00'), sent: new Set(), calendar: cal, rules, config });
      expect(moved.map((p) => p.scheduleName)).toEqual(names);
      expect(moved.map((p) => p.expression)).not.toEqual(planned.map((p) => p.expression));
    });

    it('replaces an existing schedule of the same name with the whole definition (ConflictException → update)', async () => {
      mock.on(CreateScheduleCommand).rejects(sdkError(ConflictException, 409));
      mock.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn:x' });
      await expect(scheduler.upsert(first)).resolves.toBe('updated');
      const create = mock.commandCalls(CreateScheduleCommand)[0]!.args[0].input;
      const update = mock.commandCalls(UpdateScheduleCommand)[0]!.args[0].input;
      // UpdateSchedule replaces every field: nothing may be left out (a missing DLQ would be dropped).
      expect(update).toEqual(create);
    });

    it('creates again when the schedule fired and was deleted between the conflict and the update', async () => {
      mock
        .on(CreateScheduleCommand)
        .rejectsOnce(sdkError(ConflictException, 409))
        .resolves({});
      mock.on(UpdateScheduleCommand).rejects(sdkError(ResourceNotFoundException, 404));
      await expect(scheduler.upsert(first)).resolves.toBe('created');
      expect(mock.commandCalls(CreateScheduleCommand)).toHaveLength(2);
    });

    it('gives up after a bounded number of rounds when the name keeps flipping', async () => {
      mock.on(CreateScheduleCommand).rejects(sdkError(ConflictException, 409));
      mock.on(UpdateScheduleCommand).rejects(sdkError(ResourceNotFoundException, 404));
      const err = await scheduler.upsert(first).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SchedulingError);
      expect(err).toMatchObject({ retryable: true });
      expect(mock.commandCalls(CreateScheduleCommand)).toHaveLength(3);
    });

    it('uses the configured retry policy', async () => {
      mock.on(CreateScheduleCommand).resolves({});
      await new EventBridgeReminderScheduler(client, { ...CONFIG, retryPolicy: { maximumEventAgeSeconds: 600, maximumRetryAttempts: 2 } }).upsert(first);
      expect(mock.commandCalls(CreateScheduleCommand)[0]!.args[0].input.Target!.RetryPolicy).toEqual({
        MaximumEventAgeInSeconds: 600,
        MaximumRetryAttempts: 2,
      });
      expect(DEFAULT_RETRY_POLICY).toEqual({ maximumEventAgeSeconds: 3600, maximumRetryAttempts: 10 });
    });

    it('refuses, before any call, a schedule the Scheduler would misread or reject', async () => {
      const bad: unknown[] = [
        { ...first, expression: 'at(2026-10-02T01:00:00Z)' },
        { ...first, expression: 'at(2026-10-02T09:00:00.000)' },
        { ...first, expression: 'at(2026-02-30T09:00:00)' },
        { ...first, expression: 'rate(5 minutes)' },
        { ...first, timeZone: 'UTC' },
        { ...first, name: 'a'.repeat(65) },
        { ...first, name: 'has space' },
        { ...first, name: '' },
        { ...first, payload: { ...first.payload, v: 2 } },
        { ...first, payload: { ...first.payload, extra: 1 } },
        { ...first, extra: true },
      ];
      for (const input of bad) {
        const err = await scheduler.upsert(input as ScheduleInput).catch((e: unknown) => e);
        expect(err, JSON.stringify(input)).toBeInstanceOf(SchedulingError);
        expect(err).toMatchObject({ retryable: false, code: 'InvalidSchedule' });
      }
      expect(mock.calls()).toHaveLength(0);
    });

    it('reports throttling and server faults as retryable, and a wrong request or quota as not', async () => {
      const cases: [Error, boolean][] = [
        [sdkError(ThrottlingException, 429), true],
        [sdkError(InternalServerException, 500), true],
        [Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable', $fault: 'server', $metadata: { httpStatusCode: 503 } }), true],
        [Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }), true],
        [Object.assign(new Error('reset'), { code: 'ECONNRESET' }), true],
        [sdkError(ValidationException, 400), false],
        [sdkError(ServiceQuotaExceededException, 402), false],
        [Object.assign(new Error('denied'), { name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 403 } }), false],
        // The group itself is missing: CreateSchedule answers ResourceNotFound. A configuration error.
        [sdkError(ResourceNotFoundException, 404), false],
      ];
      for (const [fault, retryable] of cases) {
        mock.reset();
        mock.on(CreateScheduleCommand).rejects(fault);
        const err = await scheduler.upsert(first).catch((e: unknown) => e);
        expect(err, fault.name).toBeInstanceOf(SchedulingError);
        expect(err, fault.name).toMatchObject({ retryable, cause: fault });
        expect(mock.commandCalls(UpdateScheduleCommand), fault.name).toHaveLength(0);
      }
    });

    it('passes a fault of the update on, classified', async () => {
      mock.on(CreateScheduleCommand).rejects(sdkError(ConflictException, 409));
      mock.on(UpdateScheduleCommand).rejects(sdkError(ThrottlingException, 429));
      await expect(scheduler.upsert(first)).rejects.toMatchObject({ name: 'SchedulingError', retryable: true, code: 'ThrottlingException' });
    });
  });

  describe('Method: remove', () => {
    it('deletes by name in the group', async () => {
      mock.on(DeleteScheduleCommand).resolves({});
      await expect(scheduler.remove(first.name)).resolves.toBe('deleted');
      expect(mock.commandCalls(DeleteScheduleCommand)[0]!.args[0].input).toEqual({ Name: first.name, GroupName: CONFIG.groupName });
    });

    it('treats a schedule that is not there (fired and deleted, never made) as done', async () => {
      mock.on(DeleteScheduleCommand).rejects(sdkError(ResourceNotFoundException, 404));
      await expect(scheduler.remove(first.name)).resolves.toBe('absent');
    });

    it('reports throttling as retryable and refuses a malformed name before calling', async () => {
      mock.on(DeleteScheduleCommand).rejects(sdkError(ThrottlingException, 429));
      await expect(scheduler.remove(first.name)).rejects.toMatchObject({ retryable: true, code: 'ThrottlingException' });
      mock.reset();
      await expect(scheduler.remove('../x')).rejects.toMatchObject({ retryable: false, code: 'InvalidSchedule' });
      expect(mock.calls()).toHaveLength(0);
    });
  });
});

describe('Function: createSchedulerClient', () => {
  it('bounds every call: attempts and enforced timeouts', async () => {
    expect(SCHEDULER_CLIENT_CONFIG).toMatchObject({
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 1000, requestTimeout: 3000, throwOnRequestTimeout: true },
    });
    const c = createSchedulerClient({ region: 'cn-north-1' });
    expect(await c.config.maxAttempts()).toBe(3);
    expect(await c.config.region()).toBe('cn-north-1');
    c.destroy();
  });
});
