/**
 * Enforcement documents over HTTP exactly as Feishu sends it (issue 13): filing → the 立案审批表 drafted by
 * the worker, stored in s3rver, recorded in DynamoDB Local and sent to each officer as a file through
 * the fake Open API (upload, then a `file` message) → `文书` → 查看 (a recorded link that fetches the
 * exact bytes) → 更正 (the form from the card, a second version, both kept) → `校验` and `案卷` see them.
 * The PDF is read back with poppler: the Chinese text extracts, the page is not blank, and drafting the
 * same facts again gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { draftFilingApproval } from '../../functions/domain/documents/index.ts';
import { documentServices } from '../../functions/handlers/documents.ts';
import { cardAction, postFeishu, USERS } from '../helpers/feishu.ts';
import { decodePng, inkPixels, pdfPagePng, pdfTextCompact } from '../helpers/poppler.ts';
import { useTestStack } from '../helpers/stack.ts';
import { buttonValue, conversation, linkOf, readable, textOf } from './evidence-helpers.ts';

const getStack = useTestStack();
const talk = conversation(getStack);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// Several PDFs drawn (the first loads pdfkit and decodes the fonts) and read back with poppler: on a
// loaded shared machine this takes long. Room for that, not a timing assertion.
describe('documents, from filing to 查看, 更正 and 校验', { timeout: 90_000 }, () => {
  it('the 立案审批表 arrives as a PDF file that reads in Chinese; 文书 lists it; 查看 fetches exactly the stored bytes; 更正 makes a second version', async () => {
    const s = getStack();
    const { caseNumber, caseId } = await talk.fileCase(USERS.zhang, [USERS.zhang, USERS.li]);

    // Each officer got the file: uploaded through im/v1/files, then a file message with its key.
    const files = s.sim.messages().filter((m) => m.msg_type === 'file');
    expect(files.map((m) => m.receive_id).sort()).toEqual([USERS.li, USERS.zhang].sort());
    const key = `cases/${caseId}/documents/filing_approval/v1.pdf`;
    expect(await talk.bucketKeys(`cases/${caseId}/documents/`)).toEqual([key]);
    const stored = await talk.objectBytes(key);
    for (const m of files) expect(s.sim.uploadedFile((m.content as { file_key: string }).file_key)?.equals(stored)).toBe(true);
    expect(s.sim.uploadedFiles()[0]).toMatchObject({ file_type: 'pdf', file_name: `立案审批表-${caseNumber}.pdf` });
    const caption = s.sim.messages().find((m) => m.msg_type === 'text' && m.receive_id === USERS.li && textOf(m).includes('立案审批表'));
    expect(textOf(caption)).toContain(`${caseNumber}：已制作立案审批表`);

    // Printable Chinese: the text extracts exactly; the page has ink; the same facts give the same bytes.
    const text = pdfTextCompact(stored);
    for (const words of ['立案审批表', '甘孜某某矿业有限公司', '《中华人民共和国节约能源法》第八十二条', '承办人意见', '负责人审批意见']) expect(text).toContain(words);
    expect(inkPixels(decodePng(pdfPagePng(stored, 1)))).toBeGreaterThan(500);
    const c = await s.services.cases.get(caseId);
    const d = documentServices();
    const again = await (await d.renderer()).render(
      draftFilingApproval({ config: d.config, case: c!, number: null, version: { version: 1, supersedes: null, reason: null }, madeAt: c!.filedAt }),
    );
    expect(again.sha256).toBe(sha(stored));

    // The entry and the item, together in the hash-chained record.
    const records = await s.services.cases.records(caseId);
    expect(records.map((r) => r.action)).toEqual(['case.filed', 'document.drafted']);
    expect(records[1]).toMatchObject({ actor: 'system', detail: { documentId: 'filing_approval', sha256: sha(stored), s3Key: key, version: 1 } });

    // 文书 → 查看: the link comes by direct message, recorded first, and fetches the stored bytes.
    const [list] = await talk.say(USERS.li, `文书 ${caseNumber}`);
    expect(readable(list)).toContain('立案审批表');
    expect(readable(list)).toContain(sha(stored).slice(0, 16));
    const since = talk.mark();
    const viewed = await talk.tap(USERS.li, list!, '查看');
    expect(viewed.json.toast.content).toContain('30 分钟');
    const [link] = since();
    expect(link?.receive_id).toBe(USERS.li);
    const res = await fetch(linkOf(link?.content));
    expect(res.status).toBe(200);
    expect(sha(Buffer.from(await res.arrayBuffer()))).toBe(sha(stored));
    expect((await s.services.cases.records(caseId)).at(-1)).toMatchObject({ action: 'document.viewed', actor: USERS.li, detail: { documentId: 'filing_approval', version: 1 } });

    // 更正: the button opens the form in place; its submit, with a reason, makes version 2.
    const form = await talk.tap(USERS.zhang, list!, '更正');
    expect(form.json.card.type).toBe('raw');
    const submitValue = buttonValue(form.json.card.data, '提交更正');
    const refused = await postFeishu(`${s.botUrl}/feishu/cards`, cardAction({ openId: USERS.zhang, value: submitValue, formValue: { reason: '' }, messageId: list!.message_id }));
    expect(refused.json.toast).toMatchObject({ type: 'error', content: '更正文书须写明更正原因' });
    const taken = await postFeishu(`${s.botUrl}/feishu/cards`, cardAction({ openId: USERS.zhang, value: submitValue, formValue: { reason: '案件来源应为投诉举报' }, messageId: list!.message_id }));
    expect(taken.json.toast).toMatchObject({ type: 'success', content: '正在制作第2版' });
    // A double tap of the same submit adds nothing.
    await postFeishu(`${s.botUrl}/feishu/cards`, cardAction({ openId: USERS.zhang, value: submitValue, formValue: { reason: '案件来源应为投诉举报' }, messageId: list!.message_id }));
    await s.jobs.idle();
    expect(await talk.bucketKeys(`cases/${caseId}/documents/`)).toEqual([key, `cases/${caseId}/documents/filing_approval/v2.pdf`]);
    const v2 = await talk.objectBytes(`cases/${caseId}/documents/filing_approval/v2.pdf`);
    expect(pdfTextCompact(v2)).toContain('案件来源应为投诉举报');
    expect((await s.services.cases.records(caseId)).filter((r) => r.action === 'document.corrected')).toEqual([
      expect.objectContaining({ actor: USERS.zhang, detail: expect.objectContaining({ version: 2, supersedes: 1, reason: '案件来源应为投诉举报', sha256: sha(v2) }) }),
    ]);
    expect(s.sim.uploadedFiles().map((f) => f.file_name)).toContain(`立案审批表-${caseNumber}-第2版.pdf`);
    const [list2] = await talk.say(USERS.zhang, `文书 ${caseNumber}`);
    expect(readable(list2)).toContain('第2版（现行）');
    expect(readable(list2)).toContain('第1版（已被更正）');

    // 校验 re-hashes both versions with the evidence; 案卷 counts the 立案审批表.
    const [verified] = await talk.say(USERS.zhang, `校验 ${caseNumber}`);
    expect(readable(verified)).toContain('校验通过');
    expect((await s.services.cases.records(caseId)).at(-1)).toMatchObject({ action: 'case.verified', detail: { intact: true, checkedObjects: 2 } });
    const [dossier] = await talk.say(USERS.zhang, `案卷 ${caseNumber}`);
    expect(readable(dossier)).toMatch(/✓ 立案审批表：已有/);
  });

  it('校验 finds a document version replaced in s3rver; a stranger gets the answer for a case that does not exist', async () => {
    const { caseNumber, caseId } = await talk.fileCase(USERS.zhang, [USERS.zhang, USERS.li]);
    const key = `cases/${caseId}/documents/filing_approval/v1.pdf`;
    await talk.replaceObject(key, Buffer.from('%PDF-1.4 forged'));
    const [verified] = await talk.say(USERS.zhang, `校验 ${caseNumber}`);
    expect(readable(verified)).toContain('校验未通过');
    expect(readable(verified)).toContain('文书「立案审批表」（第1版）');

    const [stranger] = await talk.say(USERS.sun, `文书 ${caseNumber}`);
    const [none] = await talk.say(USERS.sun, '文书 99号');
    expect(textOf(stranger)).toBe(textOf(none).replace('99号', caseNumber));
  });
});
