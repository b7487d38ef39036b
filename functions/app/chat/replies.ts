/** How the worker answers a message: replies, and case data sent privately in a group chat. */
import { textMessage } from '../../../cards/index.ts';
import type { Card } from '../../../cards/common.ts';
import type { Reply } from '../intents.ts';
import { MESSAGES, sendUuid, type WorkerServices } from '../services.ts';

/**
 * Answers to one message: Feishu's `uuid` derived from the event (and the answer's part), so a retried
 * job or a re-delivered event posts nothing twice.
 */
export function replyTo(messageId: string, eventId: string, s: WorkerServices): Reply {
  const uuid = (part?: string) => (part === undefined ? sendUuid('reply', eventId) : sendUuid('reply', eventId, part));
  return {
    // Replies may quote what the person typed; textMessage keeps it from acting as Feishu markup.
    text: async (text, part) => {
      await s.messenger.replyText(messageId, textMessage(text), uuid(part));
    },
    card: (card, part) => s.messenger.replyCard(messageId, card, uuid(part)),
  };
}

/** Case data goes to the person: in a group chat by direct message, with a line in the group saying so. */
export function privateCardFor(openId: string, m: { chatType: string; eventId: string }, reply: Reply, s: WorkerServices) {
  return async (card: Card, part?: string): Promise<string | undefined> => {
    if (m.chatType === 'p2p') return reply.card(card, part);
    const id = await s.messenger.sendCard(openId, card, part === undefined ? sendUuid('dm', m.eventId) : sendUuid('dm', m.eventId, part));
    await reply.text(MESSAGES.sentPrivately, part);
    return id;
  };
}

