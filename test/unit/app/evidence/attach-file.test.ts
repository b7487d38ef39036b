/**
 * Files, photos, audio and video as evidence: to the case card replied to, the current case, or a case
 * the sender chooses — downloaded through the real SDK client from the fake Open API, stored in the
 * in-memory evidence store (held to the S3 store's contract), recorded with a sealed entry.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import type { Case } from '../../../../functions/domain/case/types.ts';
import { evidenceIdFor, MAX_EVIDENCE_BYTES } from '../../../../functions/domain/dossier/evidence.ts';
import { verifyChain } from '../../../../functions/domain/record/chain.ts';
import type { Person } from '../../../../functions/domain/roster/types.ts';
import { EvidenceError, type MessageResources } from '../../../../functions/ports/evidence.ts';
import { filingRequest } from '../../../helpers/factories.ts';
import { asOfficer, cardText, messageJob, PEOPLE, tap, textOf, useWorker, type WorkerHarness } from '../harness.ts';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** 张三 and 李四's case (number 1 of 2026), and a card of it in 张三's chat that a file can reply to. */
async function fileCase(h: WorkerHarness, officers: Person[] = [PEOPLE.zhang, PEOPLE.li]): Promise<{ c: Case; cardId: string }> {
  const { case: c } = await h.cases.fileCase(filingRequest({ formId: `F-${officers.length}-${Math.random()}`, year: 2026, partyName: '甘孜某某矿业有限公司', officers: officers.map(asOfficer) }));
  const cardId = `om_card_${c.caseId}`;
  await h.chat.rememberCard(cardId, c.caseId);
  return { c, cardId };
}

let fileSeq = 0;
/** A file message whose bytes the fake Open API serves. */
function fileMessage(h: WorkerHarness, o: { from: Person; bytes: Buffer | string; type?: 'image' | 'file' | 'audio' | 'media'; fileName?: string; parentId?: string }) {
  fileSeq += 1;
  const type = o.type ?? 'image';
  const key = `${type === 'image' ? 'img' : 'file'}_v3_${fileSeq}`;
  const content = type === 'image' ? { image_key: key } : { file_key: key, ...(o.fileName ? { file_name: o.fileName } : {}) };
  const job = messageJob(h, { from: o.from.openId, messageType: type, content: JSON.stringify(content), ...(o.parentId ? { parentId: o.parentId } : {}) });
  h.sim.registerResource({
    message_id: job.messageId,
    file_key: key,
    type: type === 'image' ? 'image' : 'file',
    data: typeof o.bytes === 'string' ? Buffer.from(o.bytes) : o.bytes,
    ...(o.fileName ? { file_name: o.fileName } : {}),
    content_type: type === 'image' ? 'image/jpeg' : 'application/pdf',
  });
  return job;
}

const receiptOf = (h: WorkerHarness) => h.sent().find((m) => m.msg_type === 'interactive' && cardText(m).includes('证据回执'));
const texts = (h: WorkerHarness) => h.sent().filter((m) => m.msg_type === 'text').map(textOf);

