/** Job review.notify: the cards and messages each step owes other people, sent by the worker. */
import { beforeEach, describe, expect, it } from 'vitest';
import { runJob } from '../../../../functions/app/jobs.ts';
import { cardText, PEOPLE, textOf, useWorker } from '../harness.ts';
import { DISCUSSION, discuss, FENG, outcome, proposal, QIAN, reviewCase, runSubmitted, submit, verdict, WU, withReviewRoster, ZHENG } from './helpers.ts';
import { reviewForm } from '../../../helpers/review-forms.ts';

describe('Job: review.notify', () => {
  const h = useWorker();
  beforeEach(() => withReviewRoster(h()));

  const to = (openId: string) => h().sent().filter((m) => m.receive_id === openId);

  it('requested: a review card to every reviewer who does not handle the case, with the checklist, the evidence and the time limit', async () => {
    const { c, evidence } = await reviewCase(h(), {}, [PEOPLE.zhang, ZHENG]);
    await submit(h(), c.caseId, proposal(evidence));
    await runSubmitted(h());
    expect(to(PEOPLE.zhao.openId)).toHaveLength(1);
    expect(to(WU.openId)).toHaveLength(1);
    expect(to(ZHENG.openId)).toHaveLength(0);
    const card = cardText(to(WU.openId)[0]);
    for (const k of ['subject', 'qualification', 'facts', 'evidence', 'law', 'discretion', 'procedure', 'authority', 'documents', 'crime_transfer']) {
      expect(card).toContain(`"name":"check_${k}"`);
      expect(card).toContain(`"name":"note_${k}"`);
    }
    expect(card).toContain('"name":"opinion"');
    for (const b of ['同意', '不同意', '退回补充', '查看']) expect(card).toContain(`"content":"${b}"`);
    expect(card).toContain('审核时限：2026&#45;03&#45;09（星期一）前，还剩 5 个工作日');
    expect(card).toContain('张三：执法证');
    expect((await h().reviews.cards(c.caseId, 1, 'review')).map((r) => r.openId).sort()).toEqual([WU.openId, PEOPLE.zhao.openId].sort());
    // A retried job sends nothing twice (uuids).
    await runJob({ kind: 'review.notify', caseId: c.caseId, round: 1, step: 'requested' }, h().s);
    expect(to(WU.openId)).toHaveLength(1);
  });

  it('reviewed: every copy shows the outcome in place, the officers get the result, the heads the decision card', async () => {
    const { c, evidence } = await reviewCase(h());
    await submit(h(), c.caseId, proposal(evidence));
    await runSubmitted(h());
    await outcome(h(), c.caseId, 1, 'approved', reviewForm());
    await runSubmitted(h());
    for (const r of [PEOPLE.zhao.openId, WU.openId]) {
      const [copy] = to(r);
      expect(copy?.updated_at).toBeDefined();
      expect(cardText(copy)).toContain('审核结果：同意');
      expect(cardText(copy)).not.toContain('"name":"check_subject"');
    }
    for (const o of [PEOPLE.zhang.openId, PEOPLE.li.openId]) expect(cardText(to(o)[0])).toContain('审核结果：同意');
    for (const head of [QIAN.openId, FENG.openId]) {
      const text = cardText(to(head)[0]);
      expect(text).toContain('"content":"批准"');
      expect(text).toContain('"content":"不批准"');
      expect(text).toContain('"name":"reason"');
    }
  });

  it('after 退回补充 the officers’ result card carries 重新提交; no decision card goes out', async () => {
    const { c, evidence } = await reviewCase(h());
    await submit(h(), c.caseId, proposal(evidence));
    await outcome(h(), c.caseId, 1, 'returned', reviewForm({ facts: '时间不明' }, '请补充'));
    await runSubmitted(h());
    const result = cardText(to(PEOPLE.li.openId)[0]);
    expect(result).toContain('"content":"重新提交"');
    expect(result).toContain('时间不明');
    expect(to(QIAN.openId)).toHaveLength(0);
  });

  it('discussed and decided: the heads’ copies follow; the officers are told the decision and its date', async () => {
    const { c, evidence } = await reviewCase(h());
    await submit(h(), c.caseId, proposal(evidence, { amount: '200000' }));
    await outcome(h(), c.caseId, 1, 'approved', reviewForm());
    await runSubmitted(h());
    expect(cardText(to(FENG.openId)[0])).toContain('"name":"discussion_date"');
    await discuss(h(), c.caseId, 1, DISCUSSION);
    await runSubmitted(h());
    expect(cardText(to(FENG.openId)[0])).toContain('"content":"批准"');
    await verdict(h(), c.caseId, 1, 'approved');
    await runSubmitted(h());
    expect(cardText(to(FENG.openId)[0])).toContain('负责人决定：批准');
    const texts = to(PEOPLE.li.openId).filter((m) => m.msg_type === 'text').map(textOf);
    expect(texts).toContain(`案件 ${c.caseNumber}：钱局长 已批准作出决定（罚款 200,000 元），决定日期 2026-03-02。`);
    // The step's documents went out as files: the 法制审核意见书, the 事先告知书, the 集体讨论记录 and the 决定书.
    expect(texts.some((t) => t.includes('已制作行政处罚决定书'))).toBe(true);
    expect(texts.some((t) => t.includes('已制作法制审核意见书'))).toBe(true);
    expect(to(PEOPLE.li.openId).filter((m) => m.msg_type === 'file').length).toBeGreaterThanOrEqual(4);
  });
});
