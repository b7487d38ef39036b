/** The legal review cards: the card interface's names, escaped user text, valid JSON 2.0 under 30 KB. */
import { describe, expect, it } from 'vitest';
import {
  type DecisionCardView,
  decisionCard,
  proposalFormCard,
  type ProposalFormView,
  reviewCard,
  type ReviewCardView,
  reviewResultCard,
  reviewTrailCard,
} from '../../../cards/review.ts';
import { CHECKLIST_KEYS } from '../../../functions/domain/review/vocabulary.ts';
import { assertValidCard, CARD_MAX_BYTES, cardContentByteSize } from '../../../local/card-validator.ts';
import { findByTag, MALICIOUS, markdownContents } from './views.ts';

const long = (n: number) => `${MALICIOUS}${'字'.repeat(n)}`;
const evidence = (n: number) => Array.from({ length: n }, (_, i) => ({ evidenceId: `ev_${String(i).padStart(24, '0')}`, label: `${MALICIOUS} ${i}` }));

const heading = { caseId: '2026-000001', caseNumber: '甘经信立〔2026〕1号', partyName: MALICIOUS, procedureLabel: '普通程序' };
const round = (o: Partial<ReviewCardView> = {}): ReviewCardView => ({
  ...heading,
  round: 2,
  submission: '重新提交',
  requestedByName: MALICIOUS,
  requestedAt: '2026-03-02 10:00',
  major: true,
  reasons: [MALICIOUS],
  proposal: {
    decisionType: '罚款',
    amount: '150,000 元',
    facts: long(2000),
    evidence: evidence(100),
    legalProvisions: long(1000),
    discretion: '从重',
    hearingHeld: true,
    defence: long(2000),
  },
  changes: Array.from({ length: 8 }, () => ({ label: '认定的事实', before: long(2000), after: long(2000) })),
  qualifications: ['张三：执法证 川执5101001 有效至 2029-12-31'],
  timeLimit: '审核时限：2026-03-09（星期一）前，还剩 5 个工作日',
  outcome: null,
  ...o,
});

function checkCard(card: unknown): string {
  assertValidCard(card);
  expect(cardContentByteSize(card)).toBeLessThan(CARD_MAX_BYTES);
  // User text is escaped wherever it is markdown (plain text and input values are shown literally).
  for (const md of markdownContents(card)) {
    expect(md).not.toContain('<at id=all>');
    expect(md).not.toContain('](https');
  }
  return JSON.stringify(card);
}

describe('proposalFormCard', () => {
  const view = (o: Partial<ProposalFormView> = {}): ProposalFormView => ({ ...heading, evidenceOptions: evidence(100), ...o });

  it('has the form fields by their interface names and 提交审核, with the case’s evidence to choose from', () => {
    const card = proposalFormCard(view());
    const text = checkCard(card);
    for (const n of ['decision_type', 'amount', 'facts', 'evidence', 'legal_provisions', 'discretion', 'hearing_held', 'defence']) expect(text).toContain(`"name":"${n}"`);
    expect(findByTag(card, 'multi_select_static')[0]?.options).toHaveLength(100);
    expect(text).toContain('"content":"提交审核"');
    for (const d of ['从轻', '一般', '从重', '减轻', '不予']) expect(text).toContain(`"value":"${d}"`);
  });

  it('comes back pre-filled with the problems in red and what the reviewer found, long text cut to the input limit', () => {
    const card = proposalFormCard(
      view({
        fromRound: 1,
        initial: { decision_type: '罚款', facts: long(2000), evidence: ['ev_000000000000000000000003', 'not-an-option'], hearing_held: 'yes' },
        errors: Array.from({ length: 20 }, () => MALICIOUS),
        returnedWith: { reviewerName: MALICIOUS, opinion: long(2000), problems: [{ label: '证据合法充分', note: long(500) }] },
      }),
    );
    const text = checkCard(card);
    expect(text).toContain('"selected_values":["ev_000000000000000000000003"]');
    expect(text).toContain('"initial_option":"yes"');
    expect(text).toContain('"from_round":1');
    expect(text).toContain("<font color='red'>");
  });

  it('says so when the case has no evidence yet (no empty multi-select)', () => {
    const card = proposalFormCard(view({ evidenceOptions: [] }));
    checkCard(card);
    expect(findByTag(card, 'multi_select_static')).toHaveLength(0);
  });
});

