import { describe, expect, it } from 'vitest';
import {
  DECISION_TYPE_AMOUNT,
  DECISION_TYPES,
  DISCRETIONS,
  MAX_AMOUNT_YUAN,
  PROPOSAL_FIELD_NAMES,
  PROPOSAL_FIELDS,
  type Proposal,
  diffProposals,
  formatYuan,
  parseAmount,
  parseProposalForm,
  proposalHash,
  proposalToFormValue,
  toFen,
} from '../../../functions/domain/review/index.ts';
import { EVIDENCE, prng, proposalForm, randInt } from './helpers.ts';

describe('amounts', () => {
  it.each([
    ['5000', 5000],
    ['5,000', 5000],
    ['５０００', 5000],
    [' 5 000 ', 5000],
    ['5000元', 5000],
    ['5000.5', 5000.5],
    ['5000.50', 5000.5],
    ['0.01', 0.01],
    ['10，000', 10000],
    [5000, 5000],
    ['', null],
    ['   ', null],
    [undefined, null],
    [null, null],
  ] as [unknown, number | null][])('%j → %j', (raw, value) => {
    expect(parseAmount(raw, MAX_AMOUNT_YUAN)).toEqual({ ok: true, value });
  });

  it.each([
    ['-5', '请填写阿拉伯数字金额（元），最多两位小数，如 5000 或 5000.50'],
    ['5000.123', '请填写阿拉伯数字金额（元），最多两位小数，如 5000 或 5000.50'],
    ['1e5', '请填写阿拉伯数字金额（元），最多两位小数，如 5000 或 5000.50'],
    ['1万', '请填写阿拉伯数字金额（元），最多两位小数，如 5000 或 5000.50'],
    ['abc', '请填写阿拉伯数字金额（元），最多两位小数，如 5000 或 5000.50'],
    ['0', '金额应大于 0'],
    ['0.00', '金额应大于 0'],
    ['10000000000.01', '金额不能超过 10,000,000,000 元'],
    [['5000'], '请填写数字金额（元）'],
  ] as [unknown, string][])('%j refused: %s', (raw, error) => {
    expect(parseAmount(raw, MAX_AMOUNT_YUAN)).toEqual({ ok: false, error });
  });

  it('formats yuan with grouping and fen only when present', () => {
    expect(formatYuan(0.01)).toBe('0.01 元');
    expect(formatYuan(200)).toBe('200 元');
    expect(formatYuan(3000.5)).toBe('3,000.50 元');
    expect(formatYuan(1234567.89)).toBe('1,234,567.89 元');
    expect(formatYuan(MAX_AMOUNT_YUAN)).toBe('10,000,000,000 元');
  });

  it('every two-decimal amount round-trips through fen exactly', () => {
    const rand = prng(7);
    for (let i = 0; i < 5000; i++) {
      const fen = randInt(rand, 1, MAX_AMOUNT_YUAN * 100);
      const text = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
      const r = parseAmount(text, MAX_AMOUNT_YUAN);
      if (!r.ok || r.value === null) throw new Error(text);
      expect(toFen(r.value)).toBe(fen);
    }
  });
});

describe('the proposed-decision vocabulary (one table for schema and card)', () => {
  it('has the card names, in order, with Chinese labels', () => {
    expect(PROPOSAL_FIELD_NAMES).toEqual([
      'decision_type',
      'amount',
      'facts',
      'evidence',
      'legal_provisions',
      'discretion',
      'hearing_held',
      'defence',
    ]);
    for (const f of PROPOSAL_FIELD_NAMES) expect(PROPOSAL_FIELDS[f].label).toMatch(/\p{Script=Han}/u);
    expect(PROPOSAL_FIELDS.decision_type.options.map((o) => o.value)).toEqual([
      '罚款', '没收违法所得', '警告', '通报批评', '责令停产停业', '暂扣许可证', '吊销许可证', '不予处罚', '其他',
    ]);
    expect(PROPOSAL_FIELDS.discretion.options.map((o) => o.value)).toEqual(['从轻', '一般', '从重', '减轻', '不予']);
    expect(PROPOSAL_FIELDS.hearing_held.options).toEqual([
      { value: 'yes', label: '是' },
      { value: 'no', label: '否' },
    ]);
  });

  it('amount: required for money decisions, refused for the rest, optional for 其他', () => {
    expect(DECISION_TYPE_AMOUNT).toEqual({
      罚款: 'required',
      没收违法所得: 'required',
      警告: 'forbidden',
      通报批评: 'forbidden',
      责令停产停业: 'forbidden',
      暂扣许可证: 'forbidden',
      吊销许可证: 'forbidden',
      不予处罚: 'forbidden',
      其他: 'optional',
    });
  });
});

