/**
 * zod schemas for what Feishu pushes to us (docs/feishu.md §1–3). They sit on the acknowledgement
 * path, so they use `zod/mini` (a fraction of classic zod's load time); unknown fields are dropped.
 */
import * as z from 'zod/mini';

const id = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

export const encryptedBody = z.object({ encrypt: z.string().check(z.minLength(1)) });

export const urlVerification = z.object({
  type: z.literal('url_verification'),
  challenge: id(512),
  token: z.string(),
});

const header = z.object({
  event_id: id(128),
  event_type: id(128),
  create_time: z.optional(z.string()),
  token: z.string(),
  app_id: z.optional(z.string()),
  tenant_key: z.optional(z.string()),
});

export const envelopeV2 = z.object({
  schema: z.literal('2.0'),
  header,
  event: z.record(z.string(), z.unknown()),
});
export type EnvelopeV2 = z.infer<typeof envelopeV2>;

const userId = z.object({
  open_id: id(128),
  union_id: z.optional(z.string()),
  user_id: z.optional(z.string()),
});

export const messageReceiveEvent = z.object({
  sender: z.object({
    sender_id: userId,
    sender_type: z.string(),
    tenant_key: z.optional(z.string()),
  }),
  message: z.object({
    message_id: id(128),
    root_id: z.optional(z.string()),
    parent_id: z.optional(z.string()),
    create_time: z.optional(z.string()),
    chat_id: id(128),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string().check(z.maxLength(200_000)),
    mentions: z.optional(
      z.array(
        z.object({
          key: z.string(),
          id: z.partial(userId),
          name: z.optional(z.string()),
        }),
      ),
    ),
  }),
});
export type MessageReceiveEvent = z.infer<typeof messageReceiveEvent>;

const cardAction = z.object({
  value: z.optional(z.union([z.record(z.string(), z.unknown()), z.string()])),
  tag: z.optional(z.string()),
  name: z.optional(z.string()),
  option: z.optional(z.string()),
  form_value: z.optional(z.record(z.string(), z.unknown())),
  timezone: z.optional(z.string()),
});

export const cardActionTriggerEvent = z.object({
  operator: z.extend(userId, { tenant_key: z.optional(z.string()) }),
  token: z.optional(z.string()),
  action: cardAction,
  host: z.optional(z.string()),
  context: z.optional(
    z.object({
      open_message_id: z.optional(z.string()),
      open_chat_id: z.optional(z.string()),
    }),
  ),
});

export const legacyCardCallback = z.object({
  open_id: id(128),
  user_id: z.optional(z.string()),
  open_message_id: z.optional(z.string()),
  open_chat_id: z.optional(z.string()),
  tenant_key: z.optional(z.string()),
  token: z.string(),
  action: cardAction,
});

/** Text message content: `{"text": "..."}`. */
export const textContent = z.object({ text: z.string() });
