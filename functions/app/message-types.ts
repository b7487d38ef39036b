/**
 * Chat messages by Feishu message type, one line each: text is a command; files, images, audio and
 * video are evidence (stored to a case); rich text, stickers, merged forwards, locations and cards are
 * told what to send instead. A type Feishu adds later is answered as not supported.
 */
import { notSupportedMessageType } from './chat/not-supported.ts';
import { textMessageType } from './chat/text-message.ts';
import { evidenceMessageType, notEvidenceMessageType } from './evidence/attach-file.ts';
import type { MessageTypeHandler } from './intents.ts';
import type { FeishuMessageType } from '../ports/index.ts';

export const MESSAGE_TYPES = {
  text: textMessageType,
  post: notEvidenceMessageType,
  image: evidenceMessageType,
  file: evidenceMessageType,
  audio: evidenceMessageType,
  media: evidenceMessageType,
  sticker: notEvidenceMessageType,
  interactive: notEvidenceMessageType,
  share_chat: notSupportedMessageType,
  share_user: notSupportedMessageType,
  merge_forward: notEvidenceMessageType,
  location: notEvidenceMessageType,
  system: notSupportedMessageType,
} satisfies Record<FeishuMessageType, MessageTypeHandler>;

export function messageTypeHandler(type: string): MessageTypeHandler {
  return Object.hasOwn(MESSAGE_TYPES, type) ? MESSAGE_TYPES[type as FeishuMessageType] : notSupportedMessageType;
}
