/**
 * FeishuMediaUploader (chart images; files go through Messenger.sendFile, feishu-file-message.test.ts)
 * through the real @larksuiteoapi/node-sdk client and real HTTP. The shared fake
 * Open API (local/feishu-sim.ts) has no upload routes yet and is being split into a folder by another
 * change, so the two routes are served here by a minimal stand-in that parses the multipart body with
 * undici's own form-data parser (`Request.formData()`) and records what arrived. When the fake gains
 * `POST /open-apis/im/v1/images` and `/files`, point this test at it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../functions/config/logger.ts';
import { FeishuMediaUploader } from '../../functions/adapters/feishu/media-upload.ts';
import { FeishuApiError, createFeishuClient } from '../../functions/adapters/feishu/messenger.ts';

interface Upload {
  url: string;
  authorization: string | undefined;
  contentLength: string | undefined;
  fields: Record<string, string>;
  file?: { field: string; filename: string; bytes: Buffer };
}

const uploads: Upload[] = [];
/** Answers to give, in order, before the normal success (status, body). */
let scripted: [number, object][] = [];
let server: Server;
let domain = '';

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    res.setHeader('content-type', 'application/json; charset=utf-8');
    if (req.url === '/open-apis/auth/v3/tenant_access_token/internal') {
      res.end(JSON.stringify({ code: 0, msg: 'ok', tenant_access_token: 't-upload-test', expire: 7200 }));
      return;
    }
    const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': String(req.headers['content-type']) }, body }).formData();
    const upload: Upload = { url: String(req.url), authorization: req.headers.authorization, contentLength: req.headers['content-length'], fields: {} };
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') upload.fields[field] = value;
      else upload.file = { field, filename: value.name, bytes: Buffer.from(await value.arrayBuffer()) };
    }
    uploads.push(upload);
    const next = scripted.shift();
    if (next) {
      res.statusCode = next[0];
      res.end(JSON.stringify(next[1]));
      return;
    }
    const data = req.url === '/open-apis/im/v1/images' ? { image_key: `img_v3_${uploads.length}` } : { file_key: `file_v3_${uploads.length}` };
    res.end(JSON.stringify({ code: 0, msg: 'success', data }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  domain = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

beforeEach(() => {
  uploads.length = 0;
  scripted = [];
});

const uploader = () => new FeishuMediaUploader(createFeishuClient({ appId: 'cli_test', appSecret: 'secret', domain, log: silentLogger }), silentLogger, { baseDelayMs: 1 });
const leftovers = () => readdirSync(tmpdir()).filter((n) => n.startsWith('enf-upload-'));

describe('uploads to the Open API', () => {
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(3000, 7)]);

  it('an image: image_type message, a file part named chart.png with the exact bytes, the tenant token', async () => {
    const before = leftovers().length;
    expect(await uploader().uploadImage(png)).toBe('img_v3_1');
    expect(uploads).toHaveLength(1);
    const u = uploads[0] as Upload;
    expect(u.url).toBe('/open-apis/im/v1/images');
    expect(u.authorization).toBe('Bearer t-upload-test');
    expect(Number(u.contentLength)).toBeGreaterThan(png.length); // a known length, not chunked
    expect(u.fields).toEqual({ image_type: 'message' });
    expect(u.file?.field).toBe('image');
    expect(u.file?.filename).toBe('chart.png');
    expect(u.file?.bytes.equals(png)).toBe(true);
    expect(leftovers().length).toBe(before);
  });

  it('retries throttling and 5xx; a business refusal fails at once with Feishu’s code', async () => {
    scripted = [
      [429, { code: 99991400, msg: 'request trigger frequency limit' }],
      [500, { code: 1, msg: 'internal' }],
    ];
    expect(await uploader().uploadImage(png)).toBe('img_v3_3');
    expect(uploads).toHaveLength(3);

    uploads.length = 0;
    scripted = [[400, { code: 234010, msg: 'image size exceeds limit' }]];
    const refused = await uploader().uploadImage(png).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FeishuApiError);
    expect(refused).toMatchObject({ code: 234010, status: 400, retryable: false });
    expect(uploads).toHaveLength(1);

    uploads.length = 0;
    scripted = [[200, { code: 234041, msg: 'tenant master key has been deleted' }]];
    await expect(uploader().uploadImage(png)).rejects.toMatchObject({ code: 234041, retryable: false });
  });

  it('refuses what Feishu would: empty, too large', async () => {
    const up = uploader();
    await expect(up.uploadImage(Buffer.alloc(0))).rejects.toThrow(RangeError);
    await expect(up.uploadImage(Buffer.alloc(10 * 1024 * 1024 + 1))).rejects.toThrow(RangeError);
    expect(uploads).toHaveLength(0);
  });
});
