/** The reminder card, the 期限 lists, the service and payment forms and the confirmation: valid JSON 2.0, escaped, within limits. */
import { describe, expect, it } from 'vitest';
import { caseCard, deadlineListCard, DEADLINE_LIST_MAX_ROWS, paymentFormCard, reminderCard, SERVICE_PROOF_MAX_OPTIONS, serviceFormCard, serviceRecordedCard } from '../../../cards/index.ts';
import { SERVICE_METHODS } from '../../../functions/domain/service/form.ts';
import { assertValidCard, CARD_MAX_BYTES, cardContentByteSize, cardIssues } from '../../../local/card-validator.ts';
import { caseView, decodeEntities, findByTag, MALICIOUS, markdownContents } from './views.ts';

describe('reminderCard', () => {
  it('says what is due, when, the source and the case, escaped, with the action that meets it', () => {
    const card = reminderCard({
      label: '届满前7日',
      ruleName: '办案期限',
      what: MALICIOUS,
      due: '2026-06-01（星期一）',
      countdown: '还有 7 天',
      source: '《中华人民共和国行政处罚法》第六十条',
      provisional: true,
      escalation: false,
      caseNumber: '甘经信立〔2026〕1号',
      action: { text: '打开案件', value: { action: 'case.show', case_id: '2026-000001' } },
    });
    assertValidCard(card);
    const text = decodeEntities(markdownContents(card).join('\n'));
    expect(text).toContain(MALICIOUS);
    expect(text).toContain('2026-06-01（星期一），还有 7 天');
    expect(text).toContain('推算');
    expect(card.header.title.content).toBe('期限提醒：办案期限');
    expect(JSON.stringify(card)).toContain('"action":"case.show","case_id":"2026-000001"');
  });

  it('is red for the escalation', () => {
    const card = reminderCard({ label: '逾期报负责人', ruleName: '办案期限', what: 'x', due: 'd', countdown: '已逾期 1 天', source: 's', provisional: false, escalation: true });
    assertValidCard(card);
    expect(card.header).toMatchObject({ template: 'red', title: { content: '逾期提醒：办案期限' } });
  });
});

describe('deadlineListCard', () => {
  const row = (i: number) => ({ ruleName: `规则${i}`, what: MALICIOUS, due: '2026-06-01（星期一）', status: '未到期', statusKind: 'open' as const, source: '依据', provisional: false, caseNumber: `甘经信立〔2026〕${i}号` });
  it('lists rows, pending and lapsed ones, escaped; caps the rows under the card limit', () => {
    const card = deadlineListCard({
      title: '我的期限',
      rows: Array.from({ length: DEADLINE_LIST_MAX_ROWS + 5 }, (_, i) => row(i)),
      pending: [{ ruleName: '起诉期限', text: '待登记送达后计算' }],
      lapsed: [{ ruleName: '公开', reason: MALICIOUS }],
      empty: '没有',
    });
    assertValidCard(card);
    expect(cardContentByteSize(card)).toBeLessThan(CARD_MAX_BYTES);
    const text = decodeEntities(markdownContents(card).join('\n'));
    expect(text).toContain('另有 5 项未列出');
    expect(text).toContain('待登记送达后计算');
    expect(text).toContain(MALICIOUS);
  });
  it('says so when empty', () => {
    const card = deadlineListCard({ title: '我的期限', rows: [], pending: [], lapsed: [], empty: '目前没有与您有关的未完成期限。' });
    assertValidCard(card);
    expect(markdownContents(card).join('')).toContain('目前没有');
  });
});

