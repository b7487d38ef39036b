import { describe, expect, it } from 'vitest';
import {
  buildPublicDecision,
  buildWithdrawnNotice,
  disclosureInputSchema,
  findLeaks,
  pageId,
  renderDecisionPage,
  renderWithdrawnPage,
  subjectsOf,
} from '../../../functions/domain/disclosure/index.ts';
import { ORG_CODE, PERSON_ID, orgDecision, personDecision, redaction, site } from './helpers.ts';

const ctx = { site, rules: redaction, publishedOn: '2026-10-09', expiresOn: '2029-10-09' };

describe('buildPublicDecision: a natural person', () => {
  const r = buildPublicDecision(personDecision(), ctx);
  const page = r.ok ? r.value : null;

  it('has the 118号 content: body, target, category, conclusion, legal basis, date', () => {
    expect(page).toEqual({
      status: 'published',
      id: '2026-000007-1',
      caseNumber: '甘经信立〔2026〕7号',
      decisionNumber: '甘经信罚〔2026〕3号',
      title: '行政处罚决定（甘经信罚〔2026〕3号）',
      body: '甘孜州经济和信息化局',
      target: { type: 'person', name: '张某某' },
      category: '行政处罚',
      facts: '当事人张某某（身份证号[身份证号码已隐去]，住址：[地址已隐去]，电话[电话号码已隐去]）未按规定开展节能审查。',
      conclusion: '罚款人民币五千元',
      legalBasis: '《中华人民共和国节约能源法》第六十八条第一款',
      decisionDate: '2026-09-28',
      publishedOn: '2026-10-09',
      expiresOn: '2029-10-09',
    });
  });

  it('shows none of the person’s data, not even in the rendered page', () => {
    const json = JSON.stringify(page);
    const html = renderDecisionPage(site, page!);
    for (const raw of ['张三', PERSON_ID, '13812345678', '向阳街12号']) {
      expect(json).not.toContain(raw);
      expect(html).not.toContain(raw);
    }
    expect(findLeaks(html, subjectsOf(personDecision()))).toEqual([]);
  });
});

describe('buildPublicDecision: an organisation', () => {
  it('shows its name and credit code; a person in the text (its legal representative) is still masked', () => {
    const r = buildPublicDecision(orgDecision(), ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.target).toEqual({ type: 'organization', name: '甘孜某某商贸有限公司', creditCode: ORG_CODE });
    expect(r.value.facts).toBe('法定代表人李某某（电话[电话号码已隐去]）称，公司于2026年5月在康定市炉城镇向阳街12号仓库存放未经检验的设备。');
    expect(r.value.decisionNumber).toBeUndefined();
    expect(r.value.title).toBe('行政处罚决定（甘经信立〔2026〕8号）');
  });
  it('without a credit code the target has none', () => {
    const r = buildPublicDecision(orgDecision({ party: { type: 'organization', name: '某合作社', idNumber: ' ' } }), ctx);
    expect(r.ok && r.value.target).toEqual({ type: 'organization', name: '某合作社' });
  });
});

