/**
 * The reminders' data as the handlers use it: data/reminder-rules.json (validated against the rules
 * table), the official calendar, the rules and the plan's tasks — bundled JSON, loaded once per cold
 * start. Worker and tick only.
 */
import reminderRulesData from '../../data/reminder-rules.json' with { type: 'json' };
import { loadCalendar, loadPlanTasks, loadRules } from '../adapters/calendar/index.ts';
import type { ReminderSettings } from '../app/deadlines/context.ts';
import { buildReminderConfig } from '../domain/reminders/config.ts';

let settings: ReminderSettings | undefined;

export function reminderSettings(): ReminderSettings {
  if (!settings) {
    const rules = loadRules();
    settings = { config: buildReminderConfig(reminderRulesData, rules), calendar: loadCalendar(), rules, planTasks: loadPlanTasks() };
  }
  return settings;
}
