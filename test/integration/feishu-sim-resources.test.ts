/**
 * Large resources in the fake Open API (photos, audio, video up to Feishu's 100 MB), downloaded with
 * the REAL @larksuiteoapi/node-sdk client: registered from a file or streamed in over HTTP, served
 * streamed from disk, refused past 100 MB, and cut part-way by a fault.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FeishuSim, RESOURCE_MAX_BYTES, startFeishuSim } from '../../local/feishu-sim.ts';

const MB = 1024 * 1024;
/** Hundreds of megabytes through loopback on a shared 2-core machine: room to finish, never a figure asserted. */
const BIG = 120_000;
const quietLogger = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

/** A sparse file of `size` bytes with random bytes at its start and end (so order and ends are checked). */
function bigFile(dir: string, name: string, size: number): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, randomBytes(64 * 1024), 0, 64 * 1024, 0);
    writeSync(fd, randomBytes(64 * 1024), 0, 64 * 1024, size - 64 * 1024);
  } finally {
    closeSync(fd);
  }
  return path;
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(path), h);
  return h.digest('hex');
}

/** `size` bytes of a repeating random block, generated as it is read (never whole in memory). */
function byteStream(size: number, block = randomBytes(256 * 1024)): { stream: Readable; sha256: Promise<string> } {
  const h = createHash('sha256');
  async function* gen() {
    for (let left = size; left > 0; left -= block.length) {
      const chunk = left >= block.length ? block : block.subarray(0, left);
      h.update(chunk);
      yield chunk;
    }
  }
  const stream = Readable.from(gen());
  const sha256 = new Promise<string>((resolve) => stream.once('end', () => resolve(h.digest('hex'))));
  return { stream, sha256 };
}

/** POST /_sim/resources with a streamed body (chunked unless a length is declared). */
function upload(sim: FeishuSim, query: Record<string, string>, body: Readable, declaredLength?: number): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    if (declaredLength !== undefined) headers['content-length'] = String(declaredLength);
    const req = request(`${sim.url}/_sim/resources?${new URLSearchParams(query)}`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    body.pipe(req);
  });
}

describe('feishu-sim: large resources', () => {
  let sim: FeishuSim;
  let client: lark.Client;
  let dir: string;

  beforeAll(async () => {
    sim = await startFeishuSim({ appId: 'cli_res', appSecret: 'res-secret' });
    dir = mkdtempSync(join(tmpdir(), 'sim-res-test-'));
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sim.reset();
    client = new lark.Client({
      appId: 'cli_res',
      appSecret: 'res-secret',
      domain: sim.url,
      cache: new lark.DefaultCache(),
      loggerLevel: lark.LoggerLevel.error,
      logger: quietLogger,
    });
  });

  const download = (message_id: string, file_key: string, type: 'file' | 'image' = 'file') =>
    client.im.messageResource.get({ path: { message_id, file_key }, params: { type } });

  it('serves a 100 MB video registered from a file, streamed with Content-Length, type and name', async () => {
    const source = bigFile(dir, 'video.mp4', RESOURCE_MAX_BYTES);
    const reg = await sim.registerResourceFile({ message_id: 'om_video', file_key: 'file_v3_video', type: 'file', file_name: '现场执法记录.mp4', path: source });
    const expected = await sha256File(source);
    expect(reg).toEqual({ size: 100 * MB, sha256: expected });

    const res = await download('om_video', 'file_v3_video');
    expect(res.headers['content-length']).toBe(String(100 * MB));
    expect(res.headers['content-type']).toBe('video/mp4');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('现场执法记录.mp4')}`);
    let size = 0;
    const h = createHash('sha256');
    await pipeline(res.getReadableStream(), async function* (chunks: AsyncIterable<Buffer>) {
      for await (const c of chunks) {
        size += c.length;
        yield c;
      }
    }, h);
    expect(size).toBe(100 * MB);
    expect(h.digest('hex')).toBe(expected);
  }, BIG);

  it('POST /_sim/resources streams the upload to disk and answers its size and SHA-256', async () => {
    const size = 12 * MB + 7;
    const body = byteStream(size);
    const res = await upload(sim, { message_id: 'om_up', file_key: 'file_v3_up', type: 'file', file_name: 'clip.mov' }, body.stream);
    expect(res).toEqual({ status: 201, json: { ok: true, size, sha256: await body.sha256 } });

    const got = await download('om_up', 'file_v3_up');
    expect(got.headers['content-length']).toBe(String(size));
    expect(got.headers['content-type']).toBe('video/quicktime');
    const h = createHash('sha256');
    await pipeline(got.getReadableStream(), h);
    expect(h.digest('hex')).toBe(await body.sha256);
  });

  it('refuses 101 MB: from a file, streamed, or declared; nothing is registered', async () => {
    const over = bigFile(dir, 'too-big.mp4', 101 * MB);
    await expect(sim.registerResourceFile({ message_id: 'om_big', file_key: 'file_big', type: 'file', path: over })).rejects.toThrow(/100 MB/);

    const streamed = await upload(sim, { message_id: 'om_big', file_key: 'file_big', type: 'file' }, byteStream(101 * MB).stream);
    expect(streamed.status).toBe(413);
    expect(streamed.json).toMatchObject({ ok: false, error: expect.stringContaining('100 MB') });

    const declared = await upload(sim, { message_id: 'om_big', file_key: 'file_big', type: 'file' }, byteStream(101 * MB).stream, 101 * MB);
    expect(declared.status).toBe(413);

    const missing = await download('om_big', 'file_big').then(
      () => 'served',
      (e: { response?: { status: number } }) => e.response?.status,
    );
    expect(missing).toBe(404);
  }, BIG);

  it('a cut fault breaks a download midway, once; the retry gets every byte', async () => {
    const source = bigFile(dir, 'photo.jpg', 8 * MB);
    const expected = await sha256File(source);
    await sim.registerResourceFile({ message_id: 'om_photo', file_key: 'img_v3_photo', type: 'image', file_name: 'photo.jpg', path: source });
    sim.injectFault({ match: '^GET /open-apis/im/v1/messages/om_photo/resources/', count: 1, afterBytes: 3 * MB });

    const broken = await download('om_photo', 'img_v3_photo', 'image');
    expect(broken.headers['content-length']).toBe(String(8 * MB));
    let received = 0;
    const read = (async () => {
      for await (const chunk of broken.getReadableStream()) received += (chunk as Buffer).length;
    })();
    await expect(read).rejects.toThrow();
    expect(received).toBe(3 * MB);

    const whole = await download('om_photo', 'img_v3_photo', 'image');
    const h = createHash('sha256');
    await pipeline(whole.getReadableStream(), h);
    expect(h.digest('hex')).toBe(expected);
  });

  it('POST /_sim/faults takes {match, count, afterBytes} and validates it', async () => {
    sim.registerResource({ message_id: 'om_doc', file_key: 'file_doc', type: 'file', file_name: 'a.pdf', data: randomBytes(4096) });
    const post = (body: unknown) =>
      fetch(`${sim.url}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ match: 'resources/file_doc', count: 1, afterBytes: -1 })).status).toBe(400);
    expect((await post({ match: 'resources/file_doc', count: 1, afterBytes: 100 })).status).toBe(201);

    const broken = await download('om_doc', 'file_doc');
    let received = 0;
    await expect(
      (async () => {
        for await (const chunk of broken.getReadableStream()) received += (chunk as Buffer).length;
      })(),
    ).rejects.toThrow();
    expect(received).toBe(100);
    expect(sim.requests().filter((r) => r.path.endsWith('/file_doc')).map((r) => r.status)).toEqual([200]);
  });
});
