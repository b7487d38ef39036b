/**
 * Each document's content from a case taken through the real review workflow: the fields it must
 * carry, its number and date, and every period and remedy read from the rules table.
 */
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../functions/domain/deadlines/rules.ts';
import {
  type DocumentModel,
  type TableCell,
  draftDiscussionRecord,
  draftFilingApproval,
  draftPenaltyDecision,
  draftPriorNotice,
  draftReviewOpinion,
  draftServiceProof,
} from '../../../functions/domain/documents/index.ts';
import { approvedScenario, at, common, config, evidence, rules, service, textOf } from './helpers.ts';

const s = approvedScenario();

/** The rules table with periods changed: a document must follow it, not a copy. */
function rulesWith(amounts: Record<string, number>): Rule[] {
  return rules.map((r) => {
    const amount = amounts[r.id];
    return amount !== undefined && r.period.unit !== 'fixed_next_year_date' ? { ...r, period: { ...r.period, amount } } : r;
  });
}

/** `label → value` of a form table (the cell after each label cell). */
function tableFields(model: DocumentModel): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const b of model.blocks) {
    if (b.type !== 'table') continue;
    for (const row of b.rows) {
      row.forEach((cell: TableCell, i) => {
        const next = row[i + 1];
        if (cell.label && next && !next.label && cell.text !== null) out.set(cell.text, next.text);
      });
    }
  }
  return out;
}

const decisionInput = (over: Partial<Parameters<typeof draftPenaltyDecision>[0]> = {}) => ({
  ...common(s.theCase, '甘经信罚〔2026〕1号'),
  decision: s.decision,
  evidence,
  rules,
  party: { address: '四川省甘孜藏族自治州康定市某某路1号', representative: '王某' },
  notice: { number: '甘经信罚告〔2026〕1号', servedOn: '2026-10-10' },
  ...over,
});

