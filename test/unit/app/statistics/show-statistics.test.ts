/**
 * 统计 and opening a figure, with the in-memory stores, the real chart renderer, and the real Feishu SDK
 * client against the fake Open API (which keeps the uploaded images).
 */
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import { aggregate } from '../../../../functions/app/statistics/aggregate.ts';
import { shanghaiDate } from '../../../../functions/domain/deadlines/local-date.ts';
import { filingRequest, officer } from '../../../helpers/factories.ts';
import { buttons, buttonValue } from '../../../helpers/cards.ts';
import { decodePng, inkPixels } from '../../../helpers/png.ts';
import { type WorkerHarness, cardText, messageJob, PEOPLE, tap, textOf, useWorker } from '../harness.ts';

/** Files `n` cases in early 2026 and counts them as the table stream would. */
async function fileCases(h: WorkerHarness, n: number, from = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let i = from; i < from + n; i++) {
    const filedAt = `2026-0${1 + (i % 2)}-${String(5 + (i % 20)).padStart(2, '0')}T02:00:00.000Z`;
    const { case: c } = await h.cases.fileCase(filingRequest({ formId: `f-${i}`, year: 2026, filedAt, officers: [officer('ou_a', '甲'), officer('ou_b', '乙')] }));
    ids.push(c.caseId);
    await aggregate({ kind: 'case', id: c.caseId }, { ...h.s, statistics: h.statistics, today: () => shanghaiDate(h.s.now()) });
  }
  return ids;
}

describe('Command: 统计', () => {
  const h = useWorker();

  it('shows the head this year so far: the key figures, six charts uploaded as PNG images, a button per figure', async () => {
    await fileCases(h(), 3);
    await runJob(messageJob(h(), { from: PEOPLE.qian.openId, text: '统计' }), h().s);
    const [m] = h().sent();
    expect(m?.msg_type).toBe('interactive');
    const text = cardText(m);
    expect(text).toContain('执法统计 · 2026年（截至3月2日）');
    expect(text).toContain('立案：**3 件**');
    expect(text).toContain('立案：行政检查');
    const images = h().sim.uploads().filter((u) => u.kind === 'image');
    expect(images).toHaveLength(6);
    for (const u of images) {
      expect(text).toContain(`"img_key":"${u.key}"`);
      const png = decodePng(u.bytes);
      expect([png.width, png.height]).toEqual([1440, 810]);
      // Non-blank (titles, axes, bars on a white ground), and not a solid fill.
      const ink = inkPixels(png) / (png.width * png.height);
      expect(ink).toBeGreaterThan(0.005);
      expect(ink).toBeLessThan(0.6);
    }
    expect(buttons(m?.content).filter((b) => b.text === '查看案件').length).toBeGreaterThan(5);
    expect(buttonValue(m?.content, '查看案件')).toEqual({ action: 'stats.cases', period: '2026', figure: 'filed' });
  });

  it('gives the office the figures of a quarter without case lists; refuses others in Chinese; explains a bad period', async () => {
    await fileCases(h(), 2);
    await runJob(messageJob(h(), { from: PEOPLE.sun.openId, text: '统计 2026-Q1' }), h().s);
    const office = h().sent()[0];
    expect(cardText(office)).toContain('2026年第一季度');
    expect(buttons(office?.content).some((b) => b.text === '查看案件')).toBe(false);
    h().sim.reset();
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, text: '统计' }), h().s);
    expect(textOf(h().sent()[0])).toBe('只有局负责人、行政审批科和办公室可以查看执法统计。');
    h().sim.reset();
    await runJob(messageJob(h(), { from: PEOPLE.zhao.openId, text: '统计 明年' }), h().s);
    expect(textOf(h().sent()[0])).toContain('统计 2026-Q3');
    h().sim.reset();
    await runJob(messageJob(h(), { from: PEOPLE.zhao.openId, text: '统计 2027' }), h().s);
    expect(textOf(h().sent()[0])).toContain('还没有开始');
    expect(h().sim.uploads()).toEqual([]);
  });
});

describe('Card action: stats.cases, job: stats.cases, card action: stats.cases_page', () => {
  const h = useWorker();

  it('sends 行政审批科 the cases behind a figure privately, ten a page, each openable', async () => {
    const ids = await fileCases(h(), 12);
    const opened = await handleCardAction(tap({ by: PEOPLE.zhao.openId, value: { action: 'stats.cases', period: '2026', figure: 'filed' } }), h().s);
    expect(opened.toast).toEqual({ type: 'success', content: '案件清单已通过单聊发送给您。' });
    const job = h().submitted.at(-1);
    expect(job).toMatchObject({ kind: 'stats.cases', openId: PEOPLE.zhao.openId, period: '2026', figure: 'filed' });
    await runJob(job as never, h().s);
    await runJob(job as never, h().s); // a retried job posts once (the same uuid)
    const sent = h().sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.receive_id).toBe(PEOPLE.zhao.openId);
    const first = sent[0]?.content;
    expect(buttons(first).filter((b) => b.text === '查看')).toHaveLength(10);
    const next = await handleCardAction(tap({ by: PEOPLE.zhao.openId, value: buttonValue(first, '下一页') }), h().s);
    const rest = buttons(next.card).filter((b) => b.text === '查看').map((b) => b.value.case_id);
    expect(rest).toHaveLength(2);
    const all = [...buttons(first).filter((b) => b.text === '查看').map((b) => b.value.case_id), ...rest];
    expect(new Set(all)).toEqual(new Set(ids));
    expect(JSON.stringify(next.card)).toContain('第2页');
  });

  it('refuses the office and everyone else on the server, whatever the card offered; a forged figure is stale', async () => {
    await fileCases(h(), 1);
    for (const by of [PEOPLE.sun.openId, PEOPLE.zhang.openId]) {
      const r = await handleCardAction(tap({ by, value: { action: 'stats.cases', period: '2026', figure: 'filed' } }), h().s);
      expect(r.toast?.type).toBe('error');
    }
    const forged = await handleCardAction(tap({ by: PEOPLE.qian.openId, value: { action: 'stats.cases', period: '2026', figure: 'party|name' } }), h().s);
    expect(forged.toast).toEqual({ type: 'error', content: '该卡片已过期，请重新发送「统计」。' });
    const badCursor = await handleCardAction(
      tap({ by: PEOPLE.qian.openId, value: { action: 'stats.cases_page', period: '2026', figure: 'filed', cursor: 'xyz', page: 2 } }),
      h().s,
    );
    expect(badCursor.toast?.type).toBe('error');
    expect(h().submitted).toEqual([]);
  });
});
