/**
 * zod schemas for what Feishu pushes to us (event and card-callback envelopes; examples in
 * test/fixtures/feishu/). They sit on the acknowledgement
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

/**
 * Bounds for a card's `value` and `form_value`. Ours are one level deep and a form's are two (a
 * multi-select is an array of strings); the limits leave room and stop a crafted value from reaching
 * code that recurses over it (the logger, JSON.stringify).
 */
export const CARD_VALUE_LIMITS = { depth: 4, nodes: 500, chars: 32 * 1024 } as const;

/** Walks a parsed JSON value without recursion and stops at the first bound it passes. */
export function withinCardValueLimits(value: unknown): boolean {
  let nodes = 0;
  let chars = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (++nodes > CARD_VALUE_LIMITS.nodes) return false;
    if (typeof v === 'string') chars += v.length;
    else if (v !== null && typeof v === 'object') {
      if (depth >= CARD_VALUE_LIMITS.depth) return false;
      for (const [k, child] of Object.entries(v)) {
        if (!Array.isArray(v)) chars += k.length;
        stack.push([child, depth + 1]);
      }
    }
    if (chars > CARD_VALUE_LIMITS.chars) return false;
  }
  return true;
}

const bounded = z.refine(withinCardValueLimits, 'card value too deep or too large');

export const cardAction = z.object({
  value: z.optional(z.union([z.record(z.string(), z.unknown()), z.string()]).check(bounded)),
  tag: z.optional(z.string()),
  name: z.optional(z.string()),
  option: z.optional(z.string().check(z.maxLength(200))),
  form_value: z.optional(z.record(z.string(), z.unknown()).check(bounded)),
  timezone: z.optional(z.string()),
});
export type CardActionPayload = z.infer<typeof cardAction>;

/** `action` is read by `cardAction` on its own, so an unreadable one is answered with a toast, not a 400. */
export const cardActionTriggerEvent = z.object({
  operator: z.extend(userId, { tenant_key: z.optional(z.string()) }),
  token: z.optional(z.string()),
  action: z.unknown(),
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
  action: z.unknown(),
});

