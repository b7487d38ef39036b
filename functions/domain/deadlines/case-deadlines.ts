/**
 * The deadlines that apply to a case at its current stage, for the case card (and, later, reminders).
 *
 * Each stage is one variant of `CaseStageInput` carrying the trigger dates known at that stage. To add
 * a stage (e.g. `noticed` → 听证申请, `revoked` → 撤回公开), add a variant and a branch in
 * `deadlinesForCase`; nothing else changes.
 */
import type { CaseType } from '../case/types.ts';
import type { HolidayCalendar } from './calendar.ts';
import { type DeadlineResult, computeDeadline } from './compute.ts';
import type { LocalDate, WeekdayName } from './local-date.ts';
import { type CountedFromKey, type Rule, requireRule } from './rules.ts';

export interface FiledStage {
  stage: 'filed';
  /** 立案日 (Asia/Shanghai date). */
  filingDate: LocalDate;
}

export interface DecidedStage {
  stage: 'decided';
  caseType: CaseType;
  /** 作出决定之日. */
  decisionDate: LocalDate;
  filingDate?: LocalDate;
  /**
   * True when the decision was announced and handed to the party on the spot (行政处罚法 Art. 61);
   * then there is no 7-working-day service deadline. Unknown (undefined) is treated as "not present".
   */
  partyPresentAtDecision?: boolean;
  /** 当事人收到决定书之日 (送达回证). Until known, the party's deadlines are pending. */
  decisionReceivedDate?: LocalDate;
  /** True when the penalty includes a fine (罚款) → 缴纳罚款. */
  hasFine?: boolean;
}

export type CaseStageInput = FiledStage | DecidedStage;
export type CaseStage = CaseStageInput['stage'];

export interface CaseDeadline {
  ruleId: string;
  ruleName: string;
  obligor: Rule['obligor'];
  dueDate: LocalDate;
  weekday: WeekdayName;
  provisional: boolean;
  result: DeadlineResult;
}

export interface PendingCaseDeadline {
  ruleId: string;
  ruleName: string;
  waitingFor: CountedFromKey;
  /** `待录入当事人收到决定书之日后计算` */
  text: string;
}

export interface CaseDeadlines {
  stage: CaseStage;
  /** Sorted by due date. */
  deadlines: CaseDeadline[];
  /** Rules that apply but whose trigger date is not known yet. */
  pending: PendingCaseDeadline[];
}

/** 行政处罚 → 处罚决定公开, 行政许可 → 许可决定公开, anything else → 其他决定公开 (国办发〔2018〕118号). */
export function publicationRuleId(caseType: CaseType): string {
  if (caseType === '行政处罚') return 'penalty_publication';
  if (caseType === '行政许可') return 'permit_publication';
  return 'other_decision_publication';
}

export function deadlinesForCase(
  input: CaseStageInput,
  calendar: HolidayCalendar,
  rules: readonly Rule[],
): CaseDeadlines {
  const deadlines: CaseDeadline[] = [];
  const pending: PendingCaseDeadline[] = [];

  const add = (ruleId: string, start: LocalDate) => {
    const rule = requireRule(rules, ruleId);
    const result = computeDeadline(rule, start, calendar);
    deadlines.push({
      ruleId,
      ruleName: rule.name,
      obligor: rule.obligor,
      dueDate: result.dueDate,
      weekday: result.weekday,
      provisional: result.provisional,
      result,
    });
  };
  const wait = (ruleId: string) => {
    const rule = requireRule(rules, ruleId);
    pending.push({
      ruleId,
      ruleName: rule.name,
      waitingFor: rule.countedFrom.key,
      text: `待录入${rule.countedFrom.description}后计算`,
    });
  };

  switch (input.stage) {
    case 'filed':
      add('case_time_limit', input.filingDate);
      break;
    case 'decided': {
      add(publicationRuleId(input.caseType), input.decisionDate);
      const penalty = input.caseType === '行政处罚';
      if (penalty && input.partyPresentAtDecision !== true) add('service', input.decisionDate);
      const received = input.decisionReceivedDate;
      const partyRules = [...(penalty && input.hasFine === true ? ['fine_payment'] : []), 'admin_review', 'lawsuit'];
      for (const id of partyRules) {
        // The party "knows" of the decision when it receives the written decision.
        if (received !== undefined) add(id, received);
        else wait(id);
      }
      break;
    }
  }

  deadlines.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  return { stage: input.stage, deadlines, pending };
}
