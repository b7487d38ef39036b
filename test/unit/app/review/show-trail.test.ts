/** 审核记录 <案件编号>: 承办、审核（each round with its opinion）、批准. */
import { beforeEach, describe, expect, it } from 'vitest';
import { runJob } from '../../../../functions/app/jobs.ts';
import { cardText, messageJob, PEOPLE, textOf, useWorker } from '../harness.ts';
import { outcome, proposal, reviewCase, submit, verdict, WU, withReviewRoster } from './helpers.ts';
import { reviewForm } from '../../../helpers/review-forms.ts';

describe('Command: 审核记录', () => {
  const h = useWorker();
  beforeEach(() => withReviewRoster(h()));

  it('names who handled, who reviewed each round with the opinion, and who approved', async () => {
    const { c, evidence } = await reviewCase(h());
    await submit(h(), c.caseId, proposal([evidence[0] as string]));
    await outcome(h(), c.caseId, 1, 'returned', reviewForm({ evidence: '缺询问笔录' }, '请补充询问笔录'));
    await submit(h(), c.caseId, proposal(evidence), PEOPLE.zhang.openId, 1);
    await outcome(h(), c.caseId, 2, 'approved', reviewForm(), WU.openId);
    await verdict(h(), c.caseId, 2, 'approved');
    h().sim.reset();
    await runJob(messageJob(h(), { from: PEOPLE.li.openId, text: `审核记录 ${c.caseNumber}` }), h().s);
    const text = cardText(h().sent()[0]);
    for (const s of ['承办', '张三', '李四', '赵六', '退回补充', '请补充询问笔录', '吴审', '同意', '钱局长', '批准']) expect(text).toContain(s);
  });

  it('says when there is no review yet, and hides the case from strangers', async () => {
    const { c } = await reviewCase(h());
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, text: `审核记录 ${c.caseNumber}` }), h().s);
    await runJob(messageJob(h(), { from: PEOPLE.chen.openId, text: `审核记录 ${c.caseNumber}` }), h().s);
    const [none, stranger] = h().sent();
    expect(textOf(none)).toBe(`案件 ${c.caseNumber} 尚未申请法制审核。`);
    expect(textOf(stranger)).toContain('未找到案件');
  });
});