describe('Message types: image, file, audio, media', () => {
  const h = useWorker();

  it('stores a photo sent as a reply to a case card: acknowledged, then a receipt whose SHA-256 is the bytes’', async () => {
    const { c, cardId } = await fileCase(h());
    const bytes = Buffer.from('JPEG bytes of the site, taken at 10:00');
    const job = fileMessage(h(), { from: PEOPLE.zhang, bytes, parentId: cardId });
    await runJob(job, h().s);

    expect(texts(h())[0]).toContain(`正在保存到 ${c.caseNumber}（回复的案件卡片）`);
    const receipt = cardText(receiptOf(h()));
    for (const shown of [c.caseNumber, sha(bytes), '照片', `${bytes.length} 字节`, '张三', '2026&#45;03&#45;02 10&#58;00&#58;00', '其他']) expect(receipt).toContain(shown);
    // The activity is chosen on the receipt; every one of the vocabulary is offered.
    for (const a of ['现场检查', '随机抽查', '调查取证', '抽样取证', '证据保全', '查封扣押', '询问', '听证', '送达', '强制拆除', '其他']) expect(receipt).toContain(`"value":"${a}"`);

    const [item] = await h().cases.evidenceItems(c.caseId);
    expect(item).toMatchObject({ sha256: sha(bytes), size: bytes.length, mediaKind: 'image', sender: PEOPLE.zhang.openId, messageId: job.messageId, activity: '其他' });
    expect(await h().evidence.hash(item!.s3Key)).toMatchObject({ sha256: sha(bytes) });
    const records = await h().cases.records(c.caseId);
    expect(records.at(-1)).toMatchObject({ action: 'evidence.attached', actor: PEOPLE.zhang.openId, detail: { sha256: sha(bytes), s3Key: item!.s3Key } });
    expect(verifyChain({ caseId: c.caseId, entries: records, head: (await h().cases.get(c.caseId))?.logHead }).ok).toBe(true);
    // The receipt now shows the case too: a file sent as a reply to it goes there.
    expect(await h().chat.caseOfCard(receiptOf(h())!.message_id)).toBe(c.caseId);
  });

  it('takes the name of a file from the message, and stores it under the current case of that chat', async () => {
    const { c } = await fileCase(h());
    const job = fileMessage(h(), { from: PEOPLE.li, bytes: '%PDF-1.7 询问笔录', type: 'file', fileName: '询问笔录.pdf' });
    await h().chat.setCurrentCase(PEOPLE.li.openId, job.chatId, c.caseId, '2026-03-02T01:00:00.000Z');
    await runJob(job, h().s);
    expect(texts(h())[0]).toContain('本会话的当前案件');
    expect(cardText(receiptOf(h()))).toContain('询问笔录&#46;pdf');
    expect((await h().cases.evidenceItems(c.caseId))[0]).toMatchObject({ fileName: '询问笔录.pdf', mediaKind: 'document', sender: PEOPLE.li.openId });
  });

  it('with no case card replied to and no current case, asks with the sender’s open cases and stores nothing', async () => {
    const { c } = await fileCase(h());
    const job = fileMessage(h(), { from: PEOPLE.zhang, bytes: 'a photo' });
    await runJob(job, h().s);
    const [chooser] = h().sent();
    expect(cardText(chooser)).toContain('要保存到哪个案件');
    expect(cardText(chooser)).toContain(c.caseNumber);
    expect(cardText(chooser)).toContain(`"action":"evidence.choose_case","message_id":"${job.messageId}","case_id":"${c.caseId}"`);
    expect(await h().cases.evidenceItems(c.caseId)).toEqual([]);
    expect(await h().evidence.list(c.caseId)).toEqual([]);
    expect(await h().chat.getPending(job.messageId)).toMatchObject({ senderOpenId: PEOPLE.zhang.openId, messageType: 'image' });
  });

  it('refuses someone who is not one of the case’s officers; one who may not see the case is told it does not exist', async () => {
    const { c, cardId } = await fileCase(h());
    await runJob(fileMessage(h(), { from: PEOPLE.zhao, bytes: 'reviewer photo', parentId: cardId }), h().s);
    await runJob(fileMessage(h(), { from: PEOPLE.chen, bytes: 'stranger photo', parentId: cardId }), h().s);
    const [reviewer, stranger] = texts(h());
    expect(reviewer).toContain('只有本案的承办人员');
    expect(stranger).toContain('未找到案件');
    expect(stranger).not.toContain('甘孜');
    expect(await h().cases.evidenceItems(c.caseId)).toEqual([]);
    expect(await h().evidence.list(c.caseId)).toEqual([]);
  });

  it('recognises the same bytes sent again to the case: nothing stored again, the earlier item named, the attempt recorded', async () => {
    const { c, cardId } = await fileCase(h());
    await runJob(fileMessage(h(), { from: PEOPLE.zhang, bytes: 'the very same bytes', type: 'file', fileName: '现场照片.jpg', parentId: cardId }), h().s);
    h().sim.reset();
    const again = fileMessage(h(), { from: PEOPLE.li, bytes: 'the very same bytes', type: 'file', fileName: '副本.jpg', parentId: cardId });
    await runJob(again, h().s);
    expect(texts(h()).at(-1)).toContain('与本案已保存的「现场照片.jpg」完全相同');
    expect(receiptOf(h())).toBeUndefined();
    expect(await h().cases.evidenceItems(c.caseId)).toHaveLength(1);
    expect(await h().evidence.list(c.caseId)).toHaveLength(1);
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({
      action: 'evidence.duplicate_received',
      actor: PEOPLE.li.openId,
      detail: { messageId: again.messageId, matchedEvidenceId: evidenceIdFor(c.caseId, `om_in_${Number(again.messageId.slice(6)) - 1}`) },
    });
  });

  it('stores nothing twice when the same job runs again (Lambda’s retry), and sends no second receipt', async () => {
    const { c, cardId } = await fileCase(h());
    const job = fileMessage(h(), { from: PEOPLE.zhang, bytes: 'once', parentId: cardId });
    for (let i = 0; i < 3; i++) await runJob(job, h().s);
    expect(await h().cases.evidenceItems(c.caseId)).toHaveLength(1);
    expect((await h().cases.records(c.caseId)).filter((r) => r.action === 'evidence.attached')).toHaveLength(1);
    expect(h().sent().filter((m) => cardText(m).includes('证据回执'))).toHaveLength(1);
  });

  it('refuses an empty file and one over 100 MB with what to do, and stores nothing', async () => {
    const { c, cardId } = await fileCase(h());
    await runJob(fileMessage(h(), { from: PEOPLE.zhang, bytes: Buffer.alloc(0), parentId: cardId }), h().s);
    expect(texts(h()).at(-1)).toContain('这个文件是空的');
    // The fake serves at most 10 MB: Feishu's declared size of a larger file comes from a stand-in download.
    const huge: MessageResources = { download: async () => ({ body: Readable.from([Buffer.alloc(10)]), declaredSize: MAX_EVIDENCE_BYTES + 1 }) };
    await runJob(fileMessage(h(), { from: PEOPLE.zhang, bytes: 'x', parentId: cardId }), { ...h().s, resources: huge });
    expect(texts(h()).at(-1)).toContain('超过 100.0 MB');
    expect(await h().cases.evidenceItems(c.caseId)).toEqual([]);
    expect(await h().evidence.list(c.caseId)).toEqual([]);
  });

  it('starts again once after a break midway, then asks for the file again; nothing is kept', async () => {
    const { c, cardId } = await fileCase(h());
    let downloads = 0;
    const breaking: MessageResources = {
      download: async () => {
        downloads += 1;
        const body = new Readable({
          read() {
            this.push(Buffer.alloc(1024, 1));
            this.destroy(new EvidenceError('interrupted', true, 'connection reset'));
          },
        });
        return { body, declaredSize: 4096 };
      },
    };
    await runJob(fileMessage(h(), { from: PEOPLE.zhang, bytes: 'x', parentId: cardId }), { ...h().s, resources: breaking });
    expect(downloads).toBe(2);
    expect(texts(h()).at(-1)).toContain('请重新发送');
    expect(await h().cases.evidenceItems(c.caseId)).toEqual([]);
    expect(await h().evidence.list(c.caseId)).toEqual([]);
    expect(await h().cases.records(c.caseId)).toHaveLength(1);
  });

  it('tells the officer to resend a file Feishu no longer has', async () => {
    const { c, cardId } = await fileCase(h());
    const job = messageJob(h(), { from: PEOPLE.zhang.openId, messageType: 'image', content: JSON.stringify({ image_key: 'img_v3_gone' }), parentId: cardId });
    await runJob(job, h().s);
    expect(texts(h()).at(-1)).toContain('没能从飞书取到这个文件');
    expect(await h().cases.evidenceItems(c.caseId)).toEqual([]);
  });

  it('refuses a file for an archived case', async () => {
    const { c, cardId } = await fileCase(h());
    const lock = { at: '2026-03-02T01:00:00.000Z', by: PEOPLE.zhang.openId, byName: '张三', head: c.logHead! };
    await h().cases.beginArchive(c.caseId, lock);
    await runJob(fileMessage(h(), { from: PEOPLE.zhang, bytes: 'during archiving', parentId: cardId }), h().s);
    expect(texts(h()).at(-1)).toContain('正在归档');
    expect(await h().cases.evidenceItems(c.caseId)).toEqual([]);
  });
});

