/**
 * Inspection tasks and their results (双随机's 一公开): each drawn target is a task for its inspectors,
 * due by the plan's deadline; an inspector records the result, and the result is published within 20
 * working days after the inspection ends (rule `inspection_result_publication`, data/rules.json,
 * counted by the deadline engine). Pure.
 */
import type { HolidayCalendar } from '../deadlines/calendar.ts';
import { computeDeadline } from '../deadlines/compute.ts';
import type { LocalDate } from '../deadlines/local-date.ts';
import { type Rule, requireRule, sourceText } from '../deadlines/rules.ts';
import type { TargetType } from './types.ts';

export const INSPECTION_OUTCOMES = ['no_problem', 'rectification_ordered', 'case_referred'] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];

/** The task card's buttons, as the issue names them. */
export const OUTCOME_LABELS: Record<InspectionOutcome, string> = {
  no_problem: '未发现问题',
  rectification_ordered: '发现问题已责令整改',
  case_referred: '转立案',
};

/** What the public page says (问题发现后转入案件办理). */
export const PUBLIC_OUTCOME_LABELS: Record<InspectionOutcome, string> = {
  no_problem: '未发现问题',
  rectification_ordered: '发现问题，已责令整改',
  case_referred: '发现问题，已转立案查处',
};

/**
 * The result as the record entry `inspection.recorded` states it (`detail.result`), in the words the
 * statistics count (INSPECTION_RESULTS of functions/domain/statistics/facts.ts; a test keeps them in step).
 */
export const RECORDED_RESULT_LABELS: Record<InspectionOutcome, string> = {
  no_problem: '未发现问题',
  rectification_ordered: '发现问题已责令改正',
  case_referred: '发现问题已立案查处',
};

export const RESULT_PUBLICATION_RULE = 'inspection_result_publication';

/** Open: waiting for its result; done: result recorded; removed / superseded: an approved exception or a re-draw took it away. */
export type TaskStatus = 'open' | 'done' | 'removed' | 'superseded';

export interface TaskInspector {
  openId: string;
  name: string;
  certificateNumber: string;
}

export interface InspectionResult {
  outcome: InspectionOutcome;
  recordedBy: { openId: string; name: string };
  recordedAt: string; // ISO instant
  /** The day the inspection ended (Shanghai): the result was recorded. */
  endedOn: LocalDate;
  /** Publication due (rule inspection_result_publication), and its legal source. */
  publishBy: LocalDate;
  publishSource: string;
  /** Set when the result was published on the site. */
  publishedOn?: LocalDate;
}

/**
 * One drawn target's inspection. `deadline` is the plan's (检查截止日期): the reminders integration
 * schedules it like any tracked deadline (id `draw.<drawId>.<creditCode>.inspection`, see README).
 */
export interface InspectionTask {
  drawId: string;
  planId: string;
  listItem: string;
  creditCode: string;
  name: string;
  targetType: TargetType;
  position: number;
  inspectors: TaskInspector[];
  deadline: LocalDate;
  status: TaskStatus;
  result?: InspectionResult;
}

/** The stable id a reminder would use for the task's deadline (no date in it). */
export const inspectionDeadlineId = (drawId: string, creditCode: string): string => `draw.${drawId}.${creditCode}.inspection`;

/** When the result of an inspection that ended on `endedOn` must be published by. */
export function resultPublicationDue(endedOn: LocalDate, calendar: HolidayCalendar, rules: readonly Rule[]): { dueDate: LocalDate; source: string } {
  const rule = requireRule(rules, RESULT_PUBLICATION_RULE);
  const d = computeDeadline(rule, endedOn, calendar);
  return { dueDate: d.dueDate, source: sourceText(rule) };
}

export interface PublicInspectionResult {
  creditCode: string;
  name: string;
  outcome: string; // PUBLIC_OUTCOME_LABELS
  endedOn: LocalDate;
}

/** The results the public page shows: names, credit codes, outcome words and dates only. */
export function publicResults(tasks: readonly InspectionTask[]): PublicInspectionResult[] {
  return tasks
    .filter((t) => t.status === 'done' && t.result !== undefined)
    .sort((a, b) => a.position - b.position)
    .map((t) => ({
      creditCode: t.creditCode,
      name: t.name,
      outcome: PUBLIC_OUTCOME_LABELS[(t.result as InspectionResult).outcome],
      endedOn: (t.result as InspectionResult).endedOn,
    }));
}

/** The office digest's part on 双随机 results: what reached the public site today, and what is still owed. */
export interface ResultsDigest {
  /** `抽查结果：今日公示 2 项，待公示 1 项（最迟 2026-03-30）` */
  summary: string;
  /** `<target>（<credit code>）：<outcome>，抽取编号 <draw id>` */
  published: string[];
  /** `<target>（<credit code>）：最迟 <date>（<weekday>）公示，抽取编号 <draw id>`, the most urgent first. */
  pending: string[];
  /** The earliest due date among the pending, if any. */
  latest?: LocalDate;
}

/**
 * Summarises recorded results for the digest of `today`: published that day, and recorded but not yet
 * published (due by the engine's rule, counted again from the day the inspection ended — never a
 * hard-coded 20). A result counts whatever became of its task since (it is owed to the public).
 */
export function resultsDigest(
  draws: readonly { drawId: string; tasks: readonly Pick<InspectionTask, 'creditCode' | 'name' | 'result'>[] }[],
  today: LocalDate,
  calendar: HolidayCalendar,
  rules: readonly Rule[],
): ResultsDigest {
  const published: string[] = [];
  const pending: { due: LocalDate; line: string }[] = [];
  for (const d of draws) {
    for (const t of d.tasks) {
      const r = t.result;
      if (!r) continue;
      if (r.publishedOn === today) published.push(`${t.name}（${t.creditCode}）：${PUBLIC_OUTCOME_LABELS[r.outcome]}，抽取编号 ${d.drawId}`);
      if (r.publishedOn !== undefined) continue;
      const due = computeDeadline(requireRule(rules, RESULT_PUBLICATION_RULE), r.endedOn, calendar);
      pending.push({ due: due.dueDate, line: `${t.name}（${t.creditCode}）：最迟 ${due.dueDate}（${due.weekday}）公示${today > due.dueDate ? '，已逾期' : ''}，抽取编号 ${d.drawId}` });
    }
  }
  pending.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.line < b.line ? -1 : 1));
  const latest = pending[0]?.due;
  const owed = pending.length > 0 ? `待公示 ${pending.length} 项（最迟 ${latest}）` : '待公示 0 项';
  return {
    summary: `抽查结果：今日公示 ${published.length} 项，${owed}`,
    published,
    pending: pending.map((p) => p.line),
    ...(latest ? { latest } : {}),
  };
}
