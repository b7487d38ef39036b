/**
 * A fake Feishu Open API server for local runs and integration tests (node:http only).
 *
 * Point the real SDK at it:
 *   new lark.Client({ appId, appSecret, domain: sim.url, cache: new lark.DefaultCache() })
 *
 * It implements the routes the bot uses (token, send, reply, PATCH/PUT message, delayed card
 * update, resource download, contact user, bot info) with Feishu's `{code, msg, data}` shapes,
 * and a few `/_sim/*` control routes for tests and manual runs — no auth, but loopback Host headers
 * only, no cross-site Origin, and POST bodies as application/json (resources: raw bytes as
 * application/octet-stream), see local/loopback-guard.ts:
 *   GET  /_sim/messages        every message the bot sent/replied (creation order, content parsed)
 *   GET  /_sim/card-updates    every POST /open-apis/interactive/v1/card/update body
 *   GET  /_sim/requests        log of every /open-apis request (method, path, query, status, body)
 *   POST /_sim/resources?message_id=&file_key=&type=file|image&file_name=[&content_type=]  raw body
 *   POST /_sim/faults          {match, status, count, code?, msg?, resetSeconds?, headers?}
 *   POST /_sim/inbound         {message_id, chat_id}
 *   POST /_sim/card-tokens     {token, message_id}
 *   POST /_sim/users           {open_id, name, ...}
 *   POST /_sim/reset
 *
 * Run standalone: `tsx local/feishu-sim.ts` (env FEISHU_SIM_PORT, FEISHU_SIM_HOST,
 * FEISHU_APP_ID, FEISHU_APP_SECRET).
 *
 * Error-code choices (Feishu's IM API error-code pages): Feishu answers business errors on the
 * IM APIs with HTTP 400 + a non-zero `code` (230001 invalid parameter, 230025 content too long,
 * 230099 card creation failed); token errors are HTTP 400 with 99991661 (missing) / 99991663
 * (invalid tenant token); rate limits are 99991400 with `x-ogw-ratelimit-*` headers.
 *
 * Cards: every card the fake is sent (create, reply, PATCH, delayed update) goes through the
 * project's strict JSON 2.0 validator (local/card-validator.ts), so every test that drives the bot
 * checks every card it sends. Over 30 KB (measured on the `content` string as it stands in the
 * request body) is 230025, anything else wrong is 230099; a PATCH needs `config.update_multi: true`
 * declared on both the sent and the new card (PATCH doc). The delayed-update route answers its own
 * doc's code, 11311 ("卡片格式不符合要求"), for both. The fake is stricter than Feishu in one way:
 * it accepts JSON 2.0 cards only, because the bot sends no other and the validator knows no other.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { CARD_MAX_BYTES, cardContentByteSize, cardIssues } from './card-validator.ts';
import { localOnlyRefusal } from './loopback-guard.ts';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export interface SimMessage {
  message_id: string;
  /** null for replies. */
  receive_id: string | null;
  receive_id_type: string | null;
  chat_id: string;
  msg_type: string;
  /** Parsed JSON of the `content` string the bot sent (replaced by PATCH/PUT/card update). */
  content: unknown;
  /** Set for replies: the message replied to. */
  parent_id?: string;
  /** Set for replies: root of the reply chain (parent's root, else the parent). */
  root_id?: string;
  /** Set for replies when the request had `reply_in_thread`. */
  reply_in_thread?: boolean;
  /** ms epoch string; set by PATCH, PUT and token card updates. */
  updated_at?: string;
  /** ms epoch string (like Feishu's `create_time`). */
  created_at: string;
  uuid?: string;
}

