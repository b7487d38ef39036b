/**
 * Turns one raw Feishu push into a typed request, or a rejection with its HTTP status.
 *
 * Order: size (413) → JSON (400) → keys configured → signature over the raw bytes when signature
 * headers are sent → decrypt → url_verification (token only: Feishu sends it unsigned) → everything else
 * must be signed → token (403) → shape (400).
 *
 * Nothing about the secrets may leak to a caller who cannot sign: every refusal of an unsigned or
 * unverifiable body is the same `UNAUTHENTICATED` answer, whether the body failed to decrypt, decrypted
 * to something that is not JSON, or decrypted to a valid event (a difference between those is a padding
 * oracle that recovers the plaintext). 413 and 400 depend only on the caller's own bytes, before any
 * secret is used; 403 and the later 400s are only reachable with a valid signature. The reason is for
 * the log.
 */
import type * as z from 'zod/mini';
import type { FeishuSecrets } from '../../config/index.ts';
import type { Inbound, InboundReader, RawRequest, Rejection } from '../../ports/inbound.ts';
import {
  cardAction,
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

export interface InboundOptions {
  /**
   * Accept legacy card callbacks (`card.action.trigger_v1`, SHA-1 over the Verification Token). Weaker:
   * anyone with the token can sign one, and the body names the operator. Off unless configured.
   */
  legacyCardCallbacks?: boolean;
}

/**
 * The port's reader: loads the secrets (inside the caller's deadline: on a cold start they come from
 * Secrets Manager) and reads the push.
 */
export function feishuInbound(
  secrets: () => Promise<Pick<FeishuSecrets, 'encryptKey' | 'verificationToken'>>,
  options: InboundOptions = {},
): InboundReader {
  return async (req, nowMs) => parseInbound(req, await secrets(), nowMs, options);
}

const reject = (status: Rejection['status'], reason: string): Rejection => ({ kind: 'rejected', status, reason });
/** The one answer to every unsigned or unverifiable body; only the reason (logged) differs. */
const unauthenticated = (reason: string): Rejection => reject(401, reason);

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

/** A card's action as the handler sees it; a malformed or oversized one becomes an empty action. */
function readAction(raw: unknown): { action: z.infer<typeof cardAction>; unreadable?: true } {
  const a = cardAction.safeParse(raw);
  return a.success ? { action: a.data } : { action: {}, unreadable: true };
}

export function parseInbound(
  req: RawRequest,
  secrets: Pick<FeishuSecrets, 'encryptKey' | 'verificationToken'>,
  nowMs: number,
  options: InboundOptions = {},
): Inbound | Rejection {
  if (req.body.length > MAX_BODY_BYTES) return reject(413, 'body too large');
  const outer = parseJsonObject(req.body.toString('utf8'));
  if (!outer) return reject(400, 'body is not a JSON object');
  // Fail closed, and say so only in the log: a caller learns nothing about how we are configured.
  if (!secrets.encryptKey || !secrets.verificationToken) return unauthenticated('feishu keys not configured');

  const h = lowerHeaders(req.headers);
  const sigHeaders = {
    timestamp: h['x-lark-request-timestamp'],
    nonce: h['x-lark-request-nonce'],
    signature: h['x-lark-signature'],
  };
  const signed = Boolean(sigHeaders.timestamp || sigHeaders.nonce || sigHeaders.signature);
  const encrypted = encryptedBody.safeParse(outer);
  const legacyShape = !encrypted.success && outer.schema === undefined && typeof outer.open_id === 'string';
  const legacy = legacyShape && options.legacyCardCallbacks === true;
  // A signed request is checked before anything else is done with it.
  if (signed) {
    try {
      if (legacy) verifyLegacyCardSignature(secrets.verificationToken, sigHeaders, req.body, nowMs);
      else verifyEventSignature(secrets.encryptKey, sigHeaders, req.body, nowMs);
    } catch (err) {
      if (!(err instanceof FeishuAuthError)) throw err;
      return unauthenticated(legacyShape && !legacy ? `legacy card callback while FEISHU_LEGACY_CARD_CALLBACKS is off (${err.reason})` : err.reason);
    }
  }

  let plain = outer;
  if (encrypted.success) {
    let text: string;
    try {
      text = decryptFeishu(encrypted.data.encrypt, secrets.encryptKey);
    } catch {
      return signed ? reject(400, 'cannot decrypt') : unauthenticated('unsigned: cannot decrypt');
    }
    const inner = parseJsonObject(text);
    if (!inner) return signed ? reject(400, 'decrypted body is not a JSON object') : unauthenticated('unsigned: decrypted body is not a JSON object');
    plain = inner;
  }

  if (plain.type === 'url_verification') {
    // Feishu sends the challenge unsigned; the verification token is what authenticates it.
    const v = urlVerification.safeParse(plain);
    if (v.success && tokensEqual(secrets.verificationToken, v.data.token)) return { kind: 'challenge', challenge: v.data.challenge };
    const reason = v.success ? 'url_verification: verification token mismatch' : 'malformed url_verification';
    return signed ? reject(v.success ? 403 : 400, reason) : unauthenticated(`unsigned: ${reason}`);
  }
  if (!signed) return unauthenticated('unsigned: not a url_verification');

  if (legacy) {
    const cb = legacyCardCallback.safeParse(plain);
    if (!cb.success) return reject(400, 'malformed legacy card callback');
    // Legacy callbacks carry the verification token at the top level; the SHA-1 signature already proved it.
    const { action, unreadable } = readAction(cb.data.action);
    return {
      kind: 'card_action',
      style: 'legacy',
      action: {
        operatorOpenId: cb.data.open_id,
        value: action.value,
        formValue: action.form_value,
        messageId: cb.data.open_message_id,
        chatId: cb.data.open_chat_id,
        token: cb.data.token,
      },
      ...(unreadable ? { unreadable } : {}),
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
    const { action, unreadable } = readAction(ev.data.action);
    return {
      kind: 'card_action',
      style: 'v2',
      action: {
        eventId: header.event_id,
        operatorOpenId: ev.data.operator.open_id,
        value: action.value,
        formValue: action.form_value,
        ...(action.option !== undefined ? { option: action.option } : {}),
        messageId: ev.data.context?.open_message_id,
        chatId: ev.data.context?.open_chat_id,
        token: ev.data.token,
      },
      ...(unreadable ? { unreadable } : {}),
    };
  }
  return { kind: 'ignored', eventType: header.event_type };
}
