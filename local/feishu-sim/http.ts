/** HTTP plumbing of the fake Open API: Feishu's error shape, bodies, headers. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A refusal in Feishu's shape: HTTP status plus the body's `{code, msg}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
  ) {
    super(msg);
  }
}

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The whole body up to `limit` bytes; past it the bytes are read and dropped, and `tooLarge` is set. */
export function readBody(req: IncomingMessage, limit: number): Promise<{ buf: Buffer; tooLarge: boolean }> {
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

export function parseJsonObject(buf: Buffer): Json {
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

export function fieldValidation(detail: string): HttpError {
  return new HttpError(400, 99992402, `field validation failed: ${detail}`);
}

export function requireString(body: Json, key: string): string {
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

export function sendJson(res: ServerResponse, logId: string, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'x-tt-logid': logId,
    ...headers,
  });
  res.end(text);
}

/**
 * Lets `limit` bytes of the response body through, then closes the connection: the client has the
 * headers (a Content-Length promising more) and part of the body, as when a download breaks midway.
 * A body that fits under the limit is answered whole.
 */
export function cutAfter(res: ServerResponse, limit: number): void {
  type Callback = (err?: Error | null) => void;
  const write = res.write.bind(res) as (chunk: Buffer, cb?: Callback) => boolean;
  const end = res.end.bind(res) as (cb?: () => void) => ServerResponse;
  let sent = 0;
  let cut = false;
  const close = () => {
    const socket = res.socket;
    socket?.end(() => socket.destroy()); // what was written reaches the client first
  };
  const pass = (chunk: unknown, encoding: unknown): boolean => {
    if (cut) return false;
    if (chunk === undefined || chunk === null) return true;
    const buf =
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.from(chunk as Uint8Array);
    const room = limit - sent;
    if (buf.length <= room) {
      sent += buf.length;
      return write(buf);
    }
    cut = true;
    sent = limit;
    // Flush the headers and what fits, then drop the connection (never `end`, so the body stays short).
    if (!res.headersSent) res.flushHeaders();
    write(buf.subarray(0, room), close);
    return false;
  };
  res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
    const ok = pass(chunk, encoding);
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') (done as Callback)();
    return ok;
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
    if (typeof chunk === 'function') [chunk, encoding, cb] = [undefined, undefined, chunk];
    if (typeof encoding === 'function') [encoding, cb] = [undefined, encoding];
    pass(chunk, encoding);
    if (!cut) return end(typeof cb === 'function' ? (cb as () => void) : undefined);
    return res;
  }) as ServerResponse['end'];
}