describe('serviceFormCard', () => {
  const evidence = Array.from({ length: SERVICE_PROOF_MAX_OPTIONS + 20 }, (_, i) => ({ evidenceId: `ev_${String(i).padStart(24, '0')}`, label: `${MALICIOUS}${i}` }));
  it('has served_on, method (the six ways), proof from the case’s evidence, and 确认送达 in one form', () => {
    const card = serviceFormCard({ caseId: '2026-000001', caseNumber: '甘经信立〔2026〕1号', decisionDate: '2026-03-10', decisionText: '罚款 5000 元', evidence });
    assertValidCard(card);
    expect(cardContentByteSize(card)).toBeLessThan(CARD_MAX_BYTES);
    const [form] = findByTag(card, 'form');
    expect(form?.name).toBe('service_form');
    expect(findByTag(card, 'date_picker').map((x) => x.name)).toEqual(['served_on']);
    const [method] = findByTag(card, 'select_static');
    expect((method?.options as { value: string }[]).map((o) => o.value)).toEqual([...SERVICE_METHODS]);
    const [proof] = findByTag(card, 'multi_select_static');
    expect(proof).toMatchObject({ name: 'proof', required: true });
    expect((proof?.options as unknown[]).length).toBe(SERVICE_PROOF_MAX_OPTIONS);
    const [button] = findByTag(card, 'button');
    expect(button).toMatchObject({ text: { content: '确认送达' }, form_action_type: 'submit' });
    expect(JSON.stringify(button)).toContain('"action":"service.record","case_id":"2026-000001"');
  });

  it('comes back filled in with the problems in red', () => {
    const card = serviceFormCard({
      caseId: '2026-000001',
      caseNumber: '甘经信立〔2026〕1号',
      decisionDate: '2026-03-10',
      decisionText: '罚款',
      evidence: evidence.slice(0, 3),
      values: { servedOn: '2026-03-01', method: '邮寄送达', proof: [evidence[1]!.evidenceId, 'ev_forged'] },
      errors: ['送达日期：不能早于决定日期 2026-03-10'],
    });
    assertValidCard(card);
    expect(findByTag(card, 'date_picker')[0]?.initial_date).toBe('2026-03-01');
    expect(findByTag(card, 'select_static')[0]?.initial_option).toBe('邮寄送达');
    expect(findByTag(card, 'multi_select_static')[0]?.selected_values).toEqual([evidence[1]!.evidenceId]);
    expect(markdownContents(card).join('\n')).toContain("<font color='red'>");
  });
});

describe('the fake refuses a multi_select_static outside a form', () => {
  it('reports it', () => {
    const card = serviceFormCard({ caseId: '2026-000001', caseNumber: 'n', decisionDate: '2026-03-10', decisionText: '罚款', evidence: [{ evidenceId: 'ev_1', label: 'a' }] });
    const proof = findByTag(card, 'multi_select_static')[0];
    const broken = { ...card, body: { elements: [...card.body.elements, proof] } };
    expect(cardIssues(broken).join('\n')).toContain('multi_select_static must be inside a form');
  });
});

describe('serviceRecordedCard and the case card’s 送达 button', () => {
  it('confirms the service; the case card offers 送达 only when asked to', () => {
    const card = serviceRecordedCard({ caseNumber: 'n', servedOn: '2026-03-12', method: '直接送达', proofCount: 2, recordedByName: MALICIOUS, periods: [], earlier: false });
    assertValidCard(card);
    expect(decodeEntities(markdownContents(card).join('\n'))).toContain(MALICIOUS);
    expect(JSON.stringify(caseCard(caseView()))).not.toContain('service.open');
    const serve = caseCard(caseView({ canServe: true }));
    assertValidCard(serve);
    expect(JSON.stringify(serve)).toContain('"action":"service.open"');
  });
});

