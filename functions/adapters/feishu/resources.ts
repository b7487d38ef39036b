/**
 * Downloads the files officers send to the bot (images, audio, video, documents) as streams:
 * `GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=image|file`, through the
 * official SDK's `im.messageResource.get`, which asks axios for a stream (`responseType: 'stream'`)
 * and authenticates with the SDK's cached tenant token — so nothing here handles the App Secret or
 * buffers the file. Worker only (the SDK is a 6 MB module).
 *
 * - Retries before the first byte: network failures, 429 and 5xx (and code 99991400), waiting what
 *   `x-ogw-ratelimit-reset` says or backing off exponentially. Once the body is handed over, a
 *   failure is the caller's to retry from the start (the evidence store leaves nothing behind).
 * - Content-Length is checked against the limit before streaming; the body is counted as it flows
 *   (the limit again, and a short body is an error, not a smaller file).
 * - axios stops timing a request once its headers have arrived, so a stalled body is cut off here
 *   after `idleTimeoutMs` without data while the reader is waiting for it.
 */
import type * as lark from '@larksuiteoapi/node-sdk';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod/mini';
import type { Logger } from '../../config/logger.ts';
import { checkEvidenceSize, MAX_EVIDENCE_BYTES } from '../../domain/dossier/evidence.ts';
import { EvidenceError, type DownloadedResource, type MessageResources, type ResourceRef } from '../../ports/evidence.ts';

export interface FeishuResourcesOptions {
  /** Attempts before the body starts (default 4). */
  attempts?: number;
  /** First backoff (default 500 ms), doubled each time, at most `maxDelayMs`. */
  baseDelayMs?: number;
  /** Longest single wait, `x-ogw-ratelimit-reset` included (default 10 s). */
  maxDelayMs?: number;
  /** Longest total wait before giving up (default 20 s): the worker has 60 s for the whole file. */
  maxTotalWaitMs?: number;
  /** A body that sends nothing this long while read is cut off (default 30 s). */
  idleTimeoutMs?: number;
  maxBytes?: number;
  sleep?: (ms: number) => Promise<unknown>;
}

// The SDK puts path parameters into the URL as they are: only ids Feishu itself makes get through.
const refSchema = z.object({
  messageId: z.string().check(z.regex(/^om_[A-Za-z0-9_-]{1,128}$/)),
  key: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,256}$/)),
  type: z.enum(['image', 'file']),
});

interface HttpFailure {
  status?: number;
  code?: number;
  msg?: string;
  resetSeconds?: number;
}

type HeaderBag = Record<string, unknown> & { get?: (name: string) => unknown };

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as HeaderBag;
  const v = typeof h.get === 'function' ? h.get(name) : (h[name] ?? h[name.toLowerCase()]);
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Node reads header bytes as Latin-1; a name sent as raw UTF-8 is read back as UTF-8 when it is valid. */
function latin1ToUtf8(s: string): string {
  if (!/[\u0080-\u00ff]/.test(s) || /[^\u0000-\u00ff]/.test(s)) return s;
  const decoded = Buffer.from(s, 'latin1').toString('utf8');
  return decoded.includes('\ufffd') ? s : decoded;
}

/** The file name of an RFC 6266 Content-Disposition: `filename*` (RFC 5987) first, then `filename`. */
export function fileNameFromDisposition(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)'[^']*'([^;]+)/.exec(value);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall back to the plain parameter
    }
  }
  const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(value);
  if (quoted?.[1] !== undefined) return latin1ToUtf8(quoted[1].replace(/\\(.)/g, '$1')) || undefined;
  const token = /filename\s*=\s*([^;\s]+)/.exec(value);
  return token?.[1] ? latin1ToUtf8(token[1]) : undefined;
}

/** An error body is small JSON (`{code, msg}`); read at most 64 KB of it, for at most 5 s. */
async function readErrorBody(data: unknown): Promise<{ code?: number; msg?: string }> {
  if (data && typeof data === 'object' && !(data instanceof Readable)) {
    const d = data as { code?: unknown; msg?: unknown };
    return { ...(typeof d.code === 'number' ? { code: d.code } : {}), ...(typeof d.msg === 'string' ? { msg: d.msg } : {}) };
  }
  if (!(data instanceof Readable)) return {};
  const chunks: Buffer[] = [];
  let size = 0;
  const timer = setTimeout(() => data.destroy(), 5_000);
  try {
    for await (const chunk of data) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size > 64 * 1024) break;
    }
  } catch {
    // a broken error body tells us nothing more than the status
  } finally {
    clearTimeout(timer);
    data.destroy();
  }
  try {
    return await readErrorBody(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
  } catch {
    return {};
  }
}

async function describeFailure(err: unknown): Promise<HttpFailure> {
  const e = err as { response?: { status?: number; data?: unknown; headers?: unknown } };
  if (!e?.response) return {};
  const body = await readErrorBody(e.response.data);
  const reset = Number(header(e.response.headers, 'x-ogw-ratelimit-reset'));
  return {
    ...(typeof e.response.status === 'number' ? { status: e.response.status } : {}),
    ...body,
    ...(Number.isFinite(reset) && reset >= 0 ? { resetSeconds: reset } : {}),
  };
}

function retryable(f: HttpFailure): boolean {
  return f.status === undefined || f.status === 429 || f.status >= 500 || f.code === 99991400;
}

function sizeError(size: number, limit: number, why: string): EvidenceError {
  const rule = checkEvidenceSize(size, limit);
  return new EvidenceError(size === 0 ? 'empty' : 'too_large', false, why, rule.ok ? undefined : rule.errors[0]);
}

export class FeishuResources implements MessageResources {
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxTotalWaitMs: number;
  private readonly idleTimeoutMs: number;
  private readonly maxBytes: number;
  private readonly sleep: (ms: number) => Promise<unknown>;

