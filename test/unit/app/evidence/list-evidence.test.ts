/** 证据 <案件编号> and its 下一页 / the case card's 证据清单: the case's evidence newest first, to those who may see it. */
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import { cardText, messageJob, PEOPLE, tap, textOf, useWorker } from '../harness.ts';
import { attach, caseWith } from './helpers.ts';

describe('Command: 证据', () => {
  const h = useWorker();

  it('lists the evidence newest first, ten a page, each with 查看', async () => {
    const c = await caseWith(h());
    for (let i = 0; i < 12; i++) await attach(h(), c, { bytes: `photo ${i}`, kind: 'document', fileName: `照片${String(i).padStart(2, '0')}.pdf`, at: `2026-03-02T02:${String(i).padStart(2, '0')}:00.000Z` });
    await runJob(messageJob(h(), { from: PEOPLE.li.openId, text: '证据 1号' }), h().s);
    const card = cardText(h().sent()[0]);
    expect(card).toContain('证据清单（第1页）');
    expect(card.indexOf('照片11')).toBeLessThan(card.indexOf('照片10'));
    expect(card).not.toContain('照片01');
    expect(card.match(/"action":"evidence.view"/g)).toHaveLength(10);
    const cursor = /"action":"evidence.list","case_id":"[^"]+","cursor":"([^"]+)"/.exec(card)?.[1];
    const next = await handleCardAction(tap({ by: PEOPLE.li.openId, value: { action: 'evidence.list', case_id: c.caseId, cursor } }), h().s);
    expect(JSON.stringify(next.card)).toContain('证据清单（第2页）');
    expect(JSON.stringify(next.card)).toContain('照片00');
    expect(JSON.stringify(next.card)).not.toContain('"action":"evidence.list"');
  });

  it('shows it to reviewers, heads and admins; anyone else is told the case does not exist', async () => {
    await caseWith(h());
    await runJob(messageJob(h(), { from: PEOPLE.zhao.openId, text: '证据 1号' }), h().s);
    await runJob(messageJob(h(), { from: PEOPLE.chen.openId, text: '证据 1号' }), h().s);
    await runJob(messageJob(h(), { from: PEOPLE.chen.openId, text: '证据 99号' }), h().s);
    await runJob(messageJob(h(), { from: PEOPLE.chen.openId, text: '证据 去年那个' }), h().s);
    const [reviewer, stranger, missing, unreadable] = h().sent();
    expect(cardText(reviewer)).toContain('本案还没有证据');
    expect(textOf(stranger)).toBe(textOf(missing).replace('99号', '1号'));
    expect(textOf(unreadable)).toContain('证据 甘经信立〔2026〕1号');
  });
});

describe('Card action: evidence.list', () => {
  const h = useWorker();

  it('opens the list from the case card (no cursor), for those who may see it only', async () => {
    const c = await caseWith(h());
    await attach(h(), c, { bytes: 'one photo' });
    const ok = await handleCardAction(tap({ by: PEOPLE.zhao.openId, value: { action: 'evidence.list', case_id: c.caseId, cursor: '' } }), h().s);
    expect(JSON.stringify(ok.card)).toContain('证据清单（第1页）');
    const refused = await handleCardAction(tap({ by: PEOPLE.chen.openId, value: { action: 'evidence.list', case_id: c.caseId, cursor: '' } }), h().s);
    expect(refused).toEqual({ toast: { type: 'error', content: expect.stringContaining('未找到案件') } });
  });

  it('refuses a cursor of another listing as an expired card', async () => {
    const c = await caseWith(h());
    const other = await caseWith(h());
    for (let i = 0; i < 11; i++) await attach(h(), c, { bytes: `p${i}`, at: `2026-03-02T02:${String(i).padStart(2, '0')}:00.000Z` });
    const page = await h().cases.listEvidence(c.caseId, { limit: 10 });
    const res = await handleCardAction(tap({ by: PEOPLE.zhang.openId, value: { action: 'evidence.list', case_id: other.caseId, cursor: `2:${page.nextCursor}` } }), h().s);
    expect(res.toast?.content).toContain('已过期');
  });
});
