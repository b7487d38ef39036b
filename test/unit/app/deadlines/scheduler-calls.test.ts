/**
 * What `deadlines.sync` asks EventBridge Scheduler for, through the AWS adapter and a mocked client
 * (aws-sdk-client-mock; there is no Scheduler emulator): a case's reminders created as one-time
 * `at()` schedules in Asia/Shanghai with deterministic names in the group, deleted after completion,
 * with the retry policy and the dead-letter queue; deleted when the deadline is met.
 */
import { CreateScheduleCommand, DeleteScheduleCommand, SchedulerClient, UpdateScheduleCommand } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, EventBridgeReminderScheduler } from '../../../../functions/adapters/scheduler/eventbridge.ts';
import { syncDeadlinesJob } from '../../../../functions/app/deadlines/sync.ts';
import { scheduleName } from '../../../../functions/domain/reminders/ids.ts';
import { decideInMemory, decision } from '../../../helpers/decision.ts';
import { PEOPLE, NOW, useWorker, type WorkerHarness } from '../harness.ts';
import { HEAD, penaltyCase } from './helpers.ts';

const CONFIG = {
  groupName: 'FeishuEnforcementBot-reminders',
  targetArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:FeishuEnforcementBot-Tick',
  roleArn: 'arn:aws:iam::123456789012:role/SchedulerRole',
  deadLetterArn: 'arn:aws:sqs:ap-southeast-1:123456789012:ReminderDeadLetters',
};

const mock = mockClient(SchedulerClient);
afterAll(() => mock.restore());

const worker = useWorker();
let h: WorkerHarness;
beforeEach(async () => {
  mock.reset();
  mock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:::schedule/x' });
  mock.on(DeleteScheduleCommand).resolves({});
  h = worker();
  await h.roster.replaceAll([...Object.values(PEOPLE), HEAD], NOW.toISOString());
  h.s.reminders.scheduler = new EventBridgeReminderScheduler(new SchedulerClient({ region: 'ap-southeast-1' }), CONFIG);
});

describe('Job: deadlines.sync → EventBridge Scheduler', () => {
  it('creates one-time schedules: at() in Asia/Shanghai, deterministic names, the group, DELETE after completion, retries, DLQ', async () => {
    const c = await penaltyCase(h);
    await syncDeadlinesJob.run({ scope: 'case', caseId: c.caseId }, h.s);
    const id = `case.${c.caseId}.case_time_limit`;
    const creates = mock.commandCalls(CreateScheduleCommand).map((x) => x.args[0].input);
    expect(creates.map((i) => i.ScheduleExpression)).toEqual([
      'at(2026-05-25T09:00:00)',
      'at(2026-05-29T09:00:00)',
      'at(2026-06-01T09:00:00)',
      'at(2026-06-02T09:00:00)',
    ]);
    for (const i of creates) {
      expect(i).toMatchObject({
        GroupName: CONFIG.groupName,
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        State: 'ENABLED',
        Target: {
          Arn: CONFIG.targetArn,
          RoleArn: CONFIG.roleArn,
          DeadLetterConfig: { Arn: CONFIG.deadLetterArn },
          RetryPolicy: { MaximumEventAgeInSeconds: DEFAULT_RETRY_POLICY.maximumEventAgeSeconds, MaximumRetryAttempts: DEFAULT_RETRY_POLICY.maximumRetryAttempts },
        },
      });
      const input = JSON.parse(i.Target?.Input ?? '{}') as { source: string; reminder: { deadlineId: string; pointId: string } };
      expect(input.source).toBe('reminder-schedule');
      expect(input.reminder.deadlineId).toBe(id);
      expect(i.Name).toBe(scheduleName(id, input.reminder.pointId));
    }
    // A repeat changes nothing at the Scheduler.
    await syncDeadlinesJob.run({ scope: 'case', caseId: c.caseId }, h.s);
    expect(mock.commandCalls(CreateScheduleCommand)).toHaveLength(4);
    expect(mock.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });

  it('deletes the schedules of a deadline that was met, by name in the group', async () => {
    const c = await penaltyCase(h);
    await syncDeadlinesJob.run({ scope: 'case', caseId: c.caseId }, h.s);
    const names = mock.commandCalls(CreateScheduleCommand).map((x) => x.args[0].input.Name);
    decideInMemory(h.cases, c.caseId, decision({ date: '2026-03-10' }));
    h.s.now = () => new Date('2026-03-10T03:00:00Z');
    await syncDeadlinesJob.run({ scope: 'case', caseId: c.caseId }, h.s);
    const deletes = mock.commandCalls(DeleteScheduleCommand).map((x) => x.args[0].input);
    expect(deletes.map((d) => d.Name).sort()).toEqual([...names].sort());
    for (const d of deletes) expect(d.GroupName).toBe(CONFIG.groupName);
  });
});
