import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PartyType, Procedure } from '../../../functions/domain/case/types.ts';
import {
  CHECKLIST_ITEMS,
  type ClassifiableProposal,
  DECISION_TYPES,
  type DecisionType,
  DISCRETIONS,
  type Discretion,
  ReviewCatalogueError,
  buildReviewCatalogue,
  classifyReview,
} from '../../../functions/domain/review/index.ts';
import { catalogue, catalogueData, catalogueWith, prng, randInt } from './helpers.ts';

const seedText = readFileSync(new URL('../../../data/seed/ganzi-three-systems-plan-2021.txt', import.meta.url), 'utf8');
const squash = (s: string) => s.replace(/\s+/g, '');

const p = (over: Partial<ClassifiableProposal> = {}): ClassifiableProposal => ({
  decisionType: '罚款',
  amount: 5000,
  discretion: '一般',
  hearingHeld: false,
  ...over,
});

describe('the catalogue data (data/review-catalogue.json)', () => {
  it('holds exactly the default rows, each with its source and confidence', () => {
    expect(catalogue.scope.reviewed).toBe('all_except_simple');
    expect(catalogue.simpleProcedure.decisionTypes).toEqual(['警告', '罚款']);
    expect(catalogue.simpleProcedure.maxFine).toEqual({ person: 200, organization: 3000 });
    expect(catalogue.simpleProcedure.source.article).toBe('第五十一条');
    expect(catalogue.simpleProcedure.confidence).toBe('C');
    expect(catalogue.collectiveDiscussion).toMatchObject({ requiredFor: 'major', minParticipants: 3 });
    expect(catalogue.collectiveDiscussion.source.article).toBe('第五十七条第二款');
    expect(catalogue.majorCriteria.map((c) => [c.id, c.when])).toEqual([
      ['large_fine_person', { decisionTypes: ['罚款'], partyTypes: ['person'], amountAtLeast: 10000 }],
      ['large_fine_organization', { decisionTypes: ['罚款'], partyTypes: ['organization'], amountAtLeast: 100000 }],
      ['suspension', { decisionTypes: ['责令停产停业'] }],
      ['licence_revocation', { decisionTypes: ['吊销许可证'] }],
      ['after_hearing', { hearingHeld: true }],
      ['discretion_departure', { discretions: ['从重', '减轻'] }],
    ]);
    for (const c of catalogue.majorCriteria) {
      expect(c.source.law.length, c.id).toBeGreaterThan(0);
      expect(c.source.summary.length, c.id).toBeGreaterThan(0);
    }
    expect(typeof catalogueData.$comment).toBe('string');
  });

  it("quotes the bureau's plan as written (seed plan)", () => {
    const seed = squash(seedText);
    expect(seed).toContain(squash(catalogue.scope.source.summary));
    expect(seed).toContain('结合执法层级、所属领域、涉案金额、社会影响等因素，明确界定本部门重大行政执法决定的审核范围');
    expect(seed).toContain('未经法制审核或审核未通过的，不得作出决定');
    // The ten checklist points are the plan's 明确审核内容, word for word.
    for (const item of Object.values(CHECKLIST_ITEMS)) expect(seed, item.planText).toContain(item.planText);
  });

  it('refuses broken data, naming the problem', () => {
    const bad = (edit: (d: Record<string, any>) => void) => () => {
      const copy = structuredClone(catalogueData) as Record<string, any>;
      edit(copy);
      buildReviewCatalogue(copy);
    };
    expect(bad((d) => d.majorCriteria.push({ ...d.majorCriteria[0] }))).toThrow(/id 重复：large_fine_person/);
    expect(bad((d) => (d.majorCriteria[2].when = {}))).toThrow(/没有任何条件/);
    expect(bad((d) => delete d.majorCriteria[0].when.decisionTypes)).toThrow(/须同时写明适用的决定类型/);
    expect(bad((d) => (d.majorCriteria[2].when.decisionTypes = ['罚金']))).toThrow(ReviewCatalogueError);
    expect(bad((d) => (d.scope.reviewed = 'everything'))).toThrow(/scope\.reviewed/);
    expect(bad((d) => (d.simpleProcedure.maxFine.person = -1))).toThrow(/maxFine\.person/);
    expect(bad((d) => delete d.majorCriteria[0].source.summary)).toThrow(/summary/);
    expect(bad((d) => (d.collectiveDiscussion.minParticipants = 0))).toThrow(/minParticipants/);
    expect(() => buildReviewCatalogue(null)).toThrow(ReviewCatalogueError);
  });
});

