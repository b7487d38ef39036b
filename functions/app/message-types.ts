/**
 * Chat messages by Feishu message type, one line each: text is a command; files, images, audio and
 * video are where evidence will arrive (answered as not supported until then). A type Feishu adds
 * later is answered as not supported too.
 */
import { notSupportedMessageType } from './chat/not-supported.ts';
import { textMessageType } from './chat/text-message.ts';
import type { MessageTypeHandler } from './intents.ts';
import type { FeishuMessageType } from '../ports/index.ts';

export const MESSAGE_TYPES = {
  text: textMessageType,
  post: notSupportedMessageType,
  image: notSupportedMessageType,
  file: notSupportedMessageType,
  audio: notSupportedMessageType,
  media: notSupportedMessageType,
  sticker: notSupportedMessageType,
  interactive: notSupportedMessageType,
  share_chat: notSupportedMessageType,
  share_user: notSupportedMessageType,
  merge_forward: notSupportedMessageType,
  location: notSupportedMessageType,
  system: notSupportedMessageType,
} satisfies Record<FeishuMessageType, MessageTypeHandler>;

export function messageTypeHandler(type: string): MessageTypeHandler {
  return Object.hasOwn(MESSAGE_TYPES, type) ? MESSAGE_TYPES[type as FeishuMessageType] : notSupportedMessageType;
}