describe('reviewCard', () => {
  it('carries check_<key> and note_<key> for the ten items, opinion, and 同意 / 不同意 / 退回补充 in the same form', () => {
    const card = reviewCard(round());
    const text = checkCard(card);
    for (const k of CHECKLIST_KEYS) {
      expect(text).toContain(`"name":"check_${k}"`);
      expect(text).toContain(`"name":"note_${k}"`);
    }
    const [form] = findByTag(card, 'form');
    const buttons = findByTag(form, 'button').map((b) => (b.text as { content: string }).content);
    expect(buttons).toEqual(['同意', '不同意', '退回补充']);
    expect(findByTag(card, 'button').filter((b) => (b.text as { content: string }).content === '查看').length).toBeGreaterThan(0);
    expect(text).toContain('审核时限');
  });

  it('after the outcome shows who and when and no form; a superseded round says it is stale', () => {
    const done = reviewCard(round({ outcome: { outcomeLabel: '退回补充', reviewerName: MALICIOUS, at: '2026-03-02 11:00', opinion: long(2000), problems: [{ label: '事实清楚', note: long(500) }] } }));
    checkCard(done);
    expect(findByTag(done, 'form')).toHaveLength(0);
    const stale = reviewCard(round({ supersededBy: 3 }));
    expect(JSON.stringify(stale)).toContain('已被第 3 轮取代');
    expect(findByTag(stale, 'form')).toHaveLength(0);
  });
});

describe('reviewResultCard and decisionCard', () => {
  it('offers 重新提交 only after 退回补充 on the latest round', () => {
    const outcome = { outcomeLabel: '退回补充', reviewerName: '赵六', at: '2026-03-02 11:00', opinion: '补充', problems: [] };
    expect(JSON.stringify(reviewResultCard({ ...round({ outcome }), canResubmit: true }))).toContain('"content":"重新提交"');
    expect(JSON.stringify(reviewResultCard({ ...round({ outcome }), canResubmit: false }))).not.toContain('"content":"重新提交"');
    expect(JSON.stringify(reviewResultCard({ ...round({ outcome, supersededBy: 3 }), canResubmit: true }))).not.toContain('"content":"重新提交"');
    checkCard(reviewResultCard({ ...round({ outcome }), canResubmit: true }));
  });

  const decision = (o: Partial<DecisionCardView> = {}): DecisionCardView => ({ ...round(), discussion: null, needsDiscussion: false, verdict: null, ...o });

  it('asks a 重大 case for the 集体讨论 record first, then offers 批准 / 不批准 with a reason', () => {
    const first = decisionCard(decision({ needsDiscussion: true }));
    const firstText = checkCard(first);
    for (const n of ['discussion_date', 'participants', 'conclusion']) expect(firstText).toContain(`"name":"${n}"`);
    expect(firstText).not.toContain('"content":"批准"');
    const then = decisionCard(decision({ discussion: { date: '2026-03-02', participants: [MALICIOUS, '乙', '丙'], conclusion: long(2000), recordedByName: '钱局长' } }));
    const thenText = checkCard(then);
    expect(thenText).toContain('"content":"批准"');
    expect(thenText).toContain('"content":"不批准"');
    expect(thenText).toContain('"name":"reason"');
    const done = decisionCard(decision({ verdict: { label: '不批准', byName: '钱局长', at: '2026-03-02 12:00', date: '2026-03-02', reason: long(1000) } }));
    checkCard(done);
    expect(findByTag(done, 'form')).toHaveLength(0);
  });

  it('审核记录 escapes every line', () => {
    checkCard(reviewTrailCard({ caseNumber: '甘经信立〔2026〕1号', lines: Array.from({ length: 100 }, () => long(400)) }));
  });
});
