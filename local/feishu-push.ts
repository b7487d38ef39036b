/**
 * Feishu pushes exactly as Feishu sends them: the event or card-callback JSON, encrypted with the
 * Encrypt Key (AES-256-CBC) unless asked not to, and signed over the raw bytes (SHA-256 with the
 * Encrypt Key; legacy card callbacks SHA-1 with the Verification Token). One sender for `npm run say`,
 * the bench and the tests. Defaults are the offline stack's invented secrets (local/defaults.ts).
 */
import { randomUUID } from 'node:crypto';
import { encryptFeishu as encrypt, eventSignature, legacyCardSignature } from '../functions/adapters/feishu/verify.ts';
import { assertValidCard } from './card-validator.ts';
import { LOCAL_DEFAULTS } from './defaults.ts';

export const ENCRYPT_KEY = LOCAL_DEFAULTS.encryptKey;
export const VERIFICATION_TOKEN = LOCAL_DEFAULTS.verificationToken;

export function encryptFeishu(plain: string, key = ENCRYPT_KEY): string {
  return encrypt(plain, key);
}

export interface PostOptions {
  /** false sends the JSON in the clear (Feishu does so when no Encrypt Key is set). */
  encrypt?: boolean;
  /** false sends no signature headers. */
  sign?: boolean;
  /** A legacy (JSON 1.0) card callback: plain JSON, SHA-1 over the Verification Token. */
  legacy?: boolean;
  timestamp?: number; // unix seconds
  nonce?: string;
  /** A signature to send instead of the right one. */
  signature?: string;
  /** Encrypt Key; default the local one. */
  key?: string;
  /** Verification Token for legacy signatures; default the local one. */
  token?: string;
}

export interface FeishuRequest {
  body: string;
  headers: Record<string, string>;
}

/** The exact raw body and headers Feishu would send. */
export function feishuRequest(payload: unknown, o: PostOptions = {}): FeishuRequest {
  return feishuRequestFromJson(JSON.stringify(payload), o);
}

/** The same from JSON text (for payloads JSON.stringify cannot produce, such as very deep ones). */
export function feishuRequestFromJson(plain: string, o: PostOptions = {}): FeishuRequest {
  const body = o.encrypt === false || o.legacy ? plain : JSON.stringify({ encrypt: encryptFeishu(plain, o.key ?? ENCRYPT_KEY) });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.sign !== false) {
    const ts = String(o.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = o.nonce ?? randomUUID();
    headers['X-Lark-Request-Timestamp'] = ts;
    headers['X-Lark-Request-Nonce'] = nonce;
    headers['X-Lark-Signature'] =
      o.signature ??
      (o.legacy
        ? legacyCardSignature(ts, nonce, o.token ?? VERIFICATION_TOKEN, body)
        : eventSignature(ts, nonce, o.key ?? ENCRYPT_KEY, body));
  }
  return { body, headers };
}

/**
 * POSTs a push to the bot and returns its answer. A 200 answer that carries a card is checked like a
 * card sent to the fake Open API (callback answers never reach it), so a bad answer card fails here.
 */
export async function postFeishu(url: string, payload: unknown, o: PostOptions = {}) {
  const { body, headers } = feishuRequest(payload, o);
  const res = await fetch(url, { method: 'POST', body, headers });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  if (res.status === 200) assertValidCallbackAnswer(json);
  return { status: res.status, json: json as Record<string, any> };
}

/**
 * A card in a callback answer replaces the card for everyone, and Feishu refuses it as it refuses a
 * bad PATCH: `{card: {type: 'raw', data}}` (card.action.trigger) or the card itself (legacy callback).
 */
export function assertValidCallbackAnswer(json: unknown): void {
  if (typeof json !== 'object' || json === null) return;
  const answer = json as { card?: { type?: unknown; data?: unknown }; schema?: unknown };
  if (answer.card !== undefined) {
    if (answer.card.type !== 'raw') throw new Error(`callback answer card must be {type: 'raw', data}: ${JSON.stringify(answer.card).slice(0, 200)}`);
    assertValidCard(answer.card.data, { updated: true });
  } else if (answer.schema !== undefined) {
    assertValidCard(json, { updated: true });
  }
}

let counter = 0;
/** Unique within the process and increasing: `<prefix><ms hex><counter hex>`. */
export const newId = (prefix: string) => `${prefix}${Date.now().toString(16)}${(counter++).toString(16).padStart(6, '0')}`;

/** Header fields of a push; defaults are the local app's. */
interface PushHeader {
  eventId?: string;
  /** Verification Token carried in the header. */
  token?: string;
  appId?: string;
  tenantKey?: string;
}

/** `im.message.receive_v1`: a person's message to the bot (text by default). */
export function messageEvent(
  o: PushHeader & {
    openId: string;
    text?: string;
    messageId?: string;
    chatId?: string;
    chatType?: 'p2p' | 'group';
    messageType?: string;
    /** The message's `content` JSON string; default `{"text": text}`. */
    content?: string;
    /** The message this one replies to (e.g. a case card the bot sent). */
    parentId?: string;
  },
) {
  const tenantKey = o.tenantKey ?? 'tenant_local';
  return {
    schema: '2.0',
    header: {
      event_id: o.eventId ?? newId('ev'),
      event_type: 'im.message.receive_v1',
      create_time: String(Date.now()),
      token: o.token ?? VERIFICATION_TOKEN,
      app_id: o.appId ?? LOCAL_DEFAULTS.appId,
      tenant_key: tenantKey,
    },
    event: {
      sender: { sender_id: { open_id: o.openId, union_id: 'on_x', user_id: 'u_x' }, sender_type: 'user', tenant_key: tenantKey },
      message: {
        message_id: o.messageId ?? newId('om_'),
        root_id: o.parentId ?? '',
        parent_id: o.parentId ?? '',
        create_time: String(Date.now()),
        update_time: String(Date.now()),
        chat_id: o.chatId ?? `oc_p2p_${o.openId}`,
        chat_type: o.chatType ?? 'p2p',
        message_type: o.messageType ?? 'text',
        content: o.content ?? JSON.stringify({ text: o.text ?? '' }),
      },
    },
  };
}

/** `card.action.trigger` (schema 2.0): a tap on a card button, with the form's values when it submits one. */
export function cardAction(
  o: PushHeader & {
    openId: string;
    value: unknown;
    formValue?: Record<string, unknown>;
    messageId?: string;
    chatId?: string;
    /** A drop-down's choice (`action.option`, with `tag: select_static`). */
    option?: string;
  },
) {
  const tenantKey = o.tenantKey ?? 'tenant_local';
  return {
    schema: '2.0',
    header: {
      event_id: o.eventId ?? newId('ca'),
      event_type: 'card.action.trigger',
      create_time: String(Date.now()),
      token: o.token ?? VERIFICATION_TOKEN,
      app_id: o.appId ?? LOCAL_DEFAULTS.appId,
      tenant_key: tenantKey,
    },
    event: {
      operator: { open_id: o.openId, tenant_key: tenantKey },
      token: `c-${newId('tok')}`,
      action: {
        value: o.value,
        tag: o.option === undefined ? 'button' : 'select_static',
        name: 'submit',
        ...(o.option === undefined ? {} : { option: o.option }),
        ...(o.formValue ? { form_value: o.formValue } : {}),
        timezone: 'Asia/Shanghai',
      },
      host: 'im_message',
      context: { open_message_id: o.messageId ?? newId('om_'), open_chat_id: o.chatId ?? 'oc_chat' },
    },
  };
}
