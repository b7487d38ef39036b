/** The scheduler adapter's settings from the environment the stack gives the worker and the tick. */
import { describe, expect, it } from 'vitest';
import { REMINDER_ENV, schedulerConfigFromEnv } from '../../../functions/adapters/scheduler/config.ts';

const env = {
  REMINDER_SCHEDULE_GROUP: 'FeishuEnforcementBot-Reminders-Group-A08D2585',
  REMINDER_TARGET_ARN: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:FeishuEnforcementBot-Tick',
  REMINDER_SCHEDULER_ROLE_ARN: 'arn:aws-cn:iam::123456789012:role/FeishuEnforcementBot-RemindersRole',
  REMINDER_DEAD_LETTER_ARN: 'arn:aws-cn:sqs:cn-north-1:123456789012:FeishuEnforcementBot-RemindersDeadLetters',
};

describe('Function: schedulerConfigFromEnv', () => {
  it('reads the four settings', () => {
    expect(Object.values(REMINDER_ENV).sort()).toEqual(Object.keys(env).sort());
    expect(schedulerConfigFromEnv({ ...env, OTHER: 'x' })).toEqual({
      groupName: env.REMINDER_SCHEDULE_GROUP,
      targetArn: env.REMINDER_TARGET_ARN,
      roleArn: env.REMINDER_SCHEDULER_ROLE_ARN,
      deadLetterArn: env.REMINDER_DEAD_LETTER_ARN,
    });
  });

  it('is null for a function that has none of them', () => {
    expect(schedulerConfigFromEnv({ TABLE_NAME: 't' })).toBeNull();
  });

  it('refuses a partial or malformed set (a deployment error), naming the variables, not the values', () => {
    const { REMINDER_DEAD_LETTER_ARN: _, ...partial } = env;
    expect(() => schedulerConfigFromEnv(partial)).toThrow(/REMINDER_DEAD_LETTER_ARN/);
    expect(() => schedulerConfigFromEnv({ ...env, REMINDER_TARGET_ARN: 'arn:aws:sqs:x:1:q' })).toThrow(/incomplete or malformed/);
    expect(() => schedulerConfigFromEnv({ ...env, REMINDER_SCHEDULE_GROUP: 'a b' })).toThrow(Error);
  });
});