describe('Card action: evidence.choose_case', () => {
  const h = useWorker();

  it('by the sender: the case becomes the current one and the attach is handed on; the chooser says where it goes', async () => {
    const { c } = await fileCase(h());
    const job = fileMessage(h(), { from: PEOPLE.zhang, bytes: 'chosen photo' });
    await runJob(job, h().s);
    const res = await handleCardAction(tap({ by: PEOPLE.zhang.openId, value: { action: 'evidence.choose_case', message_id: job.messageId, case_id: c.caseId } }), h().s);
    expect(res.toast).toMatchObject({ type: 'success', content: `正在保存到 ${c.caseNumber}` });
    expect(JSON.stringify(res.card)).toContain('已设为本会话的当前案件');
    expect(h().submitted).toEqual([{ kind: 'evidence.attach', caseId: c.caseId, messageId: job.messageId }]);
    expect(await h().chat.currentCase(PEOPLE.zhang.openId, job.chatId)).toBe(c.caseId);
  });

  it('by anyone else: the card is not theirs; to a case the sender is not on: refused; nothing handed on', async () => {
    const { c } = await fileCase(h());
    const { c: other } = await fileCase(h(), [PEOPLE.li, PEOPLE.chen]);
    const job = fileMessage(h(), { from: PEOPLE.zhang, bytes: 'photo' });
    await runJob(job, h().s);
    const byLi = await handleCardAction(tap({ by: PEOPLE.li.openId, value: { action: 'evidence.choose_case', message_id: job.messageId, case_id: c.caseId } }), h().s);
    expect(byLi.toast?.content).toContain('已过期');
    const notOn = await handleCardAction(tap({ by: PEOPLE.zhang.openId, value: { action: 'evidence.choose_case', message_id: job.messageId, case_id: other.caseId } }), h().s);
    expect(notOn.toast?.content).toContain('未找到案件');
    expect(h().submitted).toEqual([]);
  });
});

