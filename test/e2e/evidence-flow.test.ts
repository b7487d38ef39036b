/**
 * Evidence end to end over HTTP exactly as Feishu sends it, against DynamoDB Local, s3rver and the
 * fake Open API serving real bytes: receipts whose hash is the bytes', a file large enough for a
 * multipart upload, five deliveries of one event, 查看 links, tampering made directly in DynamoDB
 * Local and s3rver caught by 校验, the archive refused and sealed, and a stranger refused everything.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { evidenceKey } from '../../functions/domain/dossier/evidence.ts';
import type { SimMessage } from '../../local/feishu-sim.ts';
import { bytesOf, MiB } from '../helpers/evidence.ts';
import { messageEvent, postFeishu, USERS } from '../helpers/feishu.ts';
import { useTestStack } from '../helpers/stack.ts';
import { cardJson, conversation, linkOf, readable, sha256, textOf } from './evidence-helpers.ts';

const getStack = useTestStack();
const chat = conversation(getStack);

const receiptIn = (messages: SimMessage[]) => messages.find((m) => m.msg_type === 'interactive' && JSON.stringify(m.content).includes('证据回执'));

describe('evidence from the chat', () => {
  it('stores photos and a 7 MB file (multipart) from a reply to the case card and from the current case; each receipt’s hash is the bytes’', async () => {
    const { caseId, caseNumber, card } = await chat.fileCase(USERS.zhang, [USERS.zhang, USERS.li]);

    // A photo sent as a reply to the case card.
    const photo = bytesOf(200 * 1024, 91);
    const first = await chat.sendFile(USERS.zhang, { bytes: photo, type: 'image', parentId: card.message_id });
    expect(textOf(first.messages[0])).toContain(`正在保存到 ${caseNumber}（回复的案件卡片）`);
    const receipt = readable(receiptIn(first.messages));
    for (const shown of [caseNumber, sha256(photo), '照片', `${photo.length} 字节`, '张三', '其他']) expect(receipt).toContain(shown);

    // 设为当前案件, then a large file with no reply: it goes to the current case, in parts.
    const setCurrent = await chat.tap(USERS.zhang, card, '设为当前案件');
    expect(setCurrent.json.toast.content).toContain(`当前案件：${caseNumber}`);
    const big = bytesOf(7 * MiB + 12_345, 92);
    const second = await chat.sendFile(USERS.zhang, { bytes: big, fileName: '执法记录仪-查封现场.mp4', type: 'media' });
    expect(textOf(second.messages[0])).toContain('本会话的当前案件');
    const bigReceipt = readable(receiptIn(second.messages));
    expect(bigReceipt).toContain(sha256(big));
    expect(bigReceipt).toContain('视频');

    // s3rver holds exactly these bytes under their hashes, listed by the case's prefix.
    expect(await chat.bucketKeys(`cases/${caseId}/`)).toEqual([evidenceKey(caseId, sha256(photo)), evidenceKey(caseId, sha256(big))].sort());
    expect(sha256(await chat.objectBytes(evidenceKey(caseId, sha256(big))))).toBe(sha256(big));
    expect(await chat.bucketKeys('staging/')).toEqual([]);

    // The activity, chosen on the receipt: recorded with before and after.
    const changed = await chat.tap(USERS.li, receiptIn(second.messages) as SimMessage, '', { option: '查封扣押' });
    expect(changed.json.toast.content).toContain('查封扣押');
    const records = await getStack().services.cases.records(caseId);
    expect(records.map((r) => r.action)).toEqual(['case.filed', 'evidence.attached', 'evidence.attached', 'evidence.activity_changed']);

    // The case card now shows the seizure's video.
    const [shown] = await chat.say(USERS.zhang, `案件 ${caseNumber}`);
    expect(readable(shown)).toContain('查封扣押：1 件，有音像记录');

    // 查看 from the evidence list: a link sent privately, working, recorded.
    const [list] = await chat.say(USERS.li, `证据 ${caseNumber}`);
    expect(readable(list).indexOf('执法记录仪')).toBeLessThan(readable(list).indexOf('照片'));
    const since = chat.mark();
    const view = await chat.tap(USERS.li, list!, '查看');
    expect(view.json.toast.content).toContain('30 分钟');
    const [dm] = since();
    expect(dm).toMatchObject({ receive_id: USERS.li, msg_type: 'interactive' });
    const url = linkOf(dm?.content);
    expect(url).toContain('X-Amz-Expires=1800');
    const fetched = await fetch(url);
    expect(fetched.status).toBe(200);
    expect(sha256(Buffer.from(await fetched.arrayBuffer()))).toBe(sha256(big));
    expect((await getStack().services.cases.records(caseId)).at(-1)).toMatchObject({ action: 'evidence.viewed', actor: USERS.li });
  });

  it('stores one object and one entry for five deliveries of one file event, and recognises the same bytes sent again', async () => {
    const { caseId, card } = await chat.fileCase(USERS.zhang, [USERS.zhang, USERS.li]);
    const bytes = bytesOf(300 * 1024, 93);
    const event = chat.fileEvent(USERS.zhang, { bytes, fileName: '现场照片.jpg', parentId: card.message_id });
    const url = `${getStack().botUrl}/feishu/events`;
    // Five deliveries of one event at once (Feishu signs each anew; a double push from its side).
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => postFeishu(url, event)))).map((r) => r.status);
    expect(statuses).toContain(200);
    for (const s of statuses) expect([200, 500]).toContain(s);
    await getStack().jobs.idle();
    // Each one that was told to try later is re-delivered, as Feishu does: now acknowledged without work.
    for (const s of statuses.filter((x) => x !== 200)) expect((await postFeishu(url, event)).status, String(s)).toBe(200);
    await getStack().jobs.idle();
    expect(await chat.bucketKeys(`cases/${caseId}/`)).toEqual([evidenceKey(caseId, sha256(bytes))]);
    expect(await getStack().services.cases.evidenceItems(caseId)).toHaveLength(1);
    expect((await getStack().services.cases.records(caseId)).filter((r) => r.action === 'evidence.attached')).toHaveLength(1);
    expect(getStack().sim.messages().filter((m) => JSON.stringify(m.content).includes('证据回执'))).toHaveLength(1);

    // The same bytes in a new message: named, not stored again.
    const again = await chat.sendFile(USERS.li, { bytes, fileName: '副本.jpg', parentId: card.message_id });
    expect(textOf(again.messages.at(-1))).toContain('与本案已保存的「现场照片.jpg」完全相同');
    expect(await getStack().services.cases.evidenceItems(caseId)).toHaveLength(1);
    expect((await getStack().services.cases.records(caseId)).at(-1)).toMatchObject({ action: 'evidence.duplicate_received', actor: USERS.li });

    // An empty file: a clear answer, nothing stored.
    const empty = await chat.sendFile(USERS.zhang, { bytes: Buffer.alloc(0), parentId: card.message_id });
    expect(textOf(empty.messages.at(-1))).toContain('这个文件是空的');
    expect(await chat.bucketKeys(`cases/${caseId}/`)).toHaveLength(1);
  });

  it('asks which case when a file comes with none, and stores it where the sender chose', async () => {
    const { caseId, caseNumber } = await chat.fileCase(USERS.li, [USERS.li, USERS.zhang]);
    const bytes = bytesOf(50 * 1024, 94);
    // 王五 (on the roster, officer of no case) has no case to choose from.
    const none = await chat.sendFile(USERS.wang, { bytes });
    expect(textOf(none.messages[0])).toContain('没有承办中的案件');
    const asked = await chat.sendFile(USERS.li, { bytes, type: 'image', messageId: 'om_e2e_choose_1' });
    const chooser = asked.messages[0];
    expect(readable(chooser)).toContain('要保存到哪个案件');
    expect(await chat.bucketKeys(`cases/${caseId}/`)).toEqual([]);
    const chosen = await chat.tap(USERS.li, chooser!, '保存到此案件');
    expect(chosen.json.toast.content).toContain(`正在保存到 ${caseNumber}`);
    expect(await chat.bucketKeys(`cases/${caseId}/`)).toEqual([evidenceKey(caseId, sha256(bytes))]);
    expect(readable(getStack().sim.messages().find((m) => JSON.stringify(m.content).includes('证据回执')))).toContain('您选择的案件');
  });

  it('adds a written record to the current case with the same receipt', async () => {
    const { caseId, card } = await chat.fileCase(USERS.zhang, [USERS.zhang, USERS.li]);
    await chat.tap(USERS.zhang, card, '设为当前案件');
    const [receipt] = await chat.say(USERS.zhang, '记录 现场检查时当事人不在场，门窗紧闭。');
    expect(readable(receipt)).toContain('文字记录已保存');
    expect(readable(receipt)).toContain(sha256('现场检查时当事人不在场，门窗紧闭。'));
    expect((await getStack().services.cases.records(caseId)).at(-1)).toMatchObject({ action: 'note.recorded', detail: { text: '现场检查时当事人不在场，门窗紧闭。' } });
  });
});

describe('校验: tampering made directly in DynamoDB Local and s3rver is caught', () => {
  /** A case with two files; 校验 finds it intact first. */
  async function intactCase() {
    const c = await chat.fileCase(USERS.zhang, [USERS.zhang, USERS.li]);
    await chat.sendFile(USERS.zhang, { bytes: bytesOf(10_000, 95), fileName: '询问笔录.pdf', parentId: c.card.message_id });
    await chat.sendFile(USERS.zhang, { bytes: bytesOf(20_000, 96), fileName: '现场照片.jpg', parentId: c.card.message_id });
    const [ok] = await chat.say(USERS.zhao, `校验 ${c.caseNumber}`);
    expect(readable(ok)).toContain('校验通过');
    return c;
  }
  const db = () => getStack().db;
  const table = () => getStack().tableName;

  it('an entry edited in DynamoDB', async () => {
    const c = await intactCase();
    await db().send(
      new UpdateCommand({ TableName: table(), Key: keys.record(c.caseId, 2), UpdateExpression: 'SET detail.fileName = :n', ExpressionAttributeValues: { ':n': '改过的名字.pdf' } }),
    );
    const [verdict] = await chat.say(USERS.zhang, `校验 ${c.caseNumber}`);
    const text = readable(verdict);
    expect(text).toContain('校验未通过');
    expect(text).toContain('第 2 条记录（提交证据');
    expect(text).toContain('的内容与它的哈希不符：写入后被直接改动过');
    expect((await getStack().services.cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'case.verified', detail: { intact: false, problems: expect.arrayContaining([{ kind: 'modified', seq: 2 }]) } });
  });

  it('an entry deleted in DynamoDB', async () => {
    const c = await intactCase();
    await db().send(new DeleteCommand({ TableName: table(), Key: keys.record(c.caseId, 2) }));
    const [verdict] = await chat.say(USERS.zhang, `校验 ${c.caseNumber}`);
    expect(readable(verdict)).toContain('第 2 条记录缺失：被直接删除了');
  });

  it('two entries swapped in DynamoDB (reordered)', async () => {
    const c = await intactCase();
    const get = async (seq: number) => (await db().send(new GetCommand({ TableName: table(), Key: keys.record(c.caseId, seq) }))).Item as Record<string, unknown>;
    const [two, three] = [await get(2), await get(3)];
    await db().send(new PutCommand({ TableName: table(), Item: { ...three, ...keys.record(c.caseId, 2) } }));
    await db().send(new PutCommand({ TableName: table(), Item: { ...two, ...keys.record(c.caseId, 3) } }));
    const [verdict] = await chat.say(USERS.zhang, `校验 ${c.caseNumber}`);
    expect(readable(verdict)).toContain('第 2 条记录存放在第 3 条之后：记录的存放顺序被调换过');
  });

  it('an evidence object replaced in s3rver', async () => {
    const c = await intactCase();
    const key = evidenceKey(c.caseId, sha256(bytesOf(10_000, 95)));
    await chat.replaceObject(key, Buffer.from('not the interview record'));
    const [verdict] = await chat.say(USERS.zhang, `校验 ${c.caseNumber}`);
    const text = readable(verdict);
    expect(text).toContain('证据「询问笔录.pdf」（第 2 条记录）的文件内容与记录不符');
    expect(text).toContain(`现在为 ${sha256('not the interview record').slice(0, 12)}`);
  });
});

