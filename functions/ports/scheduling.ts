/**
 * Reminder timers: one-time schedules that deliver a reminder payload at a Shanghai wall-clock time.
 * On AWS they are EventBridge Scheduler schedules (functions/adapters/scheduler/eventbridge.ts);
 * offline they are items in DynamoDB Local that `POST /_dev/tick` fires (…/scheduler/local.ts).
 *
 * The schedules are never the record of a deadline or of what was sent: DynamoDB is. A schedule may be
 * lost, fire twice or fire late; the fired handler re-reads the deadline and claims the send-once key
 * (functions/domain/reminders/README.md, "Sending once").
 */
import type { ReminderPayload, ScheduleInput } from '../domain/reminders/plan.ts';

/** `scheduleInput(planned)` from the reminders domain: name, `at(...)` expression, time zone, payload. */
export type { ScheduleInput };

export interface ReminderScheduler {
  /**
   * Creates the schedule, or replaces the one with the same name (a moved deadline, or a name whose
   * schedule already fired). Safe to repeat with the same input.
   */
  upsert(schedule: ScheduleInput): Promise<'created' | 'updated'>;
  /** Deletes the schedule; one that does not exist (never made, or fired and deleted) is not an error. */
  remove(name: string): Promise<'deleted' | 'absent'>;
}

/**
 * What the target receives when a schedule fires: the Lambda event on AWS, the same object offline.
 * Parse it with `firedReminderSchema` (functions/adapters/scheduler/event.ts) before trusting it.
 */
export interface FiredReminder {
  source: 'reminder-schedule';
  /** The schedule's name (for logs; the payload says what to do). */
  schedule: string;
  /** When the schedule was due (ISO 8601, UTC), as EventBridge Scheduler reports it. */
  scheduledTime: string;
  reminder: ReminderPayload;
}

/**
 * A schedule could not be created, replaced or deleted. `retryable`: a throttle, a timeout or a
 * server fault that the same call may get past later (leave the work pending, let the next run or
 * Lambda's retry do it); otherwise the request or the configuration is wrong (log it; repeating will
 * not help).
 */
export class SchedulingError extends Error {
  override name = 'SchedulingError';
  constructor(
    message: string,
    readonly retryable: boolean,
    /** The service's error name (`ThrottlingException` …) or `InvalidSchedule` for our own check. */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
