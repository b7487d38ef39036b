/**
 * The disclosure duties a decision creates, counted by the deadline engine:
 * - publication (事后公开): 7 working days for 行政处罚 and 行政许可, 20 for other decisions, from the
 *   decision date (国办发〔2018〕118号; rules penalty_publication / permit_publication /
 *   other_decision_publication, which a bureau may shorten but not lengthen);
 * - withdrawal: 3 working days from the day the change is recorded (行政处罚法第四十八条第二款,
 *   第八十五条; rule publication_withdrawal, statutory).
 */
import type { CaseType } from '../case/types.ts';
import type { HolidayCalendar } from '../deadlines/calendar.ts';
import { publicationRuleId } from '../deadlines/case-deadlines.ts';
import { type DeadlineResult, computeDeadline } from '../deadlines/compute.ts';
import type { LocalDate } from '../deadlines/local-date.ts';
import { type Rule, requireRule } from '../deadlines/rules.ts';

export { publicationRuleId };

export function publicationDuty(
  decision: { type: CaseType; date: LocalDate },
  calendar: HolidayCalendar,
  rules: readonly Rule[],
): DeadlineResult {
  return computeDeadline(requireRule(rules, publicationRuleId(decision.type)), decision.date, calendar);
}

/**
 * Counted from the day the change is recorded: the form carries no separate date, and the bureau
 * cannot act on a change before it knows of it.
 */
export function withdrawalDuty(recordedOn: LocalDate, calendar: HolidayCalendar, rules: readonly Rule[]): DeadlineResult {
  return computeDeadline(requireRule(rules, 'publication_withdrawal'), recordedOn, calendar);
}
