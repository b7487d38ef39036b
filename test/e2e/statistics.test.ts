/**
 * 统计 end to end over HTTP exactly as Feishu sends it: cases filed through 立案 → 提交, counted through
 * the table's stream; the head's 统计 card (figures, six uploaded chart PNGs) read back from the fake
 * Open API; its 查看案件 button tapped as sent, the list card's 查看 opening the case.
 */
import { describe, expect, it } from 'vitest';
import { buttons, buttonValue } from '../helpers/cards.ts';
import { cardAction, messageEvent, postFeishu, USERS, validFilingForm } from '../helpers/feishu.ts';
import { decodePng } from '../helpers/png.ts';
import { useTestStack } from '../helpers/stack.ts';

const getStack = useTestStack();
const events = () => `${getStack().botUrl}/feishu/events`;
const cards = () => `${getStack().botUrl}/feishu/cards`;

async function say(openId: string, text: string) {
  const before = getStack().sim.messages().length;
  const res = await postFeishu(events(), messageEvent({ openId, text }));
  expect(res.status).toBe(200);
  await getStack().jobs.idle();
  return getStack().sim.messages().slice(before);
}

async function fileCase(partyName: string): Promise<string> {
  const [form] = await say(USERS.zhang, '立案');
  const formId = /"form_id":"([^"]+)"/.exec(JSON.stringify(form?.content))?.[1];
  const submit = await postFeishu(
    cards(),
    cardAction({ openId: USERS.zhang, value: { action: 'case.file', form_id: formId }, formValue: validFilingForm({ party_name: partyName }), messageId: form!.message_id }),
  );
  expect(submit.json.toast.type).toBe('success');
  await getStack().jobs.idle();
  return /〔\d{4}〕\d+号/.exec(submit.json.toast.content)?.[0] ?? '';
}

describe('统计 over HTTP', () => {
  it('counts cases filed in chat and opens the cases behind a figure for the head', async () => {
    const numbers = [await fileCase('甘孜某某矿业有限公司'), await fileCase('康定某某水电站')];
    expect(numbers.every((n) => n !== '')).toBe(true);

    const [statsCard] = await say(USERS.head, '统计');
    const text = JSON.stringify(statsCard?.content);
    expect(text).toContain('立案：**2 件**');
    expect(text).toContain('立案：行政处罚');
    const images = getStack().sim.uploads().filter((u) => u.kind === 'image');
    expect(images).toHaveLength(6);
    for (const u of images) {
      expect(text).toContain(u.key);
      expect(decodePng(u.bytes)).toMatchObject({ width: 1440, height: 810 });
    }

    // The office sees the same figures, without the case lists.
    const [officeCard] = await say(USERS.sun, '统计');
    expect(JSON.stringify(officeCard?.content)).toContain('立案：**2 件**');
    expect(buttons(officeCard?.content).some((b) => b.text === '查看案件')).toBe(false);
    const [refused] = await say(USERS.zhang, '统计');
    expect((refused?.content as { text: string }).text).toBe('只有局负责人、行政审批科和办公室可以查看执法统计。');

    // 查看案件 as the card carries it → the list privately → 查看 opens the case.
    const tapped = await postFeishu(cards(), cardAction({ openId: USERS.head, value: buttonValue(statsCard?.content, '查看案件'), messageId: statsCard!.message_id }));
    expect(tapped.json.toast).toEqual({ type: 'success', content: '案件清单已通过单聊发送给您。' });
    await getStack().jobs.idle();
    const list = getStack().sim.messages().at(-1);
    expect(list?.receive_id).toBe(USERS.head);
    const listText = JSON.stringify(list?.content);
    for (const n of numbers) expect(listText).toContain(n);
    const opened = await postFeishu(cards(), cardAction({ openId: USERS.head, value: buttons(list?.content).find((b) => b.text === '查看')!.value, messageId: list!.message_id }));
    expect(JSON.stringify(opened.json.card ?? opened.json)).toMatch(/甘孜某某矿业有限公司|康定某某水电站/);

    // The office's forged tap gets nothing.
    const forged = await postFeishu(cards(), cardAction({ openId: USERS.sun, value: buttonValue(statsCard?.content, '查看案件'), messageId: statsCard!.message_id }));
    expect(forged.json.toast.type).toBe('error');
    // Filing, chart rendering (echarts, resvg, the CJK font decoded on first use) on a shared machine: a bound.
  }, 180_000);
});