type Row = [label: string, over: Partial<ClassifiableProposal>, party: PartyType, codes: string[]];

describe('classifyReview: ordinary procedure, every catalogue row and its edges', () => {
  const rows: Row[] = [
    ['罚款 5000 自然人', {}, 'person', ['scope']],
    ['罚款 9999.99 自然人 (just below)', { amount: 9999.99 }, 'person', ['scope']],
    ['罚款 10000 自然人 (at the threshold)', { amount: 10000 }, 'person', ['scope', 'large_fine_person']],
    ['罚款 10000 组织', { amount: 10000 }, 'organization', ['scope']],
    ['罚款 99999.99 组织', { amount: 99999.99 }, 'organization', ['scope']],
    ['罚款 100000 组织', { amount: 100000 }, 'organization', ['scope', 'large_fine_organization']],
    ['罚款 100000 自然人', { amount: 100000 }, 'person', ['scope', 'large_fine_person']],
    ['没收违法所得 500000 (fines only)', { decisionType: '没收违法所得', amount: 500000 }, 'organization', ['scope']],
    ['警告', { decisionType: '警告', amount: null }, 'person', ['scope']],
    ['通报批评', { decisionType: '通报批评', amount: null }, 'organization', ['scope']],
    ['责令停产停业', { decisionType: '责令停产停业', amount: null }, 'organization', ['scope', 'suspension']],
    ['暂扣许可证', { decisionType: '暂扣许可证', amount: null }, 'organization', ['scope']],
    ['吊销许可证', { decisionType: '吊销许可证', amount: null }, 'person', ['scope', 'licence_revocation']],
    ['不予处罚', { decisionType: '不予处罚', amount: null, discretion: '不予' }, 'person', ['scope']],
    ['其他', { decisionType: '其他', amount: null }, 'person', ['scope']],
    ['经过听证', { hearingHeld: true, amount: 500 }, 'person', ['scope', 'after_hearing']],
    ['从重', { decisionType: '警告', amount: null, discretion: '从重' }, 'person', ['scope', 'discretion_departure']],
    ['减轻', { amount: 200, discretion: '减轻' }, 'person', ['scope', 'discretion_departure']],
    ['从轻', { discretion: '从轻' }, 'person', ['scope']],
    [
      'several at once',
      { amount: 200000, hearingHeld: true, discretion: '从重' },
      'organization',
      ['scope', 'large_fine_organization', 'after_hearing', 'discretion_departure'],
    ],
  ];
  it.each(rows)('%s', (_label, over, party, codes) => {
    const r = classifyReview(p(over), { type: party }, 'ordinary', catalogue);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.required).toBe(true);
    expect(r.value.major).toBe(codes.length > 1);
    expect(r.value.reasons.map((x) => x.code)).toEqual(codes);
  });

  it('reasons are Chinese sentences with their sources', () => {
    const r = classifyReview(p({ amount: 12000 }), { type: 'person' }, 'ordinary', catalogue);
    if (!r.ok) throw new Error('expected ok');
    expect(r.value.reasons[0]?.text).toBe(
      '普通程序作出的执法决定均须法制审核：对法定简易程序以外的所有执法决定进行法制审核（依据：《甘孜州经济和信息化局全面落实行政执法公示制度执法全过程记录制度重大执法决定法制审核制度实施方案》附件任务分解表 三、2 明确审核范围）',
    );
    expect(r.value.reasons[1]?.text).toBe(
      '重大执法决定（对自然人处较大数额罚款）：对自然人拟罚款 12,000 元，达到 10,000 元（依据：《甘孜州经济和信息化局全面落实行政执法公示制度执法全过程记录制度重大执法决定法制审核制度实施方案》三、2 明确审核范围）',
    );
    const h = classifyReview(p({ hearingHeld: true }), { type: 'person' }, 'ordinary', catalogue);
    if (!h.ok) throw new Error('expected ok');
    expect(h.value.reasons[1]?.text).toBe(
      '重大执法决定（经过听证程序作出的决定）：经过听证程序（依据：《中华人民共和国行政处罚法》第五十八条第一款第（二）项）',
    );
    expect(h.value.reasons[1]?.source).toBe('《中华人民共和国行政处罚法》第五十八条第一款第（二）项');
  });
});

