/** 同意 / 不同意 / 退回补充 on the reviewer's card. */
import { beforeEach, describe, expect, it } from 'vitest';
import { PEOPLE, useWorker } from '../harness.ts';
import { outcome, proposal, QIAN, reviewCase, runSubmitted, submit, WU, withReviewRoster, ZHENG } from './helpers.ts';
import { reviewForm } from '../../../helpers/review-forms.ts';

describe('Card action: review.outcome', () => {
  const h = useWorker();
  beforeEach(() => withReviewRoster(h()));

  async function submitted() {
    const { c, evidence } = await reviewCase(h());
    await submit(h(), c.caseId, proposal(evidence));
    h().submitted.length = 0;
    return c;
  }

  it('同意 with every item passed: the round is approved, the entry written with it, the card shows who and when', async () => {
    const c = await submitted();
    const res = await outcome(h(), c.caseId, 1, 'approved', reviewForm());
    expect(res.toast).toEqual({ type: 'success', content: '已审核：同意（第 1 轮）' });
    const card = JSON.stringify(res.card);
    expect(card).toContain('审核结果：同意');
    expect(card).toContain('赵六');
    expect(card).toContain('2026&#45;03&#45;02 10&#58;00');
    expect(card).not.toContain('"tag":"form"');
    expect((await h().reviews.get(c.caseId)).rounds[0]).toMatchObject({ status: 'approved', review: { reviewer: { name: '赵六' } } });
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'review.approved', actor: PEOPLE.zhao.openId });
    expect(h().submitted).toEqual([{ kind: 'review.notify', caseId: c.caseId, round: 1, step: 'reviewed' }]);
  });

  it('不同意 and 退回补充 need an item marked with a note and an opinion: the card comes back with the problems', async () => {
    const c = await submitted();
    const noProblem = await outcome(h(), c.caseId, 1, 'rejected', reviewForm({}, '不同意'));
    expect(noProblem.toast?.type).toBe('error');
    expect(JSON.stringify(noProblem.card)).toContain('请修改后重新提交');
    const noNote = await outcome(h(), c.caseId, 1, 'returned', { ...reviewForm(), check_facts: 'problem', opinion: '补充' });
    expect(noNote.toast?.type).toBe('error');
    const noOpinion = await outcome(h(), c.caseId, 1, 'returned', reviewForm({ facts: '时间不明' }));
    expect(noOpinion.toast?.type).toBe('error');
    expect((await h().reviews.get(c.caseId)).version).toBe(1);
    const ok = await outcome(h(), c.caseId, 1, 'returned', reviewForm({ facts: '违法时间不明' }, '请补充'));
    expect(ok.toast?.content).toBe('已审核：退回补充（第 1 轮）');
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'review.returned', detail: { problems: [{ key: 'facts', note: '违法时间不明' }], opinion: '请补充' } });
  });

  it('refuses an officer, a reviewer who handles the case and a stranger, each attempt a record entry; nothing changes', async () => {
    const { c, evidence } = await reviewCase(h(), {}, [PEOPLE.zhang, ZHENG]);
    await submit(h(), c.caseId, proposal(evidence));
    const officer = await outcome(h(), c.caseId, 1, 'approved', reviewForm(), PEOPLE.li.openId);
    const ownCase = await outcome(h(), c.caseId, 1, 'approved', reviewForm(), ZHENG.openId);
    const stranger = await outcome(h(), c.caseId, 1, 'approved', reviewForm(), PEOPLE.sun.openId);
    expect(officer.toast).toEqual({ type: 'error', content: '只有法制审核人员可以审核' });
    expect(ownCase.toast).toEqual({ type: 'error', content: '本案承办人员不能审核本案' });
    expect(stranger.toast?.content).toBe('只有法制审核人员可以审核');
    expect(officer.card).toBeUndefined();
    const attempts = (await h().cases.records(c.caseId)).filter((e) => e.action === 'review.unauthorised_attempt');
    expect(attempts.map((e) => [e.actor, e.detail.why])).toEqual([
      [PEOPLE.li.openId, 'not_reviewer'],
      [ZHENG.openId, 'officer_of_case'],
      [PEOPLE.sun.openId, 'not_reviewer'],
    ]);
    expect((await h().reviews.get(c.caseId)).rounds[0]?.status).toBe('open');
  });

  it('20 taps at once by two reviewers: exactly one outcome; the others are told the outcome that stands', async () => {
    const c = await submitted();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => outcome(h(), c.caseId, 1, 'approved', reviewForm(), i % 2 === 0 ? PEOPLE.zhao.openId : WU.openId)),
    );
    expect(results.filter((r) => r.toast?.type === 'success')).toHaveLength(1);
    const others = results.filter((r) => r.toast?.type !== 'success');
    expect(others).toHaveLength(19);
    for (const r of others) expect(r.toast).toMatchObject({ type: 'info', content: expect.stringMatching(/^第 1 轮已由 (赵六|吴审) 于 2026-03-02 10:00 审核：同意$/) });
    expect((await h().cases.records(c.caseId)).filter((e) => e.action === 'review.approved')).toHaveLength(1);
    // The winner's notices, handed on again by the same reviewer's repeats: one job, idempotent (uuids).
    expect(new Set(h().submitted.map((j) => JSON.stringify(j)))).toEqual(new Set([JSON.stringify({ kind: 'review.notify', caseId: c.caseId, round: 1, step: 'reviewed' })]));
    await runSubmitted(h());
    expect(h().sent().filter((m) => m.receive_id === QIAN.openId)).toHaveLength(1);
  });

  it('a superseded round’s card says it is stale and changes nothing', async () => {
    const { c, evidence } = await reviewCase(h());
    await submit(h(), c.caseId, proposal([evidence[0] as string]));
    await outcome(h(), c.caseId, 1, 'returned', reviewForm({ evidence: '缺笔录' }, '补充'));
    await submit(h(), c.caseId, proposal(evidence), PEOPLE.zhang.openId, 1);
    const before = await h().reviews.get(c.caseId);
    const stale = await outcome(h(), c.caseId, 1, 'approved', reviewForm(), WU.openId);
    expect(stale.toast).toEqual({ type: 'error', content: '此卡片是第 1 轮的，已被第 2 轮取代，操作无效；请使用最新的卡片' });
    expect(JSON.stringify(stale.card)).toContain('已被第 2 轮取代');
    expect(await h().reviews.get(c.caseId)).toEqual(before);
  });
});

describe('Card action: review.outcome, when the hand-off to the worker fails', () => {
  const h = useWorker();
  beforeEach(() => withReviewRoster(h()));

  it('the outcome stands; the reviewer’s repeated tap hands the notices on again', async () => {
    const { c, evidence } = await reviewCase(h());
    await submit(h(), c.caseId, proposal(evidence));
    h().submitted.length = 0;
    h().failSubmits(true);
    await expect(outcome(h(), c.caseId, 1, 'approved', reviewForm())).rejects.toThrow('invoke failed');
    h().failSubmits(false);
    expect((await h().reviews.get(c.caseId)).rounds[0]?.status).toBe('approved');
    const again = await outcome(h(), c.caseId, 1, 'approved', reviewForm());
    expect(again.toast?.type).toBe('info');
    expect(h().submitted).toEqual([{ kind: 'review.notify', caseId: c.caseId, round: 1, step: 'reviewed' }]);
    // Another reviewer's late tap hands nothing on.
    h().submitted.length = 0;
    await outcome(h(), c.caseId, 1, 'approved', reviewForm(), WU.openId);
    expect(h().submitted).toEqual([]);
  });
});
