/**
 * Turns one raw Feishu push into a typed request, or a rejection with its HTTP status.
 * Order: size → JSON → keys present (fail closed) → signature over the raw bytes (when sent) → decrypt →
 * url_verification (token only: Feishu sends it unsigned) → everything else must be signed → token → shape.
 */
import type * as z from 'zod/mini';
import type { FeishuSecrets } from '../../config/index.ts';
import {
  cardActionTriggerEvent,
  encryptedBody,
  envelopeV2,
  legacyCardCallback,
  messageReceiveEvent,
  urlVerification,
} from './schemas.ts';
import { decryptFeishu, FeishuAuthError, tokensEqual, verifyEventSignature, verifyLegacyCardSignature } from './verify.ts';

/** Feishu's own payloads are a few KB; anything near this is not from Feishu. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface CardAction {
  eventId?: string;
  operatorOpenId: string;
  value: unknown;
  formValue?: Record<string, unknown>;
  messageId?: string;
  chatId?: string;
  token?: string;
}

export type Inbound =
  | { kind: 'challenge'; challenge: string }
  | { kind: 'message'; eventId: string; event: z.infer<typeof messageReceiveEvent> }
  | { kind: 'card_action'; style: 'v2' | 'legacy'; action: CardAction }
  | { kind: 'ignored'; eventType: string };

export type Rejection = { kind: 'rejected'; status: 400 | 401 | 403 | 413 | 503; reason: string };

export interface RawRequest {
  headers: Record<string, string | undefined>;
  body: Buffer;
}

const reject = (status: Rejection['status'], reason: string): Rejection => ({ kind: 'rejected', status, reason });

function lowerHeaders(headers: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function parseInbound(req: RawRequest, secrets: Pick<FeishuSecrets, 'encryptKey' | 'verificationToken'>, nowMs: number): Inbound | Rejection {
  if (req.body.length > MAX_BODY_BYTES) return reject(413, 'body too large');
  const outer = parseJsonObject(req.body.toString('utf8'));
  if (!outer) return reject(400, 'body is not a JSON object');
  if (!secrets.encryptKey || !secrets.verificationToken) return reject(503, 'feishu keys not configured');

  const h = lowerHeaders(req.headers);
  const sigHeaders = {
    timestamp: h['x-lark-request-timestamp'],
    nonce: h['x-lark-request-nonce'],
    signature: h['x-lark-signature'],
  };
  const signed = Boolean(sigHeaders.timestamp || sigHeaders.nonce || sigHeaders.signature);
  const encrypted = encryptedBody.safeParse(outer);
  const legacy = !encrypted.success && outer.schema === undefined && typeof outer.open_id === 'string';
  // A signed request is checked before anything else is done with it.
  if (signed) {
    try {
      if (legacy) verifyLegacyCardSignature(secrets.verificationToken, sigHeaders, req.body, nowMs);
      else verifyEventSignature(secrets.encryptKey, sigHeaders, req.body, nowMs);
    } catch (err) {
      if (err instanceof FeishuAuthError) return reject(401, err.reason);
      throw err;
    }
  }

  let plain = outer;
  if (encrypted.success) {
    let text: string;
    try {
      text = decryptFeishu(encrypted.data.encrypt, secrets.encryptKey);
    } catch {
      return reject(400, 'cannot decrypt');
    }
    const inner = parseJsonObject(text);
    if (!inner) return reject(400, 'decrypted body is not a JSON object');
    plain = inner;
  }

  if (plain.type === 'url_verification') {
    // Feishu sends the challenge unsigned; the verification token is what authenticates it.
    const v = urlVerification.safeParse(plain);
    if (!v.success) return reject(400, 'malformed url_verification');
    if (!tokensEqual(secrets.verificationToken, v.data.token)) return reject(403, 'verification token mismatch');
    return { kind: 'challenge', challenge: v.data.challenge };
  }
  if (!signed) return reject(401, 'missing_headers');

  if (legacy) {
    const cb = legacyCardCallback.safeParse(plain);
    if (!cb.success) return reject(400, 'malformed legacy card callback');
    // Legacy callbacks carry the verification token at the top level; signature already proved it.
    return {
      kind: 'card_action',
      style: 'legacy',
      action: {
        operatorOpenId: cb.data.open_id,
        value: cb.data.action.value,
        formValue: cb.data.action.form_value,
        messageId: cb.data.open_message_id,
        chatId: cb.data.open_chat_id,
        token: cb.data.token,
      },
    };
  }

  if (plain.schema !== '2.0') {
    // Schema 1.0 events: verify the token, acknowledge, and ignore (we subscribe to 2.0 events only).
    if (!tokensEqual(secrets.verificationToken, plain.token)) return reject(403, 'verification token mismatch');
    return { kind: 'ignored', eventType: String((plain.event as { type?: unknown } | undefined)?.type ?? 'unknown') };
  }

  const env = envelopeV2.safeParse(plain);
  if (!env.success) return reject(400, 'malformed event envelope');
  if (!tokensEqual(secrets.verificationToken, env.data.header.token)) return reject(403, 'verification token mismatch');
  const { header, event } = env.data;

  if (header.event_type === 'im.message.receive_v1') {
    const ev = messageReceiveEvent.safeParse(event);
    if (!ev.success) return reject(400, 'malformed im.message.receive_v1');
    return { kind: 'message', eventId: header.event_id, event: ev.data };
  }
  if (header.event_type === 'card.action.trigger') {
    const ev = cardActionTriggerEvent.safeParse(event);
    if (!ev.success) return reject(400, 'malformed card.action.trigger');
    return {
      kind: 'card_action',
      style: 'v2',
      action: {
        eventId: header.event_id,
        operatorOpenId: ev.data.operator.open_id,
        value: ev.data.action.value,
        formValue: ev.data.action.form_value,
        messageId: ev.data.context?.open_message_id,
        chatId: ev.data.context?.open_chat_id,
        token: ev.data.token,
      },
    };
  }
  return { kind: 'ignored', eventType: header.event_type };
}
