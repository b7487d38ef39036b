/**
 * Uploads chart PNGs to the Feishu Open API for a card's img components (worker only;
 * `POST /open-apis/im/v1/images`, image_type `message`, ≤ 10 MB). Files (documents, exports) are
 * uploaded and sent by `FeishuMessenger.sendFile`, the one sender of file messages.
 *
 * The bytes go through a temporary file read as an `fs.ReadStream`, the form Feishu's own SDK sample
 * uses: the multipart part then carries a `filename` and a known length. (A Buffer goes out as a part
 * without a filename, which a server reading "the uploaded file" may not take as one.) The call is
 * made with `client.request` so that a refusal keeps Feishu's `code` and `msg`: the SDK's
 * `im.image.create` returns null for any answer without data and loses them.
 */
import type * as lark from '@larksuiteoapi/node-sdk';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../config/logger.ts';
import type { FeishuMedia } from '../../ports/statistics.ts';
import { FeishuApiError } from './messenger.ts';

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

interface ApiBody {
  code?: number;
  msg?: string;
  data?: { image_key?: string };
}

export class FeishuMediaUploader implements FeishuMedia {
  private readonly attempts: number;
  private readonly baseDelayMs: number;

  constructor(
    private readonly client: lark.Client,
    private readonly log: Logger,
    opts: { attempts?: number; baseDelayMs?: number } = {},
  ) {
    this.attempts = opts.attempts ?? 3;
    this.baseDelayMs = opts.baseDelayMs ?? 250;
  }

  async uploadImage(png: Buffer): Promise<string> {
    if (png.length === 0 || png.length > MAX_IMAGE_BYTES) throw new RangeError(`image of ${png.length} bytes: Feishu takes 1 byte to 10 MB`);
    const body = await this.upload('im.image.create', '/open-apis/im/v1/images', png, 'chart.png', (image) => ({ image_type: 'message', image }));
    const key = body.data?.image_key;
    if (!key) throw new FeishuApiError('im.image.create', body.code, 200, 'no image_key in the answer');
    return key;
  }

  /** One multipart POST from a temporary file, retried on throttling, 5xx and network failures. */
  private async upload(operation: string, url: string, bytes: Buffer, name: string, form: (stream: NodeJS.ReadableStream) => Record<string, unknown>): Promise<ApiBody> {
    const dir = await mkdtemp(join(tmpdir(), 'enf-upload-'));
    const path = join(dir, name);
    try {
      await writeFile(path, bytes);
      for (let attempt = 1; ; attempt++) {
        let error: FeishuApiError;
        let waitMs = this.baseDelayMs * 2 ** (attempt - 1);
        try {
          const body = await this.client.request<ApiBody>({
            method: 'POST',
            url,
            data: form(createReadStream(path)),
            headers: { 'Content-Type': 'multipart/form-data' },
          });
          if (body?.code === 0) return body;
          error = new FeishuApiError(operation, body?.code, 200, body?.msg ?? 'unexpected answer');
        } catch (err) {
          const e = err as { response?: { status?: number; data?: ApiBody; headers?: Record<string, string> }; message?: string };
          const reset = Number(e.response?.headers?.['x-ogw-ratelimit-reset']);
          if (Number.isFinite(reset) && reset > 0) waitMs = Math.min(reset * 1000, 10_000);
          error = new FeishuApiError(operation, e.response?.data?.code, e.response?.status, e.response?.data?.msg ?? e.message ?? 'error');
        }
        if (!error.retryable || attempt >= this.attempts) throw error;
        this.log.warn('feishu upload failed, retrying', { operation, attempt, status: error.status, code: error.code });
        await sleep(waitMs);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
