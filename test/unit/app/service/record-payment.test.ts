/** 缴款 <案件编号> <金额> [日期], the case card's 缴款 button (payment.open) and 确认缴款 (payment.record). */
import { beforeEach, describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { caseCardFor } from '../../../../functions/app/case/case-card.ts';
import { syncDeadlinesJob } from '../../../../functions/app/deadlines/sync.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import { readCaseLog } from '../../../../functions/domain/statistics/index.ts';
import { checkPayment, readPaymentForm, splitPaymentArgs } from '../../../../functions/domain/service/payment.ts';
import { decideInMemory, decision } from '../../../helpers/decision.ts';
import { cardText, messageJob, NOW, PEOPLE, STRANGER, tap, textOf, sayTo, useWorker, type WorkerHarness } from '../harness.ts';
import { HEAD, penaltyCase } from '../deadlines/helpers.ts';

const worker = useWorker();
let h: WorkerHarness;
beforeEach(async () => {
  h = worker();
  await h.roster.replaceAll([...Object.values(PEOPLE), HEAD], NOW.toISOString());
});

const say = (from: string, text: string) => sayTo(h, from, text);

/** A penalty case decided on 2026-02-27: a fine of 5,000 yuan. */
async function finedCase(amount = 5000) {
  const c = await penaltyCase(h);
  decideInMemory(h.cases, c.caseId, decision({ date: '2026-02-27', amount }));
  return c;
}

/** The card's text with the markdown escapes undone. */
const shown = (m: unknown) => cardText(m as never).replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));

/** A card answered to a tap, as text with the markdown escapes undone. */
const shownCard = (card: unknown) =>
  JSON.stringify(card ?? null)
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/\*\*/g, '');

const payments = async (caseId: string) => (await h.cases.records(caseId)).filter((e) => e.action === 'fine.paid');

