/** 案件 <案件编号> and the 查看 button: one case's card, to those who may see it. */
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import type { CaseStore } from '../../../../functions/ports/index.ts';
import { filingRequest } from '../../../helpers/factories.ts';
import { appServices, asOfficer, cardText, messageJob, PEOPLE, STRANGER, tap, textOf, useWorker } from '../harness.ts';

/** 张三 files a case with 李四; it is number 1 of 2026. */
async function fileOne(cases: CaseStore) {
  const { case: c } = await cases.fileCase(
    filingRequest({ formId: 'F-show', year: 2026, partyName: '甘孜某某矿业有限公司', officers: [asOfficer(PEOPLE.zhang), asOfficer(PEOPLE.li)] }),
  );
  return c;
}

describe('Command: 案件', () => {
  const h = useWorker();

  it('shows the case card to its officer, however the number is written', async () => {
    await fileOne(h().cases);
    for (const written of ['甘经信立〔2026〕1号', '甘经信立[2026]1号', '〔2026〕1号', '2026-1', '1号', '1']) {
      h().sim.reset();
      const job = messageJob(h(), { from: PEOPLE.li.openId, text: `案件 ${written}` });
      await runJob(job, h().s);
      const [reply] = h().sent();
      expect(reply?.msg_type, written).toBe('interactive');
      expect(reply?.parent_id).toBe(job.messageId);
      expect(cardText(reply)).toContain('甘孜某某矿业有限公司');
      expect(cardText(reply)).toContain('办案期限');
    }
  });

  it('reads the number written straight after 案件, and 查案件 the same', async () => {
    await fileOne(h().cases);
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, text: '案件甘经信立〔2026〕1号' }), h().s);
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, text: '查案件 1号' }), h().s);
    expect(h().sent().map((m) => m.msg_type)).toEqual(['interactive', 'interactive']);
  });

  it('shows it to the oversight roles, and to nobody else: “not found or no access”, the same as a missing case', async () => {
    await fileOne(h().cases);
    await runJob(messageJob(h(), { from: PEOPLE.zhao.openId, text: '案件 1号' }), h().s);
    await runJob(messageJob(h(), { from: PEOPLE.sun.openId, text: '案件 1号' }), h().s);
    await runJob(messageJob(h(), { from: PEOPLE.sun.openId, text: '案件 99号' }), h().s);
    await runJob(messageJob(h(), { from: PEOPLE.li.openId, text: '案件 1号' }), h().s);
    const [reviewer, office, missing, officer] = h().sent();
    expect(reviewer?.msg_type).toBe('interactive');
    // Each card offers its reader what they may do: 申请法制审核 is for the case's officers.
    expect(JSON.stringify(officer?.content)).toContain('"action":"review.open"');
    expect(JSON.stringify(reviewer?.content)).not.toContain('review.open');
    expect(textOf(office)).toContain('无权查看');
    expect(textOf(office)).not.toContain('甘孜');
    expect(textOf(missing)).toBe(textOf(office).replace('1号', '99号'));
  });

  it('answers an unreadable number with the ways to write one', async () => {
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, text: '案件 去年那个' }), h().s);
    const hint = textOf(h().sent()[0]);
    for (const form of ['甘经信立〔2026〕1号', '〔2026〕1号', '2026-1', '1号']) expect(hint).toContain(form);
  });

  it('in a group chat sends the card privately and says so in the group', async () => {
    await fileOne(h().cases);
    const job = messageJob(h(), { from: PEOPLE.zhang.openId, text: '案件 1号', chatType: 'group' });
    await runJob(job, h().s);
    const [dm, note] = h().sent();
    expect(dm).toMatchObject({ receive_id: PEOPLE.zhang.openId, receive_id_type: 'open_id', msg_type: 'interactive' });
    expect(note).toMatchObject({ parent_id: job.messageId, msg_type: 'text' });
    expect(textOf(note)).toContain('单聊');
  });
});

describe('Card action: case.show', () => {
  it('answers the 查看 button with the case card', async () => {
    const { s, cases } = await appServices();
    const c = await fileOne(cases);
    const res = await handleCardAction(tap({ by: PEOPLE.zhang.openId, value: { action: 'case.show', case_id: c.caseId } }), s);
    expect(res.toast).toBeUndefined();
    expect(JSON.stringify(res.card)).toContain('甘经信立〔2026〕1号');
  });

  it('still works for an old card’s button (`show_case`), as cards already in people’s chats send it', async () => {
    const { s, cases } = await appServices();
    const c = await fileOne(cases);
    const res = await handleCardAction(tap({ by: PEOPLE.li.openId, value: { action: 'show_case', case_id: c.caseId } }), s);
    expect(JSON.stringify(res.card)).toContain('甘孜某某矿业有限公司');
  });

  it('shows nothing to someone not allowed, or not on the roster', async () => {
    const { s, cases } = await appServices();
    const c = await fileOne(cases);
    const peek = await handleCardAction(tap({ by: PEOPLE.sun.openId, value: { action: 'case.show', case_id: c.caseId } }), s);
    expect(peek).toEqual({ toast: { type: 'error', content: expect.stringContaining('无权查看') } });
    const stranger = await handleCardAction(tap({ by: STRANGER, value: { action: 'case.show', case_id: c.caseId } }), s);
    expect(stranger).toEqual({ toast: { type: 'error', content: expect.stringContaining('行政审批科') } });
  });

  it('takes a malformed case id for an expired card', async () => {
    const { s } = await appServices();
    const res = await handleCardAction(tap({ by: PEOPLE.zhang.openId, value: { action: 'case.show', case_id: '../../etc' } }), s);
    expect(res).toEqual({ toast: { type: 'error', content: '该卡片已过期，请重新发送指令。' } });
  });
});