describe('confidentiality and missing content', () => {
  it('a field marked confidential is left out; facts are optional', () => {
    const r = buildPublicDecision(personDecision({ confidentialFields: ['facts'] }), ctx);
    expect(r.ok && r.value.facts).toBeUndefined();
    const noFacts = buildPublicDecision(personDecision({ facts: undefined }), ctx);
    expect(noFacts.ok && 'facts' in noFacts.value).toBe(false);
  });
  it('passages marked confidential are removed from every text', () => {
    const r = buildPublicDecision(personDecision({ conclusion: '罚款人民币五千元，工艺参数为每小时三吨', confidentialPassages: ['工艺参数为每小时三吨'] }), ctx);
    expect(r.ok && r.value.conclusion).toBe('罚款人民币五千元，[依法不予公开的内容已略去]');
  });
  it('a confidential decision, an empty or hidden conclusion or legal basis: not built, and said why', () => {
    expect(buildPublicDecision(personDecision({ confidential: true }), ctx)).toEqual({ ok: false, errors: ['该决定标记为依法不予公开，不能公开'] });
    expect(buildPublicDecision(personDecision({ conclusion: '  ' }), ctx)).toEqual({
      ok: false,
      errors: ['执法结论为空或标记为不公开：118号要求公开执法结论，请补充可公开的结论'],
    });
    expect(buildPublicDecision(personDecision({ confidentialFields: ['conclusion', 'legalBasis'] }), ctx)).toEqual({
      ok: false,
      errors: ['执法结论为空或标记为不公开：118号要求公开执法结论，请补充可公开的结论', '法律依据为空或标记为不公开：请补充可公开的法律依据'],
    });
  });
  it('a leak the redaction cannot reach (here: the ID typed into the case number) blocks the page, naming only the kind', () => {
    const r = buildPublicDecision(personDecision({ caseNumber: `甘经信立${PERSON_ID}` }), ctx);
    expect(r).toEqual({ ok: false, errors: ['隐私检查未通过：处理后仍含身份证号码，未写入；请核对案件登记的当事人信息'] });
    expect(JSON.stringify(r)).not.toContain(PERSON_ID);
  });
});

describe('buildWithdrawnNotice', () => {
  const n = buildWithdrawnNotice(
    personDecision(),
    { kind: '撤销', reason: '经行政复议，张三提交的新证据表明原决定认定事实不清，联系人电话13812345678' },
    { ...ctx, withdrawnOn: '2026-11-09' },
  );
  it('says what happened and why (the reason redacted), without the decision’s content or its target', () => {
    expect(n).toEqual({
      ok: true,
      value: {
        status: 'withdrawn',
        id: '2026-000007-1',
        caseNumber: '甘经信立〔2026〕7号',
        decisionNumber: '甘经信罚〔2026〕3号',
        title: '行政处罚决定（甘经信罚〔2026〕3号）已撤回',
        body: '甘孜州经济和信息化局',
        category: '行政处罚',
        decisionDate: '2026-09-28',
        publishedOn: '2026-10-09',
        withdrawnOn: '2026-11-09',
        kind: '撤销',
        note: '本机关于2026年9月28日作出的行政处罚决定（甘经信罚〔2026〕3号）已被依法撤销，原公开的决定信息予以撤回。',
        reason: '经行政复议，张某某提交的新证据表明原决定认定事实不清，联系人电话[电话号码已隐去]',
        expiresOn: '2029-10-09',
      },
    });
    const html = renderWithdrawnPage(site, n.ok ? n.value : (null as never));
    expect(html).toContain('已被依法撤销');
    expect(html).not.toContain('罚款人民币五千元');
    expect(html).not.toContain('张三');
  });
  it('an empty reason is refused (the law asks for a public reason)', () => {
    expect(buildWithdrawnNotice(personDecision(), { kind: '变更', reason: ' ' }, { ...ctx, withdrawnOn: '2026-11-09' })).toEqual({
      ok: false,
      errors: ['撤回理由为空：须公开说明理由（行政处罚法第四十八条第二款）'],
    });
  });
});

describe('disclosureInputSchema', () => {
  it('accepts the fixtures and refuses malformed ones', () => {
    expect(disclosureInputSchema.safeParse(personDecision()).success).toBe(true);
    expect(disclosureInputSchema.safeParse(orgDecision()).success).toBe(true);
    for (const bad of [
      personDecision({ caseId: '7' }),
      personDecision({ decisionId: '../x' }),
      personDecision({ decisionDate: '2026-02-30' }),
      personDecision({ category: '罚款' as never }),
      personDecision({ confidentialFields: ['party' as never] }),
    ]) {
      expect(disclosureInputSchema.safeParse(bad).success).toBe(false);
    }
    expect(pageId(personDecision())).toBe('2026-000007-1');
  });
});