describe('Command: 缴款', () => {
  it('meets the party’s 缴纳罚款 period when the fine is paid in full, on the day of the settling payment; its reminders go', async () => {
    const c = await finedCase(1000);
    const at = NOW.toISOString();
    await h.cases.recordService(
      c.caseId,
      { servedOn: '2026-02-28', method: '直接送达', proofEvidenceIds: ['ev_1'], recordedBy: { openId: PEOPLE.zhang.openId, name: PEOPLE.zhang.name }, recordedAt: at },
      { at, actor: PEOPLE.zhang.openId, action: 'decision.served', detail: { decision_id: '1', served_on: '2026-02-28', method: '直接送达', proof: ['ev_1'] } },
    );
    // As 确认送达 does: the service starts the party's periods.
    await syncDeadlinesJob.run({ scope: 'case', caseId: c.caseId }, h.s);
    const finePayment = async () => (await h.deadlines.list(`case:${c.caseId}`)).find((d) => d.deadline.kind === 'fine_payment');

    await say(PEOPLE.zhang.openId, `缴款 ${c.caseNumber} 600 2026-03-01`);
    const part = await finePayment();
    expect(part?.deadline.status).not.toBe('met');
    expect(part?.schedules.length).toBeGreaterThan(0);

    await say(PEOPLE.li.openId, `缴款 ${c.caseNumber} 400 2026-03-02`);
    expect((await h.cases.get(c.caseId))?.finePaid).toEqual({ fen: 100_000, count: 2, lastOn: '2026-03-02' });
    const full = await finePayment();
    expect(full?.deadline).toMatchObject({ status: 'met', metOn: '2026-03-02' });
    expect(full?.schedules).toEqual([]);
  });

  it('records a payment by an officer of the case: the fine.paid entry as the statistics read it, and the case card shows paid and outstanding', async () => {
    const c = await finedCase();
    const answer = shown(await say(PEOPLE.li.openId, `缴款 ${c.caseNumber} 1,200.50 2026-02-28`));
    expect(answer).toContain('已登记缴款 1,200.50 元（2026-02-28）');
    expect(answer).toContain('决定罚款：5,000 元');
    expect(answer).toContain('已缴纳：1,200.50 元（1 笔）');
    expect(answer).toContain('未缴纳：3,799.50 元');
    const entries = await payments(c.caseId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: PEOPLE.li.openId, detail: { decisionId: '1', amount: '1200.50', paidOn: '2026-02-28' } });
    expect((await h.cases.get(c.caseId))?.finePaid).toEqual({ fen: 120_050, count: 1, lastOn: '2026-02-28' });

    // The statistics count it as collected, on the day it was paid, with nothing unreadable.
    // (The decision was put on the case directly: its entry, as 批准 writes it, goes before the payment.)
    const [filed, ...rest] = await h.cases.records(c.caseId);
    const approved = { at: '2026-02-27T02:00:00.000Z', actor: HEAD.openId, action: 'decision.approved', detail: { round: 1, decisionDate: '2026-02-27', decisionType: '罚款', amount: '5000.00', proposalHash: 'c'.repeat(64), reviewed: true, major: false } };
    const read = readCaseLog({ caseId: c.caseId, caseType: c.caseType, procedure: c.procedure, filingDate: c.filingDate, entries: [filed!, approved, ...rest] });
    expect(read.problems).toEqual([]);
    expect(read.value.payments).toEqual([{ decisionId: '1', date: '2026-02-28', amountFen: 120_050 }]);
  });

  it('takes payments in parts up to the decided amount, never past it; the head may record one; today when no date is given', async () => {
    const c = await finedCase(1000);
    await say(PEOPLE.zhang.openId, `缴款 ${c.caseNumber} 600`);
    expect(shown(await say(PEOPLE.zhang.openId, `缴款 ${c.caseNumber} 400.01`))).toContain('缴款金额超过尚未缴纳的 400 元');
    expect(shown(await say(HEAD.openId, `缴款 ${c.caseNumber} 400`))).toContain('未缴纳：0 元');
    expect(textOf(await say(PEOPLE.zhang.openId, `缴款 ${c.caseNumber} 1`))).toContain('已全部缴清');
    expect((await payments(c.caseId)).map((e) => [e.actor, e.detail])).toEqual([
      [PEOPLE.zhang.openId, { decisionId: '1', amount: '600.00', paidOn: '2026-03-02' }],
      [HEAD.openId, { decisionId: '1', amount: '400.00', paidOn: '2026-03-02' }],
    ]);
    expect((await h.cases.get(c.caseId))?.finePaid).toEqual({ fen: 100_000, count: 2, lastOn: '2026-03-02' });
  });

  it('records a message once: the same message delivered again (a retried job) adds nothing', async () => {
    const c = await finedCase();
    const job = messageJob(h, { from: PEOPLE.zhang.openId, text: `缴款 ${c.caseNumber} 100` });
    await runJob(job, h.s);
    await runJob({ ...job, eventId: `${job.eventId}-again` }, h.s);
    expect(await payments(c.caseId)).toHaveLength(1);
    expect((await h.cases.get(c.caseId))?.finePaid).toEqual({ fen: 10_000, count: 1, lastOn: '2026-03-02' });
    expect(shown(h.sent().at(-1))).toContain('这笔缴款已登记');
  });

  it('knows a repeat of the payment that settled the fine, or took more than is left now: 这笔缴款已登记, not a refusal', async () => {
    const c = await finedCase(1000);
    const first = messageJob(h, { from: PEOPLE.zhang.openId, text: `缴款 ${c.caseNumber} 600` });
    await runJob(first, h.s);
    await runJob({ ...first, eventId: `${first.eventId}-again` }, h.s);
    expect(shown(h.sent().at(-1))).toContain('这笔缴款已登记');
    const settling = messageJob(h, { from: PEOPLE.zhang.openId, text: `缴款 ${c.caseNumber} 400` });
    await runJob(settling, h.s);
    await runJob({ ...settling, eventId: `${settling.eventId}-again` }, h.s);
    expect(shown(h.sent().at(-1))).toContain('这笔缴款已登记');
    expect((await h.cases.get(c.caseId))?.finePaid).toEqual({ fen: 100_000, count: 2, lastOn: '2026-03-02' });
  });

  it('says what to do about a mistake, and writes nothing', async () => {
    const undecided = await penaltyCase(h);
    const c = await finedCase();
    expect(textOf(await say(PEOPLE.zhang.openId, '缴款'))).toContain('请按「缴款 ＜案件编号＞ ＜金额＞ ［日期］」发送');
    expect(textOf(await say(PEOPLE.zhang.openId, `缴款 ${undecided.caseNumber} 100`))).toContain('尚未作出决定');
    expect(textOf(await say(PEOPLE.zhang.openId, `缴款 ${c.caseNumber} 0`))).toContain('金额应大于 0');
    expect(textOf(await say(PEOPLE.zhang.openId, `缴款 ${c.caseNumber} -5`))).toContain('最多两位小数');
    expect(textOf(await say(PEOPLE.zhang.openId, `缴款 ${c.caseNumber} 10.005`))).toContain('最多两位小数');
    expect(textOf(await say(PEOPLE.zhang.openId, `缴款 ${c.caseNumber} 1万`))).toContain('最多两位小数');
    expect(textOf(await say(PEOPLE.zhang.openId, `缴款 ${c.caseNumber} 100 明天`))).toBe('缴款日期请写成 2026-10-08 这样的日期。');
    expect(textOf(await say(PEOPLE.zhang.openId, `缴款 ${c.caseNumber} 100 2026-02-26`))).toBe('缴款日期不能早于决定日期 2026-02-27。');
    expect(textOf(await say(PEOPLE.zhang.openId, `缴款 ${c.caseNumber} 100 2026-03-03`))).toBe('缴款日期不能晚于今天。');
    const warning = await penaltyCase(h);
    decideInMemory(h.cases, warning.caseId, decision({ date: '2026-02-27', decisionType: '警告', amount: null }));
    expect(textOf(await say(PEOPLE.zhang.openId, `缴款 ${warning.caseNumber} 100`))).toContain('不是罚款');
    expect(await payments(c.caseId)).toEqual([]);
    expect(await payments(warning.caseId)).toEqual([]);
  });

  it('checks on the server who may record it: a reviewer is refused; a stranger hears the case does not exist', async () => {
    const c = await finedCase();
    expect(textOf(await say(PEOPLE.zhao.openId, `缴款 ${c.caseNumber} 100`))).toBe('只有本案的承办人员或负责人可以登记缴款。');
    expect(textOf(await say(PEOPLE.chen.openId, `缴款 ${c.caseNumber} 100`))).toContain('未找到案件');
    await h.roster.replaceAll([...Object.values(PEOPLE), HEAD, { ...PEOPLE.chen, openId: STRANGER }], NOW.toISOString());
    expect(textOf(await say(STRANGER, `缴款 ${c.caseNumber} 100`))).toContain('未找到案件');
    expect(await payments(c.caseId)).toEqual([]);
  });
});

