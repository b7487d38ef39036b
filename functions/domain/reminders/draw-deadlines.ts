/**
 * A draw's tracked deadlines (双随机、一公开), one scope per draw (`draw:<drawId>`):
 * - each drawn target's inspection task (`inspection_task`): due on the plan's 检查截止日期 (a fixed
 *   date, never rolled), to the target's inspectors as the draw now assigns them (a recusal's
 *   replacement takes over); met the day its result is recorded; gone (lapsed) when an approved
 *   exception struck the target off or a re-draw superseded the draw;
 * - each recorded result's publication (`inspection_result_publication`): due 20 working days after the
 *   inspection ended, counted by the engine from rule `inspection_result_publication` (data/rules.json,
 *   so a bureau override applies); to the draw's organiser (and the office, by the reminder config);
 *   met the day the result reached the public site. A result recorded before a re-draw or a strike-off
 *   is still owed to the public.
 */
import { computeDeadline } from '../deadlines/compute.ts';
import { weekdayName } from '../deadlines/local-date.ts';
import { requireRule } from '../deadlines/rules.ts';
import { type InspectionTask, RESULT_PUBLICATION_RULE, inspectionDeadlineId } from '../draw/inspection.ts';
import {
  type DeadlineContext,
  type DeadlineList,
  type LapsedDeadline,
  type TrackedDeadline,
  byDue,
  fromResult,
  statusOf,
  statusText,
} from './deadlines.ts';

export interface DrawDeadlineFacts {
  drawId: string;
  planId: string;
  listItem: string;
  /** The operator who made the draw: answers for its results' publication. */
  organiserOpenId: string;
  /** The draw's tasks as stored (their inspectors after any approved recusal). */
  tasks: readonly Pick<InspectionTask, 'creditCode' | 'name' | 'deadline' | 'status' | 'inspectors' | 'result'>[];
}

export const INSPECTION_TASK_RULE_NAME = '双随机抽查检查';

/** `draw.<drawId>.<creditCode>.result_publication` (no date in it, like every deadline id). */
export const resultPublicationDeadlineId = (drawId: string, creditCode: string): string => `draw.${drawId}.${creditCode}.result_publication`;

const LAPSED_REASON = {
  removed: '经批准的例外已将该检查对象移出抽取结果，检查任务取消',
  superseded: '该次抽取已被重新抽取取代，检查任务取消',
} as const;

export function drawTaskDeadlines(draw: DrawDeadlineFacts, ctx: DeadlineContext): DeadlineList {
  const deadlines: TrackedDeadline[] = [];
  const lapsed: LapsedDeadline[] = [];
  const publication = requireRule(ctx.rules, RESULT_PUBLICATION_RULE);
  for (const t of draw.tasks) {
    const subject = { type: 'draw_task' as const, drawId: draw.drawId, planId: draw.planId, creditCode: t.creditCode, targetName: t.name };
    const taskId = inspectionDeadlineId(draw.drawId, t.creditCode);
    if (t.status === 'removed' || t.status === 'superseded') {
      lapsed.push({ id: taskId, kind: 'inspection_task', ruleName: INSPECTION_TASK_RULE_NAME, reason: LAPSED_REASON[t.status] });
    } else {
      const metOn = t.status === 'done' ? t.result?.endedOn : undefined;
      const status = statusOf(t.deadline, metOn, ctx.today);
      const late = metOn !== undefined && metOn > t.deadline;
      const d: TrackedDeadline = {
        id: taskId,
        kind: 'inspection_task',
        ruleId: null,
        ruleName: INSPECTION_TASK_RULE_NAME,
        what: `检查“${t.name}”（${t.creditCode}）并在检查任务卡片上登记结果（${draw.listItem}，抽取编号 ${draw.drawId}）`,
        subject,
        startDate: null,
        dueDate: t.deadline,
        weekday: weekdayName(t.deadline),
        source: `抽查计划“${draw.planId}”的检查截止日期（抽取编号 ${draw.drawId}）`,
        obligor: 'bureau',
        status,
        statusText: statusText('inspection_task', status, late, ctx.today === t.deadline),
        provisional: false,
        explanation: [`检查截止日期 ${t.deadline} 为抽取时确定的固定日期，不顺延`],
        people: t.inspectors.map((i) => i.openId).filter((id) => id !== ''),
      };
      if (metOn !== undefined) {
        d.metOn = metOn;
        d.late = late;
      }
      deadlines.push(d);
    }
    // Whatever became of the task since, a recorded result is owed to the public.
    if (t.result) {
      const r = computeDeadline(publication, t.result.endedOn, ctx.calendar);
      const what = `公示“${t.name}”（${t.creditCode}）的抽查结果（${draw.listItem}，抽取编号 ${draw.drawId}）`;
      deadlines.push(
        fromResult(resultPublicationDeadlineId(draw.drawId, t.creditCode), 'inspection_result_publication', what, subject, r, t.result.publishedOn, [draw.organiserOpenId], ctx.today),
      );
    }
  }
  deadlines.sort(byDue);
  return { deadlines, lapsed, pending: [] };
}
