/** Builds Feishu pushes exactly as Feishu sends them: JSON, optionally encrypted, signed over the raw bytes. */
import { randomUUID } from 'node:crypto';
import { encryptFeishu as encrypt, eventSignature, legacyCardSignature } from '../../functions/adapters/feishu/verify.ts';
import { assertValidCard } from '../../local/card-validator.ts';
import { LOCAL_DEFAULTS } from '../../local/stack.ts';

export const ENCRYPT_KEY = LOCAL_DEFAULTS.encryptKey;
export const VERIFICATION_TOKEN = LOCAL_DEFAULTS.verificationToken;

export const USERS = {
  zhang: 'ou_9f8e7d6c5b4a39281706f5e4d3c2b1a0', // officer, valid certificate
  li: 'ou_1a2b3c4d5e6f708192a3b4c5d6e7f801', // officer, valid certificate
  wang: 'ou_2b3c4d5e6f708192a3b4c5d6e7f80112', // officer, certificate expired 2025-12-31
  zhou: 'ou_3c4d5e6f708192a3b4c5d6e7f8011223', // officer, no certificate
  zhao: 'ou_4d5e6f708192a3b4c5d6e7f801122334', // reviewer + admin
  head: 'ou_5e6f708192a3b4c5d6e7f80112233445', // head
  sun: 'ou_6f708192a3b4c5d6e7f8011223344556', // office
  wu: 'ou_708192a3b4c5d6e7f801122334455667', // section head (科室负责人) of 运行监测科
  stranger: 'ou_00000000000000000000000000000000',
};

export function encryptFeishu(plain: string, key = ENCRYPT_KEY): string {
  return encrypt(plain, key);
}

export interface PostOptions {
  encrypt?: boolean;
  sign?: boolean;
  legacy?: boolean;
  timestamp?: number; // unix seconds
  nonce?: string;
  signature?: string;
  key?: string;
}

/** Returns the exact raw body and headers Feishu would send. */
export function feishuRequest(payload: unknown, o: PostOptions = {}) {
  return feishuRequestFromJson(JSON.stringify(payload), o);
}

/** The same from JSON text (for payloads JSON.stringify cannot produce, such as very deep ones). */
export function feishuRequestFromJson(plain: string, o: PostOptions = {}) {
  const body = o.encrypt === false || o.legacy ? plain : JSON.stringify({ encrypt: encryptFeishu(plain, o.key ?? ENCRYPT_KEY) });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.sign !== false) {
    const ts = String(o.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = o.nonce ?? randomUUID();
    headers['X-Lark-Request-Timestamp'] = ts;
    headers['X-Lark-Request-Nonce'] = nonce;
    headers['X-Lark-Signature'] =
      o.signature ??
      (o.legacy ? legacyCardSignature(ts, nonce, VERIFICATION_TOKEN, body) : eventSignature(ts, nonce, o.key ?? ENCRYPT_KEY, body));
  }
  return { body, headers };
}

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
 * bad PATCH; the fake Open API never sees these answers, so every test that posts a callback checks
 * them here: `{card: {type: 'raw', data}}` (card.action.trigger) or the card itself (legacy callback).
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
export const newId = (prefix: string) => `${prefix}${Date.now().toString(16)}${(counter++).toString(16).padStart(6, '0')}`;

export function messageEvent(o: {
  openId: string;
  text?: string;
  eventId?: string;
  messageId?: string;
  chatId?: string;
  chatType?: 'p2p' | 'group';
  messageType?: string;
  content?: string;
  token?: string;
}) {
  return {
    schema: '2.0',
    header: {
      event_id: o.eventId ?? newId('ev'),
      event_type: 'im.message.receive_v1',
      create_time: String(Date.now()),
      token: o.token ?? VERIFICATION_TOKEN,
      app_id: LOCAL_DEFAULTS.appId,
      tenant_key: 'tenant_local',
    },
    event: {
      sender: { sender_id: { open_id: o.openId, union_id: 'on_x', user_id: 'u_x' }, sender_type: 'user', tenant_key: 'tenant_local' },
      message: {
        message_id: o.messageId ?? newId('om_'),
        root_id: '',
        parent_id: '',
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

export function cardAction(o: {
  openId: string;
  value: unknown;
  formValue?: Record<string, unknown>;
  eventId?: string;
  messageId?: string;
  chatId?: string;
}) {
  return {
    schema: '2.0',
    header: {
      event_id: o.eventId ?? newId('ca'),
      event_type: 'card.action.trigger',
      create_time: String(Date.now()),
      token: VERIFICATION_TOKEN,
      app_id: LOCAL_DEFAULTS.appId,
      tenant_key: 'tenant_local',
    },
    event: {
      operator: { open_id: o.openId, tenant_key: 'tenant_local' },
      token: `c-${newId('tok')}`,
      action: {
        value: o.value,
        tag: 'button',
        name: 'submit',
        ...(o.formValue ? { form_value: o.formValue } : {}),
        timezone: 'Asia/Shanghai',
      },
      host: 'im_message',
      context: { open_message_id: o.messageId ?? newId('om_'), open_chat_id: o.chatId ?? 'oc_chat' },
    },
  };
}

/** A form that passes validation: a valid USCC and two certified officers. */
export function validFilingForm(overrides: Record<string, unknown> = {}) {
  return {
    party_name: '甘孜某某矿业有限公司',
    party_type: 'organization',
    party_id: '91510000MA6123456P',
    case_type: '行政处罚',
    procedure: 'ordinary',
    summary: '未按规定报送能源利用状况报告，经督促仍未改正。',
    source: '监督检查',
    legal_basis: '《中华人民共和国节约能源法》第八十二条',
    officers: [USERS.zhang, USERS.li],
    ...overrides,
  };
}
