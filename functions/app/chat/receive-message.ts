/**
 * Job `message`: a chat message, handed on by the webhook. The worker completes the webhook's claim on
 * the event first, then answers: people not on the roster are told whom to ask; everyone else's message
 * goes to the handler of its type (message-types.ts).
 */
import * as z from 'zod/mini';
import { job } from '../intents.ts';
import { messageTypeHandler } from '../message-types.ts';
import { MESSAGES } from '../services.ts';
import { privateCardFor, replyTo } from './replies.ts';

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
    /** Set when the message replies to another (e.g. a file sent as a reply to a case card). */
    parentId: z.optional(z.string().check(z.maxLength(128))),
    createTime: z.optional(z.string().check(z.regex(/^\d{1,16}$/))),
    /** The webhook's claim on the event; the worker completes it before anything else. */
    lease: z.optional(id),
  }),
  async run(m, s) {
    // A later delivery took the event over (this hand-off looked lost): that one's job runs instead.
    if (m.lease && !(await s.markers.complete(m.eventId, m.lease, s.now().getTime()))) {
      s.log.info('message job superseded by a later delivery', { eventId: m.eventId });
      return;
    }
    const reply = replyTo(m.messageId, m.eventId, s);
    const person = await s.roster.get(m.senderOpenId);
    if (!person) return reply.text(MESSAGES.notOnRoster);
    const { lease: _lease, senderOpenId: _sender, ...message } = m;
    await messageTypeHandler(m.messageType)({ person, message, reply, privateCard: privateCardFor(person.openId, m, reply, s), s });
  },
});
