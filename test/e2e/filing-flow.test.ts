/**
 * The filing conversation driven over HTTP exactly as Feishu sends it (encrypted, signed), with the
 * replies read back from the fake Open API that the real Feishu SDK client talks to.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { cardAction, messageEvent, newId, postFeishu, USERS, validFilingForm } from '../helpers/feishu.ts';
import { useTestStack } from '../helpers/stack.ts';

const getStack = useTestStack();
const events = () => `${getStack().botUrl}/feishu/events`;
const cards = () => `${getStack().botUrl}/feishu/cards`;


/** Sends a text message and waits until the worker has replied. */
async function say(openId: string, text: string, extra: Parameters<typeof messageEvent>[0] extends infer T ? Partial<T> : never = {}) {
  const ev = messageEvent({ openId, text, ...extra });
  const res = await postFeishu(events(), ev);
  expect(res.status).toBe(200);
  await getStack().jobs.idle();
  return { ev, messages: getStack().sim.messages() };
}

function cardText(card: unknown): string {
  return JSON.stringify(card);
}

async function countItems(prefix: string): Promise<number> {
  // Test-only inspection by key prefix on known partitions (no Scan on request paths; tests read directly).
  const res = await getStack().db.send(
    new QueryCommand({ TableName: getStack().tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': prefix } }),
  );
  return res.Count ?? 0;
}

describe('the filing conversation', () => {
  it('answers 帮助 with the help card', async () => {
    const { ev, messages } = await say(USERS.zhang, '帮助');
    expect(messages).toHaveLength(1);
    const [m] = messages;
    expect(m?.parent_id).toBe(ev.event.message.message_id);
    expect(m?.msg_type).toBe('interactive');
    expect(cardText(m?.content)).toContain('立案');
    expect(cardText(m?.content)).toContain('我的案件');
    expect(cardText(m?.content)).toContain('张三');
  });

  it('files a case from 立案 to 提交 and shows it in 我的案件 and 案件 <编号>', async () => {
    const { messages } = await say(USERS.zhang, '立案');
    expect(messages).toHaveLength(1);
    const form = messages[0]?.content as any;
    const formText = JSON.stringify(form);
    for (const name of ['party_name', 'party_type', 'party_id', 'case_type', 'procedure', 'summary', 'source', 'legal_basis', 'officers']) {
      expect(formText).toContain(`"name":"${name}"`);
    }
    const formId = /"form_id":"([^"]+)"/.exec(formText)?.[1];
    expect(formId).toBeTruthy();

    const submit = await postFeishu(
      cards(),
      cardAction({ openId: USERS.zhang, value: { action: 'file_case', form_id: formId }, formValue: validFilingForm(), messageId: messages[0]!.message_id }),
    );
    expect(submit.status).toBe(200);
    expect(submit.json.toast.type).toBe('success');
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    expect(submit.json.toast.content).toContain(`甘经信立〔${year}〕1号`);
    expect(submit.json.card.type).toBe('raw');
    expect(JSON.stringify(submit.json.card.data)).toContain('甘孜某某矿业有限公司');
    // The full credit code never goes back into chat.
    expect(JSON.stringify(submit.json.card.data)).not.toContain('91510000MA6123456P');

    await getStack().jobs.idle();
    const after = getStack().sim.messages();
    // The form message now shows the case; the co-officer is told they were assigned.
    const form2 = after.find((m) => m.message_id === messages[0]!.message_id);
    expect(form2?.updated_at).toBeTruthy();
    expect(JSON.stringify(form2?.content)).toContain(`甘经信立〔${year}〕1号`);
    const dm = after.find((m) => m.receive_id === USERS.li);
    expect(dm?.receive_id_type).toBe('open_id');
    expect(JSON.stringify(dm?.content)).toContain('承办人员');

    getStack().sim.reset();
    const mine = await say(USERS.li, '我的案件');
    expect(JSON.stringify(mine.messages[0]?.content)).toContain(`甘经信立〔${year}〕1号`);

    getStack().sim.reset();
    const show = await say(USERS.zhang, `案件 甘经信立[${year}]1号`);
    const shown = JSON.stringify(show.messages[0]?.content);
    expect(shown).toContain('甘孜某某矿业有限公司');
    expect(shown).toContain('张三');
    expect(shown).toContain('李四');
    // The case card carries the deadline of its stage: 办案期限, 90 days from filing.
    expect(shown).toContain('办案期限');

    // Every unambiguous way of writing the number finds the same case.
    for (const written of [`〔${year}〕1号`, `(${year})1`, `${year}-1`, '1号', '1']) {
      getStack().sim.reset();
      const again = await say(USERS.zhang, `案件 ${written}`);
      expect(again.messages[0]?.msg_type, written).toBe('interactive');
      expect(JSON.stringify(again.messages[0]?.content), written).toContain('甘孜某某矿业有限公司');
    }
    getStack().sim.reset();
    const unreadable = await say(USERS.zhang, '案件 去年那个');
    const hint = (unreadable.messages[0]?.content as { text: string }).text;
    for (const form of [`甘经信立〔${year}〕1号`, `〔${year}〕1号`, `${year}-1`, '1号']) expect(hint).toContain(form);

    // The record log has the filing entry, written with the case, then the 立案审批表 the worker drafted.
    const caseId = `${year}-000001`;
    const records = await getStack().services.cases.records(caseId);
    expect(records.map((r) => r.action)).toEqual(['case.filed', 'document.drafted']);
    expect(records[0]).toMatchObject({ action: 'case.filed', actor: USERS.zhang, seq: 1 });
  });

  it('does not show a case to someone who is not on it', async () => {
    const { messages } = await say(USERS.sun, `案件 甘经信立〔${new Date().getUTCFullYear()}〕1号`);
    expect(messages[0]?.msg_type).toBe('text');
    expect(JSON.stringify(messages[0]?.content)).toContain('无权查看');
  });

  it('tells an unknown user to ask 行政审批科, and writes nothing', async () => {
    const { messages } = await say(USERS.stranger, '立案');
    expect(messages).toHaveLength(1);
    expect((messages[0]?.content as { text: string }).text).toContain('行政审批科');
    const res = await postFeishu(
      cards(),
      cardAction({ openId: USERS.stranger, value: { action: 'file_case', form_id: 'Fstranger' }, formValue: validFilingForm() }),
    );
    expect(res.json.toast.type).toBe('error');
    expect(res.json.toast.content).toContain('行政审批科');
    expect(await countItems('FORM#Fstranger')).toBe(0);
  });

  it('refuses an uncertified or expired officer by name, and writes nothing', async () => {
    const formId = newId('F');
    const res = await postFeishu(
      cards(),
      cardAction({ openId: USERS.zhang, value: { action: 'file_case', form_id: formId }, formValue: validFilingForm({ officers: [USERS.zhang, USERS.zhou, USERS.wang] }) }),
    );
    expect(res.status).toBe(200);
    expect(res.json.toast.type).toBe('error');
    const card = JSON.stringify(res.json.card.data);
    expect(card).toContain('周九 没有行政执法证');
    expect(card).toContain('王五 的行政执法证');
    // The form comes back filled in, so nothing typed is lost.
    expect(card).toContain('甘孜某某矿业有限公司');
    expect(await countItems(`FORM#${formId}`)).toBe(0);
  });

  it('files a submitted form even when the button value is missing, once per form message', async () => {
    const ev = cardAction({ openId: USERS.zhang, value: undefined, formValue: validFilingForm({ party_name: '无值表单公司' }), messageId: 'om_form_without_value' });
    const first = await postFeishu(cards(), ev);
    expect(first.json.toast.type).toBe('success');
    const again = await postFeishu(cards(), cardAction({ openId: USERS.zhang, value: undefined, formValue: validFilingForm({ party_name: '无值表单公司' }), messageId: 'om_form_without_value' }));
    expect(again.json.toast.type).toBe('info');
    expect(again.json.toast.content).toBe(first.json.toast.content.replace('✅ 立案成功：', '该表单已提交过，案件编号 '));
  });

  it('refuses a co-officer who is not an enforcement officer, even with a certificate, and writes nothing', async () => {
    // The form offers only officers; a forged form naming a reviewer or the head is refused on the server.
    for (const who of [USERS.zhao, USERS.head]) {
      const formId = newId('F');
      const res = await postFeishu(
        cards(),
        cardAction({ openId: USERS.zhang, value: { action: 'file_case', form_id: formId }, formValue: validFilingForm({ officers: [USERS.zhang, who] }) }),
      );
      expect(res.json.toast.type).toBe('error');
      const card = JSON.stringify(res.json.card.data);
      expect(card).toContain(who === USERS.zhao ? '赵六 不是执法人员' : '钱局长 不是执法人员');
      expect(await countItems(`FORM#${formId}`)).toBe(0);
    }
  });

  it('needs a second officer', async () => {
    const res = await postFeishu(
      cards(),
      cardAction({ openId: USERS.zhang, value: { action: 'file_case', form_id: newId('F') }, formValue: validFilingForm({ officers: [USERS.zhang] }) }),
    );
    expect(JSON.stringify(res.json.card.data)).toContain('至少选择 1 名');
  });

  it('says which form field is wrong and why', async () => {
    const res = await postFeishu(
      cards(),
      cardAction({
        openId: USERS.zhang,
        value: { action: 'file_case', form_id: newId('F') },
        formValue: validFilingForm({ party_type: 'person', party_id: '91510000MA6123456P', case_type: '罚款' }),
      }),
    );
    const card = JSON.stringify(res.json.card.data);
    expect(card).toContain('案件类型');
    expect(res.json.toast.type).toBe('error');
    const res2 = await postFeishu(
      cards(),
      cardAction({ openId: USERS.zhang, value: { action: 'file_case', form_id: newId('F') }, formValue: validFilingForm({ party_type: 'person' }) }),
    );
    expect(JSON.stringify(res2.json.card.data)).toContain('身份证');
  });

  it('takes one event once even when Feishu delivers it five times', async () => {
    const ev = messageEvent({ openId: USERS.zhang, text: '帮助' });
    expect((await postFeishu(events(), ev)).status).toBe(200);
    // Once the worker has the job, every re-delivery is acknowledged without work. (Before that a
    // re-delivery gets a 500 and Feishu tries again later: test/e2e/protocol.test.ts.)
    await getStack().jobs.idle();
    for (let i = 0; i < 4; i++) expect((await postFeishu(events(), ev)).status).toBe(200);
    await getStack().jobs.idle();
    expect(getStack().sim.messages()).toHaveLength(1);
  });

  it('files one case when the same submit arrives five times (re-delivery and double taps)', async () => {
    const formId = newId('F');
    const ev = cardAction({ openId: USERS.zhang, value: { action: 'file_case', form_id: formId }, formValue: validFilingForm({ party_name: '五次提交测试公司' }) });
    const numbers = new Set<string>();
    for (let i = 0; i < 3; i++) numbers.add((await postFeishu(cards(), ev)).json.toast.content.match(/甘经信立〔\d+〕\d+号/)[0]);
    // Two more taps: new event ids, same form.
    for (let i = 0; i < 2; i++) {
      const tap = cardAction({ openId: USERS.zhang, value: { action: 'file_case', form_id: formId }, formValue: validFilingForm({ party_name: '五次提交测试公司' }) });
      numbers.add((await postFeishu(cards(), tap)).json.toast.content.match(/甘经信立〔\d+〕\d+号/)[0]);
    }
    expect(numbers.size).toBe(1);
    await getStack().jobs.idle();
    const mine = await getStack().services.cases.listOpenForUser(USERS.zhang, { limit: 50 });
    expect(mine.items.filter((c) => c.partyName === '五次提交测试公司')).toHaveLength(1);
  });

  it('gives 20 officers filing at the same moment 20 consecutive numbers', async () => {
    const before = (await getStack().services.cases.listOpenForUser(USERS.li, { limit: 100 })).items.length;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postFeishu(
          cards(),
          cardAction({ openId: i % 2 ? USERS.zhang : USERS.li, value: { action: 'file_case', form_id: newId('Fc') }, formValue: validFilingForm({ party_name: `并发公司${i}`, officers: [USERS.zhang, USERS.li] }) }),
        ),
      ),
    );
    expect(results.every((r) => r.status === 200 && r.json.toast.type === 'success')).toBe(true);
    const seqs = results.map((r) => Number(/〕(\d+)号/.exec(r.json.toast.content)?.[1])).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => seqs[0]! + i));
    expect((await getStack().services.cases.listOpenForUser(USERS.li, { limit: 100 })).items.length).toBe(before + 20);
  });

  it('pages 我的案件 with 下一页 and opens a case with 查看', async () => {
    const { messages } = await say(USERS.li, '我的案件');
    const page1 = JSON.stringify(messages[0]?.content);
    expect(page1).toContain('第1页');
    const cursor = /"action":"case\.list","cursor":"([^"]+)"/.exec(page1)?.[1];
    expect(cursor).toBeTruthy();
    const next = await postFeishu(cards(), cardAction({ openId: USERS.li, value: { action: 'list_cases', cursor } }));
    const page2 = JSON.stringify(next.json.card.data);
    expect(page2).toContain('第2页');
    const ids1 = [...page1.matchAll(/"case_id":"([^"]+)"/g)].map((m) => m[1]);
    const ids2 = [...page2.matchAll(/"case_id":"([^"]+)"/g)].map((m) => m[1]);
    expect(ids1).toHaveLength(10);
    expect(ids2.filter((id) => ids1.includes(id))).toEqual([]);

    const open = await postFeishu(cards(), cardAction({ openId: USERS.li, value: { action: 'show_case', case_id: ids2[0] } }));
    expect(JSON.stringify(open.json.card.data)).toContain('办案期限');
    const peek = await postFeishu(cards(), cardAction({ openId: USERS.sun, value: { action: 'show_case', case_id: ids2[0] } }));
    expect(peek.json.toast.type).toBe('error');
    expect(peek.json.card).toBeUndefined();
    // Someone else's cursor does not page through li's list.
    const stolen = await postFeishu(cards(), cardAction({ openId: USERS.zhao, value: { action: 'list_cases', cursor } }));
    expect(stolen.json.toast.type).toBe('error');
    expect(stolen.json.card).toBeUndefined();
    const junk = await postFeishu(cards(), cardAction({ openId: USERS.li, value: { action: 'delete_everything' } }));
    expect(junk.json.toast.type).toBe('error');
  });

  it('retries a failed Open API call and delivers the reply once', async () => {
    getStack().sim.injectFault({ match: 'POST /open-apis/im/v1/messages/.*/reply', status: 500, count: 2 });
    const { messages } = await say(USERS.zhang, '帮助');
    expect(messages).toHaveLength(1);
  });

  it('answers 算期限 with the due date, weekday, source and how it was counted', async () => {
    const { messages } = await say(USERS.zhang, '算期限 处罚决定公开 2026-09-28');
    const text = (messages[0]?.content as { text: string }).text;
    expect(text).toContain('2026-10-13（星期二）');
    expect(text).toContain('国办发〔2018〕118号');
    expect(text).toContain('2026-10-01 至 2026-10-07 国庆节放假，不计');
    expect(text).toContain('2026-10-10（星期六）调休上班');
    getStack().sim.reset();
    const wrong = await say(USERS.zhang, '算期限 公开 2026-09-28');
    expect((wrong.messages[0]?.content as { text: string }).text).toContain('办案期限、处罚决定公开');
    getStack().sim.reset();
    const badDate = await say(USERS.zhang, '算期限 送达 9月28');
    expect((badDate.messages[0]?.content as { text: string }).text).toContain('例如：算期限 处罚决定公开 2026-09-28');
  });

  it('never lets text a person typed act as Feishu markup in a reply', async () => {
    for (const typed of ['<at user_id="all"></at>', '[点我领奖](https://evil.example)', '<b>加粗</b>']) {
      getStack().sim.reset();
      const { messages } = await say(USERS.zhang, `算期限 ${typed} 2026-09-28`);
      const text = (messages[0]?.content as { text: string }).text;
      expect(text).toContain('没有名为');
      expect(text).not.toMatch(/<at|<b>|\]\(/);
      getStack().sim.reset();
      const date = await say(USERS.zhang, `算期限 处罚决定公开 ${typed}`);
      expect((date.messages[0]?.content as { text: string }).text).not.toMatch(/<at|<b>|\]\(/);
    }
  });

  it('answers unknown text with a hint, a sticker with what to send instead, and a photo with the question which case', async () => {
    const a = await say(USERS.zhang, '你好');
    expect((a.messages[0]?.content as { text: string }).text).toContain('帮助');
    getStack().sim.reset();
    const b = await say(USERS.zhang, '', { messageType: 'sticker', content: JSON.stringify({ file_key: 'file_v3_sticker' }) });
    expect((b.messages[0]?.content as { text: string }).text).toContain('表情不能作为证据保存');
    getStack().sim.reset();
    // A photo is evidence: with no case card replied to and no current case, the bot asks which case.
    const c = await say(USERS.zhang, '', { messageType: 'image', content: JSON.stringify({ image_key: 'img_v3_x' }) });
    expect(JSON.stringify(c.messages[0]?.content)).toContain('要保存到哪个案件');
  });

  it('sends case data privately when asked in a group chat', async () => {
    const ev = messageEvent({ openId: USERS.zhang, text: '@_user_1 我的案件', chatType: 'group', chatId: 'oc_group_1' });
    (ev.event.message as any).mentions = [{ key: '@_user_1', id: { open_id: 'ou_sim_bot' }, name: '执法助手' }];
    expect((await postFeishu(events(), ev)).status).toBe(200);
    await getStack().jobs.idle();
    const msgs = getStack().sim.messages();
    const dm = msgs.find((m) => m.receive_id === USERS.zhang);
    expect(dm?.msg_type).toBe('interactive');
    const groupReply = msgs.find((m) => m.parent_id === ev.event.message.message_id);
    expect((groupReply?.content as { text: string }).text).toContain('单聊');
  });
});