describe('归档', () => {
  it('refuses a case with a veto failure (its record does not verify), and seals one without', async () => {
    const bad = await chat.fileCase(USERS.zhang, [USERS.zhang, USERS.li]);
    await chat.sendFile(USERS.zhang, { bytes: bytesOf(5000, 97), parentId: bad.card.message_id });
    await chat.replaceObject(evidenceKey(bad.caseId, sha256(bytesOf(5000, 97))), Buffer.from('replaced'));
    const [refused] = await chat.say(USERS.zhang, `归档 ${bad.caseNumber}`);
    expect(readable(refused)).toContain('不能归档');
    expect(readable(refused)).toContain('否决项“全过程记录被篡改”不合格');
    expect((await getStack().services.cases.get(bad.caseId))?.status).toBe('filed');
    expect(await chat.bucketKeys(`cases/${bad.caseId}/dossier/`)).toEqual([]);

    const good = await chat.fileCase(USERS.zhang, [USERS.zhang, USERS.li]);
    await chat.sendFile(USERS.zhang, { bytes: bytesOf(6000, 98), parentId: good.card.message_id });
    const [dossier] = await chat.say(USERS.li, `案卷 ${good.caseNumber}`);
    expect(readable(dossier)).toContain('卷内文件（标准顺序）');
    const [sealed] = await chat.say(USERS.zhang, `归档 ${good.caseNumber}`);
    expect(readable(sealed)).toContain('已归档');
    expect(await chat.bucketKeys(`cases/${good.caseId}/dossier/`)).toEqual([`cases/${good.caseId}/dossier/manifest.html`, `cases/${good.caseId}/dossier/manifest.json`]);
    const manifest = await chat.objectBytes(`cases/${good.caseId}/dossier/manifest.json`);
    const entry = (await getStack().services.cases.records(good.caseId)).at(-1);
    expect(entry).toMatchObject({ action: 'case.archived', detail: { manifestSha256: sha256(manifest) } });
    expect(JSON.parse(manifest.toString('utf8'))).toMatchObject({ case: { caseNumber: good.caseNumber }, evidence: [{ sha256: sha256(bytesOf(6000, 98)) }] });
    expect((await chat.objectBytes(`cases/${good.caseId}/dossier/manifest.html`)).toString('utf8')).toContain('案卷归档清单');

    // Read-only: a file for it is refused and nothing is stored; 校验 still works and finds it intact.
    const late = await chat.sendFile(USERS.zhang, { bytes: bytesOf(7000, 99), parentId: good.card.message_id });
    expect(textOf(late.messages.at(-1))).toContain('已归档');
    expect((await chat.bucketKeys(`cases/${good.caseId}/evidence/`)).length).toBe(1);
    const [verdict] = await chat.say(USERS.zhao, `校验 ${good.caseNumber}`);
    expect(readable(verdict)).toContain('校验通过');
    // No longer among the officers' open cases.
    const [mine] = await chat.say(USERS.zhang, '我的案件');
    expect(readable(mine)).not.toContain(good.caseNumber);
  });
});