describe('classifyReview: simple procedure (行政处罚法第五十一条)', () => {
  it.each([
    ['警告 自然人', { decisionType: '警告', amount: null }, 'person'],
    ['警告 组织', { decisionType: '警告', amount: null }, 'organization'],
    ['罚款 200 自然人 (the limit itself)', { amount: 200 }, 'person'],
    ['罚款 0.01 自然人', { amount: 0.01 }, 'person'],
    ['罚款 3000 组织 (the limit itself)', { amount: 3000 }, 'organization'],
    ['罚款 200 从轻', { amount: 200, discretion: '从轻' }, 'person'],
  ] as [string, Partial<ClassifiableProposal>, PartyType][])('%s: allowed, outside review', (_l, over, party) => {
    const r = classifyReview(p(over), { type: party }, 'simple', catalogue);
    expect(r).toMatchObject({ ok: true, value: { required: false, major: false } });
    if (r.ok) {
      expect(r.value.reasons.map((x) => x.code)).toEqual(['simple_procedure']);
      expect(r.value.reasons[0]?.text).toContain('第五十一条');
    }
  });

  it.each([
    ['罚款 200.01 自然人', { amount: 200.01 }, 'person', ['简易程序对自然人罚款不得超过 200 元（《中华人民共和国行政处罚法》第五十一条），本案拟罚款 200.01 元，须按普通程序办理']],
    ['罚款 201 自然人', { amount: 201 }, 'person', ['简易程序对自然人罚款不得超过 200 元（《中华人民共和国行政处罚法》第五十一条），本案拟罚款 201 元，须按普通程序办理']],
    ['罚款 3000.01 组织', { amount: 3000.01 }, 'organization', ['简易程序对法人或其他组织罚款不得超过 3,000 元（《中华人民共和国行政处罚法》第五十一条），本案拟罚款 3,000.01 元，须按普通程序办理']],
    ['罚款 2000 自然人 (an organisation could)', { amount: 2000 }, 'person', ['简易程序对自然人罚款不得超过 200 元（《中华人民共和国行政处罚法》第五十一条），本案拟罚款 2,000 元，须按普通程序办理']],
    ['没收违法所得 100', { decisionType: '没收违法所得', amount: 100 }, 'person', ['简易程序只能作出“警告”或“罚款”决定（《中华人民共和国行政处罚法》第五十一条），“没收违法所得”须按普通程序办理']],
  ] as [string, Partial<ClassifiableProposal>, PartyType, string[]][])('%s: refused, must go ordinary', (_l, over, party, errors) => {
    expect(classifyReview(p(over), { type: party }, 'simple', catalogue)).toEqual({ ok: false, errors });
  });

  it.each(DECISION_TYPES.filter((t) => t !== '警告' && t !== '罚款'))('%s: not a simple-procedure decision', (t) => {
    const r = classifyReview(
      p({ decisionType: t, amount: null, discretion: t === '不予处罚' ? '不予' : '一般' }),
      { type: 'organization' },
      'simple',
      catalogue,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toBe(`简易程序只能作出“警告”或“罚款”决定（《中华人民共和国行政处罚法》第五十一条），“${t}”须按普通程序办理`);
  });

  it('a 重大 decision cannot be made on the spot: hearing, 从重, 减轻', () => {
    for (const over of [{ hearingHeld: true }, { discretion: '从重' as const }, { discretion: '减轻' as const }]) {
      const r = classifyReview(p({ decisionType: '警告', amount: null, ...over }), { type: 'person' }, 'simple', catalogue);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.errors).toHaveLength(1);
        expect(r.errors[0]).toMatch(/^重大执法决定（.+），须经法制审核，不能适用简易程序，请按普通程序办理$/);
      }
    }
    const both = classifyReview(p({ decisionType: '责令停产停业', amount: null }), { type: 'person' }, 'simple', catalogue);
    expect(both.ok ? [] : both.errors.length).toBe(2);
  });

  it('a bureau may set other limits where a law says so (data, not code)', () => {
    const wider = catalogueWith((d) => {
      d.simpleProcedure.maxFine.person = 500;
    });
    expect(classifyReview(p({ amount: 500 }), { type: 'person' }, 'simple', wider).ok).toBe(true);
    expect(classifyReview(p({ amount: 500.01 }), { type: 'person' }, 'simple', wider).ok).toBe(false);
  });
});

