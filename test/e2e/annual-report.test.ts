/**
 * The annual 行政执法数据统计 end to end: `POST /_dev/tick` on the first working day of January drafts
 * last year's report and reminds the office (each once, however often the tick runs); the head's
 * 批准并公开 on the card as sent publishes it on the public site with its charts; no party name, ID
 * number or case number appears in the page.
 */
import { describe, expect, it } from 'vitest';
import { buttons, buttonValue } from '../helpers/cards.ts';
import { cardAction, postFeishu, USERS } from '../helpers/feishu.ts';
import { httpRequest } from '../helpers/http.ts';
import { useTestStack } from '../helpers/stack.ts';
import { attachedContent, evidenceItem, filingRequest, officer } from '../helpers/factories.ts';

/** 2026-01-04 is the 调休 Sunday, the first working day of January 2026 (data/calendar). */
const JAN_4 = '2026-01-04T01:00:00.000Z';
const getStack = useTestStack({ now: () => new Date(JAN_4) });
const PARTIES = ['甘孜某某矿业有限公司', '康定某某水电站', '泸定某某建材厂'];

async function tick(now: string) {
  const res = await httpRequest(`${getStack().botUrl}/_dev/tick`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now }) });
  expect(res.status).toBe(200);
  await getStack().jobs.idle();
  return JSON.parse(res.text) as { ran: { task: string; done: string[] }[] };
}

describe('the annual statistics through /_dev/tick', () => {
  it('drafts, reminds once, and publishes after the head approves — without personal data', async () => {
    const s = getStack().services;
    const numbers: string[] = [];
    for (const [i, party] of PARTIES.entries()) {
      const { case: c } = await s.cases.fileCase(
        filingRequest({ formId: `annual-${i}`, year: 2025, filedAt: `2025-0${3 + i}-10T02:00:00.000Z`, partyName: party, officers: [officer('ou_a', '甲'), officer('ou_b', '乙')] }),
      );
      numbers.push(c.caseNumber);
      const item = evidenceItem({ caseId: c.caseId, messageId: `om_annual_${i}`, receivedAt: `2025-0${3 + i}-11T02:00:00.000Z` });
      await s.cases.attachEvidence(item, attachedContent(item));
    }
    await getStack().jobs.idle();

    const first = await tick(JAN_4);
    expect(first.ran.find((r) => r.task === 'annual-statistics')?.done).toEqual(['2025 draft', '2025 remind start → office']);
    const sent = getStack().sim.messages();
    const toOffice = sent.filter((m) => m.receive_id === USERS.sun);
    expect(toOffice.map((m) => m.msg_type).sort()).toEqual(['interactive', 'text']);
    expect((toOffice.find((m) => m.msg_type === 'text')?.content as { text: string }).text).toContain('2025年度行政执法数据统计须于2026-01-31');
    const draft = sent.find((m) => m.receive_id === USERS.head && m.msg_type === 'interactive');
    expect(JSON.stringify(draft?.content)).toContain('立案总数：3 件');
    expect(buttons(toOffice.find((m) => m.msg_type === 'interactive')?.content).some((b) => b.text === '批准并公开')).toBe(false);

    // The next tick the same morning sends nothing again.
    getStack().sim.reset();
    const again = await tick('2026-01-04T01:05:00.000Z');
    expect(again.ran.find((r) => r.task === 'annual-statistics')?.done).toEqual([]);
    expect(getStack().sim.messages()).toEqual([]);

    // Not the office: the server refuses, whatever the card offered.
    const value = buttonValue(draft?.content, '批准并公开');
    const forged = await postFeishu(`${getStack().botUrl}/feishu/cards`, cardAction({ openId: USERS.sun, value, messageId: draft!.message_id }));
    expect(forged.json.toast).toEqual({ type: 'error', content: '只有局负责人可以批准公开年度行政执法数据统计。' });
    const approved = await postFeishu(`${getStack().botUrl}/feishu/cards`, cardAction({ openId: USERS.head, value, messageId: draft!.message_id }));
    expect(approved.json.toast.type).toBe('success');
    await getStack().jobs.idle();

    const page = await httpRequest(`${getStack().botUrl}/public/statistics/2025/`, { method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('2025年度行政执法数据统计');
    expect(page.text).toContain('立案总数');
    expect((page.text.match(/<svg/g) ?? []).length).toBe(6);
    for (const secret of [...PARTIES, '91510000MA6123456P', ...numbers, '甲', 'ou_a', 'om_annual_0']) expect(page.text, secret).not.toContain(secret);
    expect(page.text).not.toMatch(/<script|<img/);
    // The site's index links it; its folder URL without the slash is redirected to it (as CloudFront does).
    const index = await httpRequest(`${getStack().botUrl}/public/`, { method: 'GET' });
    expect(index.text).toContain('<a href="statistics/2025/">2025年度行政执法数据统计</a>');
    const bare = await httpRequest(`${getStack().botUrl}/public/statistics/2025`, { method: 'GET' });
    expect([bare.status, bare.headers.location]).toEqual([301, '/public/statistics/2025/']);
    expect((await httpRequest(`${getStack().botUrl}/public/draws/`, { method: 'GET' })).status).toBe(200);
    expect((await httpRequest(`${getStack().botUrl}/public/statistics/2024/`, { method: 'GET' })).status).toBe(404);
    const done = getStack().sim.messages().filter((m) => m.receive_id === USERS.sun && m.msg_type === 'text');
    expect((done.at(-1)?.content as { text: string }).text).toContain('已公开');
    // Published: January asks for nothing more.
    expect((await tick('2026-01-23T01:00:00.000Z')).ran.find((r) => r.task === 'annual-statistics')?.done).toEqual([]);
  }, 180_000);
});
