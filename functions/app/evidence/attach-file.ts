/**
 * Files, photos, audio and video sent to the bot (message types `image`, `file`, `audio`, `media`)
 * become evidence of a case: the case card the message replies to, else the sender's current case in
 * that chat, else a card of the sender's open cases to choose from — nothing is attached to a guessed
 * case. The choice (`evidence.choose_case`, answered inline) hands an `evidence.attach` job on.
 */
import * as z from 'zod/mini';
import { caseChooserCard, caseChosenCard } from '../../../cards/index.ts';
import { attachPermission, classifyMessage, resolveTargetCase } from '../../domain/dossier/evidence.ts';
import { CASE_ID, cardAction, job, type MessageContext, type MessageTypeHandler } from '../intents.ts';
import { errorToast, MESSAGES, PAGE_SIZE } from '../services.ts';
import { privateCardFor, replyTo } from '../chat/replies.ts';
import { attachFile, describeFile, INGEST_MESSAGES } from './ingest.ts';

const MESSAGE_ID = z.string().check(z.regex(/^om_[\w-]{1,128}$/));

export const CHOOSER_MESSAGES = {
  noOpenCase: '您目前没有承办中的案件，这份文件没有保存。请先立案，或在案件卡片上点「设为当前案件」后重新发送。',
};

export const evidenceMessageType: MessageTypeHandler = async (ctx: MessageContext) => {
  const { person, message, reply, s } = ctx;
  const resource = classifyMessage(message.messageType, message.content, message.messageId);
  if (!resource.ok) return reply.text(resource.errors[0] as string);

  const repliedTo = message.parentId ? await s.chat.caseOfCard(message.parentId) : null;
  const current = repliedTo ? null : await s.chat.currentCase(person.openId, message.chatId);
  const target = resolveTargetCase({ repliedToCaseId: repliedTo, currentCaseId: current });
  const file = {
    eventId: message.eventId,
    messageId: message.messageId,
    chatId: message.chatId,
    chatType: message.chatType,
    messageType: message.messageType,
    content: message.content,
    ...(message.createTime ? { createTime: message.createTime } : {}),
  };
  if ('caseId' in target) {
    const c = await s.cases.get(target.caseId);
    if (!c) return reply.text(MESSAGES.caseNotFound(target.caseId));
    return attachFile({ c, via: target.via, person, file, reply, privateCard: ctx.privateCard }, s);
  }

  // No case given: ask, offering the sender's own open cases. The file waits until they choose.
  const open = await s.cases.listOpenForUser(person.openId, { limit: PAGE_SIZE });
  if (open.items.length === 0) return reply.text(CHOOSER_MESSAGES.noOpenCase);
  await s.chat.savePending({ ...file, senderOpenId: person.openId, receivedAt: s.now().toISOString() });
  await ctx.privateCard(
    caseChooserCard({
      messageId: message.messageId,
      what: describeFile(resource.value),
      cases: open.items.map((i) => ({ caseId: i.caseId, caseNumber: i.caseNumber, partyName: i.partyName })),
    }),
  );
};

/** Rich text, stickers, merged forwards, locations, cards: told what to send instead (nothing is stored). */
export const notEvidenceMessageType: MessageTypeHandler = ({ message, reply }) => {
  const r = classifyMessage(message.messageType, message.content, message.messageId);
  return reply.text(r.ok ? MESSAGES.unsupportedMessage : (r.errors[0] as string));
};

/** `保存到此案件` on the chooser: checks on the server that the sender may attach to it, then hands on the attach. */
export const chooseCaseAction = cardAction({
  value: z.object({ message_id: MESSAGE_ID, case_id: CASE_ID }),
  async handle({ message_id, case_id }, { operator, tap, s }) {
    const pending = await s.chat.getPending(message_id);
    // Only the file's sender chooses for it; anyone else's tap is a card that is not theirs.
    if (!pending || pending.senderOpenId !== operator.openId) return errorToast(MESSAGES.staleAction);
    const c = await s.cases.get(case_id);
    const may = c ? attachPermission(operator, { officers: c.officers, archived: c.status === 'archived' }) : null;
    if (!c || !may || (!may.ok && may.reason === 'not_found')) return errorToast(MESSAGES.caseNotFound(case_id));
    if (!may.ok) return errorToast(may.reason === 'archived' ? MESSAGES.archived(c.caseNumber) : INGEST_MESSAGES.notOfficer);
    await s.chat.setCurrentCase(operator.openId, pending.chatId, c.caseId, s.now().toISOString());
    await s.jobs.submit({ kind: 'evidence.attach', caseId: c.caseId, messageId: message_id });
    if (tap.messageId) await s.chat.rememberCard(tap.messageId, c.caseId);
    const resource = classifyMessage(pending.messageType, pending.content, pending.messageId);
    const what = resource.ok ? describeFile(resource.value) : '文件';
    return { toast: { type: 'success', content: `正在保存到 ${c.caseNumber}` }, card: caseChosenCard({ caseNumber: c.caseNumber, what }) };
  },
});

/** Job `evidence.attach`: a waiting file to the case its sender chose (checked again here). */
export const attachChosenJob = job({
  payload: z.object({ caseId: CASE_ID, messageId: MESSAGE_ID }),
  async run({ caseId, messageId }, s) {
    const pending = await s.chat.getPending(messageId);
    if (!pending) {
      s.log.warn('evidence.attach for a file no longer waiting', { caseId, messageId });
      return;
    }
    const reply = replyTo(pending.messageId, pending.eventId, s);
    const person = await s.roster.get(pending.senderOpenId);
    if (!person) return reply.text(MESSAGES.notOnRoster);
    const c = await s.cases.get(caseId);
    if (!c) return reply.text(MESSAGES.caseNotFound(caseId));
    const { senderOpenId: _s, receivedAt: _r, ...file } = pending;
    await attachFile(
      {
        c,
        via: 'chosen',
        person,
        file,
        reply,
        privateCard: privateCardFor(person.openId, pending, reply, s),
        notes: [`${c.caseNumber} 已设为本会话的当前案件：之后发送的照片、视频、录音和文件将保存到该案件。`],
      },
      s,
    );
  },
});
