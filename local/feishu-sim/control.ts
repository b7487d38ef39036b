/**
 * The fake's own routes, for tests and manual runs: no auth, but loopback Host headers only, no
 * cross-site Origin, and POST bodies as application/json (resources: raw bytes as
 * application/octet-stream), see local/loopback-guard.ts.
 *   GET  /_sim/messages        every message the bot sent/replied (creation order, content parsed)
 *   GET  /_sim/card-updates    every POST /open-apis/interactive/v1/card/update body
 *   GET  /_sim/requests        log of every /open-apis request (method, path, query, status, body)
 *   POST /_sim/resources?message_id=&file_key=&type=file|image&file_name=[&content_type=]  raw body,
 *                              streamed to a temporary file; over 100 MB is 413
 *   POST /_sim/faults          {match, count, status, code?, msg?, resetSeconds?, headers?} or {match, count, afterBytes}
 *   POST /_sim/inbound         {message_id, chat_id}
 *   POST /_sim/card-tokens     {token, message_id}
 *   POST /_sim/users           {open_id, name, ...}
 *   POST /_sim/reset
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { localOnlyRefusal } from '../loopback-guard.ts';
import { HttpError, isObject, parseJsonObject, readBody, sendJson } from './http.ts';
import { knownContentType, RESOURCE_MAX_BYTES, ResourceTooLargeError } from './resources.ts';
import type { SimState } from './state.ts';
import type { SimFault, SimUser } from './types.ts';

const JSON_LIMIT = 1024 * 1024;

function faultFrom(b: Record<string, unknown>): SimFault {
  if (typeof b.match !== 'string') throw new Error('match must be a regex source string');
  if (b.afterBytes !== undefined) return { match: b.match, count: Number(b.count), afterBytes: Number(b.afterBytes) };
  return {
    match: b.match,
    status: Number(b.status),
    count: Number(b.count),
    ...(typeof b.code === 'number' ? { code: b.code } : {}),
    ...(typeof b.msg === 'string' ? { msg: b.msg } : {}),
    ...(typeof b.resetSeconds === 'number' ? { resetSeconds: b.resetSeconds } : {}),
    ...(isObject(b.headers) ? { headers: b.headers as Record<string, string> } : {}),
  };
}

/** The upload's bytes go straight to disk; a declared length over the limit is refused after draining. */
async function uploadResource(s: SimState, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, body: unknown) => sendJson(res, s.logId(), status, body);
  const type = query.get('type');
  const messageId = query.get('message_id');
  const fileKey = query.get('file_key');
  if (!messageId || !fileKey || (type !== 'file' && type !== 'image')) {
    req.resume();
    return send(400, { ok: false, error: 'message_id, file_key and type=file|image are required' });
  }
  const tooLarge = () => send(413, { ok: false, error: `resource larger than ${RESOURCE_MAX_BYTES / 1024 / 1024} MB (Feishu's download limit)` });
  if (Number(req.headers['content-length'] ?? 0) > RESOURCE_MAX_BYTES) {
    // Read and drop the bytes, so the client gets this answer rather than a broken pipe.
    req.resume();
    await new Promise((resolve) => req.once('end', resolve).once('error', resolve));
    return tooLarge();
  }
  const fileName = query.get('file_name') ?? undefined;
  // Explicit ?content_type= wins; then the file extension; then the upload's Content-Type header
  // (often incidental, e.g. text/plain for a string body).
  const contentType = query.get('content_type') ?? (knownContentType(fileName) ? undefined : req.headers['content-type']);
  try {
    const out = await s.resources.registerStream(
      { message_id: messageId, file_key: fileKey, type, ...(fileName ? { file_name: fileName } : {}), ...(contentType ? { content_type: contentType } : {}) },
      req,
    );
    return send(201, { ok: true, ...out });
  } catch (e) {
    if (e instanceof ResourceTooLargeError) return tooLarge();
    throw e;
  }
}

export async function controlRoute(s: SimState, method: string, path: string, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, body: unknown) => sendJson(res, s.logId(), status, body);
  const isUpload = method === 'POST' && path === '/_sim/resources';
  const refusal = localOnlyRefusal(method, req.headers, isUpload ? 'bytes' : 'json');
  if (refusal) {
    req.resume();
    return send(refusal.status, { ok: false, error: refusal.error });
  }
  if (isUpload) return uploadResource(s, query, req, res);

  const { buf, tooLarge } = await readBody(req, JSON_LIMIT);
  if (tooLarge) return send(413, { ok: false, error: 'request body too large' });
  const route = `${method} ${path}`;
  try {
    switch (route) {
      case 'GET /_sim/messages':
        return send(200, s.snapshot());
      case 'GET /_sim/card-updates':
        return send(200, structuredClone(s.cardUpdates));
      case 'GET /_sim/requests':
        return send(200, structuredClone(s.requestLog));
      case 'POST /_sim/reset':
        s.reset();
        return send(200, { ok: true });
      case 'POST /_sim/faults': {
        const b = parseJsonObject(buf);
        try {
          s.injectFault(faultFrom(b));
        } catch (e) {
          return send(400, { ok: false, error: (e as Error).message });
        }
        return send(201, { ok: true });
      }
      case 'POST /_sim/inbound': {
        const b = parseJsonObject(buf);
        if (typeof b.message_id !== 'string' || typeof b.chat_id !== 'string') {
          return send(400, { ok: false, error: 'message_id and chat_id are required strings' });
        }
        s.inbound.set(b.message_id, b.chat_id);
        return send(200, { ok: true });
      }
      case 'POST /_sim/card-tokens': {
        const b = parseJsonObject(buf);
        if (typeof b.token !== 'string' || typeof b.message_id !== 'string') {
          return send(400, { ok: false, error: 'token and message_id are required strings' });
        }
        s.cardTokens.set(b.token, b.message_id);
        return send(200, { ok: true });
      }
      case 'POST /_sim/users': {
        const b = parseJsonObject(buf);
        if (typeof b.open_id !== 'string' || typeof b.name !== 'string') {
          return send(400, { ok: false, error: 'open_id and name are required strings' });
        }
        s.users.set(b.open_id, { ...(b as unknown as SimUser) });
        return send(200, { ok: true });
      }
      default:
        return send(404, { code: 404, msg: `no sim route ${route}` });
    }
  } catch (e) {
    if (e instanceof HttpError) return send(e.status, { ok: false, error: e.message });
    throw e;
  }
}
