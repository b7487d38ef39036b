/** The head's decision card: 集体讨论 for a 重大 case, then 批准 / 不批准; THE GATE on every path. */
import { beforeEach, describe, expect, it } from 'vitest';
import { PEOPLE, useWorker } from '../harness.ts';
import { DISCUSSION, discuss, FENG, outcome, proposal, QIAN, reviewCase, submit, verdict, withReviewRoster } from './helpers.ts';
import { reviewForm } from '../../../helpers/review-forms.ts';

describe('Card action: review.decide', () => {
  const h = useWorker();
  beforeEach(() => withReviewRoster(h()));

  async function approved(over: Record<string, unknown> = {}) {
    const { c, evidence } = await reviewCase(h());
    await submit(h(), c.caseId, proposal(evidence, over));
    await outcome(h(), c.caseId, 1, 'approved', reviewForm());
    h().submitted.length = 0;
    return c;
  }

  it('批准 records the decision and its date on the case (status decided) with decision.approved, in one step', async () => {
    const c = await approved({ amount: '5000.50' });
    const res = await verdict(h(), c.caseId, 1, 'approved');
    expect(res.toast).toEqual({ type: 'success', content: '已批准：罚款 5,000.50 元，决定日期 2026-03-02' });
    expect(JSON.stringify(res.card)).toContain('负责人决定：批准');
    expect(await h().cases.get(c.caseId)).toMatchObject({
      status: 'decided',
      decision: {
        date: '2026-03-02',
        decisionType: '罚款',
        amount: 5000.5,
        major: false,
        round: 1,
        approvedBy: { openId: QIAN.openId, name: '钱局长' },
        approvedAt: '2026-03-02T02:00:00.000Z',
      },
    });
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'decision.approved', detail: { decisionDate: '2026-03-02', amount: '5000.50', reviewed: true } });
    expect(h().submitted).toEqual([{ kind: 'review.notify', caseId: c.caseId, round: 1, step: 'decided' }]);
  });

  it('two heads at once: one decision; the other is told it stands', async () => {
    const c = await approved();
    const [a, b] = await Promise.all([verdict(h(), c.caseId, 1, 'approved'), verdict(h(), c.caseId, 1, 'approved', {}, FENG.openId)]);
    expect([a.toast?.type, b.toast?.type].sort()).toEqual(['info', 'success']);
    expect([a, b].find((r) => r.toast?.type === 'info')?.toast?.content).toMatch(/^本案已由 (钱局长|冯副局长) 于 2026-03-02 10:00 批准作出决定/);
    expect((await h().cases.records(c.caseId)).filter((e) => e.action === 'decision.approved')).toHaveLength(1);
  });

  it('不批准 needs a reason; then the officers may submit a new round', async () => {
    const c = await approved();
    const noReason = await verdict(h(), c.caseId, 1, 'refused', { reason: '' });
    expect(noReason.toast?.type).toBe('error');
    const res = await verdict(h(), c.caseId, 1, 'refused', { reason: '罚款数额偏高' });
    expect(res.toast?.content).toContain('已不批准');
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'decision.refused', detail: { reason: '罚款数额偏高' } });
    expect((await h().cases.get(c.caseId))?.status).toBe('filed');
    const evidence = (await h().reviews.get(c.caseId)).rounds[0]?.proposal.evidenceIds as string[];
    expect((await submit(h(), c.caseId, proposal(evidence, { amount: '3000' }))).toast?.content).toContain('第 2 轮');
  });

  it('THE GATE: no decision without a review, nor while it is open, nor by anyone but a head (recorded)', async () => {
    const { c, evidence } = await reviewCase(h());
    const none = await verdict(h(), c.caseId, null, 'approved');
    expect(none.toast?.content).toBe('本案尚未提交法制审核，不得作出决定（行政处罚法第五十八条）');
    await submit(h(), c.caseId, proposal(evidence));
    const open = await verdict(h(), c.caseId, 1, 'approved');
    expect(open.toast?.content).toBe('第 1 轮法制审核尚未通过，不得作出决定（行政处罚法第五十八条）');
    const officer = await verdict(h(), c.caseId, 1, 'approved', {}, PEOPLE.zhang.openId);
    expect(officer.toast?.content).toBe('只有负责人可以作出决定');
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'review.unauthorised_attempt', detail: { attempted: 'decision.approved', why: 'not_head' } });
    expect((await h().cases.get(c.caseId))?.decision).toBeUndefined();
  });

  it('a 重大 case: 批准 is refused until the 集体讨论 is recorded, by a head, with at least three participants', async () => {
    const c = await approved({ amount: '150000' });
    const early = await verdict(h(), c.caseId, 1, 'approved');
    expect(early.toast?.content).toContain('重大执法决定须经负责人集体讨论决定');
    expect(JSON.stringify(early.card)).toContain('"name":"discussion_date"');
    expect((await discuss(h(), c.caseId, 1, DISCUSSION, PEOPLE.zhao.openId)).toast?.content).toBe('只有负责人可以录入集体讨论记录');
    expect((await discuss(h(), c.caseId, 1, { ...DISCUSSION, participants: '钱局长' })).toast?.type).toBe('error');
    const recorded = await discuss(h(), c.caseId, 1, DISCUSSION);
    expect(recorded.toast?.content).toBe('已录入集体讨论记录（第 1 轮，2026-03-02）');
    expect(JSON.stringify(recorded.card)).toContain('"content":"批准"');
    expect(h().submitted).toContainEqual({ kind: 'review.notify', caseId: c.caseId, round: 1, step: 'discussed' });
    const again = await discuss(h(), c.caseId, 1, DISCUSSION, FENG.openId);
    expect(again.toast?.type).toBe('info');
    const ok = await verdict(h(), c.caseId, 1, 'approved');
    expect(ok.toast?.type).toBe('success');
    expect((await h().cases.get(c.caseId))?.decision).toMatchObject({ major: true, amount: 150000 });
    expect((await h().cases.records(c.caseId)).map((e) => e.action).slice(-3)).toEqual(['review.unauthorised_attempt', 'discussion.recorded', 'decision.approved']);
  });
});
