/**
 * The party's periods that service starts, counted by the deadline engine from the day the party
 * received the decision:
 * - 缴纳罚款 15 days (行政处罚法第六十七条第三款), only for a penalty decision that includes a fine;
 * - 复议期限 60 days (行政复议法第二十条第一款);
 * - 起诉期限 6 months (行政诉讼法第四十六条第一款).
 * The party "knows" of the decision when it receives it, so 知道或者应当知道之日 is the service date.
 */
import type { CaseType } from '../case/types.ts';
import type { HolidayCalendar } from '../deadlines/calendar.ts';
import { type DeadlineResult, computeDeadline } from '../deadlines/compute.ts';
import type { LocalDate } from '../deadlines/local-date.ts';
import { type Rule, requireRule } from '../deadlines/rules.ts';

export const PARTY_PERIOD_RULES = ['fine_payment', 'admin_review', 'lawsuit'] as const;
export type PartyPeriodRuleId = (typeof PARTY_PERIOD_RULES)[number];

export interface PartyPeriodInput {
  servedOn: LocalDate;
  /** The kind of decision served (行政处罚 → a fine may be due). */
  decisionType: CaseType;
  /** The penalty includes a fine (罚款). Ignored for other decision types. */
  hasFine: boolean;
}

/** Which party periods a served decision starts, in rule order. */
export function partyPeriodRuleIds(decisionType: CaseType, hasFine: boolean): PartyPeriodRuleId[] {
  const fine = decisionType === '行政处罚' && hasFine;
  return fine ? ['fine_payment', 'admin_review', 'lawsuit'] : ['admin_review', 'lawsuit'];
}

/** The party's periods, each counted by the engine from the service date; sorted by due date. */
export function partyPeriods(input: PartyPeriodInput, calendar: HolidayCalendar, rules: readonly Rule[]): DeadlineResult[] {
  return partyPeriodRuleIds(input.decisionType, input.hasFine)
    .map((id) => computeDeadline(requireRule(rules, id), input.servedOn, calendar))
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
}
