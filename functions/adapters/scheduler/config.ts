/**
 * The scheduler adapter's settings from a function's environment (set by
 * infra/constructs/reminder-scheduling.ts, which imports the names from here). No SDK import: the
 * infrastructure code reads this file too.
 */
import * as z from 'zod/mini';
import type { EventBridgeSchedulerConfig } from './eventbridge.ts';

export const REMINDER_ENV = {
  group: 'REMINDER_SCHEDULE_GROUP',
  target: 'REMINDER_TARGET_ARN',
  role: 'REMINDER_SCHEDULER_ROLE_ARN',
  deadLetter: 'REMINDER_DEAD_LETTER_ARN',
} as const;

const arn = (service: string) => z.string().check(z.regex(new RegExp(`^arn:aws(-cn|-us-gov)?:${service}:`)));
const envSchema = z.object({
  [REMINDER_ENV.group]: z.string().check(z.regex(/^[0-9A-Za-z._-]{1,64}$/)),
  [REMINDER_ENV.target]: arn('lambda'),
  [REMINDER_ENV.role]: arn('iam'),
  [REMINDER_ENV.deadLetter]: arn('sqs'),
});

/**
 * The adapter's configuration from the function's environment; null when reminders are not
 * configured for this function (none of the variables set). A partial or malformed set throws:
 * that is a deployment error, better found at the first invocation than at the first reminder.
 */
export function schedulerConfigFromEnv(env: Record<string, string | undefined>): EventBridgeSchedulerConfig | null {
  const names = Object.values(REMINDER_ENV);
  if (names.every((n) => env[n] === undefined || env[n] === '')) return null;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(`reminder scheduler settings are incomplete or malformed: ${names.join(', ')}`);
  const e = parsed.data;
  return {
    groupName: e[REMINDER_ENV.group],
    targetArn: e[REMINDER_ENV.target],
    roleArn: e[REMINDER_ENV.role],
    deadLetterArn: e[REMINDER_ENV.deadLetter],
  };
}