/** The case card's 缴款 button: the form, and the payment id its 确认缴款 carries. */
async function openForm(by: string, caseId: string, eventId = 'ev-open') {
  const res = await handleCardAction({ ...tap({ by, value: { action: 'payment.open', case_id: caseId } }), eventId }, h.s);
  const button = JSON.stringify(res.card ?? {}).match(/"action":"payment\.record","case_id":"[^"]+","payment_id":"(P[0-9a-f]{32})"/);
  return { res, paymentId: button?.[1] };
}
const confirm = (by: string, caseId: string, paymentId: string, formValue: Record<string, unknown>) =>
  handleCardAction(tap({ by, value: { action: 'payment.record', case_id: caseId, payment_id: paymentId }, formValue }), h.s);

describe('Card actions: payment.open and payment.record', () => {
  it('the case card of a fine not yet paid in full offers 缴款; the tap answers with the form: amount, paid_on (today), 确认缴款', async () => {
    const c = await finedCase();
    const fined = (await h.cases.get(c.caseId))!;
    // Offered to those who may record it: the case's officers and the head, not a reviewer.
    expect(JSON.stringify(await caseCardFor(fined, PEOPLE.li, h.s))).toContain('"action":"payment.open"');
    expect(JSON.stringify(await caseCardFor(fined, HEAD, h.s))).toContain('"action":"payment.open"');
    expect(JSON.stringify(await caseCardFor(fined, PEOPLE.zhao, h.s))).not.toContain('payment.open');
    const { res, paymentId } = await openForm(PEOPLE.li.openId, c.caseId);
    expect(paymentId).toBeDefined();
    const form = shownCard(res.card);
    for (const text of ['登记缴款', '决定罚款：5,000 元', '已缴纳：0 元（0 笔）', '未缴纳：5,000 元', '缴款金额（元）', '确认缴款']) expect(form).toContain(text);
    expect(JSON.stringify(res.card)).toContain('"name":"amount"');
    expect(JSON.stringify(res.card)).toContain('"initial_date":"2026-03-02"');
    // A re-delivered tap opens the same form; another tap, another payment.
    expect((await openForm(PEOPLE.li.openId, c.caseId)).paymentId).toBe(paymentId);
    expect((await openForm(PEOPLE.li.openId, c.caseId, 'ev-open-2')).paymentId).not.toBe(paymentId);
  });

  it('records the payment with its entry and answers with the case card; a second tap on the same form records nothing more', async () => {
    const c = await finedCase(1000);
    const { paymentId } = await openForm(PEOPLE.zhang.openId, c.caseId);
    const res = await confirm(PEOPLE.zhang.openId, c.caseId, paymentId!, { amount: ' 600.5 ', paid_on: '2026-03-01 +0800' });
    expect(res.toast).toEqual({ type: 'success', content: '已登记缴款 600.50 元（2026-03-01）' });
    expect(shownCard(res.card)).toContain('未缴纳：399.50 元');
    const again = await confirm(PEOPLE.zhang.openId, c.caseId, paymentId!, { amount: '600.5', paid_on: '2026-03-01 +0800' });
    expect(again.toast).toEqual({ type: 'success', content: '这笔缴款已登记' });
    expect((await payments(c.caseId)).map((e) => e.detail)).toEqual([{ decisionId: '1', amount: '600.50', paidOn: '2026-03-01' }]);
    expect(h.submitted.filter((j) => j.kind === 'deadlines.sync')).toEqual([]);

    // The rest, on a new form with no date chosen: today. Paid in full, the deadline sync goes to the worker and 缴款 leaves the card.
    const rest = await openForm(HEAD.openId, c.caseId, 'ev-open-rest');
    const settled = await confirm(HEAD.openId, c.caseId, rest.paymentId!, { amount: '399.50' });
    expect(settled.toast).toEqual({ type: 'success', content: '已登记缴款 399.50 元（2026-03-02）' });
    expect(JSON.stringify(settled.card)).not.toContain('payment.open');
    expect(h.submitted.at(-1)).toEqual({ kind: 'deadlines.sync', scope: 'case', caseId: c.caseId });
    expect((await h.cases.get(c.caseId))?.finePaid).toEqual({ fen: 100_000, count: 2, lastOn: '2026-03-02' });
    expect((await openForm(PEOPLE.zhang.openId, c.caseId, 'ev-open-late')).res.toast).toEqual({ type: 'error', content: `案件 ${c.caseNumber} 的罚款已全部缴清，无需再登记。` });
  });

  it('gives a mistaken form back filled in, with what to fix, and writes nothing', async () => {
    const c = await finedCase(1000);
    const { paymentId } = await openForm(PEOPLE.zhang.openId, c.caseId);
    const cases: [Record<string, unknown>, string][] = [
      [{}, '缴款金额（元）：请填写当事人这次缴纳的金额'],
      [{ amount: '2000' }, '缴款金额超过尚未缴纳的 1,000 元'],
      [{ amount: '10.005' }, '最多两位小数'],
      [{ amount: '100', paid_on: '2026-02-26 +0800' }, '缴款日期不能早于决定日期 2026-02-27。'],
      [{ amount: '100', paid_on: '2026-03-03 +0800' }, '缴款日期不能晚于今天。'],
      [{ amount: '100', paid_on: 'soon' }, '缴款日期请写成 2026-10-08 这样的日期。'],
    ];
    for (const [formValue, message] of cases) {
      const res = await confirm(PEOPLE.zhang.openId, c.caseId, paymentId!, formValue);
      expect(res.toast, JSON.stringify(formValue)).toEqual({ type: 'error', content: '请按卡片上的提示修改后再提交。' });
      expect(shownCard(res.card), JSON.stringify(formValue)).toContain(message);
      expect(JSON.stringify(res.card)).toContain(paymentId);
    }
    expect(JSON.stringify((await confirm(PEOPLE.zhang.openId, c.caseId, paymentId!, { amount: '10.005' })).card)).toContain('"default_value":"10.005"');
    expect(await payments(c.caseId)).toEqual([]);
  });

  it('checks on the server who may, whatever the card offered: a reviewer is refused, a stranger hears the case does not exist, a forged payment id is not read', async () => {
    const c = await finedCase();
    const { paymentId } = await openForm(PEOPLE.zhang.openId, c.caseId);
    expect((await openForm(PEOPLE.zhao.openId, c.caseId)).res.toast).toEqual({ type: 'error', content: '只有本案的承办人员或负责人可以登记缴款。' });
    expect((await confirm(PEOPLE.zhao.openId, c.caseId, paymentId!, { amount: '100' })).toast).toEqual({ type: 'error', content: '只有本案的承办人员或负责人可以登记缴款。' });
    expect((await confirm(PEOPLE.chen.openId, c.caseId, paymentId!, { amount: '100' })).toast?.content).toContain('未找到案件');
    expect((await confirm(PEOPLE.zhang.openId, c.caseId, 'om_someone_elses_message', { amount: '100' })).toast?.type).toBe('error');
    const warning = await penaltyCase(h);
    decideInMemory(h.cases, warning.caseId, decision({ date: '2026-02-27', decisionType: '警告', amount: null }));
    expect(JSON.stringify(await caseCardFor((await h.cases.get(warning.caseId))!, PEOPLE.zhang, h.s))).not.toContain('payment.open');
    expect((await openForm(PEOPLE.zhang.openId, warning.caseId)).res.toast?.content).toContain('不是罚款');
    expect(await payments(c.caseId)).toEqual([]);
  });
});

