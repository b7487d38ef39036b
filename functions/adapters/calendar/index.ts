/**
 * Loads the deadline engine's data: the official holiday calendar, the rules table and the bureau's
 * plan tasks. The JSON files are imported (not read at run time) so esbuild bundles them into the
 * Lambda; an optional override file for the calendar or the rules may be read from disk.
 *
 * This is the only module of the engine that touches files.
 */
import { readFileSync } from 'node:fs';
import calendarData from '../../../data/calendar/cn-holidays.json' with { type: 'json' };
import planTasksData from '../../../data/plan-tasks.json' with { type: 'json' };
import rulesData from '../../../data/rules.json' with { type: 'json' };
import {
  type HolidayCalendar,
  type PlanTask,
  type Rule,
  type RuleOverrides,
  applyOverrides,
  buildCalendar,
  buildPlanTasks,
  buildRules,
} from '../../domain/deadlines/index.ts';

function readJson(path: string | URL, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`无法读取${what}：${String(path)}（${(err as Error).message}）`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`${what}不是有效的 JSON：${String(path)}（${(err as Error).message}）`);
  }
}

export interface LoadCalendarOptions {
  /** A JSON file with `{ years?: {...}, dates?: { "YYYY-MM-DD": { type, name } } }` (see data/calendar/README.md). */
  overridePath?: string | URL;
  /** The same override, already parsed (e.g. from a bureau settings table). */
  override?: unknown;
}

let defaultCalendar: HolidayCalendar | undefined;

/** The official calendar (data/calendar/cn-holidays.json), optionally with a bureau's corrections. */
export function loadCalendar(options: LoadCalendarOptions = {}): HolidayCalendar {
  const override =
    options.override ?? (options.overridePath !== undefined ? readJson(options.overridePath, '节假日覆盖文件') : undefined);
  if (override === undefined) {
    defaultCalendar ??= buildCalendar(calendarData);
    return defaultCalendar;
  }
  return buildCalendar(calendarData, override);
}

export interface LoadRulesOptions {
  /** `{ ruleId: { amount, source? } }`; refused for non-overridable rules (throws RuleOverrideError). */
  overrides?: RuleOverrides;
  /** A JSON file holding such overrides. */
  overridesPath?: string | URL;
}

let defaultRules: Rule[] | undefined;

/** The rules table (data/rules.json), with the bureau's overrides applied. */
export function loadRules(options: LoadRulesOptions = {}): Rule[] {
  defaultRules ??= buildRules(rulesData);
  const fromFile =
    options.overridesPath !== undefined ? (readJson(options.overridesPath, '期限覆盖文件') as RuleOverrides) : {};
  const overrides: RuleOverrides = { ...fromFile, ...(options.overrides ?? {}) };
  return Object.keys(overrides).length === 0 ? defaultRules : applyOverrides(defaultRules, overrides);
}

let defaultPlanTasks: PlanTask[] | undefined;

/** The bureau's implementation-plan tasks (data/plan-tasks.json) with parsed time limits. */
export function loadPlanTasks(): PlanTask[] {
  defaultPlanTasks ??= buildPlanTasks(planTasksData);
  return defaultPlanTasks;
}
