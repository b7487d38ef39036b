/** 抽查结果: the office sees every draw with its results recorded and published; others are told whom to ask. */
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import { cardText, messageJob, PEOPLE, tap, textOf, useWorker } from '../harness.ts';
import { library, publishItems, startDraw } from './helpers.ts';

describe('Command: 抽查结果, card action: draw.show', () => {
  const h = useWorker();

  it('lists the draws for the office with their results, and shows one', async () => {
    await publishItems(h());
    await library(h());
    const { drawId } = await startDraw(h());
    await runJob({ kind: 'draw.run', drawId: drawId! }, h().s);
    const [task] = await h().draws.tasks(drawId!);
    await handleCardAction(tap({ by: task!.inspectors[0]!.openId, value: { action: 'inspection.record', draw_id: drawId, credit_code: task!.creditCode, outcome: 'no_problem' } }), h().s);
    h().sim.reset();
    await runJob(messageJob(h(), { from: PEOPLE.sun.openId, text: '抽查结果' }), h().s);
    const list = cardText(h().sent()[0]);
    expect(list).toContain('2026年第一季度安全生产抽查');
    expect(list).toContain('检查结果 1/2，已公示 0');
    expect(list).toContain('待公示，最迟 2026&#45;03&#45;30'); // escaped for the card's markdown
    const shown = await handleCardAction(tap({ by: PEOPLE.sun.openId, value: { action: 'draw.show', draw_id: drawId } }), h().s);
    expect(JSON.stringify(shown.card)).toContain('抽取结果');
    const stranger = await handleCardAction(tap({ by: PEOPLE.wang.openId, value: { action: 'draw.show', draw_id: drawId } }), h().s);
    expect(stranger.toast?.content).toBe('未找到该抽取，或您无权查看');
  });

  it('tells an officer to record results on the task card instead', async () => {
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, text: '抽查结果' }), h().s);
    expect(textOf(h().sent()[0])).toContain('只有办公室、行政审批科和负责人可以查看全部抽查结果');
  });
});
