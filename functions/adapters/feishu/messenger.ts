/**
 * Outbound Feishu calls through the official SDK. Imported only by the worker (the SDK is a 6 MB
 * module; the acknowledgement path must not load it — `npm run bench` checks the webhook bundle for it).
 */
import * as lark from '@larksuiteoapi/node-sdk';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Card } from '../../../cards/common.ts';
import type { Logger } from '../../config/logger.ts';
import { DeliveryError } from '../../ports/errors.ts';
import type { Messenger } from '../../ports/index.ts';

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
}
