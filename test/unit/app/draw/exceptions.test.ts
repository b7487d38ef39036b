/**
 * No quiet re-draws: an exception is requested with a reason (recorded), the head decides on a card,
 * the draw's job applies the decision with the whole draw file — the tasks follow the new result, the
 * public page shows the exception beside the original — and a re-draw of the plan is allowed once.
 */
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { verifyDraw } from '../../../../functions/domain/draw/index.ts';
import { cardText, PEOPLE, tap, textOf, useWorker, type WorkerHarness } from '../harness.ts';
import { drawn, runDraw as run, startDraw } from './helpers.ts';

const act = (h: WorkerHarness, by: string, value: Record<string, unknown>, formValue?: Record<string, unknown>, messageId?: string) =>
  handleCardAction(tap({ by, value, ...(formValue ? { formValue } : {}), ...(messageId ? { messageId } : {}) }), h.s);

describe('Card actions: draw.exception_form, draw.exception_request, draw.exception_decide', () => {
  const h = useWorker();

  it('records an inspector’s recusal with its reason and asks the head, who approves; the task’s team changes', async () => {
    const drawId = await drawn(h(), { sample: '1' });
    const [task] = await h().draws.tasks(drawId);
    const leaving = task!.inspectors[0]!;
    const form = await act(h(), leaving.openId, { action: 'draw.exception_form', draw_id: drawId, kind: 'recusal', credit_code: task!.creditCode });
    expect(JSON.stringify(form.card)).toContain('"name":"reason"');
    const asked = await act(h(), leaving.openId, { action: 'draw.exception_request', draw_id: drawId, kind: 'recusal', credit_code: task!.creditCode }, { reason: '配偶在该企业任职' }, 'om_task');
    expect(asked.toast).toEqual({ type: 'success', content: '已提交负责人批准' });
    const [e] = await h().draws.exceptions(drawId);
    expect(e).toMatchObject({ kind: 'recusal', status: 'requested', reason: '配偶在该企业任职', certificateNumber: leaving.certificateNumber });
    expect((await h().draws.records(drawId)).at(-1)).toMatchObject({ action: 'draw.exception_requested', actor: leaving.openId });
    // A double tap on the same card is the same request.
    const twice = await act(h(), leaving.openId, { action: 'draw.exception_request', draw_id: drawId, kind: 'recusal', credit_code: task!.creditCode }, { reason: '配偶在该企业任职' }, 'om_task');
    expect(twice.toast?.type).toBe('info');

    h().sim.reset();
    await run(h(), drawId);
    const ask = h().sent().find((m) => m.receive_id === PEOPLE.qian.openId);
    expect(cardText(ask)).toContain('"action":"draw.exception_decide"');
    expect(cardText(ask)).toContain('配偶在该企业任职');

    expect((await act(h(), PEOPLE.wu.openId, { action: 'draw.exception_decide', draw_id: drawId, exception_id: e!.id, decision: 'approve' })).toast?.content).toBe(
      '只有负责人可以批准或驳回抽取例外',
    );
    const ok = await act(h(), PEOPLE.qian.openId, { action: 'draw.exception_decide', draw_id: drawId, exception_id: e!.id, decision: 'approve' }, {});
    expect(ok.toast?.type).toBe('success');
    h().sim.reset();
    await run(h(), drawId);
    const [after] = await h().draws.tasks(drawId);
    expect(after!.inspectors.map((i) => i.openId)).not.toContain(leaving.openId);
    const replacement = after!.inspectors.find((i) => !task!.inspectors.some((x) => x.openId === i.openId))!;
    expect(cardText(h().sent().find((m) => m.receive_id === replacement.openId))).toContain(task!.creditCode);
    expect(textOf(h().sent().find((m) => m.receive_id === leaving.openId))).toContain('检查人员回避申请已批准');
    const file = (await h().draws.file(drawId))!.file;
    expect(file.exceptions).toHaveLength(1);
    const page = (await h().site.read(`draws/${drawId}.html`))!;
    expect(page).toContain('例外处理（经负责人批准）');
    expect(page).toContain(`${leaving.name}（${leaving.certificateNumber}）回避`);
    expect(verifyDraw(JSON.parse((await h().site.read(`draws/${drawId}.json`))!)).ok).toBe(true);
  });

  it('wants a reason for a rejection, and never lets the head decide their own request', async () => {
    const drawId = await drawn(h());
    await act(h(), PEOPLE.qian.openId, { action: 'draw.exception_request', draw_id: drawId }, { kind: 'redraw', reason: '抽查范围需调整' });
    const [own] = await h().draws.exceptions(drawId);
    expect((await act(h(), PEOPLE.qian.openId, { action: 'draw.exception_decide', draw_id: drawId, exception_id: own!.id, decision: 'approve' })).toast?.content).toBe('不能批准或驳回本人提出的申请');
    expect((await act(h(), PEOPLE.zhang.openId, { action: 'draw.exception_request', draw_id: drawId }, { kind: 'redraw', reason: '想换一批' })).toast?.content).toContain('只有负责人、科室负责人和行政审批科可以申请重新抽取');
    await act(h(), PEOPLE.wu.openId, { action: 'draw.exception_request', draw_id: drawId }, { kind: 'struck_off', credit_code: (await h().draws.tasks(drawId))[0]!.creditCode, reason: '已注销' });
    const e = (await h().draws.exceptions(drawId)).find((x) => x.kind === 'struck_off')!;
    expect((await act(h(), PEOPLE.qian.openId, { action: 'draw.exception_decide', draw_id: drawId, exception_id: e.id, decision: 'reject' }, { note: ' ' })).toast?.content).toBe('驳回时请写明理由');
  });

  it('allows one re-draw of the plan after an approved 重新抽取; the new draw names the old one, which is superseded', async () => {
    const first = await drawn(h());
    await act(h(), PEOPLE.wu.openId, { action: 'draw.exception_request', draw_id: first }, { kind: 'redraw', reason: '检查对象范围设置有误' });
    const [e] = await h().draws.exceptions(first);
    await act(h(), PEOPLE.qian.openId, { action: 'draw.exception_decide', draw_id: first, exception_id: e!.id, decision: 'approve' }, {});
    await run(h(), first);
    expect(await h().draws.get(first)).toMatchObject({ approvedRedraw: e!.id });
    const { res } = await startDraw(h(), PEOPLE.wu.openId, { sample: '3' }, 'Fredraw');
    expect(res.toast?.type).toBe('success');
    const second = (await h().draws.list()).find((d) => d.drawId !== first)!.drawId;
    await run(h(), second);
    expect(await h().draws.get(second)).toMatchObject({ status: 'revealed', supersedes: { drawId: first, exceptionId: e!.id } });
    expect((await h().draws.get(first))?.supersededBy).toBe(second);
    await run(h(), first);
    expect((await h().draws.tasks(first)).every((t) => t.status === 'superseded')).toBe(true);
    expect(await h().site.read(`draws/${first}.html`)).toContain(`以 <a href="${second}.html">${second}</a> 的结果为准`);
    const third = await startDraw(h(), PEOPLE.wu.openId, {}, 'Fthird');
    expect(third.res.toast?.content).toContain('已经抽取过');
  });
});
