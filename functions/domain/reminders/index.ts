/**
 * Deadlines tracked across cases, certificates and the plan, and their reminders (sent through EventBridge
 * Scheduler schedules). Pure: `now`, `today`, the calendar, the rules, the configuration and
 * the roster are arguments. See README.md.
 */
export * from './deadlines.ts';
export * from './config.ts';
export * from './time.ts';
export * from './points.ts';
export * from './ids.ts';
export * from './window.ts';
export * from './plan.ts';
export * from './reconcile.ts';
export * from './recipients.ts';
export * from './text.ts';
export * from './draw-deadlines.ts';
