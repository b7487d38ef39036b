/** Message type `text`: what the person typed is a command (commands.ts). */
import * as z from 'zod/mini';
import { cleanText, runCommand } from '../commands.ts';
import type { MessageTypeHandler } from '../intents.ts';
import { MESSAGES } from '../services.ts';

/** Text message content: `{"text": "..."}`. */
const textContent = z.object({ text: z.string() });

export const textMessageType: MessageTypeHandler = async (ctx) => {
  let text: string;
  try {
    text = textContent.parse(JSON.parse(ctx.message.content)).text;
  } catch {
    return ctx.reply.text(MESSAGES.unsupportedMessage);
  }
  return runCommand(cleanText(text, ctx.message.mentionKeys), ctx);
};
