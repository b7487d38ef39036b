/** 送达 <案件编号>, the case card's 送达 button (service.open) and 确认送达 (service.record). */
import { beforeEach, describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { syncDeadlinesJob } from '../../../../functions/app/deadlines/sync.ts';
import { caseCardFor } from '../../../../functions/app/case/case-card.ts';
import { decideInMemory, decision } from '../../../helpers/decision.ts';
import { attach } from '../evidence/helpers.ts';
import { cardText, NOW, PEOPLE, STRANGER, tap, textOf, sayTo, useWorker, type WorkerHarness } from '../harness.ts';
import { HEAD, penaltyCase } from '../deadlines/helpers.ts';

const worker = useWorker();
let h: WorkerHarness;
beforeEach(async () => {
  h = worker();
  await h.roster.replaceAll([...Object.values(PEOPLE), HEAD], NOW.toISOString());
});

const say = (from: string, text: string) => sayTo(h, from, text);

/** A penalty case decided on 2026-02-27 (a 5,000 yuan fine) with a 送达回证 photo as evidence. */
async function decidedCase() {
  const c = await penaltyCase(h);
  decideInMemory(h.cases, c.caseId, decision({ date: '2026-02-27' }));
  const receipt = await attach(h, c, { bytes: '送达回证', fileName: '送达回证.jpg' });
  return { c, receipt };
}

const readable = (v: unknown) => JSON.stringify(v).replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));

const submit = (by: string, caseId: string, formValue: Record<string, unknown>) =>
  handleCardAction(tap({ by, value: { action: 'service.record', case_id: caseId }, formValue }), h.s);

describe('Command: 送达', () => {
  it('gives an officer of a decided case the form: served_on, method, proof from the case’s evidence, 确认送达', async () => {
    const { c, receipt } = await decidedCase();
    const text = cardText(await say(PEOPLE.li.openId, `送达 ${c.caseNumber}`));
    expect(text).toContain('"name":"served_on"');
    expect(text).toContain('"name":"method"');
    expect(text).toContain(receipt.evidenceId);
    expect(text).toContain('确认送达');
  });

  it('says what to do: not decided yet, no evidence, not an officer; a stranger hears the case does not exist', async () => {
    const c = await penaltyCase(h);
    expect(textOf(await say(PEOPLE.zhang.openId, `送达 ${c.caseNumber}`))).toContain('尚未作出决定');
    decideInMemory(h.cases, c.caseId, decision({ date: '2026-02-27' }));
    expect(textOf(await say(PEOPLE.zhang.openId, `送达 ${c.caseNumber}`))).toContain('还没有可作为送达凭证的证据');
    expect(textOf(await say(PEOPLE.zhao.openId, `送达 ${c.caseNumber}`))).toBe('只有本案的承办人员可以登记送达。');
    await h.roster.replaceAll([...Object.values(PEOPLE), HEAD, { ...PEOPLE.chen, openId: STRANGER }], NOW.toISOString());
    expect(textOf(await say(STRANGER, `送达 ${c.caseNumber}`))).toContain('未找到案件');
  });
});

describe('Card action: service.open', () => {
  it('the case card of a decided, unserved case offers 送达 to its officers; the tap answers with the form', async () => {
    const { c } = await decidedCase();
    const fresh = (await h.cases.get(c.caseId))!;
    expect(JSON.stringify(await caseCardFor(fresh, PEOPLE.zhang, h.s))).toContain('"action":"service.open"');
    // Oversight roles see the case, but the card offers them nothing they would be refused.
    for (const viewer of [HEAD, PEOPLE.zhao]) expect(JSON.stringify(await caseCardFor(fresh, viewer, h.s)), viewer.name).not.toContain('service.open');
    const res = await handleCardAction(tap({ by: PEOPLE.zhang.openId, value: { action: 'service.open', case_id: c.caseId } }), h.s);
    expect(JSON.stringify(res.card)).toContain('确认送达');
    const refused = await handleCardAction(tap({ by: PEOPLE.zhao.openId, value: { action: 'service.open', case_id: c.caseId } }), h.s);
    expect(refused.toast).toEqual({ type: 'error', content: '只有本案的承办人员可以登记送达。' });
  });
});

