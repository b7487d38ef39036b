/** One rule + one trigger date → a due date with its explanation. */
import { type HolidayCalendar, coverage } from './calendar.ts';
import {
  type CountResult,
  type Step,
  addCalendarDays,
  addMonths,
  addWorkingDays,
  daysBefore,
  fixedNextYearDate,
} from './count.ts';
import { type LocalDate, type WeekdayName, dateWithWeekday, toParts, weekdayName } from './local-date.ts';
import { type Rule, periodText, sourceText } from './rules.ts';

export interface DeadlineResult {
  ruleId: string;
  ruleName: string;
  rule: Rule;
  /** The trigger date as given (for `calendar_year` rules: any date of the year concerned). */
  startDate: LocalDate;
  dueDate: LocalDate;
  /** 星期一 … 星期日 */
  weekday: WeekdayName;
  /** `《中华人民共和国行政处罚法》第六十条` */
  source: string;
  /** `7个工作日` */
  period: string;
  countedFrom: string;
  steps: Step[];
  /** The step texts, in order, ready to print. */
  explanation: string[];
  /** For fixed dates on a rest day: the last working day before it. */
  suggestedDate?: LocalDate;
  /** True when a day that decided the result lies in a year whose official schedule is not loaded. */
  provisional: boolean;
  provisionalReason?: string;
}

function count(rule: Rule, start: LocalDate, cal: HolidayCalendar): CountResult {
  const p = rule.period;
  switch (p.unit) {
    case 'working_days':
      return addWorkingDays(cal, start, p.amount);
    case 'calendar_days':
      return addCalendarDays(cal, start, p.amount);
    case 'months':
      return addMonths(cal, start, p.amount);
    case 'days_before':
      return daysBefore(cal, start, p.amount);
    case 'fixed_next_year_date':
      return fixedNextYearDate(cal, start, p.month, p.day);
  }
}

function startStep(rule: Rule, start: LocalDate): Step {
  const { year } = toParts(start);
  switch (rule.period.unit) {
    case 'fixed_next_year_date':
      return { kind: 'note', from: start, text: `统计年度：${year}年` };
    case 'days_before':
      return { kind: 'note', from: start, text: `${rule.countedFrom.description}：${dateWithWeekday(start)}` };
    default:
      return {
        kind: 'note',
        from: start,
        text: `起算日：${dateWithWeekday(start)}，即${rule.countedFrom.description}；当日不计入，自次日起算`,
      };
  }
}

export function computeDeadline(rule: Rule, startDate: LocalDate, cal: HolidayCalendar): DeadlineResult {
  toParts(startDate); // validates
  const counted = count(rule, startDate, cal);
  const steps: Step[] = [startStep(rule, startDate), ...counted.steps];

  const reasons: string[] = [];
  for (const d of counted.dependsOn) {
    const cov = coverage(cal, d);
    if (!cov.confirmed && cov.reason !== undefined && !reasons.includes(cov.reason)) reasons.push(cov.reason);
  }
  const provisional = reasons.length > 0;
  if (provisional && rule.period.unit === 'fixed_next_year_date') {
    reasons.push('截止日期本身是固定日期，不受影响；该日是否休息日及建议日期为推算');
  }

  const result: DeadlineResult = {
    ruleId: rule.id,
    ruleName: rule.name,
    rule,
    startDate,
    dueDate: counted.dueDate,
    weekday: weekdayName(counted.dueDate),
    source: sourceText(rule),
    period: periodText(rule.period),
    countedFrom: rule.countedFrom.description,
    steps,
    explanation: steps.map((s) => s.text),
    provisional,
  };
  if (counted.suggestedDate !== undefined) result.suggestedDate = counted.suggestedDate;
  if (provisional) result.provisionalReason = `${reasons.join('；')}。国务院办公厅公布该年放假安排后请更新节假日数据并重新计算`;
  return result;
}
