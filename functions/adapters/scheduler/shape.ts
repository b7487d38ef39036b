/**
 * What both scheduler adapters accept and what a fired schedule delivers, checked the same way on AWS
 * and offline. A mock of the Scheduler accepts any expression (an `at()` with `Z` or milliseconds
 * would pass it and fail in AWS), so the adapters check the shape themselves before any call.
 */
import * as z from 'zod/mini';
import { isValidScheduleName } from '../../domain/reminders/ids.ts';
import { reminderPayloadSchema, SCHEDULE_TIME_ZONE } from '../../domain/reminders/plan.ts';
import { isAtExpression } from '../../domain/reminders/time.ts';
import { type FiredReminder, type ScheduleInput, SchedulingError } from '../../ports/scheduling.ts';

const scheduleName = z.string().check(z.refine(isValidScheduleName, 'schedule names are 1–64 characters of [0-9A-Za-z._-]'));

export const scheduleInputSchema = z.strictObject({
  name: scheduleName,
  expression: z.string().check(z.refine(isAtExpression, 'expected at(yyyy-mm-ddThh:mm:ss): no zone suffix, no milliseconds')),
  // The domain computes every time in Shanghai wall-clock time; another zone would shift it.
  timeZone: z.literal(SCHEDULE_TIME_ZONE),
  payload: reminderPayloadSchema,
});

function invalid(what: string, error: z.core.$ZodError): SchedulingError {
  const detail = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return new SchedulingError(`invalid ${what}: ${detail}`, false, 'InvalidSchedule');
}

/** The input, checked; a SchedulingError (not retryable) when it is not one the Scheduler would run as meant. */
export function checkScheduleInput(input: unknown): ScheduleInput {
  const parsed = scheduleInputSchema.safeParse(input);
  if (!parsed.success) throw invalid('schedule', parsed.error);
  return parsed.data;
}

export function checkScheduleName(name: unknown): string {
  const parsed = scheduleName.safeParse(name);
  if (!parsed.success) throw invalid('schedule name', parsed.error);
  return parsed.data;
}

export const FIRED_REMINDER_SOURCE = 'reminder-schedule';

/** EventBridge Scheduler replaces this keyword in a templated target's input with the schedule's due time. */
export const SCHEDULED_TIME_PLACEHOLDER = '<aws.scheduler.scheduled-time>';

/** The target's input: the payload and where it came from. */
export function firedReminderInput(schedule: Pick<ScheduleInput, 'name' | 'payload'>, scheduledTime: string = SCHEDULED_TIME_PLACEHOLDER): string {
  const event: FiredReminder = { source: FIRED_REMINDER_SOURCE, schedule: schedule.name, scheduledTime, reminder: schedule.payload };
  return JSON.stringify(event);
}

/**
 * The event a fired schedule delivers. The target must parse it: anyone who may invoke the target
 * could send it anything, and a payload is only ever a pointer to re-read (the deadline decides).
 */
export const firedReminderSchema = z.strictObject({
  source: z.literal(FIRED_REMINDER_SOURCE),
  schedule: scheduleName,
  scheduledTime: z.iso.datetime({ offset: true }),
  reminder: reminderPayloadSchema,
});

/** True for an event that claims to be a fired reminder (dispatch on it, then parse it). */
export function looksLikeFiredReminder(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as { source?: unknown }).source === FIRED_REMINDER_SOURCE;
}