describe('Job: evidence.attach', () => {
  const h = useWorker();

  it('stores the waiting file in the chosen case, and says the case is now the current one', async () => {
    const { c } = await fileCase(h());
    const bytes = 'the photo that waited';
    const job = fileMessage(h(), { from: PEOPLE.zhang, bytes });
    await runJob(job, h().s);
    await runJob({ kind: 'evidence.attach', caseId: c.caseId, messageId: job.messageId }, h().s);
    const receipt = cardText(receiptOf(h()));
    expect(receipt).toContain('您选择的案件');
    expect(receipt).toContain('已设为本会话的当前案件');
    expect(receipt).toContain(sha(bytes));
    expect((await h().cases.evidenceItems(c.caseId))[0]).toMatchObject({ sha256: sha(bytes) });
  });

  it('checks again: a case the sender may not attach to gets nothing', async () => {
    const { c } = await fileCase(h(), [PEOPLE.li, PEOPLE.chen]);
    const job = fileMessage(h(), { from: PEOPLE.zhang, bytes: 'photo' });
    await h().chat.savePending({ messageId: job.messageId, senderOpenId: PEOPLE.zhang.openId, chatId: job.chatId, chatType: 'p2p', messageType: 'image', content: job.content, eventId: job.eventId, receivedAt: '2026-03-02T02:00:00.000Z' });
    await runJob({ kind: 'evidence.attach', caseId: c.caseId, messageId: job.messageId }, h().s);
    expect(texts(h()).at(-1)).toContain('未找到案件');
    expect(await h().cases.evidenceItems(c.caseId)).toEqual([]);
  });
});
