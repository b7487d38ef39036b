/**
 * The annual 行政执法数据统计's intents with the in-memory stores and the fake Open API: the tick's task,
 * the worker's draft and reminders (each once), 批准并公开 (the head only) and the publication.
 */
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import { withIndex } from '../../../../functions/app/public-site.ts';
import { annualReportTask } from '../../../../functions/app/statistics/annual-tick.ts';
import { buttons, buttonValue } from '../../../helpers/cards.ts';
import { PEOPLE, tap, textOf, useWorker } from '../harness.ts';

describe('Job: stats.annual, card action: stats.annual_approve, job: stats.annual_publish, tick task', () => {
  const h = useWorker();

  it('drafts once, reminds the office once per point, publishes after the head approves', async () => {
    const tick = annualReportTask(h().s);
    expect(await tick.run(new Date('2026-01-04T01:00:00Z'))).toEqual(['2025 draft', '2025 remind start → office']);
    expect(h().submitted).toEqual([{ kind: 'stats.annual', date: '2026-01-04' }]);
    await runJob({ kind: 'stats.annual', date: '2026-01-04' }, h().s);
    await runJob({ kind: 'stats.annual', date: '2026-01-04' }, h().s); // a retry sends nothing twice
    const sent = h().sent();
    const office = sent.filter((m) => m.receive_id === PEOPLE.sun.openId);
    expect(office.map((m) => m.msg_type).sort()).toEqual(['interactive', 'text']);
    expect(textOf(office.find((m) => m.msg_type === 'text'))).toContain('2025年度行政执法数据统计须于2026-01-31（星期六）前');
    const head = sent.find((m) => m.receive_id === PEOPLE.qian.openId);
    expect(buttons(office.find((m) => m.msg_type === 'interactive')?.content).map((b) => b.text)).not.toContain('批准并公开');
    expect((await h().statistics.annualReport(2025))?.status).toBe('drafted');
    expect(await h().statistics.annualRemindersClaimed(2025)).toEqual(['start']);
    expect(await tick.run(new Date('2026-01-04T02:00:00Z'))).toEqual([]);

    const value = buttonValue(head?.content, '批准并公开');
    const refused = await handleCardAction(tap({ by: PEOPLE.zhao.openId, value }), h().s);
    expect(refused.toast).toEqual({ type: 'error', content: '只有局负责人可以批准公开年度行政执法数据统计。' });
    const approved = await handleCardAction(tap({ by: PEOPLE.qian.openId, value }), h().s);
    expect(approved.toast?.type).toBe('success');
    expect(h().submitted.at(-1)).toEqual({ kind: 'stats.annual_publish', dataYear: 2025 });
    // Approved but not yet published: the tick hands the publication on again.
    expect(await tick.run(new Date('2026-01-05T01:00:00Z'))).toContain('2025 publish');

    h().sim.reset();
    await runJob({ kind: 'stats.annual_publish', dataYear: 2025 }, h().s);
    await runJob({ kind: 'stats.annual_publish', dataYear: 2025 }, h().s);
    const page = await h().site.read('statistics/2025/index.html');
    expect(page).toContain('2025年度行政执法数据统计');
    expect((page?.match(/<svg/g) ?? []).length).toBe(6);
    expect(h().sent().filter((m) => m.receive_id === PEOPLE.sun.openId).map(textOf)).toEqual([expect.stringContaining('已公开')]);
    expect((await h().statistics.annualReport(2025))?.status).toBe('published');
    // The site's index links the report at its folder URL; the list of reports says when it was published.
    const link = /<a href="statistics\/2025\/">2025年度行政执法数据统计<\/a>（\d{4}年\d{1,2}月\d{1,2}日公开）/;
    expect(await h().site.read('index.html')).toMatch(link);
    expect(JSON.parse((await h().site.read('statistics/index.json')) ?? '{}')).toEqual({
      reports: [{ year: 2025, published_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), url: 'statistics/2025/', title: '2025年度行政执法数据统计' }],
    });
    // Any later writer of the index (here the lists' and draws' helper) keeps the link.
    await h().site.apply({ put: await withIndex(h().site, new Map()), remove: [] });
    expect(await h().site.read('index.html')).toMatch(link);
    expect(await tick.run(new Date('2026-01-23T01:00:00Z'))).toEqual([]);
    const again = await handleCardAction(tap({ by: PEOPLE.qian.openId, value }), h().s);
    expect(again.toast).toEqual({ type: 'info', content: '2025年度行政执法数据统计已经公开。' });
  });

  it('asks for nothing outside January, and refuses to approve a report never drafted', async () => {
    expect(await annualReportTask(h().s).run(new Date('2026-03-02T01:00:00Z'))).toEqual([]);
    const r = await handleCardAction(tap({ by: PEOPLE.qian.openId, value: { action: 'stats.annual_approve', year: 2024 } }), h().s);
    expect(r.toast).toEqual({ type: 'error', content: '该年度统计还没有生成草稿。' });
    expect(h().submitted).toEqual([]);
  });
});
