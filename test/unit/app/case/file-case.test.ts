/** 立案 sends the filing form; its 提交 (case.file) files the case and hands its follow-up to the worker. */
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import { appServices, cardText, messageJob, PEOPLE, STRANGER, tap, textOf, useWorker } from '../harness.ts';

/** A form that passes every check: a valid 统一社会信用代码 and two certified officers. */
const form = (over: Record<string, unknown> = {}) => ({
  party_name: '甘孜某某矿业有限公司',
  party_type: 'organization',
  party_id: '91510000MA6123456P',
  case_type: '行政处罚',
  procedure: 'ordinary',
  summary: '未按规定报送能源利用状况报告。',
  source: '监督检查',
  legal_basis: '《中华人民共和国节约能源法》第八十二条',
  officers: [PEOPLE.zhang.openId, PEOPLE.li.openId],
  ...over,
});

describe('Command: 立案', () => {
  const h = useWorker();

  it('sends an officer the filing form, the same form for a re-delivered message', async () => {
    const job = messageJob(h(), { from: PEOPLE.zhang.openId, text: '立案' });
    await runJob(job, h().s);
    const [first] = h().sent();
    // Feishu drops the second reply by its uuid; were it to arrive, it would be the same form.
    h().sim.reset();
    await runJob(job, h().s);
    const [second] = h().sent();
    expect(first?.msg_type).toBe('interactive');
    expect(cardText(first)).toContain('立案登记');
    const formId = (json: string) => /"action":"case\.file","form_id":"([^"]+)"/.exec(json)?.[1];
    expect(formId(cardText(first))).toMatch(/^F[0-9a-f]{32}$/);
    expect(formId(cardText(second))).toBe(formId(cardText(first)));
  });

  it('tells someone without the officer role that only officers file, and sends no form', async () => {
    await runJob(messageJob(h(), { from: PEOPLE.zhao.openId, text: '立案' }), h().s);
    const [reply] = h().sent();
    expect(reply?.msg_type).toBe('text');
    expect(textOf(reply)).toContain('只有执法人员');
  });
});

