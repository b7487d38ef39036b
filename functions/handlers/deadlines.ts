/**
 * The deadline engine as the handlers use it: the official calendar and the rules table loaded once per
 * cold start (bundled JSON), applied to a case for its card and to `算期限` questions.
 */
import type { DeadlineView } from '../../cards/types.ts';
import { loadCalendar, loadRules } from '../adapters/calendar/index.ts';
import type { Case } from '../domain/case/types.ts';
import { answerDeadlineQuery, deadlinesForCase } from '../domain/deadlines/index.ts';
import { resultPublicationDue } from '../domain/draw/inspection.ts';
import type { StatisticsContext } from '../domain/statistics/figures.ts';
import { avDuties } from './av-duties.ts';

const calendar = loadCalendar();
const rules = loadRules();

/** The deadlines that apply to the case at its current stage (filed → 办案期限). */
export function caseDeadlines(c: Case): DeadlineView[] {
  return deadlinesForCase({ stage: 'filed', filingDate: c.filingDate }, calendar, rules).deadlines.map((d) => ({
    name: d.ruleName,
    dueDate: d.dueDate,
    weekday: d.weekday,
    source: d.result.source,
    provisional: d.provisional,
  }));
}

/** The chat answer to `算期限 <规则> <起算日>`. */
export function answerDeadline(argsText: string): string {
  return answerDeadlineQuery(argsText, calendar, rules).text;
}

/** When the result of an inspection that ended on `endedOn` must be published (rule inspection_result_publication). */
export function inspectionResultDue(endedOn: string): { dueDate: string; source: string } {
  return resultPublicationDue(endedOn, calendar, rules);
}

/** What the statistics count deadlines and audio/video duties with, on `today`. */
export function statisticsContext(today: string): StatisticsContext {
  return { today, calendar, rules, avDuties };
}
