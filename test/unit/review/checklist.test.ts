import { describe, expect, it } from 'vitest';
import {
  CHECKLIST_ITEMS,
  CHECKLIST_KEYS,
  REVIEW_OUTCOME_LABELS,
  REVIEW_OUTCOMES,
  allQualified,
  checkField,
  noteField,
  officerQualifications,
  parseReviewForm,
  reviewOutcomeFromLabel,
} from '../../../functions/domain/review/index.ts';
import { li, makeCase, officerOf, prng, randInt, reviewForm, roster, wang, zhang, zhou } from './helpers.ts';

const c = makeCase();
const good = officerQualifications(c.officers, roster, '2026-07-10');

describe('the checklist vocabulary', () => {
  it('has the ten keys with their Chinese labels, and the card field names', () => {
    expect(Object.fromEntries(CHECKLIST_KEYS.map((k) => [k, CHECKLIST_ITEMS[k].label]))).toEqual({
      subject: '主体合法',
      qualification: '执法人员具备资格',
      facts: '事实清楚',
      evidence: '证据合法充分',
      law: '适用法律正确',
      discretion: '裁量适当',
      procedure: '程序合法',
      authority: '未超越职权',
      documents: '文书完备规范',
      crime_transfer: '是否涉嫌犯罪需移送',
    });
    expect(checkField('crime_transfer')).toBe('check_crime_transfer');
    expect(noteField('law')).toBe('note_law');
  });

  it('the three buttons', () => {
    expect(REVIEW_OUTCOMES.map((o) => REVIEW_OUTCOME_LABELS[o])).toEqual(['同意', '不同意', '退回补充']);
    expect(reviewOutcomeFromLabel(' 退回补充 ')).toBe('returned');
    expect(reviewOutcomeFromLabel('同意')).toBe('approved');
    expect(reviewOutcomeFromLabel('不同意')).toBe('rejected');
    expect(reviewOutcomeFromLabel('批准')).toBeUndefined();
  });
});

describe('officerQualifications (certificate valid on the review date)', () => {
  it('valid, valid on its last day, expired, none, not on the roster', () => {
    const officers = [officerOf(zhang), officerOf(li), officerOf(wang), officerOf(zhou), { ...officerOf(zhang), openId: 'ou_gone', name: '离职者' }];
    const q = officerQualifications(officers, roster, '2026-12-31');
    expect(q.map((x) => [x.name, x.status, x.text])).toEqual([
      ['张三', 'valid', '张三：执法证 川执zhang 有效至 2029-12-31'],
      ['李四', 'valid', '李四：执法证 川执li 有效至 2026-12-31'],
      ['王五', 'expired', '王五：执法证 川执wang 已于 2025-12-31 到期'],
      ['周九', 'no_certificate', '周九：没有行政执法证'],
      ['离职者', 'not_on_roster', '离职者：不在人员名册中，无法确认执法资格'],
    ]);
    expect(officerQualifications([officerOf(li)], roster, '2027-01-01')[0]?.status).toBe('expired');
    expect(allQualified(q)).toBe(false);
    expect(allQualified(q.slice(0, 2))).toBe(true);
    expect(allQualified([])).toBe(false);
  });

  it("uses today's roster certificate, so a renewal after filing counts", () => {
    const renewed = new Map(roster);
    renewed.set(wang.openId, { ...wang, certificate: { number: '川执新', validUntil: '2030-01-01' } });
    expect(officerQualifications([officerOf(wang)], renewed, '2026-07-10')[0]).toMatchObject({
      status: 'valid',
      certificateNumber: '川执新',
      validUntil: '2030-01-01',
    });
  });
});

