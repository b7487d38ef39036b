/**
 * Legal review (法制审核) over HTTP exactly as Feishu sends it: signed, encrypted pushes and card
 * callbacks built from the cards the bot actually sent (a button found by its text, its value sent
 * back with the form's values), the worker's cards read back from the fake Open API, the state and the
 * record log in DynamoDB Local.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import type { SimMessage } from '../../local/feishu-sim.ts';
import { cardAction, postFeishu, USERS } from '../helpers/feishu.ts';
import { useTestStack } from '../helpers/stack.ts';
import { buttonValue, conversation, readable, textOf } from './evidence-helpers.ts';
import { reviewForm } from '../helpers/review-forms.ts';

const getStack = useTestStack({ rosterFile: fileURLToPath(new URL('../fixtures/review-roster.json', import.meta.url)) });
const talk = conversation(getStack);
const WU = 'ou_7a8b9c0d1e2f3a4b5c6d7e8f90a1b2c3'; // 吴审, reviewer
const FENG = 'ou_8b9c0d1e2f3a4b5c6d7e8f90a1b2c3d4'; // 冯副局长, head

const cardsUrl = () => `${getStack().botUrl}/feishu/cards`;
const records = (caseId: string) => new DynamoCaseStore(getStack().db, getStack().tableName).records(caseId);
const getCase = (caseId: string) => new DynamoCaseStore(getStack().db, getStack().tableName).get(caseId);
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The card an answer carries (the callback's `card.data`). */
const answerCard = (res: { json: Record<string, any> }) => res.json.card?.data as unknown;

/** Taps a button (by its text) on a card, sending back its value and the form's values as Feishu does. */
async function press(openId: string, card: unknown, text: string, formValue?: Record<string, unknown>, where?: SimMessage) {
  const res = await postFeishu(
    cardsUrl(),
    cardAction({ openId, value: buttonValue(card, text), ...(formValue ? { formValue } : {}), ...(where ? { messageId: where.message_id, chatId: where.chat_id } : {}) }),
  );
  expect(res.status).toBe(200);
  await getStack().jobs.idle();
  return res;
}

/** The latest message the bot sent to `openId` whose card says `marker`. */
function latestTo(openId: string, marker: string): SimMessage {
  const found = getStack().sim.messages().filter((m) => m.receive_id === openId && readable(m).includes(marker)).at(-1);
  if (!found) throw new Error(`nothing with “${marker}” sent to ${openId}`);
  return found;
}
const sentTo = (openId: string, marker: string) => getStack().sim.messages().filter((m) => m.receive_id === openId && readable(m).includes(marker));

function proposal(evidence: string[], over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    decision_type: '罚款',
    amount: '5000',
    facts: '当事人未按规定报送能源利用状况报告，经督促仍未改正',
    evidence,
    legal_provisions: '《节约能源法》第八十二条',
    discretion: '一般',
    hearing_held: 'no',
    defence: '当事人放弃陈述申辩',
    ...over,
  };
}

/** The evidence ids the form offers (its multi-select's options). */
function offeredEvidence(form: unknown): string[] {
  const m = /"tag":"multi_select_static".*?"options":(\[[^\]]*\])/.exec(JSON.stringify(form));
  return m ? (JSON.parse(m[1] as string) as { value: string }[]).map((o) => o.value) : [];
}

/** A case of 张三 with 李四 and one written record; the case card as the bot sent it. */
async function caseWithEvidence() {
  const filed = await talk.fileCase(USERS.zhang, [USERS.zhang, USERS.li]);
  await talk.say(USERS.zhang, '记录 现场检查发现当事人未报送能源利用状况报告', { parentId: filed.card.message_id });
  return filed;
}

/** 申请法制审核 from the case card, then 提交审核 with the proposal: the form and the answer. */
async function requestReview(filed: { card: SimMessage }, over: Record<string, unknown> = {}) {
  const opened = await press(USERS.zhang, filed.card.content, '申请法制审核', undefined, filed.card);
  const form = answerCard(opened);
  const submitted = await press(USERS.zhang, form, '提交审核', proposal(offeredEvidence(form), over), filed.card);
  return { form, submitted };
}