describe('a stranger', () => {
  it('is refused everything, with the answer given for a case that does not exist, and nothing is written', async () => {
    const c = await chat.fileCase(USERS.zhang, [USERS.zhang, USERS.li]);
    await chat.sendFile(USERS.zhang, { bytes: bytesOf(4000, 100), parentId: c.card.message_id });
    const recordsBefore = await getStack().services.cases.records(c.caseId);
    const keysBefore = await chat.bucketKeys(`cases/${c.caseId}/`);
    const [list] = await chat.say(USERS.zhang, `证据 ${c.caseNumber}`);

    // 孙八 (办公室) is on the roster but not on the case and holds no oversight role.
    const missing = textOf((await chat.say(USERS.sun, '证据 99号'))[0]).replace('99号', '');
    for (const command of ['证据', '案卷', '校验', '归档']) {
      const [answer] = await chat.say(USERS.sun, `${command} ${c.caseNumber}`);
      expect(textOf(answer), command).toBe(`${missing.split('「')[0]}「${c.caseNumber}」${missing.split('」')[1]}`);
    }
    const file = await chat.sendFile(USERS.sun, { bytes: bytesOf(3000, 101), parentId: c.card.message_id });
    expect(textOf(file.messages.at(-1))).toContain('未找到案件');
    for (const [card, text] of [
      [c.card, '设为当前案件'],
      [c.card, '证据清单'],
      [list!, '查看'],
    ] as const) {
      const res = await chat.tap(USERS.sun, card, text);
      expect(res.json.toast.content, text).toContain('未找到案件');
    }
    // Someone not on the roster at all is told whom to ask.
    const outsider = await postFeishu(`${getStack().botUrl}/feishu/events`, messageEvent({ openId: USERS.stranger, text: `证据 ${c.caseNumber}` }));
    expect(outsider.status).toBe(200);
    await getStack().jobs.idle();
    expect(textOf(getStack().sim.messages().at(-1))).toContain('行政审批科');

    expect(await getStack().services.cases.records(c.caseId)).toEqual(recordsBefore);
    expect(await chat.bucketKeys(`cases/${c.caseId}/`)).toEqual(keysBefore);
    expect(cardJson(list)).not.toContain(USERS.sun);
  });
});
