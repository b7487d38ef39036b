/**
 * `记录 <text>`: a written record (what was seen or said) for the case the message replies to, else
 * the sender's current case in that chat. Stored like any evidence (its UTF-8 bytes, hashed) with a
 * `note.recorded` entry that holds the text, and the same receipt.
 */
import { receiptCard } from '../../../cards/index.ts';
import { buildNote, noteDetail, NOTE_MIME_TYPE, resolveTargetCase } from '../../domain/dossier/evidence.ts';
import { isEvidenceError } from '../../ports/evidence.ts';
import { command } from '../intents.ts';
import { MESSAGES } from '../services.ts';
import { INGEST_MESSAGES, mayAttach, refusalText } from './ingest.ts';
import { receiptView } from './views.ts';

export const NOTE_MESSAGES = {
  noCase: '请先指定案件：在案件卡片上点「设为当前案件」，或直接回复案件卡片发送「记录 内容」。',
};

export const recordNoteCommand = command({
  words: ['记录'],
  // 记录：现场门窗紧闭 (a colon, no space)
  prefix: true,
  help: { command: '记录 <内容>', description: '为当前案件添加一条文字记录（现场所见、当事人所述），记入全过程记录' },
  requires: { role: 'officer', refusal: INGEST_MESSAGES.notOfficer },
  async run({ person, arg, message, reply, privateCard, s }) {
    const repliedTo = message.parentId ? await s.chat.caseOfCard(message.parentId) : null;
    const current = repliedTo ? null : await s.chat.currentCase(person.openId, message.chatId);
    const target = resolveTargetCase({ repliedToCaseId: repliedTo, currentCaseId: current });
    if (!('caseId' in target)) return reply.text(NOTE_MESSAGES.noCase);
    const c = await s.cases.get(target.caseId);
    if (!c) return reply.text(MESSAGES.caseNotFound(target.caseId));
    if (!(await mayAttach(person, c, reply))) return;

    const receivedAt = s.now().toISOString();
    const note = buildNote({
      caseId: c.caseId,
      text: arg.replace(/^[:：]\s*/, ''),
      messageId: message.messageId,
      receivedAt,
      ...(message.createTime ? { sentAt: new Date(Number(message.createTime)).toISOString() } : {}),
      sender: person.openId,
      senderName: person.name,
    });
    if (!note.ok) return reply.text(note.errors[0] as string);

    let versionId: string | undefined;
    try {
      const stored = await s.evidence.put({ caseId: c.caseId, body: [note.value.bytes], contentType: NOTE_MIME_TYPE });
      versionId = stored.versionId;
    } catch (err) {
      if (!isEvidenceError(err)) throw err;
      s.log.error('note not stored', { caseId: c.caseId, kind: err.kind, err });
      return reply.text(INGEST_MESSAGES.failed);
    }
    const item = { ...note.value.item, ...(versionId ? { s3VersionId: versionId } : {}) };
    const outcome = await s.cases.attachEvidence(item, { at: receivedAt, actor: person.openId, action: 'note.recorded', detail: noteDetail(item, note.value.text) });
    if (outcome.kind === 'refused') return reply.text(refusalText(outcome.reason, c.caseNumber));
    // A note is never a duplicate (the same words twice are two observations); a repeat is its own receipt.
    const saved = outcome.kind === 'duplicate' ? outcome.match : outcome.item;
    const sent = await privateCard(receiptCard(receiptView(saved, c.caseNumber, { via: target.via, editable: true })));
    if (sent) await s.chat.rememberCard(sent, c.caseId);
  },
});