describe('parseProposalForm', () => {
  it('a complete form → a typed proposal', () => {
    expect(parseProposalForm(proposalForm({ amount: '5,000.50元', facts: '  事实  ' }), EVIDENCE)).toEqual({
      ok: true,
      value: {
        decisionType: '罚款',
        amount: 5000.5,
        facts: '事实',
        evidenceIds: ['ev-001', 'ev-002'],
        legalProvisions: '《节约能源法》第六十八条第二款',
        discretion: '一般',
        hearingHeld: false,
        defence: '当事人提出陈述申辩，经复核不予采纳',
      },
    });
  });

  it.each(DECISION_TYPES)('%s: the amount rule of its type', (t) => {
    const rule = DECISION_TYPE_AMOUNT[t];
    const discretion = t === '不予处罚' ? '不予' : '一般';
    const withAmount = parseProposalForm(proposalForm({ decision_type: t, discretion, amount: '800' }), EVIDENCE);
    const without = parseProposalForm(proposalForm({ decision_type: t, discretion, amount: '' }), EVIDENCE);
    if (rule === 'required') {
      expect(withAmount).toMatchObject({ ok: true, value: { amount: 800 } });
      expect(without).toEqual({ ok: false, errors: [`金额（元）：“${t}”须填写金额`] });
    } else if (rule === 'forbidden') {
      expect(withAmount).toEqual({ ok: false, errors: [`金额（元）：“${t}”没有金额，请留空`] });
      expect(without).toMatchObject({ ok: true, value: { amount: null } });
    } else {
      expect(withAmount).toMatchObject({ ok: true, value: { amount: 800 } });
      expect(without).toMatchObject({ ok: true, value: { amount: null } });
    }
  });

  it('不予 goes with 不予处罚, and only with it', () => {
    for (const d of DISCRETIONS) {
      for (const t of ['不予处罚', '警告'] as const) {
        const r = parseProposalForm(proposalForm({ decision_type: t, amount: '', discretion: d }), EVIDENCE);
        const consistent = (d === '不予') === (t === '不予处罚');
        expect(r.ok, `${t}/${d}`).toBe(consistent);
        if (!r.ok) {
          expect(r.errors).toEqual([
            t === '不予处罚' ? '裁量情形：拟作出“不予处罚”时，裁量情形应为“不予”' : '裁量情形：选择“不予”时，拟作出的决定应为“不予处罚”',
          ]);
        }
      }
    }
  });

  it('evidence: may be empty or missing; each id must be the case’s; duplicates collapse', () => {
    expect(parseProposalForm(proposalForm({ evidence: [] }), EVIDENCE)).toMatchObject({ ok: true, value: { evidenceIds: [] } });
    const missing = proposalForm();
    delete missing.evidence;
    expect(parseProposalForm(missing, EVIDENCE)).toMatchObject({ ok: true, value: { evidenceIds: [] } });
    expect(parseProposalForm(proposalForm({ evidence: 'ev-003' }), EVIDENCE)).toMatchObject({ ok: true, value: { evidenceIds: ['ev-003'] } });
    expect(parseProposalForm(proposalForm({ evidence: ['ev-002', 'ev-001', 'ev-002'] }), EVIDENCE)).toMatchObject({
      ok: true,
      value: { evidenceIds: ['ev-002', 'ev-001'] },
    });
    expect(parseProposalForm(proposalForm({ evidence: ['ev-001', 'ev-999', 'other-case'] }), EVIDENCE)).toEqual({
      ok: false,
      errors: ['所依据的证据：有 2 项不是本案的证据，请从本案证据中重新选择'],
    });
    expect(parseProposalForm(proposalForm({ evidence: ['ev-001'] }), [])).toMatchObject({ ok: false });
    const many = Array.from({ length: 101 }, (_, i) => `e${i}`);
    expect(parseProposalForm(proposalForm({ evidence: many }), many)).toEqual({
      ok: false,
      errors: ['所依据的证据：最多选择 100 项'],
    });
  });

  it('names each wrong field and says why, all at once', () => {
    const r = parseProposalForm(
      {
        decision_type: '罚金',
        amount: 'abc',
        facts: '   ',
        legal_provisions: 'x'.repeat(1001),
        discretion: '很重',
        hearing_held: true,
        defence: undefined,
      },
      EVIDENCE,
    );
    expect(r).toEqual({
      ok: false,
      errors: [
        '拟作出的决定：请选择：罚款、没收违法所得、警告、通报批评、责令停产停业、暂扣许可证、吊销许可证、不予处罚、其他',
        '认定的事实：不能为空',
        '法律依据：不能超过 1000 个字',
        '裁量情形：请选择：从轻、一般、从重、减轻、不予',
        '是否经过听证：请选择：yes、no',
        '当事人陈述申辩及采纳情况：不能为空',
        '金额（元）：请填写阿拉伯数字金额（元），最多两位小数，如 5000 或 5000.50',
      ],
    });
  });

  it('a form that is not an object is answered, not thrown', () => {
    for (const v of ['x', 42, [1], true]) {
      expect(parseProposalForm(v, EVIDENCE)).toEqual({ ok: false, errors: ['表单：内容无法识别，请重新发送「申请法制审核 案件编号」填写'] });
    }
    expect(parseProposalForm(undefined, EVIDENCE).ok).toBe(false);
  });

  it('pre-filling round-trips: parse(toFormValue(p)) = p, for random proposals', () => {
    const rand = prng(99);
    for (let i = 0; i < 500; i++) {
      const t = DECISION_TYPES[randInt(rand, 0, DECISION_TYPES.length - 1)] as (typeof DECISION_TYPES)[number];
      const rule = DECISION_TYPE_AMOUNT[t];
      const amount = rule === 'required' || (rule === 'optional' && rand() < 0.5) ? randInt(rand, 1, 1e8) / 100 : null;
      const p: Proposal = {
        decisionType: t,
        amount,
        facts: `事实${i}`,
        evidenceIds: EVIDENCE.filter(() => rand() < 0.5),
        legalProvisions: `依据${i}`,
        discretion: t === '不予处罚' ? '不予' : (['从轻', '一般', '从重', '减轻'][randInt(rand, 0, 3)] as Proposal['discretion']),
        hearingHeld: rand() < 0.3,
        defence: `申辩${i}`,
      };
      expect(parseProposalForm(proposalToFormValue(p), EVIDENCE)).toEqual({ ok: true, value: p });
    }
  });
});