describe('行政处罚决定书 (penalty_decision)', () => {
  const model = draftPenaltyDecision(decisionInput());
  const text = textOf(model);

  it('header: the bureau, the title, the number, the decision date (批准), the seal', () => {
    expect(model).toMatchObject({
      kind: 'penalty_decision',
      documentId: 'penalty_decision',
      bureau: '甘孜州经济和信息化局',
      title: '行政处罚决定书',
      number: '甘经信罚〔2026〕1号',
      date: '2026-10-13',
      seal: { bureau: '甘孜州经济和信息化局', date: '2026-10-13' },
      caseNumber: '甘经信立〔2026〕1号',
      complete: true,
      blanks: [],
    });
  });

  it('Art. 59: the party, the facts and evidence, the basis, the decision in figures and capitals', () => {
    expect(model.blocks.slice(0, 4)).toEqual([
      { type: 'field', label: '当事人', value: '某某化工有限公司' },
      { type: 'field', label: '统一社会信用代码', value: '91620100MA71ABCDE0' },
      { type: 'field', label: '住所', value: '四川省甘孜藏族自治州康定市某某路1号' },
      { type: 'field', label: '法定代表人（负责人）', value: '王某' },
    ]);
    expect(text).toContain('经查明：当事人于2026年3月起建设年综合能源消费量5000吨标准煤的项目，未按规定进行节能审查即开工建设。');
    expect(text).toContain('1. 现场检查照片-20260915-101500.jpg（照片，现场检查）');
    expect(text).toContain('2. 询问笔录（法定代表人）.pdf（文件，询问）');
    expect(text).not.toContain('执法记录仪-01.mp4'); // not relied on by the proposal
    expect(text).toContain('依据《中华人民共和国节约能源法》第十五条、第六十八条第二款的规定');
    expect(text).toContain('罚款人民币150,000元（大写：壹拾伍万元整）。');
    expect(text).toContain('当事人陈述、申辩及采纳情况：当事人提出其已补办节能审查手续');
    expect(text).toContain('2026年10月10日，本局向你单位送达了《行政处罚事先告知书》（甘经信罚告〔2026〕1号）');
    expect(text).toContain('陈述、申辩、要求听证的权利'); // 150,000 ≥ the organisation threshold
  });

  it('how and by when to pay: fifteen days from receipt (fine_payment), the late fee of Art. 72', () => {
    expect(text).toContain(
      '你单位应当自收到本决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳（《中华人民共和国行政处罚法》第六十七条第三款）。',
    );
    expect(text).toContain('每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额（《中华人民共和国行政处罚法》第七十二条第一款第（一）项）');
  });

  it('remedies: 行政复议 within sixty days, 行政诉讼 within six months, each with its source from the rules table', () => {
    expect(text).toContain(
      '你单位如不服本决定，可以在收到本决定书之日起六十日内向甘孜藏族自治州人民政府申请行政复议（《中华人民共和国行政复议法》（2023年修订）第二十条第一款），' +
        '也可以在收到本决定书之日起六个月内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条第一款）。',
    );
    expect(text).toContain('行政处罚不停止执行，法律另有规定的除外（《中华人民共和国行政处罚法》第七十三条第一款）');
  });

  it('the periods come from the rules table: change the table, the document changes', () => {
    const t = textOf(draftPenaltyDecision(decisionInput({ rules: rulesWith({ admin_review: 90, lawsuit: 12 }) })));
    expect(t).toContain('之日起九十日内向甘孜藏族自治州人民政府申请行政复议');
    expect(t).toContain('之日起十二个月内依法向人民法院提起行政诉讼');
    expect(textOf(draftPenaltyDecision(decisionInput({ rules: rulesWith({ fine_payment: 30 }) })))).toContain('之日起三十日内，到指定的银行');
    expect(() => draftPenaltyDecision(decisionInput({ rules: rules.filter((r) => r.id !== 'lawsuit') }))).toThrow(/lawsuit/);
  });

  it('a configured bank and court are named', () => {
    const t = textOf(
      draftPenaltyDecision({
        ...decisionInput(),
        config: {
          ...config,
          payment: { bank: '中国农业银行康定支行', accountName: '甘孜州财政局', accountNumber: '2281 0101 0400 1234' },
          remedies: { ...config.remedies, court: '康定市人民法院' },
        },
      }),
    );
    expect(t).toContain('缴至中国农业银行康定支行（户名：甘孜州财政局，账号：2281 0101 0400 1234）或者通过电子支付系统缴纳');
    expect(t).toContain('依法向康定市人民法院提起行政诉讼');
  });

  it('a person is addressed as 你, with 身份证号码 and 住址; discretion 从轻 is stated', () => {
    const p = approvedScenario({
      amount: '3000',
      discretion: '从轻',
      case: { party: { name: '王丂', type: 'person', idNumber: '513321198001010012' } },
    });
    const m = draftPenaltyDecision({ ...decisionInput(), decision: p.decision, case: p.theCase, party: { address: '康定市炉城镇某某街2号' } });
    const t = textOf(m);
    expect(m.blocks.slice(0, 3)).toEqual([
      { type: 'field', label: '当事人', value: '王丂' },
      { type: 'field', label: '身份证号码', value: '513321198001010012' },
      { type: 'field', label: '住址', value: '康定市炉城镇某某街2号' },
    ]);
    expect(t).toContain('你的上述行为事实清楚');
    expect(t).toContain('的规定，依法从轻处罚，本局决定对你作出如下行政处罚：');
    expect(t).toContain('罚款人民币3,000元（大写：叁仟元整）');
    expect(t).toContain('你如不服本决定');
  });

  it('a warning orders no payment; confiscation orders payment without the late fee', () => {
    const w = approvedScenario({ decisionType: '警告', amount: '' });
    const tw = textOf(draftPenaltyDecision({ ...decisionInput(), decision: w.decision }));
    expect(tw).toContain('如下行政处罚：\n警告。');
    expect(tw).not.toContain('缴纳');
    expect(tw).toContain('申请行政复议');
    const c = approvedScenario({ decisionType: '没收违法所得', amount: '8000.5' });
    const tc = textOf(draftPenaltyDecision({ ...decisionInput(), decision: c.decision }));
    expect(tc).toContain('没收违法所得人民币8,000.50元（大写：捌仟元伍角）');
    expect(tc).toContain('十五日内，到指定的银行或者通过电子支付系统缴纳');
    expect(tc).not.toContain('加处罚款');
  });

  it('an unknown address is a blank to fill in: the document says it is incomplete', () => {
    const m = draftPenaltyDecision(decisionInput({ party: {} }));
    expect(m.blocks[2]).toEqual({ type: 'field', label: '住所', value: null });
    expect(m.complete).toBe(false);
    expect(m.blanks).toEqual(['住所']);
  });

  it('refuses what is not an approved penalty, and a number that does not match the kind', () => {
    const refused = { ...s.decision, verdict: 'refused' as const };
    expect(() => draftPenaltyDecision(decisionInput({ decision: refused }))).toThrow(/approved/);
    const none = approvedScenario({ decisionType: '不予处罚', amount: '', discretion: '不予' });
    expect(() => draftPenaltyDecision(decisionInput({ decision: none.decision }))).toThrow(/no_penalty_decision/);
    expect(() => draftPenaltyDecision(decisionInput({ number: null }))).toThrow(/numbered/);
    expect(() => draftPenaltyDecision(decisionInput({ madeAt: '2026-10-13 15:00' }))).toThrow(/ISO instant/);
  });

  it('the evidence a proposal cites must be among the case’s items', () => {
    expect(() => draftPenaltyDecision(decisionInput({ evidence: evidence.slice(1) }))).toThrow(/ev-001/);
  });
});