describe('classifyReview: scope major_only (the national minimum)', () => {
  const minimum = catalogueWith((d) => {
    d.scope.reviewed = 'major_only';
  });
  it('ordinary and not 重大: no review required', () => {
    const r = classifyReview(p(), { type: 'person' }, 'ordinary', minimum);
    expect(r).toMatchObject({ ok: true, value: { required: false, major: false } });
    if (r.ok) expect(r.value.reasons.map((x) => x.code)).toEqual(['not_in_scope']);
  });
  it('ordinary and 重大: required', () => {
    const r = classifyReview(p({ decisionType: '吊销许可证', amount: null }), { type: 'person' }, 'ordinary', minimum);
    expect(r).toMatchObject({ ok: true, value: { required: true, major: true } });
    if (r.ok) expect(r.value.reasons.map((x) => x.code)).toEqual(['licence_revocation']);
  });
});

describe('classifyReview: properties over random proposals', () => {
  // An oracle written from the words, independent of the catalogue code.
  const oracleMajor = (x: ClassifiableProposal, party: PartyType) =>
    (x.decisionType === '罚款' && x.amount !== null && x.amount >= (party === 'person' ? 10000 : 100000)) ||
    x.decisionType === '责令停产停业' ||
    x.decisionType === '吊销许可证' ||
    x.hearingHeld ||
    x.discretion === '从重' ||
    x.discretion === '减轻';
  const amounts = [0.01, 199.99, 200, 200.01, 2999.99, 3000, 3000.01, 9999.99, 10000, 10000.01, 99999.99, 100000, 1e6];

  it('2,000 random proposals agree with the oracle', () => {
    const rand = prng(20260710);
    for (let i = 0; i < 2000; i++) {
      const decisionType = DECISION_TYPES[randInt(rand, 0, DECISION_TYPES.length - 1)] as DecisionType;
      const hasAmount = decisionType === '罚款' || decisionType === '没收违法所得' || (decisionType === '其他' && rand() < 0.5);
      const x: ClassifiableProposal = {
        decisionType,
        amount: hasAmount ? (rand() < 0.5 ? (amounts[randInt(rand, 0, amounts.length - 1)] as number) : randInt(rand, 1, 300000)) : null,
        discretion: DISCRETIONS[randInt(rand, 0, DISCRETIONS.length - 1)] as Discretion,
        hearingHeld: rand() < 0.2,
      };
      const party: PartyType = rand() < 0.5 ? 'person' : 'organization';
      const procedure: Procedure = rand() < 0.5 ? 'simple' : 'ordinary';
      const r = classifyReview(x, { type: party }, procedure, catalogue);
      const major = oracleMajor(x, party);
      const ctx = JSON.stringify({ x, party, procedure });
      if (procedure === 'ordinary') {
        expect(r.ok, ctx).toBe(true);
        if (!r.ok) continue;
        expect(r.value.required, ctx).toBe(true);
        expect(r.value.major, ctx).toBe(major);
        for (const reason of r.value.reasons) expect(reason.text, ctx).toContain(`依据：${reason.source}`);
      } else {
        const allowed =
          (x.decisionType === '警告' || x.decisionType === '罚款') &&
          (x.amount === null || x.amount <= (party === 'person' ? 200 : 3000)) &&
          !major;
        expect(r.ok, ctx).toBe(allowed);
        if (r.ok) expect(r.value, ctx).toMatchObject({ required: false, major: false });
        else for (const e of r.errors) expect(e, ctx).toMatch(/普通程序/);
      }
    }
  });
});
