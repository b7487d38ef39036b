/** zod schemas for what Feishu pushes to us (docs/feishu.md §1–3). Unknown fields pass through. */
import { z } from 'zod';

export const encryptedBody = z.object({ encrypt: z.string().min(1) });

export const urlVerification = z.object({
  type: z.literal('url_verification'),
  challenge: z.string().min(1).max(512),
  token: z.string(),
});

const header = z.object({
  event_id: z.string().min(1).max(128),
  event_type: z.string().min(1).max(128),
  create_time: z.string().optional(),
  token: z.string(),
  app_id: z.string().optional(),
  tenant_key: z.string().optional(),
});

export const envelopeV2 = z.object({
  schema: z.literal('2.0'),
  header,
  event: z.record(z.string(), z.unknown()),
});
export type EnvelopeV2 = z.infer<typeof envelopeV2>;

const userId = z.object({
  open_id: z.string().min(1).max(128),
  union_id: z.string().optional(),
  user_id: z.string().optional(),
});

export const messageReceiveEvent = z.object({
  sender: z.object({
    sender_id: userId,
    sender_type: z.string(),
    tenant_key: z.string().optional(),
  }),
  message: z.object({
    message_id: z.string().min(1).max(128),
    root_id: z.string().optional(),
    parent_id: z.string().optional(),
    create_time: z.string().optional(),
    chat_id: z.string().min(1).max(128),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string().max(200_000),
    mentions: z
      .array(
        z.object({
          key: z.string(),
          id: userId.partial(),
          name: z.string().optional(),
        }),
      )
      .optional(),
  }),
});
export type MessageReceiveEvent = z.infer<typeof messageReceiveEvent>;

const actionValue = z.union([z.record(z.string(), z.unknown()), z.string()]);

const cardAction = z.object({
  value: actionValue.optional(),
  tag: z.string().optional(),
  name: z.string().optional(),
  option: z.string().optional(),
  form_value: z.record(z.string(), z.unknown()).optional(),
  timezone: z.string().optional(),
});

export const cardActionTriggerEvent = z.object({
  operator: userId.extend({ tenant_key: z.string().optional() }),
  token: z.string().optional(),
  action: cardAction,
  host: z.string().optional(),
  context: z
    .object({
      open_message_id: z.string().optional(),
      open_chat_id: z.string().optional(),
    })
    .optional(),
});

export const legacyCardCallback = z.object({
  open_id: z.string().min(1).max(128),
  user_id: z.string().optional(),
  open_message_id: z.string().optional(),
  open_chat_id: z.string().optional(),
  tenant_key: z.string().optional(),
  token: z.string(),
  action: cardAction,
});

/** Text message content: `{"text": "..."}`. */
export const textContent = z.object({ text: z.string() });