describe('the payment rules (pure)', () => {
  it('reads the payment form: the amount as typed, the date the picker sent or none', () => {
    expect(readPaymentForm({ amount: ' 5000.50 ', paid_on: '2026-03-01 +0800' })).toEqual({ ok: true, value: { amount: '5000.50', date: '2026-03-01' } });
    expect(readPaymentForm({ amount: 12, paid_on: '' })).toEqual({ ok: true, value: { amount: '12' } });
    expect(readPaymentForm({ amount: '' })).toMatchObject({ ok: false });
    expect(readPaymentForm(null)).toMatchObject({ ok: false });
    expect(readPaymentForm(['5000'])).toMatchObject({ ok: false });
    expect(readPaymentForm({ amount: '1', paid_on: 'x' })).toEqual({ ok: false, message: '缴款日期请写成 2026-10-08 这样的日期。' });
  });

  it('reads `<案件编号> <金额> [日期]` and checks against what is owed', () => {
    expect(splitPaymentArgs('2026-1 500')).toEqual({ caseArg: '2026-1', amount: '500' });
    expect(splitPaymentArgs('2026-1 500 2026-03-01')).toEqual({ caseArg: '2026-1', amount: '500', date: '2026-03-01' });
    expect(splitPaymentArgs('2026-1')).toBeNull();
    expect(splitPaymentArgs('2026-1 500 2026-03-01 x')).toBeNull();
    const ctx = { caseNumber: 'X', decision: decision({ date: '2026-02-27', amount: 0.3 }), paid: { fen: 10, count: 1 }, today: '2026-03-02' };
    expect(checkPayment({ amount: '0.2' }, ctx)).toEqual({ ok: true, value: { amountFen: 20, paidOn: '2026-03-02' }, outstandingFen: 0 });
    expect(checkPayment({ amount: '0.21' }, ctx)).toMatchObject({ ok: false, owed: true });
  });
});