describe('Card action: service.record', () => {
  it('records the service and its entry, hands the deadline sync on, and a repeated tap records nothing more', async () => {
    const { c, receipt } = await decidedCase();
    const res = await submit(PEOPLE.li.openId, c.caseId, { served_on: '2026-03-01 +0800', method: '直接送达', proof: [receipt.evidenceId] });
    expect(res.toast).toEqual({ type: 'success', content: '送达已登记' });
    const served = await h.cases.get(c.caseId);
    expect(served?.service).toMatchObject({ servedOn: '2026-03-01', method: '直接送达', proofEvidenceIds: [receipt.evidenceId], recordedBy: { openId: PEOPLE.li.openId } });
    const entries = await h.cases.records(c.caseId);
    expect(entries.at(-1)).toMatchObject({ action: 'decision.served', actor: PEOPLE.li.openId, detail: { decision_id: '1', served_on: '2026-03-01', method: '直接送达', proof: [receipt.evidenceId] } });
    expect(h.submitted.slice(-2)).toEqual([
      { kind: 'deadlines.sync', scope: 'case', caseId: c.caseId },
      { kind: 'document.draft', caseId: c.caseId, document: 'service_proof' },
    ]);
    // The card no longer offers 送达.
    expect(JSON.stringify(await caseCardFor(served!, PEOPLE.li, h.s))).not.toContain('service.open');

    const again = await submit(PEOPLE.zhang.openId, c.caseId, { served_on: '2026-03-02', method: '邮寄送达', proof: [receipt.evidenceId] });
    expect(again.toast).toBeUndefined();
    expect(JSON.stringify(again.card)).toContain('本案已登记送达');
    expect(await h.cases.records(c.caseId)).toHaveLength(entries.length);
    expect((await h.cases.get(c.caseId))?.service?.servedOn).toBe('2026-03-01');
  });

  it('refuses a date before the decision or in the future, an unknown method, proof from another case: the form comes back with the problems', async () => {
    const { c, receipt } = await decidedCase();
    const early = await submit(PEOPLE.zhang.openId, c.caseId, { served_on: '2026-02-20', method: '直接送达', proof: [receipt.evidenceId] });
    expect(early.toast).toEqual({ type: 'error', content: '请按卡片上的提示修改后再提交。' });
    expect(readable(early.card)).toContain('不能早于决定日期 2026-02-27');
    const future = await submit(PEOPLE.zhang.openId, c.caseId, { served_on: '2026-03-03', method: '飞鸽传书', proof: ['ev_000000000000000000000000'] });
    const text = readable(future.card);
    expect(text).toContain('不能晚于今天（2026-03-02）');
    expect(text).toContain('送达方式：请选择');
    expect(text).toContain('不是本案的证据');
    expect((await h.cases.get(c.caseId))?.service).toBeUndefined();
    expect(h.submitted).toEqual([]);
  });

  it('checks on the server who may record it and whether the case was decided, whatever the card offered', async () => {
    const c = await penaltyCase(h);
    const receipt = await attach(h, c, { bytes: '回证' });
    const form = { served_on: '2026-03-01', method: '直接送达', proof: [receipt.evidenceId] };
    expect((await submit(PEOPLE.zhang.openId, c.caseId, form)).toast?.content).toContain('尚未作出决定');
    decideInMemory(h.cases, c.caseId, decision({ date: '2026-02-27' }));
    expect((await submit(PEOPLE.zhao.openId, c.caseId, form)).toast?.content).toBe('只有本案的承办人员可以登记送达。');
    expect((await submit(PEOPLE.chen.openId, c.caseId, form)).toast?.content).toContain('未找到案件');
    expect((await h.cases.get(c.caseId))?.service).toBeUndefined();
  });

  it('starts the party’s periods: 缴纳罚款 15 days, 复议期限 60 days, 起诉期限 6 months, listed by 期限 and scheduled', async () => {
    const { c, receipt } = await decidedCase();
    await submit(PEOPLE.zhang.openId, c.caseId, { served_on: '2026-03-02', method: '直接送达', proof: [receipt.evidenceId] });
    await syncDeadlinesJob.run({ scope: 'case', caseId: c.caseId }, h.s);
    const stored = Object.fromEntries((await h.deadlines.list(`case:${c.caseId}`)).map((d) => [d.deadline.kind, d]));
    expect(stored.fine_payment?.deadline.dueDate).toBe('2026-03-17');
    // 2026-05-01 is in the Labour Day holiday (1–5 May): the last day rolls to the next working day.
    expect(stored.admin_review?.deadline.dueDate).toBe('2026-05-06');
    expect(stored.lawsuit?.deadline.dueDate).toBe('2026-09-02');
    expect(stored.service?.deadline.status).toBe('met');
    expect(stored.fine_payment?.schedules.length).toBeGreaterThan(0);
    const listed = cardText(await say(PEOPLE.zhang.openId, `期限 ${c.caseNumber}`));
    expect(listed).toContain('缴纳罚款');
    expect(listed).toContain('复议期限');
    expect(listed).toContain('起诉期限');
  });
});