describe('diffProposals and proposalHash', () => {
  const base = parseProposalForm(proposalForm(), EVIDENCE);
  if (!base.ok) throw new Error('fixture');
  const p = base.value;

  it('lists changed fields in form order, as people read them', () => {
    const q: Proposal = { ...p, amount: 8000, evidenceIds: ['ev-002', 'ev-003'], hearingHeld: true };
    expect(diffProposals(p, q)).toEqual([
      { field: 'amount', label: '金额（元）', before: '5,000 元', after: '8,000 元' },
      { field: 'evidence', label: '所依据的证据', before: 'ev-001、ev-002', after: 'ev-002、ev-003', added: ['ev-003'], removed: ['ev-001'] },
      { field: 'hearing_held', label: '是否经过听证', before: '否', after: '是' },
    ]);
    expect(diffProposals(p, { ...p, decisionType: '警告', amount: null })).toEqual([
      { field: 'decision_type', label: '拟作出的决定', before: '罚款', after: '警告' },
      { field: 'amount', label: '金额（元）', before: '5,000 元', after: '无' },
    ]);
    expect(diffProposals(p, { ...p, evidenceIds: [] })[0]).toMatchObject({ after: '无', removed: ['ev-001', 'ev-002'], added: [] });
  });

  it('no change → empty; evidence order is no change, for the diff and the hash alike', () => {
    expect(diffProposals(p, { ...p })).toEqual([]);
    const reordered = { ...p, evidenceIds: [...p.evidenceIds].reverse() };
    expect(diffProposals(p, reordered)).toEqual([]);
    expect(proposalHash(reordered)).toBe(proposalHash(p));
  });

  it('every field changes the hash; the hash is SHA-256 hex and stable', () => {
    const h = proposalHash(p);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(proposalHash({ ...p })).toBe(h);
    const variants: Proposal[] = [
      { ...p, decisionType: '没收违法所得' },
      { ...p, amount: 5000.01 },
      { ...p, facts: `${p.facts}。` },
      { ...p, evidenceIds: ['ev-001'] },
      { ...p, legalProvisions: '另一条' },
      { ...p, discretion: '从轻' },
      { ...p, hearingHeld: true },
      { ...p, defence: '放弃' },
    ];
    for (const v of variants) expect(proposalHash(v)).not.toBe(h);
    for (const v of variants) expect(diffProposals(p, v)).toHaveLength(1);
  });
});
