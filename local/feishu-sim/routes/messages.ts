/**
 * IM messages (im/v1/messages): send, reply, PATCH a card, PUT a text. Business errors are HTTP 400
 * with a non-zero `code` (230001 invalid parameter, 230025 content too long, 230099 card creation
 * failed); a PATCH needs `config.update_multi: true` declared on both the sent and the new card.
 */
import { CARD_MAX_BYTES } from '../../card-validator.ts';
import { fieldValidation, HttpError, isObject, type Json, requireString } from '../http.ts';
import type { SimState } from '../state.ts';
import type { SimMessage } from '../types.ts';
import { cardRefusal } from './cards.ts';
import type { OpenApiRoute } from './route.ts';

/** Feishu dedupes a send by `uuid` for one hour. */
const UUID_TTL_MS = 60 * 60 * 1000;
const TEXT_LIMIT = 150 * 1024;
const CARD_LIMIT = CARD_MAX_BYTES;

const RECEIVE_ID_TYPES = new Set(['open_id', 'user_id', 'union_id', 'email', 'chat_id']);
const MSG_TYPES = new Set(['text', 'post', 'image', 'file', 'audio', 'media', 'sticker', 'interactive', 'share_chat', 'share_user', 'system']);

function validateContent(msgType: unknown, content: unknown, opts: { updated?: boolean } = {}): unknown {
  if (typeof msgType !== 'string' || msgType === '') throw fieldValidation('msg_type is required');
  if (typeof content !== 'string') throw fieldValidation('content is required and must be a JSON string');
  if (!MSG_TYPES.has(msgType)) throw new HttpError(400, 230001, `invalid msg_type: ${msgType}`);
  const size = Buffer.byteLength(content, 'utf8');
  const limit = msgType === 'interactive' || msgType === 'post' ? CARD_LIMIT : TEXT_LIMIT;
  if (size > limit) {
    throw new HttpError(400, 230025, `The length of the message content reaches its limit (${size} > ${limit} bytes)`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw new HttpError(400, 230001, 'invalid message content: content is not a valid JSON string');
  }
  if (!isObject(parsed)) throw new HttpError(400, 230001, 'invalid message content: content must be a JSON object');
  const needString = (k: string): void => {
    if (typeof parsed[k] !== 'string') throw new HttpError(400, 230001, `invalid message content: ${k} is required`);
  };
  switch (msgType) {
    case 'text':
      needString('text');
      break;
    case 'image':
      needString('image_key');
      break;
    case 'file':
    case 'audio':
    case 'media':
    case 'sticker':
      needString('file_key');
      break;
    case 'interactive': {
      const refusal = cardRefusal(parsed, opts);
      if (refusal) throw refusal;
      break;
    }
  }
  return parsed;
}

function optionalUuid(body: Json): string | undefined {
  const u = body.uuid;
  if (u === undefined || u === null || u === '') return undefined;
  if (typeof u !== 'string') throw fieldValidation('uuid must be a string');
  if (u.length > 50) throw fieldValidation('uuid is longer than 50 characters');
  return u;
}

function p2pChatId(type: string, id: string): string {
  if (type === 'chat_id') return id;
  const safe = id.replace(/[^A-Za-z0-9_]/g, '_');
  return type === 'open_id' ? `oc_p2p_${safe}` : `oc_p2p_${type}_${safe}`;
}

export function messageRoutes(s: SimState): OpenApiRoute[] {
  const messageData = (m: SimMessage): Json => ({
    message_id: m.message_id,
    ...(m.root_id ? { root_id: m.root_id } : {}),
    ...(m.parent_id ? { parent_id: m.parent_id } : {}),
    ...(m.reply_in_thread ? { thread_id: `omt_sim_${m.message_id}` } : {}),
    msg_type: m.msg_type,
    create_time: m.created_at,
    update_time: m.updated_at ?? m.created_at,
    deleted: false,
    updated: m.updated_at !== undefined,
    chat_id: m.chat_id,
    sender: { id: s.senderAppId, id_type: 'app_id', sender_type: 'app', tenant_key: 'sim_tenant' },
    body: { content: JSON.stringify(m.content) },
  });
  const success = (m: SimMessage): Json => ({ code: 0, msg: 'success', data: messageData(m) });

  const findBotMessage = (id: string): SimMessage => {
    const m = s.byId.get(id);
    if (!m) throw new HttpError(400, 230001, `message not found: ${id}`);
    return m;
  };

  function create(query: URLSearchParams, body: Json): Json {
    const type = query.get('receive_id_type');
    if (!type || !RECEIVE_ID_TYPES.has(type)) throw fieldValidation('receive_id_type is required (open_id|user_id|union_id|email|chat_id)');
    const receiveId = requireString(body, 'receive_id');
    const uuid = optionalUuid(body);
    const content = validateContent(body.msg_type, body.content);
    const dup = s.dedupe(uuid, UUID_TTL_MS);
    if (dup) return success(dup);
    const m: SimMessage = {
      message_id: s.nextMessageId(),
      receive_id: receiveId,
      receive_id_type: type,
      chat_id: p2pChatId(type, receiveId),
      msg_type: body.msg_type as string,
      content,
      created_at: s.stamp(),
      ...(uuid ? { uuid } : {}),
    };
    s.record(m);
    return success(m);
  }

  function reply(parentId: string, body: Json): Json {
    const uuid = optionalUuid(body);
    const content = validateContent(body.msg_type, body.content);
    if (body.reply_in_thread !== undefined && typeof body.reply_in_thread !== 'boolean') {
      throw fieldValidation('reply_in_thread must be a boolean');
    }
    const dup = s.dedupe(uuid, UUID_TTL_MS);
    if (dup) return success(dup);
    const parent = s.byId.get(parentId);
    const m: SimMessage = {
      message_id: s.nextMessageId(),
      receive_id: null,
      receive_id_type: null,
      chat_id: parent?.chat_id ?? s.inbound.get(parentId) ?? 'oc_unknown',
      msg_type: body.msg_type as string,
      content,
      parent_id: parentId,
      root_id: parent?.root_id ?? parentId,
      ...(body.reply_in_thread === true ? { reply_in_thread: true } : {}),
      created_at: s.stamp(),
      ...(uuid ? { uuid } : {}),
    };
    s.record(m);
    return success(m);
  }

  function patch(id: string, body: Json): Json {
    const m = findBotMessage(id);
    if (m.msg_type !== 'interactive') {
      throw new HttpError(400, 230001, 'invalid request parameter: only interactive (card) messages can be patched');
    }
    const next = validateContent('interactive', body.content, { updated: true });
    const sent = isObject(m.content) && isObject(m.content.config) ? m.content.config : {};
    if (sent.update_multi !== true) {
      throw new HttpError(
        400,
        230099,
        'Failed to create card content: the sent card does not declare config.update_multi: true, so it cannot be updated for everyone',
      );
    }
    m.content = next;
    m.updated_at = s.stamp();
    return { code: 0, msg: 'success', data: {} };
  }

  function put(id: string, body: Json): Json {
    const m = findBotMessage(id);
    const msgType = body.msg_type;
    if (msgType !== 'text' && msgType !== 'post') {
      throw new HttpError(400, 230001, 'invalid request parameter: msg_type must be text or post');
    }
    if (m.msg_type !== 'text' && m.msg_type !== 'post') {
      throw new HttpError(400, 230001, 'invalid request parameter: only text and post messages can be edited');
    }
    m.content = validateContent(msgType, body.content);
    m.msg_type = msgType;
    m.updated_at = s.stamp();
    return success(m);
  }

  const one = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/;
  return [
    { method: 'POST', path: /^\/open-apis\/im\/v1\/messages$/, auth: true, json: true, run: (r) => create(r.query, r.body) },
    { method: 'POST', path: /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/, auth: true, json: true, run: (r) => reply(r.params[0] ?? '', r.body) },
    { method: 'PATCH', path: one, auth: true, json: true, run: (r) => patch(r.params[0] ?? '', r.body) },
    { method: 'PUT', path: one, auth: true, json: true, run: (r) => put(r.params[0] ?? '', r.body) },
  ];
}