describe('withdrawalFormCard and disclosureDigestCard', () => {
  it('the head’s form: kind (the four grounds), reason, 确认撤回 with a confirmation; filled in with problems', async () => {
    const { withdrawalFormCard, disclosureDigestCard } = await import('../../../cards/index.ts');
    const card = withdrawalFormCard({ caseId: '2026-000001', caseNumber: 'n', decisionText: '罚款人民币5000元', decisionDate: '2026-03-10', published: true, values: { kind: '撤销', reason: MALICIOUS }, errors: ['公开说明的理由：至少 4 个字'] });
    assertValidCard(card);
    expect((findByTag(card, 'select_static')[0]?.options as { value: string }[]).map((o) => o.value)).toEqual(['变更', '撤销', '确认违法', '确认无效']);
    expect(findByTag(card, 'select_static')[0]?.initial_option).toBe('撤销');
    expect(findByTag(card, 'input')[0]).toMatchObject({ name: 'reason', required: true, default_value: MALICIOUS });
    const [button] = findByTag(card, 'button');
    expect(button).toMatchObject({ text: { content: '确认撤回' }, form_action_type: 'submit' });
    expect(JSON.stringify(button)).toContain('"action":"disclosure.withdraw","case_id":"2026-000001"');

    const digest = disclosureDigestCard({ date: '2026-03-12', published: [MALICIOUS], withdrawn: [], expired: [], atRisk: Array.from({ length: 60 }, (_, i) => `甘经信立〔2026〕${i}号：公开期限`) });
    assertValidCard(digest);
    expect(cardContentByteSize(digest)).toBeLessThan(CARD_MAX_BYTES);
    const text = decodeEntities(markdownContents(digest).join('\n'));
    expect(text).toContain(MALICIOUS);
    expect(text).toContain('另有 20 项');
    expect(digest.header.template).toBe('orange');
  });
});

describe('paymentFormCard', () => {
  const fine = { decided: '5,000 元', paid: '1,200.50 元', payments: 1, outstanding: '3,799.50 元' };
  const paymentId = `P${'a'.repeat(32)}`;
  it('shows the fine, has amount, paid_on (today unless chosen) and 确认缴款 with the payment id in one form; mistakes in red, the amount kept', () => {
    const card = paymentFormCard({ caseId: '2026-000001', caseNumber: '甘经信立〔2026〕1号', paymentId, decisionDate: '2026-03-10', fine, today: '2026-03-12' });
    assertValidCard(card);
    const text = decodeEntities(markdownContents(card).join('\n'));
    for (const line of ['**决定罚款**：5,000 元（2026-03-10）', '**已缴纳**：1,200.50 元（1 笔）', '**未缴纳**：3,799.50 元']) expect(text).toContain(line);
    const [form] = findByTag(card, 'form');
    expect(form?.name).toBe('payment_form');
    expect(findByTag(card, 'input')).toMatchObject([{ name: 'amount', required: true }]);
    expect(findByTag(card, 'date_picker')).toMatchObject([{ name: 'paid_on', required: false, initial_date: '2026-03-12' }]);
    const [button] = findByTag(card, 'button');
    expect(button).toMatchObject({ text: { content: '确认缴款' }, form_action_type: 'submit' });
    expect(JSON.stringify(button)).toContain(`"action":"payment.record","case_id":"2026-000001","payment_id":"${paymentId}"`);

    const again = paymentFormCard({
      caseId: '2026-000001',
      caseNumber: '甘经信立〔2026〕1号',
      paymentId,
      decisionDate: '2026-03-10',
      fine,
      today: '2026-03-12',
      values: { amount: `${MALICIOUS}${'9'.repeat(40)}`, paidOn: '2026-03-11' },
      errors: [MALICIOUS],
    });
    assertValidCard(again);
    expect(decodeEntities(markdownContents(again).join('\n'))).toContain(MALICIOUS);
    const [amount] = findByTag(again, 'input');
    expect(Array.from(amount?.default_value as string)).toHaveLength(20);
    expect(findByTag(again, 'date_picker')[0]?.initial_date).toBe('2026-03-11');
  });

  it('is offered on the case card while some of a decided fine is owed', () => {
    expect(JSON.stringify(caseCard(caseView({ fine, canPay: true })))).toContain('"action":"payment.open","case_id"');
    expect(JSON.stringify(caseCard(caseView({ fine })))).not.toContain('payment.open');
  });
});
