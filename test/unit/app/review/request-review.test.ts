/** 申请法制审核: the command, the case card's button, 提交审核, 重新提交 (pre-filled). */
import { beforeEach, describe, expect, it } from 'vitest';
import { caseCardFor } from '../../../../functions/app/case/case-card.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import { cardText, messageJob, PEOPLE, textOf, useWorker } from '../harness.ts';
import { outcome, press, proposal, reviewCase, submit, withReviewRoster } from './helpers.ts';
import { reviewForm } from '../../../helpers/review-forms.ts';

describe('Command: 申请法制审核', () => {
  const h = useWorker();
  beforeEach(() => withReviewRoster(h()));

  it('sends the handling officer the form with the case’s evidence to choose from', async () => {
    const { c, evidence } = await reviewCase(h());
    await runJob(messageJob(h(), { from: PEOPLE.li.openId, text: `申请法制审核 ${c.caseNumber}` }), h().s);
    const [sent] = h().sent();
    const text = cardText(sent);
    for (const name of ['decision_type', 'amount', 'facts', 'evidence', 'legal_provisions', 'discretion', 'hearing_held', 'defence']) expect(text).toContain(`"name":"${name}"`);
    expect(text).toContain('"tag":"multi_select_static"');
    for (const id of evidence) expect(text).toContain(`"value":"${id}"`);
    expect(text).toContain('现场照片.jpg');
    expect(text).toContain('提交审核');
  });

  it('refuses someone who is not an officer of the case, and hides the case from strangers', async () => {
    const { c } = await reviewCase(h());
    await runJob(messageJob(h(), { from: PEOPLE.zhao.openId, text: `申请法制审核 ${c.caseNumber}` }), h().s);
    await runJob(messageJob(h(), { from: PEOPLE.chen.openId, text: `申请法制审核 ${c.caseNumber}` }), h().s);
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, text: '申请法制审核 不知道' }), h().s);
    const [reviewer, stranger, unreadable] = h().sent();
    expect(textOf(reviewer)).toBe('只有本案承办人员可以申请法制审核。');
    expect(textOf(stranger)).toContain('未找到案件');
    expect(textOf(unreadable)).toContain('申请法制审核 ');
  });
});

describe('Card action: review.open', () => {
  const h = useWorker();
  beforeEach(() => withReviewRoster(h()));

  it('turns the case card into the form for an officer; others get a toast', async () => {
    const { c } = await reviewCase(h());
    const ok = await press(h(), PEOPLE.zhang.openId, { action: 'review.open', case_id: c.caseId });
    expect(JSON.stringify(ok.card)).toContain('"name":"decision_type"');
    expect((await press(h(), PEOPLE.zhao.openId, { action: 'review.open', case_id: c.caseId })).toast?.content).toBe('只有本案承办人员可以申请法制审核。');
    expect((await press(h(), PEOPLE.chen.openId, { action: 'review.open', case_id: c.caseId })).toast?.content).toContain('未找到案件');
  });
});

describe('申请法制审核 while a round is in progress', () => {
  const h = useWorker();
  beforeEach(() => withReviewRoster(h()));

  const offered = async (caseId: string) => JSON.stringify(await caseCardFor((await h().cases.get(caseId))!, PEOPLE.zhang, h().s)).includes('"action":"review.open"');
  const open = (caseId: string) => press(h(), PEOPLE.zhang.openId, { action: 'review.open', case_id: caseId });
  const ask = async (caseNumber: string) => {
    h().sim.reset();
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, text: `申请法制审核 ${caseNumber}` }), h().s);
    return h().sent()[0];
  };

  it('says why before the form is filled in, and the case card leaves the button out until a new round may be asked for', async () => {
    const { c, evidence } = await reviewCase(h());
    expect(await offered(c.caseId)).toBe(true);
    await submit(h(), c.caseId, proposal(evidence));

    // Waiting for the reviewer.
    expect(await offered(c.caseId)).toBe(false);
    expect(await open(c.caseId)).toEqual({ toast: { type: 'error', content: '第 1 轮法制审核尚未完成，不能再次提交；请等待审核结果' } });
    expect(textOf(await ask(c.caseNumber))).toBe('第 1 轮法制审核尚未完成，不能再次提交；请等待审核结果');

    // Returned for more: a new round may be asked for, from the case card too.
    await outcome(h(), c.caseId, 1, 'returned', reviewForm({ evidence: '缺询问笔录' }, '请补充询问笔录'));
    expect(await offered(c.caseId)).toBe(true);
    expect(JSON.stringify((await open(c.caseId)).card)).toContain('"name":"decision_type"');
    expect(cardText(await ask(c.caseNumber))).toContain('"name":"decision_type"');

    // Approved by the reviewer: waiting for the head.
    await submit(h(), c.caseId, proposal(evidence, { facts: '补充询问笔录后查明的事实' }));
    await outcome(h(), c.caseId, 2, 'approved', reviewForm());
    expect(await offered(c.caseId)).toBe(false);
    expect((await open(c.caseId)).toast?.content).toContain('第 2 轮法制审核已通过，正在等待负责人决定');
    // Nothing was written by asking.
    expect((await h().reviews.get(c.caseId)).rounds).toHaveLength(2);
  });
});

