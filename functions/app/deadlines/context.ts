/** What the deadline and reminder use cases are given, besides the core services. */
import type { HolidayCalendar } from '../../domain/deadlines/calendar.ts';
import type { PlanTask } from '../../domain/deadlines/plan-tasks.ts';
import type { Rule } from '../../domain/deadlines/rules.ts';
import type { ReminderConfig } from '../../domain/reminders/config.ts';
import type { ReviewState } from '../../domain/review/workflow.ts';
import type { DeadlineStore } from '../../ports/deadlines.ts';
import type { ReminderScheduler } from '../../ports/scheduling.ts';

/** The data the engine and the reminders run on (bundled JSON, loaded once per cold start). */
export interface ReminderSettings {
  config: ReminderConfig;
  calendar: HolidayCalendar;
  rules: readonly Rule[];
  planTasks: readonly PlanTask[];
}

/** The tick's part: read the due-date index, decide, hand sends to the worker. */
export interface ReminderTickDeps {
  deadlines: DeadlineStore;
  settings: ReminderSettings;
}

/** The worker's part: recompute and store deadlines, keep their schedules in step, send reminders. */
export interface ReminderWorkerDeps extends ReminderTickDeps {
  scheduler: ReminderScheduler;
  /**
   * The case's legal review (issue 10's ReviewStore.get): the open round's request date starts the
   * 法制审核时限. Null when the case has none.
   */
  loadReview: (caseId: string) => Promise<ReviewState | null>;
}