describe('行政处罚事先告知书 (prior_notice)', () => {
  const input = (over: Partial<Parameters<typeof draftPriorNotice>[0]> = {}) => ({
    ...common(s.theCase, '甘经信罚告〔2026〕1号', at('2026-10-09')),
    proposal: s.round.proposal,
    evidence,
    rules,
    date: '2026-10-09',
    ...over,
  });
  const model = draftPriorNotice(input());
  const text = textOf(model);

  it('facts, evidence, legal basis and the proposed penalty', () => {
    expect(model).toMatchObject({ kind: 'prior_notice', title: '行政处罚事先告知书', number: '甘经信罚告〔2026〕1号', date: '2026-10-09', complete: true });
    expect(model.blocks[0]).toEqual({ type: 'paragraph', text: '某某化工有限公司：', indent: false });
    expect(text).toContain('经调查，现查明：当事人于2026年3月起建设');
    expect(text).toContain('1. 现场检查照片-20260915-101500.jpg（照片，现场检查）');
    expect(text).toContain('你单位的上述行为，依据《中华人民共和国节约能源法》第十五条、第六十八条第二款的规定，本局拟对你单位作出如下行政处罚：罚款人民币150,000元（大写：壹拾伍万元整）。');
  });

  it('the right to state and defend (Art. 44, 45) within the bureau’s period', () => {
    expect(text).toContain('根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你单位有权进行陈述和申辩。');
    expect(text).toContain('你单位可以在收到本告知书之日起五个工作日内向本局提出陈述、申辩意见');
  });

  it('the right to a hearing (Art. 63) within five working days from the rules table (Art. 64)', () => {
    expect(text).toContain('根据《中华人民共和国行政处罚法》第六十三条的规定，你单位有要求举行听证的权利。');
    expect(text).toContain('要求听证的，应当在收到本告知书之日起五个工作日内向本局提出（《中华人民共和国行政处罚法》第六十四条第（一）项、第八十五条）');
    expect(textOf(draftPriorNotice(input({ rules: rulesWith({ hearing_request: 3 }) })))).toContain('之日起三个工作日内向本局提出');
  });

  it('no hearing right for a fine under the threshold or a warning; 吊销 always; an override wins', () => {
    const small = approvedScenario({ amount: '9999.99' });
    expect(textOf(draftPriorNotice(input({ proposal: small.round.proposal })))).not.toContain('听证');
    const warning = approvedScenario({ decisionType: '警告', amount: '' });
    expect(textOf(draftPriorNotice(input({ proposal: warning.round.proposal })))).not.toContain('听证');
    expect(textOf(draftPriorNotice(input({ proposal: warning.round.proposal, hearingRight: true })))).toContain('要求举行听证的权利');
    const revoke = approvedScenario({ decisionType: '吊销许可证', amount: '' });
    expect(textOf(draftPriorNotice(input({ proposal: revoke.round.proposal })))).toContain('吊销许可证件。');
    expect(textOf(draftPriorNotice(input({ proposal: revoke.round.proposal })))).toContain('要求举行听证的权利');
  });

  it('the bureau’s contact details when configured; no evidence is a blank', () => {
    const t = textOf(draftPriorNotice(input({ config: { ...config, bureau: { ...config.bureau, address: '康定市某某路8号', phone: '0836-2800000' } } })));
    expect(t).toContain('联系地址\n康定市某某路8号');
    expect(t).toContain('联系电话\n0836-2800000');
    const bare = draftPriorNotice(input({ proposal: { ...s.round.proposal, evidenceIds: [] } }));
    expect(bare.complete).toBe(false);
    expect(bare.blanks).toEqual(['所依据的证据']);
  });

  it('不予处罚 is not a penalty: no prior notice', () => {
    const none = approvedScenario({ decisionType: '不予处罚', amount: '', discretion: '不予' });
    expect(() => draftPriorNotice(input({ proposal: none.round.proposal }))).toThrow(/第四十四条/);
  });
});

