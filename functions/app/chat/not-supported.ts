/**
 * Message types the bot does not take yet. Files, images, audio and video will be evidence (the next
 * issue replaces their entries in message-types.ts); until then the person is told so.
 */
import type { MessageTypeHandler } from '../intents.ts';
import { MESSAGES } from '../services.ts';

export const notSupportedMessageType: MessageTypeHandler = ({ reply }) => reply.text(MESSAGES.unsupportedMessage);
