/**
 * 抽查 (section heads and 行政审批科): the form offers the listed items a person may draw for; 抽取
 * checks the parameters, the item and the plan on the server, records the draw and hands it to the
 * worker. A double tap starts one draw; a second draw of a plan needs an approved 重新抽取.
 */
import { describe, expect, it } from 'vitest';
import { runJob } from '../../../../functions/app/jobs.ts';
import { appServices, cardText, messageJob, PEOPLE, textOf, useWorker } from '../harness.ts';
import { ITEM, publishItems, startDraw } from './helpers.ts';

describe('Command: 抽查', () => {
  const h = useWorker();

  it('refuses anyone but section heads and 行政审批科', async () => {
    for (const who of [PEOPLE.zhang, PEOPLE.qian, PEOPLE.sun]) {
      h().sim.reset();
      await runJob(messageJob(h(), { from: who.openId, text: '抽查' }), h().s);
      expect(textOf(h().sent()[0]), who.name).toContain('只有科室负责人和行政审批科可以组织抽查');
    }
  });

  it('says the 随机抽查事项清单 must be published first', async () => {
    await runJob(messageJob(h(), { from: PEOPLE.wu.openId, text: '抽查' }), h().s);
    expect(textOf(h().sent()[0])).toContain('随机抽查事项清单尚未发布');
  });

  it('offers a section head the items of their own section, 行政审批科 every item', async () => {
    await publishItems(h());
    await runJob(messageJob(h(), { from: PEOPLE.wu.openId, text: '抽查' }), h().s);
    const form = cardText(h().sent()[0]);
    expect(form).toContain(ITEM);
    expect(form).not.toContain('工业节能监察');
    expect(form).toContain('"action":"draw.start"');
    expect(form).toContain('"name":"inspectors_per_target"');
    h().sim.reset();
    await runJob(messageJob(h(), { from: PEOPLE.zhao.openId, text: '抽查' }), h().s);
    expect(cardText(h().sent()[0])).toContain('工业节能监察');
  });
});

describe('Card action: draw.start', () => {
  it('records the draw (pending), owes its job and hands it on; a double tap starts nothing more', async () => {
    const h = await appServices();
    await publishItems(h);
    const { res, drawId } = await startDraw(h);
    expect(res.toast?.type).toBe('success');
    expect(drawId).toMatch(/^D20260302-[0-9a-f]{12}$/);
    expect(await h.draws.get(drawId!)).toMatchObject({
      status: 'pending',
      planId: '2026年第一季度安全生产抽查',
      listItemName: ITEM,
      drawDate: '2026-03-02',
      deadline: '2026-03-31',
      operator: { openId: PEOPLE.wu.openId },
      request: { listItem: { name: ITEM, kind: '重点', listVersion: 1 }, sampleSize: { count: '2' }, inspectorsPerTarget: 2 },
    });
    expect(h.submitted).toEqual([{ kind: 'draw.run', drawId }]);
    expect(await h.outbox.get(`draw:${drawId}`)).toMatchObject({ job: { kind: 'draw.run', drawId } });
    const again = await startDraw(h);
    expect(again.res.toast).toEqual({ type: 'info', content: `该表单已提交，抽取编号 ${drawId}` });
    expect(await h.draws.list()).toHaveLength(1);
  });

  it('sends the form back with the problems and writes nothing: parameters, deadline, an item of another section', async () => {
    const h = await appServices();
    await publishItems(h);
    const bad = await startDraw(h, PEOPLE.wu.openId, { sample: '0', inspectors_per_target: '1', deadline: '2026-02-30', risk_levels: 'E' });
    expect(bad.res.toast?.type).toBe('error');
    const card = JSON.stringify(bad.res.card);
    expect(card).toContain('抽取数量');
    expect(card).toContain('每户检查人员数');
    expect(card).toContain('风险等级');
    expect(card).toContain('检查截止日期');
    const other = await startDraw(h, PEOPLE.wu.openId, { list_item: '工业节能监察' }, 'Fdraw2');
    expect(other.res.toast?.content).toContain('不是执法一科的抽查事项');
    const unlisted = await startDraw(h, PEOPLE.zhao.openId, { list_item: '未列入清单的事项' }, 'Fdraw3');
    expect(unlisted.res.toast?.content).toContain('不在现行随机抽查事项清单');
    expect(await h.draws.list()).toEqual([]);
  });

  it('refuses a second draw of the same plan without an approved 重新抽取', async () => {
    const h = await appServices();
    await publishItems(h);
    await startDraw(h);
    const second = await startDraw(h, PEOPLE.zhao.openId, {}, 'Fother');
    expect(second.res.toast?.content).toContain('已经抽取过');
    expect(await h.draws.list()).toHaveLength(1);
  });

  it('checks the role on the server, whatever the card offered', async () => {
    const h = await appServices();
    await publishItems(h);
    const res = await startDraw(h, PEOPLE.zhang.openId);
    expect(res.res.toast).toEqual({ type: 'error', content: '只有科室负责人和行政审批科可以组织抽查。如需调整角色，请联系行政审批科。' });
    expect(await h.draws.list()).toEqual([]);
  });
});
