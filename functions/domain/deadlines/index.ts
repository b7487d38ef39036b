/**
 * Statutory deadline engine (see README.md beside this file). Pure: every function takes its calendar, rules and dates as
 * arguments; the data is loaded by functions/adapters/calendar.
 */
export * from './local-date.ts';
export * from './calendar.ts';
export * from './count.ts';
export * from './rules.ts';
export * from './compute.ts';
export * from './format.ts';
export * from './answer.ts';
export * from './case-deadlines.ts';
export * from './plan-tasks.ts';