export interface SimFault {
  /** RegExp (or its source string) tested against "METHOD /path" (no query string). */
  match: RegExp | string;
  /** HTTP status to answer with (e.g. 500, 429, or 200 together with `code`). */
  status: number;
  /** How many matching requests fail; afterwards the fault is gone. */
  count: number;
  /** Body `code`; default 99991400 for 429, else 1. */
  code?: number;
  msg?: string;
  /** Value of `x-ogw-ratelimit-reset` on rate-limit faults (status 429 or code 99991400); default 1. */
  resetSeconds?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

export interface SimUser {
  open_id: string;
  name: string;
  en_name?: string;
  email?: string;
  mobile?: string;
  union_id?: string;
  user_id?: string;
}

export interface SimResource {
  message_id: string;
  file_key: string;
  type: 'file' | 'image';
  file_name?: string;
  content_type?: string;
  data: Buffer | Uint8Array | string;
}

export interface SimCardUpdate {
  token: string;
  card: unknown;
  /** The message registered for the token (registerCardToken), if any. */
  message_id: string | null;
  at: string;
}

export interface SimRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** Parsed JSON body (JSON routes only, GET bodies ignored). */
  body?: unknown;
  /** The Authorization header, if any. */
  authorization?: string;
  at: string;
}

export interface FeishuSim {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  messages(): SimMessage[];
  /** Clears messages, resources, faults, uuids, inbound/card-token registrations, card updates and
   *  the request log. Issued tenant tokens and users stay valid. */
  reset(): void;
  /** Next `count` requests whose "METHOD path" matches `match` fail with `status`. */
  injectFault(f: SimFault): void;
  /** Wait until messages().length >= n or timeout (default 5000 ms); resolves with messages() either way. */
  waitForMessages(n: number, timeoutMs?: number): Promise<SimMessage[]>;
  /** Registers an inbound (user) message so replies to it know their chat. */
  registerInboundMessage(message_id: string, chat_id: string): void;
  /** Maps a card-callback update token to the bot message it belongs to. */
  registerCardToken(token: string, message_id: string): void;
  /** Same as POST /_sim/resources. */
  registerResource(r: SimResource): { size: number; sha256: string };
  addUser(u: SimUser): void;
  cardUpdates(): SimCardUpdate[];
  requests(): SimRequest[];
  close(): Promise<void>;
}

export interface FeishuSimOptions {
  port?: number;
  host?: string;
  /** When given, the token endpoint rejects other app ids / secrets. */
  appId?: string;
  appSecret?: string;
  users?: SimUser[];
  botOpenId?: string;
  botName?: string;
  /** Token lifetime in seconds (Feishu: 7200). */
  tokenTtlSeconds?: number;
  /** HTTP status for missing/invalid tokens; default 400 (what Feishu sends with 99991661/99991663). */
  authFailureStatus?: number;
  /** Clock (ms) for timestamps, uuid dedupe and token expiry; default Date.now. */
  now?: () => number;
}

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

const JSON_LIMIT = 1024 * 1024;
const RESOURCE_LIMIT = 10 * 1024 * 1024;
const UUID_TTL_MS = 60 * 60 * 1000;
const CARD_LIMIT = CARD_MAX_BYTES;
const TEXT_LIMIT = 150 * 1024;
/** Feishu hands out a new token only when less than 30 min remain. */
const TOKEN_RENEW_WINDOW_MS = 30 * 60 * 1000;

const RECEIVE_ID_TYPES = new Set(['open_id', 'user_id', 'union_id', 'email', 'chat_id']);
const MSG_TYPES = new Set([
  'text',
  'post',
  'image',
  'file',
  'audio',
  'media',
  'sticker',
  'interactive',
  'share_chat',
  'share_user',
  'system',
]);

const MIME_BY_EXT: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  opus: 'audio/opus',
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
  ) {
    super(msg);
  }
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readBody(req: IncomingMessage, limit: number): Promise<{ buf: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
      } else if (!tooLarge) chunks.push(c);
    });
    req.on('end', () => resolve({ buf: Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
  });
}

function parseJsonObject(buf: Buffer): Json {
  const text = buf.toString('utf8').trim();
  if (text === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new HttpError(400, 9499, 'bad request');
  }
  if (!isObject(v)) throw new HttpError(400, 9499, 'bad request');
  return v;
}

function fieldValidation(detail: string): HttpError {
  return new HttpError(400, 99992402, `field validation failed: ${detail}`);
}

function requireString(body: Json, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '') throw fieldValidation(`${key} is required and must be a string`);
  return v;
}

