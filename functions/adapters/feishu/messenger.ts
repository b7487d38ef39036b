/**
 * Outbound Feishu calls through the official SDK. Imported only by the worker (the SDK is a 6 MB
 * module; the acknowledgement path must not load it — `npm run bench` checks the webhook bundle for it).
 */
import * as lark from '@larksuiteoapi/node-sdk';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Card } from '../../../cards/common.ts';
import type { Logger } from '../../config/logger.ts';
import { DeliveryError } from '../../ports/errors.ts';
import type { Messenger, OutboundFile } from '../../ports/index.ts';

export class FeishuApiError extends Error {
  constructor(
    readonly operation: string,
    readonly code: number | undefined,
    readonly status: number | undefined,
    message: string,
  ) {
    super(`${operation} failed: ${status ?? ''} ${code ?? ''} ${message}`.trim());
    this.name = 'FeishuApiError';
  }
  get retryable(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500 || this.code === 99991400;
  }
}

export interface FeishuClientOptions {
  appId: string;
  appSecret: string;
  /** https://open.feishu.cn (Feishu), https://open.larksuite.com (Lark), or the local fake. */
  domain: string;
  log: Logger;
  attempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
}

interface SdkResult {
  code?: number;
  msg?: string;
  data?: { message_id?: string };
}

/** Feishu's limit for an uploaded file (im/v1/files). */
export const MAX_UPLOAD_BYTES = 30 * 1024 * 1024;

export function createFeishuClient(opts: Pick<FeishuClientOptions, 'appId' | 'appSecret' | 'domain' | 'timeoutMs' | 'log'>): lark.Client {
  const http = lark.defaultHttpInstance as unknown as { defaults: { timeout?: number } };
  http.defaults.timeout = opts.timeoutMs ?? 10_000;
  return new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: opts.domain,
    cache: new lark.DefaultCache(),
    loggerLevel: lark.LoggerLevel.warn,
    // The SDK's own messages go to our structured log; FeishuMessenger logs the failures that matter.
    logger: {
      error: (...msg: unknown[]) => opts.log.debug('lark sdk error', { msg }),
      warn: (...msg: unknown[]) => opts.log.debug('lark sdk warn', { msg }),
      info: () => {},
      debug: () => {},
      trace: () => {},
    },
  });
}

export class FeishuMessenger implements Messenger {
  private readonly attempts: number;
  private readonly baseDelayMs: number;

  constructor(
    private readonly client: lark.Client,
    private readonly log: Logger,
    opts: { attempts?: number; baseDelayMs?: number } = {},
  ) {
    this.attempts = opts.attempts ?? 4;
    this.baseDelayMs = opts.baseDelayMs ?? 250;
  }

  /**
   * Retries throttling, 5xx and network failures; a Feishu-side `uuid` keeps retried sends single. What
   * still fails is a DeliveryError (the port's), with the FeishuApiError as its cause.
   */
  private async call(operation: string, fn: () => Promise<SdkResult>): Promise<string | undefined> {
    for (let attempt = 1; ; attempt++) {
      let error: FeishuApiError;
      let waitMs = this.baseDelayMs * 2 ** (attempt - 1);
      try {
        const res = await fn();
        // The sent message's id (sends and replies), so the caller can say which case a card shows.
        if (res?.code === 0 || res?.code === undefined) return res?.data?.message_id;
        error = new FeishuApiError(operation, res.code, 200, res.msg ?? '');
      } catch (err) {
        const e = err as { response?: { status?: number; data?: SdkResult; headers?: Record<string, string> }; message?: string };
        const reset = Number(e.response?.headers?.['x-ogw-ratelimit-reset']);
        if (Number.isFinite(reset) && reset > 0) waitMs = Math.min(reset * 1000, 10_000);
        error = new FeishuApiError(operation, e.response?.data?.code, e.response?.status, e.response?.data?.msg ?? e.message ?? 'error');
      }
      if (!error.retryable || attempt >= this.attempts) {
        throw new DeliveryError(error.message, { retryable: error.retryable, code: error.code, cause: error });
      }
      this.log.warn('feishu call failed, retrying', { operation, attempt, status: error.status, code: error.code });
      await sleep(waitMs);
    }
  }

  replyCard(messageId: string, card: Card, uuid: string) {
    return this.call('im.message.reply', () =>
      this.client.im.message.reply({
        path: { message_id: messageId },
        data: { msg_type: 'interactive', content: JSON.stringify(card), uuid },
      }),
    );
  }

  replyText(messageId: string, text: string, uuid: string) {
    return this.call('im.message.reply', () =>
      this.client.im.message.reply({
        path: { message_id: messageId },
        data: { msg_type: 'text', content: JSON.stringify({ text }), uuid },
      }),
    );
  }

  sendCard(openId: string, card: Card, uuid: string) {
    return this.call('im.message.create', () =>
      this.client.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: openId, msg_type: 'interactive', content: JSON.stringify(card), uuid },
      }),
    );
  }

  sendText(openId: string, text: string, uuid: string) {
    return this.call('im.message.create', () =>
      this.client.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: openId, msg_type: 'text', content: JSON.stringify({ text }), uuid },
      }),
    );
  }

  sendCardToChat(chatId: string, card: Card, uuid: string) {
    return this.call('im.message.create', () =>
      this.client.im.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: chatId, msg_type: 'interactive', content: JSON.stringify(card), uuid },
      }),
    );
  }

  async updateCard(messageId: string, card: Card): Promise<void> {
    await this.call('im.message.patch', () =>
      this.client.im.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } }),
    );
  }

  /**
   * `client.im.file.create` (multipart: file_type, file_name, file), then a `file` message with the
   * `file_key`. The bytes go out from a temporary file as an `fs.ReadStream`, so the part carries a
   * filename and a length, as in Feishu's own sample. Each step is retried like every call.
   */
  async sendFile(openId: string, file: OutboundFile, uuid: string): Promise<string | undefined> {
    if (file.bytes.length === 0 || file.bytes.length > MAX_UPLOAD_BYTES) throw new RangeError(`file of ${file.bytes.length} bytes: Feishu takes 1 byte to 30 MB`);
    const dir = await mkdtemp(join(tmpdir(), 'enf-file-'));
    const path = join(dir, 'upload');
    try {
      await writeFile(path, file.bytes);
      let fileKey: string | undefined;
      await this.call('im.file.create', async () => {
        const data = await this.client.im.file.create({
          data: { file_type: file.fileType, file_name: file.fileName, file: createReadStream(path) },
        });
        // The SDK gives back only `data`; an answer without a key is a refusal it did not throw.
        if (!data?.file_key) return { code: -1, msg: 'no file_key in the answer' };
        fileKey = data.file_key;
        return { code: 0 };
      });
      if (!fileKey) throw new DeliveryError('im.file.create gave no file_key', { retryable: false });
      const key = fileKey;
      return await this.call('im.message.create', () =>
        this.client.im.message.create({
          params: { receive_id_type: 'open_id' },
          data: { receive_id: openId, msg_type: 'file', content: JSON.stringify({ file_key: key }), uuid },
        }),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