describe('法制审核意见书 (legal_review_opinion), one per round', () => {
  const model = draftReviewOpinion({ ...common(s.theCase, '甘经信法审〔2026〕1号', at('2026-09-30')), round: s.round });
  const fields = tableFields(model);

  it('the submission, the ten checklist points, the outcome, the reviewer and the date', () => {
    expect(model).toMatchObject({ kind: 'legal_review_opinion', documentId: 'legal_review_opinion.r1', date: '2026-09-30', number: '甘经信法审〔2026〕1号' });
    expect(fields.get('案号')).toBe('甘经信立〔2026〕1号');
    expect(fields.get('承办人员')).toBe('张三、李四');
    expect(fields.get('送审日期')).toBe('2026年9月29日');
    expect(fields.get('审核轮次')).toBe('第1轮');
    expect(fields.get('拟作出的决定')).toBe('罚款人民币150,000元（大写：壹拾伍万元整）');
    expect(fields.get('重大执法决定')).toBe('是（须集体讨论）');
    expect(fields.get('审核结论')).toBe('同意');
    expect(fields.get('审核意见')).toBe('事实清楚，证据充分，同意拟作出的决定。');
    expect(fields.get('审核人')).toBe('赵六');
    expect(fields.get('审核日期')).toBe('2026年9月30日');
    const checks = model.blocks.find((b) => b.type === 'table' && b.columns.length === 3);
    expect(checks?.type === 'table' && checks.rows.length).toBe(11);
    expect(textOf(model)).toContain('执法主体是否合法\n通过');
    expect(textOf(model)).toContain('违法行为是否涉嫌犯罪需要移送司法机关\n通过');
  });

  it('an unreviewed round has no opinion to draft', () => {
    const open = { ...s.round, review: null };
    expect(() => draftReviewOpinion({ ...common(s.theCase, '甘经信法审〔2026〕1号'), round: open })).toThrow(/not been reviewed/);
  });
});

describe('集体讨论记录 (collective_discussion)', () => {
  const model = draftDiscussionRecord({ ...common(s.theCase, null, at('2026-10-09')), round: s.round });
  const fields = tableFields(model);

  it('when, who, what was discussed and concluded, a line for each participant to sign', () => {
    expect(model).toMatchObject({ kind: 'collective_discussion', documentId: 'collective_discussion.r1', number: null, date: '2026-10-09', seal: null });
    expect(fields.get('讨论时间')).toBe('2026年10月9日');
    expect(fields.get('参加人员')).toBe('钱局长、孙副局长、李副局长');
    expect(fields.get('记录人')).toBe('钱局长');
    expect(fields.get('讨论结论')).toBe('同意按法制审核意见作出处罚决定');
    expect(fields.get('讨论事项')).toContain('罚款人民币150,000元');
    const sign = model.blocks.at(-1);
    expect(sign?.type === 'table' && sign.rows.slice(1).map((r) => [r[0]?.text, r[1]?.text, r[2]?.text])).toEqual([
      ['钱局长', null, '孙副局长'],
      ['李副局长', null, ''],
    ]);
  });

  it('a round without a discussion has none to record', () => {
    const plain = approvedScenario({ amount: '5000' });
    expect(plain.round.discussion).toBeNull();
    expect(() => draftDiscussionRecord({ ...common(plain.theCase, null), round: plain.round })).toThrow(/no collective discussion/);
  });
});