describe('Card action: review.submit', () => {
  const h = useWorker();
  beforeEach(() => withReviewRoster(h()));

  it('opens round 1 with its time limit, records review.requested with the state, and hands the notices to the worker', async () => {
    const { c, evidence } = await reviewCase(h());
    const res = await submit(h(), c.caseId, proposal(evidence));
    // Monday 2 March 2026: five working days later is Monday 9 March.
    expect(res.toast).toEqual({ type: 'success', content: '已提交法制审核（第 1 轮），审核时限：2026-03-09（星期一）前' });
    expect(JSON.stringify(res.card)).toContain('等待法制审核人员审核');
    const state = await h().reviews.get(c.caseId);
    expect(state).toMatchObject({ version: 1, rounds: [{ round: 1, status: 'open', dueDate: '2026-03-09' }] });
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'review.requested', actor: PEOPLE.zhang.openId, detail: { round: 1, proposal: { amount: '5000.00' } } });
    expect(h().submitted).toEqual([{ kind: 'review.notify', caseId: c.caseId, round: 1, step: 'requested' }]);
    expect(await h().reviews.cards(c.caseId, 1, 'request')).toHaveLength(1);
  });

  it('gives the form back with the problems in red and what was typed; nothing is written', async () => {
    const { c, evidence } = await reviewCase(h());
    const res = await submit(h(), c.caseId, proposal(evidence, { amount: '', facts: '' }));
    expect(res.toast?.type).toBe('error');
    const card = JSON.stringify(res.card);
    expect(card).toContain('请修改后重新提交');
    expect(card).toContain('金额');
    expect(card).toContain('"default_value":"《节约能源法》第六十八条第二款"');
    expect((await h().reviews.get(c.caseId)).version).toBe(0);
    expect(h().submitted).toEqual([]);
  });

  it('refuses a simple-procedure case over the Art. 51 limits: it must go ordinary', async () => {
    const { c, evidence } = await reviewCase(h(), { procedure: 'simple', partyType: 'person', partyId: '11010519491231002X' });
    const res = await submit(h(), c.caseId, proposal(evidence, { amount: '201' }));
    expect(res.toast?.content).toContain('第五十一条');
    expect(res.toast?.content).toContain('普通程序');
    const within = await submit(h(), c.caseId, proposal(evidence, { amount: '200' }));
    expect(within.toast?.content).toContain('简易程序');
    expect((await h().reviews.get(c.caseId)).version).toBe(0);
  });

  it('an officer of another case is refused, and the attempt is a record entry (once per tap)', async () => {
    const { c, evidence } = await reviewCase(h());
    const res = await submit(h(), c.caseId, proposal(evidence), PEOPLE.zhao.openId);
    expect(res.toast?.content).toBe('只有本案承办人员可以申请法制审核');
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'review.unauthorised_attempt', actor: PEOPLE.zhao.openId, detail: { why: 'not_officer' } });
    expect((await h().reviews.get(c.caseId)).version).toBe(0);
  });

  it('a double tap makes one round; the second is told it is under review and hands the notices on again', async () => {
    const { c, evidence } = await reviewCase(h());
    const [a, b] = await Promise.all([submit(h(), c.caseId, proposal(evidence)), submit(h(), c.caseId, proposal(evidence))]);
    expect([a.toast?.type, b.toast?.type].sort()).toEqual(['info', 'success']);
    expect((await h().reviews.get(c.caseId)).rounds).toHaveLength(1);
    expect((await h().cases.records(c.caseId)).filter((e) => e.action === 'review.requested')).toHaveLength(1);
  });
});

describe('Card action: review.resubmit', () => {
  const h = useWorker();
  beforeEach(() => withReviewRoster(h()));

  it('after 退回补充 opens the form pre-filled with what the reviewer found; a new round links to the old', async () => {
    const { c, evidence } = await reviewCase(h());
    await submit(h(), c.caseId, proposal([evidence[0] as string]));
    await outcome(h(), c.caseId, 1, 'returned', reviewForm({ evidence: '缺询问笔录' }, '请补充询问笔录'));
    const opened = await press(h(), PEOPLE.li.openId, { action: 'review.resubmit', case_id: c.caseId, round: 1 });
    const card = JSON.stringify(opened.card);
    expect(card).toContain('缺询问笔录');
    expect(card).toContain('"default_value":"当事人未按规定开展节能审查即开工建设"');
    expect(card).toContain(`"selected_values":["${evidence[0]}"]`);
    expect(card).toContain('"from_round":1');
    const again = await submit(h(), c.caseId, proposal(evidence), PEOPLE.li.openId, 1);
    expect(again.toast?.content).toContain('已重新提交法制审核（第 2 轮）');
    const state = await h().reviews.get(c.caseId);
    expect(state.rounds[1]).toMatchObject({ round: 2, previousRound: 1, submission: 'resubmitted', changes: [{ field: 'evidence' }] });
    expect(JSON.stringify(again.card)).toContain('与上一轮相比的修改');
    // The old round's card is stale now.
    expect((await press(h(), PEOPLE.li.openId, { action: 'review.resubmit', case_id: c.caseId, round: 1 })).toast?.content).toContain('已被第 2 轮取代');
  });

  it('is refused for a round that was not returned, and for someone not handling the case', async () => {
    const { c, evidence } = await reviewCase(h());
    await submit(h(), c.caseId, proposal(evidence));
    expect((await press(h(), PEOPLE.zhang.openId, { action: 'review.resubmit', case_id: c.caseId, round: 1 })).toast?.content).toBe('这一轮没有被退回补充，不能重新提交。');
    expect((await press(h(), PEOPLE.zhao.openId, { action: 'review.resubmit', case_id: c.caseId, round: 1 })).toast?.content).toBe('只有本案承办人员可以申请法制审核。');
  });
});