describe('legal review over HTTP', () => {
  it('rejection with notes and resubmission: every copy updates in place, the officer resubmits a pre-filled form, the head approves', async () => {
    const filed = await caseWithEvidence();
    const { form, submitted } = await requestReview(filed);
    expect(offeredEvidence(form)).toHaveLength(1);
    expect(submitted.json.toast).toMatchObject({ type: 'success', content: expect.stringContaining('已提交法制审核（第 1 轮）') });

    // Both reviewers got the card; 赵六 returns it with a note and an opinion.
    const zhaoCard = latestTo(USERS.zhao, '法制审核 第 1 轮');
    const wuCard = latestTo(WU, '法制审核 第 1 轮');
    expect(readable(zhaoCard)).toContain('审核时限：');
    expect(readable(zhaoCard)).toContain('张三：执法证');
    const returned = await press(USERS.zhao, zhaoCard.content, '退回补充', reviewForm({ evidence: '缺少询问笔录' }, '请补充询问笔录后重新提交'), zhaoCard);
    expect(returned.json.toast).toEqual({ type: 'success', content: '已审核：退回补充（第 1 轮）' });

    // 吴审's copy changed in place: the outcome, who and when; no form any more.
    const wuAfter = getStack().sim.messages().find((m) => m.message_id === wuCard.message_id) as SimMessage;
    expect(wuAfter.updated_at).toBeDefined();
    expect(readable(wuAfter)).toContain('审核结果：退回补充**（赵六，');
    expect(readable(wuAfter)).not.toContain('"name":"check_subject"');

    // The officers get the result with 重新提交; 李四 opens the form pre-filled and adds evidence.
    const result = latestTo(USERS.li, '法制审核结果 第 1 轮');
    expect(readable(result)).toContain('缺少询问笔录');
    await talk.say(USERS.li, '记录 询问笔录：当事人承认未报送', { parentId: filed.card.message_id });
    const reopened = await press(USERS.li, result.content, '重新提交', undefined, result);
    const prefilled = answerCard(reopened);
    expect(readable({ content: prefilled } as SimMessage)).toContain('当事人未按规定报送能源利用状况报告');
    const evidence = offeredEvidence(prefilled);
    expect(evidence).toHaveLength(2);
    const resubmitted = await press(USERS.li, prefilled, '提交审核', proposal(evidence), result);
    expect(resubmitted.json.toast.content).toContain('已重新提交法制审核（第 2 轮）');

    // The reviewers see what changed; round 1's card says it is stale and changes nothing.
    const round2 = latestTo(WU, '法制审核 第 2 轮');
    expect(readable(round2)).toContain('与上一轮相比的修改');
    const stale = await postFeishu(cardsUrl(), cardAction({ openId: WU, value: buttonValue(wuCard.content, '同意'), formValue: reviewForm(), messageId: wuCard.message_id }));
    expect(stale.json.toast).toEqual({ type: 'error', content: '此卡片是第 1 轮的，已被第 2 轮取代，操作无效；请使用最新的卡片' });

    await press(WU, round2.content, '同意', reviewForm(), round2);
    const headCard = latestTo(USERS.head, '负责人决定 第 2 轮');
    const approved = await press(USERS.head, headCard.content, '批准', {}, headCard);
    expect(approved.json.toast.content).toContain(`决定日期 ${today()}`);

    const c = await getCase(filed.caseId);
    expect(c).toMatchObject({ status: 'decided', decision: { date: today(), decisionType: '罚款', amount: 5000, major: false, round: 2, approvedBy: { name: '钱局长' } } });
    const actions = (await records(filed.caseId)).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('review.') || a.startsWith('decision.'))).toEqual([
      'review.requested',
      'review.returned',
      'review.resubmitted',
      'review.approved',
      'decision.approved',
    ]);
    const toZhang = getStack().sim.messages().filter((m) => m.receive_id === USERS.zhang);
    expect(toZhang.map(textOf).some((t) => t.includes('已批准作出决定'))).toBe(true);
    // The steps' documents reached the officer as PDF files: the 法制审核意见书 of each reviewed round, the
    // 事先告知书 after 同意, the 行政处罚决定书 after 批准 (and the 立案审批表 at filing).
    expect(toZhang.map(textOf).filter((t) => /已制作(法制审核意见书|行政处罚事先告知书|行政处罚决定书)/.test(t))).toHaveLength(4);
    expect(toZhang.filter((m) => m.msg_type === 'file').length).toBeGreaterThanOrEqual(5);

    const [trail] = await talk.say(USERS.li, `审核记录 ${filed.caseNumber}`);
    for (const s of ['承办', '张三', '赵六', '退回补充', '请补充询问笔录后重新提交', '吴审', '钱局长', '批准']) expect(readable(trail)).toContain(s);
    const [caseCard] = await talk.say(USERS.zhang, `案件 ${filed.caseNumber}`);
    expect(readable(caseCard)).toContain('已作出决定');
    expect(readable(caseCard)).toContain('审核时限：');
  });

  it('unauthorised taps get a toast, change nothing and are record entries', async () => {
    const filed = await caseWithEvidence();
    await requestReview(filed);
    const zhaoCard = latestTo(USERS.zhao, '法制审核 第 1 轮');
    const asOfficer = await press(USERS.li, zhaoCard.content, '同意', reviewForm(), zhaoCard);
    expect(asOfficer.json.toast).toEqual({ type: 'error', content: '只有法制审核人员可以审核' });
    const asOffice = await press(USERS.sun, zhaoCard.content, '同意', reviewForm(), zhaoCard);
    expect(asOffice.json.toast.content).toBe('只有法制审核人员可以审核');
    const stranger = await press(USERS.stranger, zhaoCard.content, '同意', reviewForm(), zhaoCard);
    expect(stranger.json.toast.content).toContain('不在本局执法人员名册中');

    await press(USERS.zhao, zhaoCard.content, '同意', reviewForm(), zhaoCard);
    const headCard = latestTo(USERS.head, '负责人决定 第 1 轮');
    const notHead = await press(USERS.zhao, headCard.content, '批准', {}, headCard);
    expect(notHead.json.toast.content).toBe('只有负责人可以作出决定');
    expect((await getCase(filed.caseId))?.status).toBe('filed');
    const attempts = (await records(filed.caseId)).filter((e) => e.action === 'review.unauthorised_attempt');
    expect(attempts.map((e) => [e.actor, e.detail.why])).toEqual([
      [USERS.li, 'not_reviewer'],
      [USERS.sun, 'not_reviewer'],
      [USERS.zhao, 'not_head'],
    ]);
  });

  it('20 concurrent 同意 taps by two reviewers: one outcome and one decision card per head', async () => {
    const filed = await caseWithEvidence();
    await requestReview(filed);
    const cards = [latestTo(USERS.zhao, '法制审核 第 1 轮'), latestTo(WU, '法制审核 第 1 轮')];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const [who, card] = i % 2 === 0 ? [USERS.zhao, cards[0]] : [WU, cards[1]];
        return postFeishu(cardsUrl(), cardAction({ openId: who as string, value: buttonValue(card?.content, '同意'), formValue: reviewForm(), messageId: card?.message_id }));
      }),
    );
    await getStack().jobs.idle();
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.json.toast?.type === 'success')).toHaveLength(1);
    for (const r of results.filter((x) => x.json.toast?.type !== 'success')) {
      expect(r.json.toast).toMatchObject({ type: 'info', content: expect.stringMatching(/^第 1 轮已由 (赵六|吴审) 于 .+ 审核：同意$/) });
    }
    expect((await records(filed.caseId)).filter((e) => e.action === 'review.approved')).toHaveLength(1);
    expect(sentTo(USERS.head, '负责人决定 第 1 轮')).toHaveLength(1);
    expect(sentTo(FENG, '负责人决定 第 1 轮')).toHaveLength(1);
  });

  it('an attempt to decide without review is refused by the gate, whatever the tap says', async () => {
    const filed = await caseWithEvidence();
    const forged = await postFeishu(cardsUrl(), cardAction({ openId: USERS.head, value: { action: 'review.decide', case_id: filed.caseId, round: null, verdict: 'approved' }, formValue: {} }));
    expect(forged.json.toast).toEqual({ type: 'error', content: '本案尚未提交法制审核，不得作出决定（行政处罚法第五十八条）' });
    await requestReview(filed);
    const early = await postFeishu(cardsUrl(), cardAction({ openId: USERS.head, value: { action: 'review.decide', case_id: filed.caseId, round: 1, verdict: 'approved' }, formValue: {} }));
    expect(early.json.toast.content).toBe('第 1 轮法制审核尚未通过，不得作出决定（行政处罚法第五十八条）');
    expect((await getCase(filed.caseId))?.decision).toBeUndefined();
    expect((await records(filed.caseId)).map((e) => e.action)).not.toContain('decision.approved');
  });

  it('the simple-procedure limit: over 200 yuan for a person is refused as simple and must go ordinary', async () => {
    const [formMsg] = await talk.say(USERS.zhang, '立案');
    const formId = /"form_id":"([^"]+)"/.exec(JSON.stringify(formMsg?.content))?.[1];
    const filedRes = await postFeishu(
      cardsUrl(),
      cardAction({
        openId: USERS.zhang,
        value: { action: 'case.file', form_id: formId },
        formValue: {
          party_name: '王某',
          party_type: 'person',
          party_id: '11010519491231002X',
          case_type: '行政处罚',
          procedure: 'simple',
          summary: '当场发现违法行为',
          source: '现场检查',
          legal_basis: '《行政处罚法》第五十一条',
          officers: [USERS.zhang, USERS.li],
        },
        messageId: formMsg?.message_id,
      }),
    );
    expect(filedRes.json.toast.type).toBe('success');
    await getStack().jobs.idle();
    const card = getStack().sim.messages().find((m) => m.message_id === formMsg?.message_id) as SimMessage;
    const { submitted } = await requestReview({ card }, { amount: '201' });
    expect(submitted.json.toast.type).toBe('error');
    expect(submitted.json.toast.content).toContain('第五十一条');
    expect(readable({ content: answerCard(submitted) } as SimMessage)).toContain('普通程序');
    expect(sentTo(USERS.zhao, '法制审核 第 1 轮')).toHaveLength(0);
  });

  it('集体讨论 for a 重大 case: 批准 appears only once the discussion is recorded', async () => {
    const filed = await caseWithEvidence();
    await requestReview(filed, { amount: '150000' });
    const zhaoCard = latestTo(USERS.zhao, '法制审核 第 1 轮');
    expect(readable(zhaoCard)).toContain('重大执法决定');
    await press(USERS.zhao, zhaoCard.content, '同意', reviewForm(), zhaoCard);
    const headCard = latestTo(USERS.head, '负责人决定 第 1 轮');
    expect(() => buttonValue(headCard.content, '批准')).toThrow();
    const tooFew = await press(USERS.head, headCard.content, '录入集体讨论记录', { discussion_date: today(), participants: '钱局长', conclusion: '同意' }, headCard);
    expect(tooFew.json.toast.type).toBe('error');
    const recorded = await press(USERS.head, headCard.content, '录入集体讨论记录', { discussion_date: today(), participants: '钱局长、冯副局长、赵六', conclusion: '同意按拟定意见作出处罚决定' }, headCard);
    expect(recorded.json.toast.content).toBe(`已录入集体讨论记录（第 1 轮，${today()}）`);
    // 冯副局长's copy follows: it now offers 批准.
    const fengCopy = getStack().sim.messages().find((m) => m.message_id === latestTo(FENG, '负责人决定 第 1 轮').message_id) as SimMessage;
    expect(readable(fengCopy)).toContain('集体讨论');
    const approved = await press(FENG, fengCopy.content, '批准', {}, fengCopy);
    expect(approved.json.toast.type).toBe('success');
    expect((await getCase(filed.caseId))?.decision).toMatchObject({ major: true, amount: 150000, approvedBy: { name: '冯副局长' } });
    const log = (await records(filed.caseId)).map((e) => e.action);
    expect(log.indexOf('discussion.recorded')).toBeLessThan(log.indexOf('decision.approved'));
  });
});