describe('parseReviewForm: outcome rules', () => {
  it('同意 with every item pass (opinion optional, notes allowed on passes)', () => {
    const r = parseReviewForm({ ...reviewForm(), note_facts: '事实清楚' }, 'approved', good);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.outcome).toBe('approved');
    expect(r.value.opinion).toBeNull();
    expect(r.value.checklist.facts).toEqual({ result: 'pass', note: '事实清楚' });
    expect(r.value.checklist.law).toEqual({ result: 'pass', note: null });
  });

  it('同意 refused while any item is a problem', () => {
    expect(parseReviewForm(reviewForm({ evidence: '缺少现场笔录', law: '条款引用错误' }, '意见'), 'approved', good)).toEqual({
      ok: false,
      errors: ['同意：所有审核项均须为“通过”，“证据合法充分”、“适用法律正确”有问题时请选择“不同意”或“退回补充”'],
    });
  });

  it.each(['rejected', 'returned'] as const)('%s needs a problem with its note, and an opinion', (outcome) => {
    const label = REVIEW_OUTCOME_LABELS[outcome];
    expect(parseReviewForm(reviewForm({ evidence: '缺少现场笔录' }, '请补充现场笔录'), outcome, good)).toMatchObject({
      ok: true,
      value: { outcome, opinion: '请补充现场笔录', checklist: { evidence: { result: 'problem', note: '缺少现场笔录' } } },
    });
    expect(parseReviewForm(reviewForm({}, '意见'), outcome, good)).toEqual({
      ok: false,
      errors: [`${label}：请至少将一项标为“有问题”并写明说明`],
    });
    expect(parseReviewForm(reviewForm({ evidence: '缺少' }), outcome, good)).toEqual({
      ok: false,
      errors: [`审核意见：选择“${label}”时须填写审核意见`],
    });
    expect(parseReviewForm(reviewForm({ evidence: '缺少' }, '   '), outcome, good)).toEqual({
      ok: false,
      errors: [`审核意见：选择“${label}”时须填写审核意见`],
    });
    expect(parseReviewForm(reviewForm({ evidence: '  ' }, '意见'), outcome, good)).toEqual({
      ok: false,
      errors: ['证据合法充分：标为“有问题”时须填写说明'],
    });
  });

  it('every item must be answered, with pass or problem only', () => {
    const form = reviewForm();
    delete form.check_documents;
    form.check_law = 'ok';
    expect(parseReviewForm(form, 'approved', good)).toEqual({
      ok: false,
      errors: ['适用法律正确：请选择“通过”或“有问题”', '文书完备规范：请选择“通过”或“有问题”'],
    });
  });

  it('limits on notes and opinion', () => {
    expect(parseReviewForm(reviewForm({ facts: 'x'.repeat(501) }, '意见'), 'returned', good)).toEqual({
      ok: false,
      errors: ['事实清楚的说明：不能超过 500 个字'],
    });
    expect(parseReviewForm(reviewForm({ facts: '不清' }, 'y'.repeat(2001)), 'returned', good)).toEqual({
      ok: false,
      errors: ['审核意见：不能超过 2000 个字'],
    });
  });

  it('qualification cannot pass while an officer is not qualified on the review date', () => {
    const q = officerQualifications([officerOf(zhang), officerOf(wang)], roster, '2026-07-10');
    expect(parseReviewForm(reviewForm(), 'approved', q)).toEqual({
      ok: false,
      errors: ['执法人员具备资格：王五：执法证 川执wang 已于 2025-12-31 到期，不能标为“通过”'],
    });
    expect(parseReviewForm(reviewForm({ qualification: '王五执法证过期' }, '更换执法人员'), 'returned', q).ok).toBe(true);
    expect(parseReviewForm(reviewForm(), 'approved', [])).toEqual({
      ok: false,
      errors: ['执法人员具备资格：本案没有承办人员，不能标为“通过”'],
    });
  });

  it('a form that is not an object is answered', () => {
    expect(parseReviewForm('x', 'approved', good)).toEqual({ ok: false, errors: ['表单：内容无法识别，请在审核卡片上重新填写'] });
  });

  it('property: for random forms, ok ⇔ the rules as the issue states them', () => {
    const rand = prng(4242);
    for (let i = 0; i < 3000; i++) {
      const form: Record<string, unknown> = {};
      const problems: string[] = [];
      let notesOk = true;
      for (const k of CHECKLIST_KEYS) {
        const problem = rand() < 0.15;
        form[checkField(k)] = problem ? 'problem' : 'pass';
        const note = rand() < 0.8 ? `说明${randInt(rand, 1, 9)}` : '';
        form[noteField(k)] = note;
        if (problem) {
          problems.push(k);
          if (note === '') notesOk = false;
        }
      }
      const opinion = rand() < 0.7 ? '意见' : '';
      form.opinion = opinion;
      const outcome = REVIEW_OUTCOMES[randInt(rand, 0, 2)] as (typeof REVIEW_OUTCOMES)[number];
      const expected =
        notesOk && (outcome === 'approved' ? problems.length === 0 : problems.length > 0 && opinion !== '');
      const r = parseReviewForm(form, outcome, good);
      expect(r.ok, JSON.stringify({ form, outcome })).toBe(expected);
    }
  });
});
