/**
 * Service (送达) over HTTP exactly as Feishu sends it: a decided case (THE DECISION CONTRACT, written
 * by the test until issue 10 lands) with a photo of the 送达回证 as evidence; the case card's 送达
 * button, tapped as Feishu sends it back, answers with the form; 确认送达 with the option the form
 * offered records the service; 期限 then lists the party's periods, and 缴纳罚款's reminder reaches
 * the officers on the working day before it ends. The party then pays part of the fine: `缴款`
 * records it once (Feishu's re-delivery of the same event, and the same message under a new event,
 * add nothing), the case card shows what is paid and what is owed, and more than is owed is refused;
 * the rest is paid through the case card's 缴款 button and its form, once however often it is tapped,
 * which meets the party's 缴纳罚款 period.
 */
import { describe, expect, it } from 'vitest';
import type { SimMessage } from '../../local/feishu-sim.ts';
import { decideInTable, decision } from '../helpers/decision.ts';
import { cardAction, messageEvent, postFeishu, USERS } from '../helpers/feishu.ts';
import { useTestStack } from '../helpers/stack.ts';
import { buttonValue, conversation, readable } from './evidence-helpers.ts';

let clock = new Date('2026-03-02T02:00:00.000Z');
const getStack = useTestStack({ now: () => clock });
const chat = conversation(getStack);

const decode = (v: unknown) => JSON.stringify(v).replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));

function proofOption(card: unknown): string {
  const m = /"tag":"multi_select_static".*?"value":"(ev_[0-9a-f]{24})"/.exec(JSON.stringify(card));
  if (!m) throw new Error('no proof option on the form');
  return m[1] as string;
}