  constructor(
    private readonly client: lark.Client,
    private readonly log: Logger,
    opts: FeishuResourcesOptions = {},
  ) {
    this.attempts = opts.attempts ?? 4;
    this.baseDelayMs = opts.baseDelayMs ?? 500;
    this.maxDelayMs = opts.maxDelayMs ?? 10_000;
    this.maxTotalWaitMs = opts.maxTotalWaitMs ?? 20_000;
    this.idleTimeoutMs = opts.idleTimeoutMs ?? 30_000;
    this.maxBytes = Math.min(opts.maxBytes ?? MAX_EVIDENCE_BYTES, MAX_EVIDENCE_BYTES);
    this.sleep = opts.sleep ?? ((ms) => sleep(ms));
  }

  async download(ref: ResourceRef, opts: { maxBytes?: number } = {}): Promise<DownloadedResource> {
    const parsed = refSchema.safeParse(ref);
    if (!parsed.success) throw new EvidenceError('unavailable', false, `not a Feishu message resource: ${JSON.stringify(ref).slice(0, 200)}`);
    const limit = Math.min(opts.maxBytes ?? this.maxBytes, this.maxBytes);
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      let failure: HttpFailure;
      try {
        const res = await this.client.im.messageResource.get(
          { path: { message_id: ref.messageId, file_key: ref.key }, params: { type: ref.type } },
          // Uncompressed, so Content-Length is the file's size (axios would inflate and drop the encoding).
          { headers: { 'Accept-Encoding': 'identity' } },
        );
        return this.open(res.getReadableStream(), res.headers, limit);
      } catch (err) {
        if (err instanceof EvidenceError) throw err;
        failure = await describeFailure(err);
        if (failure.status === undefined) failure.msg ??= (err as Error)?.message;
      }
      const what = `message resource ${ref.messageId}/${ref.key}: ${failure.status ?? 'no response'} ${failure.code ?? ''} ${failure.msg ?? ''}`.trim();
      if (!retryable(failure)) {
        // Deleted, not in a chat the bot is in, a sticker, a merge-forward part, or a missing scope.
        this.log.warn('feishu resource refused', { messageId: ref.messageId, status: failure.status, code: failure.code, msg: failure.msg });
        throw new EvidenceError('unavailable', false, what);
      }
      const wait = Math.min(failure.resetSeconds !== undefined ? failure.resetSeconds * 1000 : this.baseDelayMs * 2 ** (attempt - 1), this.maxDelayMs);
      if (attempt >= this.attempts || waited + wait > this.maxTotalWaitMs) {
        throw new EvidenceError('interrupted', true, `${what} (after ${attempt} attempts)`);
      }
      this.log.warn('feishu resource download failed, retrying', { messageId: ref.messageId, attempt, status: failure.status, code: failure.code, waitMs: wait });
      waited += wait;
      await this.sleep(wait);
    }
  }

  private open(stream: Readable, headers: unknown, limit: number): DownloadedResource {
    const lengthHeader = header(headers, 'content-length');
    const declaredSize = lengthHeader !== undefined && /^\d{1,15}$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
    if (declaredSize !== undefined && (declaredSize === 0 || declaredSize > limit)) {
      stream.destroy();
      throw sizeError(declaredSize, limit, `Content-Length ${declaredSize}, limit ${limit}`);
    }
    const contentType = header(headers, 'content-type')?.trim();
    const fileName = fileNameFromDisposition(header(headers, 'content-disposition'));
    return {
      body: guarded(stream, { declaredSize, limit, idleTimeoutMs: this.idleTimeoutMs }),
      ...(declaredSize !== undefined ? { declaredSize } : {}),
      ...(contentType ? { contentType } : {}),
      ...(fileName ? { fileName } : {}),
    };
  }
}

/**
 * The body as handed to the caller: every failure becomes an `EvidenceError` — a broken or stalled
 * connection or a body shorter than its Content-Length is `interrupted` (retryable), more than the
 * limit is `too_large`. Backpressure passes through (the source pauses while the reader is busy).
 */
export function guarded(source: Readable, opts: { declaredSize?: number; limit: number; idleTimeoutMs: number }): Readable {
  let count = 0;
  let ended = false;
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  const out = new Readable({
    read() {
      if (ended) return;
      arm();
      source.resume();
    },
    destroy(err, callback) {
      stop();
      source.destroy();
      callback(err);
    },
  });
  const fail = (err: EvidenceError) => {
    stop();
    if (!out.destroyed) out.destroy(err);
  };
  // Only while the reader waits for data: a slow reader (an S3 part upload) is not a stalled sender.
  function arm() {
    stop();
    timer = setTimeout(() => fail(new EvidenceError('interrupted', true, `no data for ${opts.idleTimeoutMs} ms after ${count} bytes`)), opts.idleTimeoutMs);
  }
  source.on('data', (chunk: Buffer) => {
    count += chunk.length;
    if (count > opts.limit) return fail(sizeError(count, opts.limit, `more than ${opts.limit} bytes`));
    if (out.push(chunk)) arm();
    else {
      stop();
      source.pause();
    }
  });
  source.pause();
  source.once('end', () => {
    ended = true;
    stop();
    if (opts.declaredSize !== undefined && count !== opts.declaredSize) {
      return fail(new EvidenceError('interrupted', true, `body ended after ${count} of ${opts.declaredSize} bytes`));
    }
    out.push(null);
  });
  source.once('error', (err) => fail(new EvidenceError('interrupted', true, `download broke after ${count} bytes: ${err.message}`, undefined, { cause: err })));
  source.once('close', () => {
    if (!ended) fail(new EvidenceError('interrupted', true, `connection closed after ${count} bytes`));
  });
  return out;
}
