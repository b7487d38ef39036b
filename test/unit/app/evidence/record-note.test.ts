/** 记录 <text>: a written record for the current case (or the case card replied to), with the same receipt. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runJob } from '../../../../functions/app/jobs.ts';
import { cardText, messageJob, PEOPLE, textOf, useWorker } from '../harness.ts';
import { caseWith } from './helpers.ts';

describe('Command: 记录', () => {
  const h = useWorker();

  it('adds the text to the current case: stored and hashed like any evidence, the text in its entry, a receipt', async () => {
    const c = await caseWith(h());
    const job = messageJob(h(), { from: PEOPLE.zhang.openId, text: '记录 现场门窗紧闭，无人应答。<at id=all></at>' });
    await h().chat.setCurrentCase(PEOPLE.zhang.openId, job.chatId, c.caseId, '2026-03-02T01:00:00.000Z');
    await runJob(job, h().s);
    const text = '现场门窗紧闭，无人应答。<at id=all></at>';
    const hash = createHash('sha256').update(text).digest('hex');
    const [receipt] = h().sent();
    expect(cardText(receipt)).toContain('文字记录已保存');
    expect(cardText(receipt)).toContain(hash);
    // What the person typed shows literally: no mention of everyone.
    expect(cardText(receipt)).not.toContain('<at');
    const [item] = await h().cases.evidenceItems(c.caseId);
    expect(item).toMatchObject({ mediaKind: 'note', sha256: hash, sender: PEOPLE.zhang.openId });
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'note.recorded', detail: { text, sha256: hash } });
    expect(await h().evidence.hash(item!.s3Key)).toMatchObject({ sha256: hash });
  });

  it('reads 记录：text too, and goes to the case card it replies to', async () => {
    const c = await caseWith(h());
    await h().chat.rememberCard('om_card_x', c.caseId);
    await runJob(messageJob(h(), { from: PEOPLE.li.openId, text: '记录：当事人称设备已停用', parentId: 'om_card_x' }), h().s);
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'note.recorded', actor: PEOPLE.li.openId, detail: { text: '当事人称设备已停用' } });
  });

  it('without a case to go to, says how to give one; empty or too long, says what to do; nothing is stored', async () => {
    const c = await caseWith(h());
    const none = messageJob(h(), { from: PEOPLE.zhang.openId, text: '记录 没有案件' });
    await runJob(none, h().s);
    const empty = messageJob(h(), { from: PEOPLE.zhang.openId, text: '记录' });
    await h().chat.setCurrentCase(PEOPLE.zhang.openId, empty.chatId, c.caseId, '2026-03-02T01:00:00.000Z');
    await runJob(empty, h().s);
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, text: `记录 ${'字'.repeat(5001)}` }), h().s);
    const [noCase, noText, tooLong] = h().sent().map(textOf);
    expect(noCase).toContain('设为当前案件');
    expect(noText).toContain('请在「记录」后面写上内容');
    expect(tooLong).toContain('超过 5000 字');
    expect(await h().cases.evidenceItems(c.caseId)).toEqual([]);
  });

  it('is for the case’s officers only; a stranger to the case hears it does not exist', async () => {
    const c = await caseWith(h());
    const job = messageJob(h(), { from: PEOPLE.chen.openId, text: '记录 不是我的案件' });
    await h().chat.setCurrentCase(PEOPLE.chen.openId, job.chatId, c.caseId, '2026-03-02T01:00:00.000Z');
    await runJob(job, h().s);
    await runJob(messageJob(h(), { from: PEOPLE.sun.openId, text: '记录 办公室' }), h().s);
    const [stranger, office] = h().sent().map(textOf);
    expect(stranger).toContain('未找到案件');
    expect(office).toContain('只有本案的承办人员');
    expect(await h().cases.evidenceItems(c.caseId)).toEqual([]);
  });

  it('writes one note when the same message is handled twice', async () => {
    const c = await caseWith(h());
    const job = messageJob(h(), { from: PEOPLE.zhang.openId, text: '记录 一次' });
    await h().chat.setCurrentCase(PEOPLE.zhang.openId, job.chatId, c.caseId, '2026-03-02T01:00:00.000Z');
    await runJob(job, h().s);
    await runJob(job, h().s);
    expect(await h().cases.evidenceItems(c.caseId)).toHaveLength(1);
    expect(h().sent()).toHaveLength(1);
  });
});