describe('立案审批表 (filing_approval)', () => {
  const model = draftFilingApproval(common(s.theCase, null, s.theCase.filedAt.replace('Z', '.000Z')));
  const fields = tableFields(model);

  it('the case as filed, with blank cells for the approvals', () => {
    expect(model).toMatchObject({ kind: 'filing_approval', date: '2026-07-01', number: null, seal: null, complete: true });
    expect(fields.get('案件类型')).toBe('行政处罚');
    expect(fields.get('程序')).toBe('普通程序');
    expect(fields.get('当事人')).toBe('某某化工有限公司');
    expect(fields.get('当事人类型')).toBe('法人或其他组织');
    expect(fields.get('统一社会信用代码')).toBe('91620100MA71ABCDE0');
    expect(fields.get('案件来源')).toBe('日常检查发现');
    expect(fields.get('案情摘要')).toBe('未按规定开展节能审查');
    expect(fields.get('立案依据')).toBe('《固定资产投资项目节能审查办法》');
    expect(fields.get('承办人员')).toBe('张三（执法证号：川执zhang）、李四（执法证号：川执li）');
    expect(fields.get('负责人审批意见')).toBeNull();
    expect(fields.get('立案日期')).toBe('2026年7月1日');
  });

  it('a kind without a number format refuses a number', () => {
    expect(() => draftFilingApproval(common(s.theCase, '甘经信立审〔2026〕1号'))).toThrow(/pass null/);
  });
});

describe('送达回证 (service_proof)', () => {
  const input = (over: Partial<Parameters<typeof draftServiceProof>[0]> = {}) => ({
    ...common(s.theCase, null, at('2026-10-15')),
    served: { title: '行政处罚决定书', number: '甘经信罚〔2026〕1号' },
    service,
    place: '当事人住所',
    evidence,
    ...over,
  });

  it('the document served, on whom, where, how, when, by whom; the proof named', () => {
    const model = draftServiceProof(input());
    const fields = tableFields(model);
    expect(model).toMatchObject({ kind: 'service_proof', date: '2026-10-15', seal: { date: '2026-10-15' }, complete: true });
    expect(fields.get('送达文书名称')).toBe('《行政处罚决定书》');
    expect(fields.get('文书编号')).toBe('甘经信罚〔2026〕1号');
    expect(fields.get('受送达人')).toBe('某某化工有限公司');
    expect(fields.get('送达地点')).toBe('当事人住所');
    expect(fields.get('送达方式')).toBe('直接送达');
    expect(fields.get('送达日期')).toBe('2026年10月15日');
    expect(fields.get('送达人')).toBe('张三、李四');
    expect(fields.get('备注')).toBe('送达凭证：\n1. 执法记录仪-01.mp4（视频，现场检查）');
  });

  it('an unrecorded place is a blank', () => {
    const model = draftServiceProof(input({ place: null }));
    expect(model.complete).toBe(false);
    expect(model.blanks).toEqual(['送达地点']);
  });
});

describe('versions in the model', () => {
  it('a correction is version n superseding n − 1 with its reason; an inconsistent version is refused', () => {
    const v2 = draftPenaltyDecision({ ...decisionInput(), version: { version: 2, supersedes: 1, reason: '当事人住所有误' } });
    expect(v2.version).toEqual({ version: 2, supersedes: 1, reason: '当事人住所有误' });
    expect(v2.number).toBe('甘经信罚〔2026〕1号');
    expect(() => draftPenaltyDecision({ ...decisionInput(), version: { version: 2, supersedes: null, reason: null } })).toThrow(/inconsistent/);
    expect(() => draftPenaltyDecision({ ...decisionInput(), version: { version: 1, supersedes: null, reason: '无' } })).toThrow(/inconsistent/);
  });

  it('a model is plain JSON: it survives a round trip unchanged', () => {
    const m = draftPenaltyDecision(decisionInput());
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });
});
