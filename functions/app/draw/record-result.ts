/**
 * An inspector records the result on the task card (inspection.record): 未发现问题, 发现问题已责令整改,
 * or 转立案 — which answers with the filing form filled in with the target (name, type, credit code)
 * and the task's inspectors. Only the task's own inspectors may record it, once; the result is due on
 * the public site within 20 working days after the inspection ended (the deadline engine's rule), and
 * the draw's job publishes it at once.
 */
import * as z from 'zod/mini';
import { filingFormCard } from '../../../cards/index.ts';
import { taskCard } from '../../../cards/draw.ts';
import { INSPECTION_OUTCOMES, OUTCOME_LABELS, RECORDED_RESULT_LABELS, type InspectionResult } from '../../domain/draw/index.ts';
import { shanghaiDate } from '../../domain/shared/time.ts';
import type { CardActionResult } from '../../ports/index.ts';
import type { StoredTask } from '../../ports/draws.ts';
import type { Person } from '../../domain/roster/types.ts';
import { cardAction } from '../intents.ts';
import { errorToast, officerOptions, sendUuid, type Services } from '../services.ts';
import { creditCodeSchema, drawIdSchema, taskCardView } from './views.ts';

export const recordResultAction = cardAction({
  value: z.object({ draw_id: drawIdSchema, credit_code: creditCodeSchema, outcome: z.enum(INSPECTION_OUTCOMES) }),
  async handle({ draw_id, credit_code, outcome }, { operator, s }): Promise<CardActionResult> {
    const task = await s.draws.task(draw_id, credit_code);
    if (!task || !task.inspectors.some((i) => i.openId === operator.openId)) return errorToast('只有该检查对象的检查人员可以记录检查结果');
    if (task.status === 'done' && task.result) {
      // A repeated 转立案 opens the same filing form again (the same form id: one case).
      if (task.result.outcome === 'case_referred' && outcome === 'case_referred') return referToCase(task, operator, s, '该检查已记录为转立案');
      return { toast: { type: 'info', content: `该检查已记录结果：${OUTCOME_LABELS[task.result.outcome]}` }, card: taskCard(taskCardView(task)) };
    }
    if (task.status !== 'open') return { toast: { type: 'info', content: '该检查任务已取消' }, card: taskCard(taskCardView(task)) };
    const now = s.now();
    const endedOn = shanghaiDate(now);
    const due = s.resultPublicationDue(endedOn);
    const result: InspectionResult = {
      outcome,
      recordedBy: { openId: operator.openId, name: operator.name },
      recordedAt: now.toISOString(),
      endedOn,
      publishBy: due.dueDate,
      publishSource: due.source,
    };
    const entry = {
      drawId: draw_id,
      action: 'inspection.recorded' as const,
      actor: operator.openId,
      at: result.recordedAt,
      // `result` and `inspectedOn` as the statistics read them (functions/domain/statistics/README.md).
      detail: { creditCode: credit_code, result: RECORDED_RESULT_LABELS[outcome], inspectedOn: endedOn, outcome, publishBy: due.dueDate },
    };
    if (!(await s.draws.recordResult(draw_id, credit_code, result, entry))) {
      const now2 = await s.draws.task(draw_id, credit_code);
      return { toast: { type: 'info', content: '该检查已记录结果' }, ...(now2 ? { card: taskCard(taskCardView(now2)) } : {}) };
    }
    await s.jobs.submit({ kind: 'draw.run', drawId: draw_id }).catch((err) => s.log.error('draw.run not submitted; the scheduled run hands it on', { drawId: draw_id, err }));
    const recorded: StoredTask = { ...task, status: 'done', result };
    if (outcome === 'case_referred') return referToCase(recorded, operator, s, '已记录：转立案，请填写立案登记表');
    return { toast: { type: 'success', content: `已记录：${OUTCOME_LABELS[outcome]}；结果将于 ${due.dueDate} 前公示` }, card: taskCard(taskCardView(recorded, '检查结果已记录，即将公示')) };
  },
});

/** The filing form, filled in with the target and the task's inspectors (the filer reviews and submits it). */
async function referToCase(task: StoredTask, operator: Person, s: Services, notice: string): Promise<CardActionResult> {
  if (!operator.roles.includes('officer')) return { toast: { type: 'info', content: `${notice}；立案须由执法人员提交立案登记表` } };
  return {
    toast: { type: 'success', content: notice },
    card: filingFormCard({
      formId: `F${sendUuid('inspection-case', task.drawId, task.creditCode).slice(0, 32)}`,
      filerOpenId: operator.openId,
      officerOptions: await officerOptions(s.roster, operator),
      initial: {
        party_name: task.name,
        // Every target of the library has a 统一社会信用代码; the filing form checks it for an organisation.
        party_type: 'organization',
        party_id: task.creditCode,
        case_type: '行政处罚',
        source: `双随机抽查（${task.planId}，抽取编号 ${task.drawId}）`,
        officers: task.inspectors.map((i) => i.openId).filter((id) => id !== ''),
      },
    }),
  };
}