/** `Content-Disposition` with an ASCII fallback and RFC 5987 `filename*` for non-ASCII names. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  if (ascii === fileName) return `attachment; filename="${ascii}"`;
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function knownContentType(fileName: string | undefined): string | undefined {
  if (!fileName?.includes('.')) return undefined;
  const ext = fileName.split('.').pop()?.toLowerCase();
  return ext ? MIME_BY_EXT[ext] : undefined;
}

function guessContentType(fileName: string | undefined, type: 'file' | 'image'): string {
  return knownContentType(fileName) ?? (type === 'image' ? 'image/png' : 'application/octet-stream');
}

function toRegExp(match: RegExp | string): RegExp {
  return typeof match === 'string' ? new RegExp(match) : new RegExp(match.source, match.flags.replace(/[gy]/g, ''));
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

interface StoredResource {
  type: 'file' | 'image';
  fileName: string;
  contentType: string;
  data: Buffer;
}

interface Fault {
  re: RegExp;
  status: number;
  remaining: number;
  code: number | undefined;
  msg: string | undefined;
  resetSeconds: number;
  headers: Record<string, string>;
}

export async function startFeishuSim(opts: FeishuSimOptions = {}): Promise<FeishuSim> {
  const now = opts.now ?? Date.now;
  const host = opts.host ?? '127.0.0.1';
  const ttlMs = (opts.tokenTtlSeconds ?? 7200) * 1000;
  const authFailureStatus = opts.authFailureStatus ?? 400;
  const botOpenId = opts.botOpenId ?? 'ou_sim_bot';
  const botName = opts.botName ?? '执法助手(模拟)';
  const senderAppId = opts.appId ?? 'cli_sim';

  // State that survives reset().
  const tokens = new Map<string, number>(); // token -> expiresAt (ms)
  const users = new Map<string, SimUser>();
  for (const u of opts.users ?? []) users.set(u.open_id, { ...u });
  let seq = 0;
  let logSeq = 0;

  // State cleared by reset().
  let messages: SimMessage[] = [];
  let byId = new Map<string, SimMessage>();
  let uuids = new Map<string, { message_id: string; at: number }>();
  let resources = new Map<string, StoredResource>();
  let faults: Fault[] = [];
  let inbound = new Map<string, string>();
  let cardTokens = new Map<string, string>();
  let cardUpdates: SimCardUpdate[] = [];
  let requestLog: SimRequest[] = [];

  const waiters = new Set<{ n: number; done: () => void }>();

  function reset(): void {
    messages = [];
    byId = new Map();
    uuids = new Map();
    resources = new Map();
    faults = [];
    inbound = new Map();
    cardTokens = new Map();
    cardUpdates = [];
    requestLog = [];
  }

  function snapshot(): SimMessage[] {
    return structuredClone(messages);
  }

  function notify(): void {
    for (const w of [...waiters]) if (messages.length >= w.n) w.done();
  }

  function stamp(): string {
    return String(now());
  }

  function injectFault(f: SimFault): void {
    if (!Number.isInteger(f.status) || f.status < 100 || f.status > 599) throw new Error(`bad fault status ${f.status}`);
    if (!Number.isInteger(f.count) || f.count < 1) throw new Error(`bad fault count ${f.count}`);
    faults.push({
      re: toRegExp(f.match),
      status: f.status,
      remaining: f.count,
      code: f.code,
      msg: f.msg,
      resetSeconds: f.resetSeconds ?? 1,
      headers: { ...(f.headers ?? {}) },
    });
  }

  function takeFault(method: string, path: string): Fault | undefined {
    const key = `${method} ${path}`;
    const f = faults.find((x) => x.remaining > 0 && x.re.test(key));
    if (!f) return undefined;
    f.remaining -= 1;
    if (f.remaining <= 0) faults = faults.filter((x) => x !== f);
    return f;
  }

  function registerInboundMessage(message_id: string, chat_id: string): void {
    inbound.set(message_id, chat_id);
  }

  function registerCardToken(token: string, message_id: string): void {
    cardTokens.set(token, message_id);
  }

  function registerResource(r: SimResource): { size: number; sha256: string } {
    if (r.type !== 'file' && r.type !== 'image') throw new Error(`bad resource type ${String(r.type)}`);
    const data = typeof r.data === 'string' ? Buffer.from(r.data, 'utf8') : Buffer.from(r.data);
    if (data.length > RESOURCE_LIMIT) throw new Error('resource larger than 10 MB');
    const fileName = r.file_name ?? r.file_key;
    resources.set(`${r.message_id}\u0000${r.file_key}`, {
      type: r.type,
      fileName,
      contentType: r.content_type ?? guessContentType(r.file_name, r.type),
      data,
    });
    return { size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
  }

  function addUser(u: SimUser): void {
    users.set(u.open_id, { ...u });
  }

  // --- message helpers ------------------------------------------------------------------------

  function validateContent(msgType: unknown, content: unknown, opts: { updated?: boolean } = {}): unknown {
    if (typeof msgType !== 'string' || msgType === '') throw fieldValidation('msg_type is required');
    if (typeof content !== 'string') throw fieldValidation('content is required and must be a JSON string');
    if (!MSG_TYPES.has(msgType)) throw new HttpError(400, 230001, `invalid msg_type: ${msgType}`);
    const size = Buffer.byteLength(content, 'utf8');
    const limit = msgType === 'text' ? TEXT_LIMIT : msgType === 'interactive' || msgType === 'post' ? CARD_LIMIT : TEXT_LIMIT;
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
      case 'interactive':
        validateCard(parsed, opts);
        break;
    }
    return parsed;
  }

  /** Feishu's answer to a card it will not take: 230025 when too large, else 230099 naming the problems. */
  function cardRefusal(card: Json, opts: { updated?: boolean }): HttpError | null {
    const size = cardContentByteSize(card);
    if (size > CARD_LIMIT) {
      return new HttpError(400, 230025, `The length of the message content reaches its limit (${size} > ${CARD_LIMIT} bytes)`);
    }
    const issues = card.schema === '2.0' ? cardIssues(card, opts) : ['schema: the fake Open API takes JSON 2.0 cards only'];
    if (issues.length === 0) return null;
    const shown = issues.slice(0, 5).join('; ') + (issues.length > 5 ? `; and ${issues.length - 5} more` : '');
    return new HttpError(
      400,
      230099,
      `Failed to create card content, ext=ErrCode: 200621; ErrMsg: parse card json err, please check whether the card json is correct; ErrorValue: ${shown}`,
    );
  }

  function validateCard(card: Json, opts: { updated?: boolean }): void {
    const refusal = cardRefusal(card, opts);
    if (refusal) throw refusal;
  }

  function messageData(m: SimMessage): Json {
    return {
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
      sender: { id: senderAppId, id_type: 'app_id', sender_type: 'app', tenant_key: 'sim_tenant' },
      body: { content: JSON.stringify(m.content) },
    };
  }

  function dedupe(uuid: string | undefined): SimMessage | undefined {
    if (!uuid) return undefined;
    const hit = uuids.get(uuid);
    if (!hit) return undefined;
    if (now() - hit.at > UUID_TTL_MS) {
      uuids.delete(uuid);
      return undefined;
    }
    return byId.get(hit.message_id);
  }

  function record(m: SimMessage): void {
    messages.push(m);
    byId.set(m.message_id, m);
    if (m.uuid) uuids.set(m.uuid, { message_id: m.message_id, at: now() });
    notify();
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

  // --- route handlers -------------------------------------------------------------------------

  function tokenRoute(body: Json): Json {
    const appId = body.app_id;
    const appSecret = body.app_secret;
    if (typeof appId !== 'string' || appId === '' || typeof appSecret !== 'string' || appSecret === '') {
      return { code: 10003, msg: 'invalid param' };
    }
    if ((opts.appId !== undefined && appId !== opts.appId) || (opts.appSecret !== undefined && appSecret !== opts.appSecret)) {
      return { code: 10014, msg: 'app secret invalid' };
    }
    const t = now();
    let current: [string, number] | undefined;
    for (const entry of tokens) {
      if (entry[1] <= t) tokens.delete(entry[0]);
      else if (entry[1] - t > TOKEN_RENEW_WINDOW_MS) current = entry;
    }
    if (!current) {
      current = [`t-sim-${randomBytes(16).toString('hex')}`, t + ttlMs];
      tokens.set(current[0], current[1]);
    }
    return {
      code: 0,
      msg: 'ok',
      tenant_access_token: current[0],
      expire: Math.floor((current[1] - t) / 1000),
    };
  }

  function checkAuth(header: string | undefined): void {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!m?.[1]) {
      throw new HttpError(
        authFailureStatus,
        99991661,
        'Missing access token for authorization. Please make a request with token attached.',
      );
    }
    const exp = tokens.get(m[1]);
    if (exp === undefined || exp <= now()) {
      throw new HttpError(
        authFailureStatus,
        99991663,
        'Invalid access token for authorization. Please make a request with token attached.',
      );
    }
  }

  function createRoute(query: URLSearchParams, body: Json): Json {
    const type = query.get('receive_id_type');
    if (!type || !RECEIVE_ID_TYPES.has(type)) throw fieldValidation('receive_id_type is required (open_id|user_id|union_id|email|chat_id)');
    const receiveId = requireString(body, 'receive_id');
    const uuid = optionalUuid(body);
    const content = validateContent(body.msg_type, body.content);
    const dup = dedupe(uuid);
    if (dup) return { code: 0, msg: 'success', data: messageData(dup) };
    seq += 1;
    const m: SimMessage = {
      message_id: `om_sim_${seq}`,
      receive_id: receiveId,
      receive_id_type: type,
      chat_id: p2pChatId(type, receiveId),
      msg_type: body.msg_type as string,
      content,
      created_at: stamp(),
      ...(uuid ? { uuid } : {}),
    };
    record(m);
    return { code: 0, msg: 'success', data: messageData(m) };
  }

  function replyRoute(parentId: string, body: Json): Json {
    const uuid = optionalUuid(body);
    const content = validateContent(body.msg_type, body.content);
    if (body.reply_in_thread !== undefined && typeof body.reply_in_thread !== 'boolean') {
      throw fieldValidation('reply_in_thread must be a boolean');
    }
    const dup = dedupe(uuid);
    if (dup) return { code: 0, msg: 'success', data: messageData(dup) };
    const parent = byId.get(parentId);
    seq += 1;
    const m: SimMessage = {
      message_id: `om_sim_${seq}`,
      receive_id: null,
      receive_id_type: null,
      chat_id: parent?.chat_id ?? inbound.get(parentId) ?? 'oc_unknown',
      msg_type: body.msg_type as string,
      content,
      parent_id: parentId,
      root_id: parent?.root_id ?? parentId,
      ...(body.reply_in_thread === true ? { reply_in_thread: true } : {}),
      created_at: stamp(),
      ...(uuid ? { uuid } : {}),
    };
    record(m);
    return { code: 0, msg: 'success', data: messageData(m) };
  }

  function findBotMessage(id: string): SimMessage {
    const m = byId.get(id);
    if (!m) throw new HttpError(400, 230001, `message not found: ${id}`);
    return m;
  }

  function patchRoute(id: string, body: Json): Json {
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
    m.updated_at = stamp();
    return { code: 0, msg: 'success', data: {} };
  }

  function putRoute(id: string, body: Json): Json {
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
    m.updated_at = stamp();
    return { code: 0, msg: 'success', data: messageData(m) };
  }

  function cardUpdateRoute(body: Json): Json {
    const token = requireString(body, 'token');
    let card: unknown = body.card;
    if (typeof card === 'string') {
      try {
        card = JSON.parse(card);
      } catch {
        throw fieldValidation('card must be a JSON object');
      }
    }
    if (!isObject(card)) throw fieldValidation('card is required and must be an object');
    const refusal = cardRefusal(card, { updated: true });
    // This older API has its own codes: 11311 "卡片格式不符合要求" (its doc names none for 30 KB).
    if (refusal) throw new HttpError(400, 11311, refusal.message);
    const messageId = cardTokens.get(token) ?? null;
    const at = stamp();
    cardUpdates.push({ token, card, message_id: messageId, at });
    const target = messageId ? byId.get(messageId) : undefined;
    if (target) {
      target.content = card;
      target.updated_at = at;
    }
    return { code: 0, msg: 'success' };
  }

  function resourceRoute(res: ServerResponse, messageId: string, fileKey: string, query: URLSearchParams): number {
    const type = query.get('type');
    if (type !== 'file' && type !== 'image') throw fieldValidation('type is required (file|image)');
    const r = resources.get(`${messageId}\u0000${fileKey}`);
    if (!r) throw new HttpError(404, 234003, 'file not found');
    if (r.type !== type) throw new HttpError(400, 234001, `invalid request param: resource is of type ${r.type}`);
    res.writeHead(200, {
      'content-type': r.contentType,
      'content-length': String(r.data.length),
      'content-disposition': contentDisposition(r.fileName),
      'x-tt-logid': logId(),
    });
    res.end(r.data);
    return 200;
  }

  function userRoute(userId: string, query: URLSearchParams): Json {
    const idType = query.get('user_id_type') ?? 'open_id';
    let user: SimUser | undefined;
    for (const u of users.values()) {
      const id = idType === 'union_id' ? u.union_id : idType === 'user_id' ? u.user_id : u.open_id;
      if (id === userId) user = u;
    }
    if (!user) throw new HttpError(400, 41050, 'no user authority error');
    return {
      code: 0,
      msg: 'success',
      data: {
        user: {
          open_id: user.open_id,
          union_id: user.union_id ?? `on_sim_${user.open_id}`,
          ...(user.user_id ? { user_id: user.user_id } : {}),
          name: user.name,
          en_name: user.en_name ?? user.name,
          ...(user.email ? { email: user.email } : {}),
          ...(user.mobile ? { mobile: user.mobile } : {}),
          status: { is_activated: true, is_frozen: false, is_resigned: false, is_exited: false, is_unjoin: false },
        },
      },
    };
  }

  // --- /_sim routes ---------------------------------------------------------------------------

  function simRoute(method: string, path: string, query: URLSearchParams, buf: Buffer, res: ServerResponse): void {
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /_sim/messages':
        return sendJson(res, 200, snapshot());
      case 'GET /_sim/card-updates':
        return sendJson(res, 200, structuredClone(cardUpdates));
      case 'GET /_sim/requests':
        return sendJson(res, 200, structuredClone(requestLog));
      case 'POST /_sim/reset':
        reset();
        return sendJson(res, 200, { ok: true });
      case 'POST /_sim/resources': {
        const type = query.get('type');
        const messageId = query.get('message_id');
        const fileKey = query.get('file_key');
        if (!messageId || !fileKey || (type !== 'file' && type !== 'image')) {
          return sendJson(res, 400, { ok: false, error: 'message_id, file_key and type=file|image are required' });
        }
        const fileName = query.get('file_name') ?? undefined;
        // Explicit ?content_type= wins; then the file extension; then the upload's Content-Type header
        // (often incidental, e.g. text/plain for a string body).
        const headerType = res.req.headers['content-type'];
        const contentType = query.get('content_type') ?? (knownContentType(fileName) ? undefined : headerType);
        const out = registerResource({
          message_id: messageId,
          file_key: fileKey,
          type,
          data: buf,
          ...(fileName ? { file_name: fileName } : {}),
          ...(contentType ? { content_type: contentType } : {}),
        });
        return sendJson(res, 201, { ok: true, ...out });
      }
      case 'POST /_sim/faults': {
        const b = parseJsonObject(buf);
        try {
          if (typeof b.match !== 'string') throw new Error('match must be a regex source string');
          injectFault({
            match: b.match,
            status: Number(b.status),
            count: Number(b.count),
            ...(typeof b.code === 'number' ? { code: b.code } : {}),
            ...(typeof b.msg === 'string' ? { msg: b.msg } : {}),
            ...(typeof b.resetSeconds === 'number' ? { resetSeconds: b.resetSeconds } : {}),
            ...(isObject(b.headers) ? { headers: b.headers as Record<string, string> } : {}),
          });
        } catch (e) {
          return sendJson(res, 400, { ok: false, error: (e as Error).message });
        }
        return sendJson(res, 201, { ok: true });
      }
      case 'POST /_sim/inbound': {
        const b = parseJsonObject(buf);
        if (typeof b.message_id !== 'string' || typeof b.chat_id !== 'string') {
          return sendJson(res, 400, { ok: false, error: 'message_id and chat_id are required strings' });
        }
        registerInboundMessage(b.message_id, b.chat_id);
        return sendJson(res, 200, { ok: true });
      }
      case 'POST /_sim/card-tokens': {
        const b = parseJsonObject(buf);
        if (typeof b.token !== 'string' || typeof b.message_id !== 'string') {
          return sendJson(res, 400, { ok: false, error: 'token and message_id are required strings' });
        }
        registerCardToken(b.token, b.message_id);
        return sendJson(res, 200, { ok: true });
      }
      case 'POST /_sim/users': {
        const b = parseJsonObject(buf);
        if (typeof b.open_id !== 'string' || typeof b.name !== 'string') {
          return sendJson(res, 400, { ok: false, error: 'open_id and name are required strings' });
        }
        addUser(b as unknown as SimUser);
        return sendJson(res, 200, { ok: true });
      }
      default:
        return sendJson(res, 404, { code: 404, msg: `no sim route ${route}` });
    }
  }

  // --- dispatch -------------------------------------------------------------------------------

  function logId(): string {
    logSeq += 1;
    return `sim${String(logSeq).padStart(10, '0')}`;
  }

  function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      'x-tt-logid': logId(),
      ...headers,
    });
    res.end(text);
  }

  type Route = {
    method: string;
    re: RegExp;
    auth: boolean;
    json: boolean;
    run: (p: string[], query: URLSearchParams, body: Json, res: ServerResponse) => Json | number;
  };
  const routes: Route[] = [
    {
      method: 'POST',
      re: /^\/open-apis\/auth\/v3\/tenant_access_token\/internal$/,
      auth: false,
      json: true,
      run: (_p, _q, body) => tokenRoute(body),
    },
    { method: 'POST', re: /^\/open-apis\/im\/v1\/messages$/, auth: true, json: true, run: (_p, q, b) => createRoute(q, b) },
    {
      method: 'POST',
      re: /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/,
      auth: true,
      json: true,
      run: (p, _q, b) => replyRoute(p[0] ?? '', b),
    },
    {
      method: 'PATCH',
      re: /^\/open-apis\/im\/v1\/messages\/([^/]+)$/,
      auth: true,
      json: true,
      run: (p, _q, b) => patchRoute(p[0] ?? '', b),
    },
    {
      method: 'PUT',
      re: /^\/open-apis\/im\/v1\/messages\/([^/]+)$/,
      auth: true,
      json: true,
      run: (p, _q, b) => putRoute(p[0] ?? '', b),
    },
    {
      method: 'POST',
      re: /^\/open-apis\/interactive\/v1\/card\/update$/,
      auth: true,
      json: true,
      run: (_p, _q, b) => cardUpdateRoute(b),
    },
    {
      method: 'GET',
      re: /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/,
      auth: true,
      json: false,
      run: (p, q, _b, res) => resourceRoute(res, p[0] ?? '', p[1] ?? '', q),
    },
    {
      method: 'GET',
      re: /^\/open-apis\/contact\/v3\/users\/([^/]+)$/,
      auth: true,
      json: false,
      run: (p, q) => userRoute(p[0] ?? '', q),
    },
    {
      method: 'GET',
      re: /^\/open-apis\/bot\/v3\/info$/,
      auth: true,
      json: false,
      run: () => ({
        code: 0,
        msg: 'ok',
        bot: { activate_status: 2, app_name: botName, avatar_url: '', ip_white_list: [], open_id: botOpenId },
      }),
    },
  ];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const isSim = path.startsWith('/_sim/');
    if (isSim) {
      const refusal = localOnlyRefusal(method, req.headers, path === '/_sim/resources' ? 'bytes' : 'json');
      if (refusal) return sendJson(res, refusal.status, { ok: false, error: refusal.error });
    }
    const { buf, tooLarge } = await readBody(req, isSim && path === '/_sim/resources' ? RESOURCE_LIMIT : JSON_LIMIT);

    if (isSim) {
      if (tooLarge) return sendJson(res, 413, { ok: false, error: 'request body too large' });
      try {
        return simRoute(method, path, url.searchParams, buf, res);
      } catch (e) {
        if (e instanceof HttpError) return sendJson(res, e.status, { ok: false, error: e.message });
        throw e;
      }
    }

    const entry: SimRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      at: stamp(),
    };
    requestLog.push(entry);
    const reply = (status: number, body: unknown, headers?: Record<string, string>): void => {
      entry.status = status;
      sendJson(res, status, body, headers);
    };

    const fault = takeFault(method, path);
    if (fault) {
      const code = fault.code ?? (fault.status === 429 ? 99991400 : 1);
      const msg = fault.msg ?? (code === 99991400 ? 'request trigger frequency limit' : 'sim injected fault');
      const headers: Record<string, string> = { ...fault.headers };
      if (fault.status === 429 || code === 99991400) {
        headers['x-ogw-ratelimit-limit'] ??= '50';
        headers['x-ogw-ratelimit-reset'] ??= String(fault.resetSeconds);
      }
      return reply(fault.status, { code, msg, error: { log_id: `sim-fault-${logSeq + 1}` } }, headers);
    }

    if (tooLarge) return reply(413, { code: 9499, msg: 'request body too large' });

    let matched: { route: Route; params: string[] } | undefined;
    for (const route of routes) {
      if (route.method !== method) continue;
      const m = route.re.exec(path);
      if (m) {
        matched = { route, params: m.slice(1).map((s) => decodeURIComponent(s)) };
        break;
      }
    }
    if (!matched) return reply(404, { code: 404, msg: `404 page not found: ${method} ${path}` });

    try {
      if (matched.route.auth) checkAuth(req.headers.authorization);
      let body: Json = {};
      if (matched.route.json) {
        body = parseJsonObject(buf);
        entry.body = body;
      }
      const out = matched.route.run(matched.params, url.searchParams, body, res);
      if (typeof out === 'number') entry.status = out;
      else reply(200, out);
    } catch (e) {
      if (e instanceof HttpError) return reply(e.status, { code: e.code, msg: e.message });
      throw e;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { code: 1, msg: `sim internal error: ${(e as Error)?.message ?? String(e)}` });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    messages: snapshot,
    reset,
    injectFault,
    waitForMessages(n: number, timeoutMs = 5000): Promise<SimMessage[]> {
      return new Promise((resolve) => {
        if (messages.length >= n) return resolve(snapshot());
        const w = {
          n,
          done: () => {
            clearTimeout(timer);
            waiters.delete(w);
            resolve(snapshot());
          },
        };
        const timer = setTimeout(w.done, timeoutMs);
        waiters.add(w);
      });
    },
    registerInboundMessage,
    registerCardToken,
    registerResource,
    addUser,
    cardUpdates: () => structuredClone(cardUpdates),
    requests: () => structuredClone(requestLog),
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        for (const w of [...waiters]) w.done();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

// Standalone: `tsx local/feishu-sim.ts`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sim = await startFeishuSim({
    port: Number(process.env.FEISHU_SIM_PORT ?? 9900),
    host: process.env.FEISHU_SIM_HOST ?? '127.0.0.1',
    ...(process.env.FEISHU_APP_ID ? { appId: process.env.FEISHU_APP_ID } : {}),
    ...(process.env.FEISHU_APP_SECRET ? { appSecret: process.env.FEISHU_APP_SECRET } : {}),
  });
  console.log(`feishu-sim listening on ${sim.url}`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
