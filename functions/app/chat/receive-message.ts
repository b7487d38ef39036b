/**
 * Job `message`: a chat message, handed on by the webhook. The worker completes the webhook's claim on
 * the event first, then answers: people not on the roster are told whom to ask; everyone else's message
 * goes to the handler of its type (message-types.ts).
 */
import * as z from 'zod/mini';
import { textMessage } from '../../../cards/index.ts';
import type { Card } from '../../../cards/common.ts';
import { job, type MessageContext } from '../intents.ts';
import { messageTypeHandler } from '../message-types.ts';
import { MESSAGES, sendUuid } from '../services.ts';

const id = z.string().check(z.minLength(1));

export const receiveMessageJob = job({
  payload: z.object({
    eventId: id,
    senderOpenId: id,
    messageId: id,
    chatId: id,
    chatType: z.string(),
    messageType: z.string(),
    content: z.string(),
    mentionKeys: z.array(z.string()),
    /** The webhook's claim on the event; the worker completes it before anything else. */
    lease: z.optional(id),
  }),
  async run(m, s) {
    // A later delivery took the event over (this hand-off looked lost): that one's job runs instead.
    if (m.lease && !(await s.markers.complete(m.eventId, m.lease, s.now().getTime()))) {
      s.log.info('message job superseded by a later delivery', { eventId: m.eventId });
      return;
    }
    const uuid = sendUuid('reply', m.eventId);
    const reply: MessageContext['reply'] = {
      // Replies may quote what the person typed; textMessage keeps it from acting as Feishu markup.
      text: (text) => s.messenger.replyText(m.messageId, textMessage(text), uuid),
      card: (card) => s.messenger.replyCard(m.messageId, card, uuid),
    };
    const person = await s.roster.get(m.senderOpenId);
    if (!person) return reply.text(MESSAGES.notOnRoster);

    const privateCard = async (card: Card) => {
      if (m.chatType === 'p2p') return reply.card(card);
      await s.messenger.sendCard(person.openId, card, sendUuid('dm', m.eventId));
      await reply.text(MESSAGES.sentPrivately);
    };
    const { lease: _lease, senderOpenId: _sender, ...message } = m;
    return messageTypeHandler(m.messageType)({ person, message, reply, privateCard, s });
  },
});
