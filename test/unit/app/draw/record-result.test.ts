/**
 * inspection.record: only the task's inspectors record its result, once; the result is due for
 * publication 20 working days after the inspection ended (the deadline engine) and the draw's job
 * publishes it; 转立案 answers with the filing form filled in with the target, which files the case.
 */
import drawData from '../../../../data/draw.json' with { type: 'json' };
import rulesData from '../../../../data/rules.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { RECORDED_RESULT_LABELS } from '../../../../functions/domain/draw/index.ts';
import { INSPECTION_RESULTS, readDrawLog } from '../../../../functions/domain/statistics/facts.ts';
import { cardText, PEOPLE, tap, useWorker, type WorkerHarness } from '../harness.ts';
import { drawn, runDraw as run } from './helpers.ts';

const record = (h: WorkerHarness, by: string, drawId: string, creditCode: string, outcome: string) =>
  handleCardAction(tap({ by, value: { action: 'inspection.record', draw_id: drawId, credit_code: creditCode, outcome } }), h.s);

describe('Card action: inspection.record', () => {
  const h = useWorker();

  it('writes results in the words the statistics count', () => {
    for (const label of Object.values(RECORDED_RESULT_LABELS)) expect(INSPECTION_RESULTS).toContain(label);
  });

  it('keeps the rule and the draw configuration at the same 20 working days', () => {
    const rule = rulesData.rules.find((r) => r.id === 'inspection_result_publication');
    expect(rule?.period).toEqual({ unit: 'working_days', amount: drawData.resultPublication.period.amount });
  });

  it('lets only the task’s inspectors record its result, once, due for publication in 20 working days', async () => {
    const drawId = await drawn(h());
    const [task] = await h().draws.tasks(drawId);
    const stranger = [PEOPLE.zhang, PEOPLE.li, PEOPLE.chen].find((p) => !task!.inspectors.some((i) => i.openId === p.openId))!;
    expect((await record(h(), stranger.openId, drawId, task!.creditCode, 'no_problem')).toast?.content).toBe('只有该检查对象的检查人员可以记录检查结果');
    const by = task!.inspectors[0]!;
    const res = await record(h(), by.openId, drawId, task!.creditCode, 'no_problem');
    // 2026-03-02 (Monday) + 20 working days = 2026-03-30.
    expect(res.toast).toEqual({ type: 'success', content: '已记录：未发现问题；结果将于 2026-03-30 前公示' });
    expect(await h().draws.task(drawId, task!.creditCode)).toMatchObject({
      status: 'done',
      result: { outcome: 'no_problem', endedOn: '2026-03-02', publishBy: '2026-03-30', recordedBy: { openId: by.openId } },
    });
    expect((await h().draws.records(drawId)).at(-1)).toMatchObject({ action: 'inspection.recorded', actor: by.openId, detail: { outcome: 'no_problem' } });
    // The statistics read the draw's log as written: the revealed draw and this result.
    const read = readDrawLog({ drawId, entries: await h().draws.records(drawId) });
    expect(read.problems).toEqual([]);
    expect(read.value.inspections).toEqual([{ drawId, creditCode: task!.creditCode, date: '2026-03-02', result: '未发现问题' }]);
    const again = await record(h(), task!.inspectors[1]!.openId, drawId, task!.creditCode, 'rectification_ordered');
    expect(again.toast).toEqual({ type: 'info', content: '该检查已记录结果：未发现问题' });

    await run(h(), drawId);
    const page = (await h().site.read(`draws/${drawId}.html`))!;
    expect(page).toContain('检查结果');
    expect(page).toContain('未发现问题');
    expect((await h().draws.task(drawId, task!.creditCode))?.result?.publishedOn).toBe('2026-03-02');
  });

  it('answers 转立案 with the filing form filled in with the target and the inspectors, which files the case', async () => {
    const drawId = await drawn(h());
    const [, task] = await h().draws.tasks(drawId);
    const by = task!.inspectors[0]!;
    const res = await record(h(), by.openId, drawId, task!.creditCode, 'case_referred');
    expect(res.toast?.content).toBe('已记录：转立案，请填写立案登记表');
    const form = JSON.stringify(res.card);
    expect(form).toContain(`"default_value":"${task!.name}"`);
    expect(form).toContain(`"default_value":"${task!.creditCode}"`);
    expect(form).toContain('"initial_option":"organization"');
    const formId = /"action":"case\.file","form_id":"([^"]+)"/.exec(form)![1]!;
    // The same form again for a repeated tap: one case only.
    const twice = JSON.stringify((await record(h(), by.openId, drawId, task!.creditCode, 'case_referred')).card);
    expect(twice).toContain(`"form_id":"${formId}"`);

    const filed = await handleCardAction(
      tap({
        by: by.openId,
        value: { action: 'case.file', form_id: formId },
        formValue: {
          party_name: task!.name,
          party_type: 'organization',
          party_id: task!.creditCode,
          case_type: '行政处罚',
          procedure: 'ordinary',
          summary: '双随机抽查发现未落实安全生产责任制。',
          source: `双随机抽查（${drawId}）`,
          legal_basis: '《中华人民共和国安全生产法》第六十二条',
          officers: task!.inspectors.map((i) => i.openId),
        },
      }),
      h().s,
    );
    expect(filed.toast?.type).toBe('success');
    const c = await h().cases.get('2026-000001');
    expect(c?.party).toEqual({ name: task!.name, type: 'organization', idNumber: task!.creditCode });
    await run(h(), drawId);
    expect(await h().site.read(`draws/${drawId}.html`)).toContain('发现问题，已转立案查处');
  });

  it('says a task an exception took away is cancelled', async () => {
    const drawId = await drawn(h());
    const [task] = await h().draws.tasks(drawId);
    await h().draws.syncTasks(drawId, [], 'removed');
    const res = await record(h(), task!.inspectors[0]!.openId, drawId, task!.creditCode, 'no_problem');
    expect(res.toast).toEqual({ type: 'info', content: '该检查任务已取消' });
    expect(cardText({ content: res.card } as never)).toContain('本任务取消');
  });
});