describe('Card action: case.file', () => {
  it('files the case: the case card in place of the form, the record entry, and the case.filed job', async () => {
    const { s, cases, submitted } = await appServices();
    const res = await handleCardAction(tap({ by: PEOPLE.zhang.openId, value: { action: 'case.file', form_id: 'F1' }, formValue: form(), messageId: 'om_form' }), s);
    expect(res.toast).toEqual({ type: 'success', content: '✅ 立案成功：甘经信立〔2026〕1号' });
    expect(JSON.stringify(res.card)).toContain('甘孜某某矿业有限公司');
    expect(JSON.stringify(res.card)).not.toContain('91510000MA6123456P');
    expect(await cases.records('2026-000001')).toEqual([
      expect.objectContaining({ seq: 1, action: 'case.filed', actor: PEOPLE.zhang.openId, detail: expect.objectContaining({ formId: 'F1' }) }),
    ]);
    expect(await cases.getFollowUp({ caseId: '2026-000001', recordSeq: 1 })).toMatchObject({
      status: 'pending',
      formMessageId: 'om_form',
      parts: { form: 'pending', [`notice:${PEOPLE.li.openId}`]: 'pending' },
    });
    expect(submitted).toEqual([{ kind: 'case.filed', caseId: '2026-000001' }]);
  });

  it('answers a repeated tap with the same case, and hands on only what is still owed', async () => {
    const { s, cases, submitted } = await appServices();
    const submit = () => handleCardAction(tap({ by: PEOPLE.zhang.openId, value: { action: 'case.file', form_id: 'F2' }, formValue: form() }), s);
    await submit();
    const again = await submit();
    expect(again.toast).toEqual({ type: 'info', content: '该表单已提交过，案件编号 甘经信立〔2026〕1号' });
    expect(submitted).toHaveLength(2);
    await cases.completeFollowUp({ caseId: '2026-000001', recordSeq: 1 });
    await submit();
    expect(submitted).toHaveLength(2);
    expect(await cases.listOpenForUser(PEOPLE.zhang.openId, { limit: 10 })).toMatchObject({ items: [{ caseId: '2026-000001' }] });
  });

  it('still works for an old card’s button (`file_case`), and for a form whose value was dropped (keyed by its message)', async () => {
    const { s } = await appServices();
    const old = await handleCardAction(tap({ by: PEOPLE.zhang.openId, value: { action: 'file_case', form_id: 'F3' }, formValue: form() }), s);
    expect(old.toast?.type).toBe('success');
    const valueless = () => handleCardAction(tap({ by: PEOPLE.zhang.openId, value: undefined, formValue: form({ party_name: '无值表单公司' }), messageId: 'om_old_form' }), s);
    expect((await valueless()).toast).toEqual({ type: 'success', content: '✅ 立案成功：甘经信立〔2026〕2号' });
    expect((await valueless()).toast?.type).toBe('info');
  });

  it('files even when the job cannot be handed on now (the scheduled run hands it on later)', async () => {
    const { s, cases, failSubmits } = await appServices();
    failSubmits(true);
    const res = await handleCardAction(tap({ by: PEOPLE.zhang.openId, value: { action: 'case.file', form_id: 'F4' }, formValue: form() }), s);
    expect(res.toast?.type).toBe('success');
    expect(await cases.pendingFollowUps('2026-03-03T00:00:00.000Z', 10)).toEqual([{ caseId: '2026-000001', recordSeq: 1, action: 'case.filed' }]);
  });

  it('gives a form with problems back filled in, the problems in red, and writes nothing', async () => {
    const { s, cases } = await appServices();
    const res = await handleCardAction(
      tap({ by: PEOPLE.zhang.openId, value: { action: 'case.file', form_id: 'F5' }, formValue: form({ source: '', officers: [PEOPLE.zhang.openId, PEOPLE.wang.openId] }) }),
      s,
    );
    expect(res.toast).toEqual({ type: 'error', content: '案件来源：不能为空' });
    const card = JSON.stringify(res.card);
    expect(card).toContain('提交未成功');
    expect(card).toContain('甘孜某某矿业有限公司');
    const certificate = await handleCardAction(
      tap({ by: PEOPLE.zhang.openId, value: { action: 'case.file', form_id: 'F5' }, formValue: form({ officers: [PEOPLE.zhang.openId, PEOPLE.wang.openId] }) }),
      s,
    );
    expect(certificate.toast?.content).toMatch(/^承办人员：王五 的行政执法证.*已于 2025-12-31 到期/);
    expect(await cases.get('2026-000001')).toBeNull();
  });

  it('refuses someone without the officer role, and someone not on the roster, writing nothing', async () => {
    const { s, cases } = await appServices();
    const reviewer = await handleCardAction(tap({ by: PEOPLE.zhao.openId, value: { action: 'case.file', form_id: 'F6' }, formValue: form() }), s);
    expect(reviewer).toEqual({ toast: { type: 'error', content: expect.stringContaining('只有执法人员') } });
    const stranger = await handleCardAction(tap({ by: STRANGER, value: { action: 'case.file', form_id: 'F6' }, formValue: form() }), s);
    expect(stranger).toEqual({ toast: { type: 'error', content: expect.stringContaining('行政审批科') } });
    expect(await cases.get('2026-000001')).toBeNull();
  });

  it('shows nothing of someone else’s case to a person replaying their form id', async () => {
    const { s } = await appServices();
    await handleCardAction(tap({ by: PEOPLE.zhang.openId, value: { action: 'case.file', form_id: 'F7' }, formValue: form() }), s);
    const replay = await handleCardAction(tap({ by: PEOPLE.chen.openId, value: { action: 'case.file', form_id: 'F7' }, formValue: form({ officers: [PEOPLE.chen.openId, PEOPLE.li.openId] }) }), s);
    expect(replay).toEqual({ toast: { type: 'error', content: '该卡片已过期，请重新发送指令。' } });
  });
});