describe('E2E: 送达', () => {
  it('opens the form from the case card, records the service once, and starts the party’s periods with their reminders', async () => {
    const { caseNumber, caseId, card: filed } = await chat.fileCase(USERS.zhang, [USERS.zhang, USERS.li]);
    await decideInTable(getStack().db, getStack().tableName, caseId, decision({ date: '2026-02-27' }));
    // The photo of the signed 送达回证, sent as a reply to the case card.
    await chat.sendFile(USERS.zhang, { bytes: Buffer.from('送达回证的照片'), type: 'image', parentId: filed.message_id });

    const [caseCard] = await chat.say(USERS.li, `案件 ${caseNumber}`);
    const open = await chat.tap(USERS.li, caseCard as SimMessage, '送达');
    expect(open.status).toBe(200);
    expect(open.json.toast).toBeUndefined();
    const form = open.json.card;
    expect(decode(form)).toContain('确认送达');

    const cards = `${getStack().botUrl}/feishu/cards`;
    const formValue = { served_on: '2026-03-02 +0800', method: '直接送达', proof: [proofOption(form)] };
    const confirm = () =>
      postFeishu(cards, cardAction({ openId: USERS.li, value: buttonValue(form, '确认送达'), formValue, messageId: (caseCard as SimMessage).message_id }));
    const first = await confirm();
    expect(first.json.toast).toEqual({ type: 'success', content: '送达已登记' });
    const again = await confirm();
    expect(decode(again.json.card)).toContain('本案已登记送达');
    await getStack().jobs.idle();
    const served = (await getStack().services.cases.records(caseId)).filter((r) => r.action === 'decision.served');
    expect(served).toHaveLength(1);

    const [list] = await chat.say(USERS.zhang, `期限 ${caseNumber}`);
    const text = readable(list);
    expect(text).toContain('缴纳罚款');
    expect(text).toContain('2026-03-17');
    expect(text).toContain('复议期限');
    expect(text).toContain('起诉期限');
    expect(text).toContain('2026-09-02');

    // 缴纳罚款 ends Tuesday 17 March: its reminder goes out at 09:00 on Monday 16 March.
    clock = new Date('2026-03-16T01:00:00.000Z');
    const since = chat.mark();
    const res = await fetch(`${getStack().botUrl}/_dev/tick`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: clock.toISOString() }) });
    expect(res.status).toBe(200);
    await getStack().jobs.idle();
    const reminders = since().filter((m) => readable(m).includes('缴纳罚款'));
    expect(reminders.map((m) => m.receive_id).sort()).toEqual([USERS.li, USERS.zhang].sort());

    // 缴款: the party paid 2,000 of the 5,000 yuan on 10 March.
    const events = `${getStack().botUrl}/feishu/events`;
    const payment = messageEvent({ openId: USERS.li, text: `缴款 ${caseNumber} 2000 2026-03-10`, eventId: 'ev_e2e_payment', messageId: 'om_e2e_payment' });
    const sincePaid = chat.mark();
    expect((await postFeishu(events, payment)).status).toBe(200);
    await getStack().jobs.idle();
    // Re-delivered once the worker has the job: acknowledged, no second effect (before that, a 500 and
    // Feishu tries again later: test/e2e/protocol.test.ts).
    expect((await postFeishu(events, payment)).status).toBe(200);
    expect((await postFeishu(events, { ...payment, header: { ...payment.header, event_id: 'ev_e2e_payment_2' } })).status).toBe(200);
    await getStack().jobs.idle();
    const answers = sincePaid().map(decode);
    // One answer for the re-delivered event; the same message under a new event id is told it is recorded.
    expect(answers).toHaveLength(2);
    expect(answers[1]).toContain('这笔缴款已登记');
    expect(answers[0]).toContain('已登记缴款 2,000 元（2026-03-10）');
    expect(answers[0]).toContain('已缴纳：2,000 元（1 笔）');
    expect(answers[0]).toContain('未缴纳：3,000 元');
    const payments = (await getStack().services.cases.records(caseId)).filter((r) => r.action === 'fine.paid');
    expect(payments.map((r) => r.detail)).toEqual([{ decisionId: '1', amount: '2000.00', paidOn: '2026-03-10' }]);
    const [refused] = await chat.say(USERS.zhang, `缴款 ${caseNumber} 3000.01`);
    expect(decode(refused)).toContain('缴款金额超过尚未缴纳的 3,000 元');
    const [shown] = await chat.say(USERS.zhang, `案件 ${caseNumber}`);
    expect(decode(shown)).toContain('未缴纳：3,000 元');

    // The rest through the case card's 缴款 button: its form, 确认缴款 tapped twice, the card updated.
    const payOpen = await chat.tap(USERS.zhang, shown as SimMessage, '缴款');
    expect(payOpen.status).toBe(200);
    const payForm = payOpen.json.card;
    expect(decode(payForm)).toContain('确认缴款');
    const settle = () =>
      postFeishu(cards, cardAction({ openId: USERS.zhang, value: buttonValue(payForm, '确认缴款'), formValue: { amount: '3000', paid_on: '2026-03-16 +0800' }, messageId: (shown as SimMessage).message_id }));
    const settled = await settle();
    expect(settled.json.toast).toEqual({ type: 'success', content: '已登记缴款 3,000 元（2026-03-16）' });
    expect(decode(settled.json.card)).toContain('未缴纳：0 元');
    expect(JSON.stringify(settled.json.card)).not.toContain('payment.open');
    expect((await settle()).json.toast).toEqual({ type: 'success', content: '这笔缴款已登记' });
    await getStack().jobs.idle();
    const all = (await getStack().services.cases.records(caseId)).filter((r) => r.action === 'fine.paid');
    expect(all.map((r) => r.detail)).toEqual([
      { decisionId: '1', amount: '2000.00', paidOn: '2026-03-10' },
      { decisionId: '1', amount: '3000.00', paidOn: '2026-03-16' },
    ]);
    // Paid in full: 缴纳罚款 is met, so 期限 says so.
    expect(readable((await chat.say(USERS.zhang, `期限 ${caseNumber}`))[0])).toMatch(/缴纳罚款[^\n]*已完成/);
  }, 60_000);
});
