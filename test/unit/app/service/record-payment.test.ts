/** 缴款 <案件编号> <金额> [日期]: fines collected, recorded with their `fine.paid` entry. */
import { beforeEach, describe, expect, it } from 'vitest';
import { syncDeadlinesJob } from '../../../../functions/app/deadlines/sync.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import { readCaseLog } from '../../../../functions/domain/statistics/index.ts';
import { checkPayment, splitPaymentArgs } from '../../../../functions/domain/service/payment.ts';
import { decideInMemory, decision } from '../../../helpers/decision.ts';
import { cardText, messageJob, NOW, PEOPLE, STRANGER, textOf, useWorker, type WorkerHarness } from '../harness.ts';
import { HEAD, penaltyCase } from '../deadlines/helpers.ts';

const worker = useWorker();
let h: WorkerHarness;
beforeEach(async () => {
  h = worker();
  await h.roster.replaceAll([...Object.values(PEOPLE), HEAD], NOW.toISOString());
});

async function say(from: string, text: string) {
  await runJob(messageJob(h, { from, text }), h.s);
  return h.sent().at(-1);
}

/** A penalty case decided on 2026-02-27: a fine of 5,000 yuan. */
async function finedCase(amount = 5000) {
  const c = await penaltyCase(h);
  decideInMemory(h.cases, c.caseId, decision({ date: '2026-02-27', amount }));
  return c;
}

/** The card's text with the markdown escapes undone. */
const shown = (m: unknown) => cardText(m as never).replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));

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

describe('the payment rules (pure)', () => {
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
