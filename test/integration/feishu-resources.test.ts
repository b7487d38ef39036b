/**
 * The resource download adapter with the REAL @larksuiteoapi/node-sdk client against the fake Open
 * API (local/feishu-sim.ts), which serves registered bytes at the real path and injects 429/5xx
 * faults. A body that breaks or stalls midway — which the fake cannot do — comes from a loopback
 * proxy in front of it that cuts the resource response short. Files stay ≤ 8 MB (the fake's limit).
 */
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFeishuClient } from '../../functions/adapters/feishu/messenger.ts';
import { fileNameFromDisposition, FeishuResources, type FeishuResourcesOptions } from '../../functions/adapters/feishu/resources.ts';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import { silentLogger } from '../../functions/config/logger.ts';
import { EvidenceError } from '../../functions/ports/evidence.ts';
import { type FeishuSim, startFeishuSim } from '../../local/feishu-sim.ts';
import { bytesOf, MiB, privateS3, recordCommands, type SentCommand, sha256 } from '../helpers/evidence.ts';
import { cuttingProxy } from '../helpers/proxy.ts';

const APP_ID = 'cli_resources_test';
const APP_SECRET = 'resources-secret';
const RESOURCE_PATH = /^GET \/open-apis\/im\/v1\/messages\/[^/]+\/resources\/[^/]+$/;

let sim: FeishuSim;
let waits: number[];

function downloader(domain = sim.url, opts: FeishuResourcesOptions = {}): FeishuResources {
  const client = createFeishuClient({ appId: APP_ID, appSecret: APP_SECRET, domain, log: silentLogger });
  return new FeishuResources(client, silentLogger, {
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...opts,
  });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function rejection(p: Promise<unknown>): Promise<EvidenceError> {
  const err = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EvidenceError);
  return err as EvidenceError;
}

const resourceGets = () => sim.requests().filter((r) => RESOURCE_PATH.test(`${r.method} ${r.path}`));

beforeAll(async () => {
  sim = await startFeishuSim({ port: 0, appId: APP_ID, appSecret: APP_SECRET });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  waits = [];
});

describe('downloads as a stream', () => {
  it('a file: the bytes, their size, type and (Chinese) name from the headers', async () => {
    const data = bytesOf(6 * MiB, 31);
    const reg = sim.registerResource({ message_id: 'om_file1', file_key: 'file_v3_abc', type: 'file', file_name: '现场检查 录像.mp4', content_type: 'video/mp4', data });
    const got = await downloader().download({ messageId: 'om_file1', key: 'file_v3_abc', type: 'file' });
    expect(got).toMatchObject({ declaredSize: data.length, contentType: 'video/mp4', fileName: '现场检查 录像.mp4' });
    expect(sha256(await readAll(got.body))).toBe(reg.sha256);
    const [req] = resourceGets();
    expect(req).toMatchObject({ path: '/open-apis/im/v1/messages/om_file1/resources/file_v3_abc', query: { type: 'file' }, status: 200 });
    expect(req?.authorization).toMatch(/^Bearer t-/);
  });

  it('an image by its image_key with type=image', async () => {
    const data = bytesOf(40_000, 32);
    sim.registerResource({ message_id: 'om_img', file_key: 'img_v3_xyz', type: 'image', content_type: 'image/jpeg', data });
    const got = await downloader().download({ messageId: 'om_img', key: 'img_v3_xyz', type: 'image' });
    expect(got.contentType).toBe('image/jpeg');
    expect(sha256(await readAll(got.body))).toBe(sha256(data));
  });

  it('straight into the evidence store (multipart at 5 MiB): the stored hash is the bytes\' hash', async () => {
    const s3 = await privateS3();
    try {
      const data = bytesOf(7 * MiB + 5, 33);
      const reg = sim.registerResource({ message_id: 'om_big', file_key: 'file_v3_big', type: 'file', file_name: 'a.mov', data });
      const got = await downloader().download({ messageId: 'om_big', key: 'file_v3_big', type: 'file' });
      const store = new S3EvidenceStore({ client: s3.client, bucket: s3.bucket, retention: { mode: 'COMPLIANCE', days: 1 }, log: silentLogger });
      const stored = await store.put({ caseId: '2026-000001', body: got.body, declaredSize: got.declaredSize, contentType: got.contentType });
      expect(stored).toMatchObject({ sha256: reg.sha256, size: data.length, created: true });
      expect((await store.hash(stored.key))?.sha256).toBe(reg.sha256);
      expect(await s3.keys()).toEqual([stored.key]);
    } finally {
      await s3.stop();
    }
  });
});

describe('retries before the first byte', () => {
  it('429 honours x-ogw-ratelimit-reset, then downloads', async () => {
    sim.registerResource({ message_id: 'om_r', file_key: 'file_v3_r', type: 'file', data: 'abc' });
    sim.injectFault({ match: RESOURCE_PATH, status: 429, count: 2, resetSeconds: 3 });
    const got = await downloader().download({ messageId: 'om_r', key: 'file_v3_r', type: 'file' });
    expect((await readAll(got.body)).toString()).toBe('abc');
    expect(waits).toEqual([3000, 3000]);
    expect(resourceGets().map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('5xx backs off exponentially', async () => {
    sim.registerResource({ message_id: 'om_5', file_key: 'file_v3_5', type: 'file', data: 'abc' });
    sim.injectFault({ match: RESOURCE_PATH, status: 503, count: 2 });
    await downloader().download({ messageId: 'om_5', key: 'file_v3_5', type: 'file' });
    expect(waits).toEqual([500, 1000]);
  });

  it('a token endpoint failure is retried like the download itself', async () => {
    sim.registerResource({ message_id: 'om_t', file_key: 'file_v3_t', type: 'file', data: 'abc' });
    sim.injectFault({ match: /tenant_access_token/, status: 500, count: 1 });
    const got = await downloader().download({ messageId: 'om_t', key: 'file_v3_t', type: 'file' });
    expect((await readAll(got.body)).toString()).toBe('abc');
    expect(waits).toEqual([500]);
  });

  it('still failing after the attempts: interrupted, retryable (the job tries again later)', async () => {
    sim.registerResource({ message_id: 'om_x', file_key: 'file_v3_x', type: 'file', data: 'abc' });
    sim.injectFault({ match: RESOURCE_PATH, status: 500, count: 10 });
    const err = await rejection(downloader().download({ messageId: 'om_x', key: 'file_v3_x', type: 'file' }));
    expect(err).toMatchObject({ kind: 'interrupted', retryable: true });
    expect(resourceGets()).toHaveLength(4);
    expect(waits).toEqual([500, 1000, 2000]);
  });

  it('a reset longer than the worker can wait: capped per wait, and given up when the total would pass its budget', async () => {
    sim.registerResource({ message_id: 'om_l', file_key: 'file_v3_l', type: 'file', data: 'abc' });
    sim.injectFault({ match: RESOURCE_PATH, status: 429, count: 10, resetSeconds: 60 });
    const err = await rejection(downloader().download({ messageId: 'om_l', key: 'file_v3_l', type: 'file' }));
    expect(err).toMatchObject({ kind: 'interrupted', retryable: true });
    expect(waits).toEqual([10_000, 10_000]);
    expect(resourceGets()).toHaveLength(3);
  });
});

describe('refusals', () => {
  it('a resource Feishu does not have (404, 234003): unavailable, not retried', async () => {
    const err = await rejection(downloader().download({ messageId: 'om_none', key: 'file_v3_none', type: 'file' }));
    expect(err).toMatchObject({ kind: 'unavailable', retryable: false });
    expect(err.message).toContain('234003');
    expect(resourceGets()).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('the wrong type (400, 234001): unavailable', async () => {
    sim.registerResource({ message_id: 'om_w', file_key: 'file_v3_w', type: 'file', data: 'abc' });
    const err = await rejection(downloader().download({ messageId: 'om_w', key: 'file_v3_w', type: 'image' }));
    expect(err).toMatchObject({ kind: 'unavailable', retryable: false });
    expect(err.message).toContain('234001');
  });

  it('a Content-Length over the limit: too_large with the Chinese reply, before the body is read', async () => {
    sim.registerResource({ message_id: 'om_big2', file_key: 'file_v3_big2', type: 'file', data: bytesOf(3 * MiB, 34) });
    const err = await rejection(downloader(sim.url, { maxBytes: 2 * MiB }).download({ messageId: 'om_big2', key: 'file_v3_big2', type: 'file' }));
    expect(err).toMatchObject({ kind: 'too_large', retryable: false });
    expect(err.userMessage).toContain('2.0 MB');
  });

  it('ids that Feishu does not make are refused without a request (they go into the URL path)', async () => {
    for (const ref of [
      { messageId: 'om_a/../b', key: 'file_v3_a', type: 'file' as const },
      { messageId: 'om_a', key: '../../auth', type: 'file' as const },
      { messageId: 'om_a', key: 'k', type: 'video' as unknown as 'file' },
    ]) {
      expect((await rejection(downloader().download(ref))).kind).toBe('unavailable');
    }
    expect(sim.requests()).toHaveLength(0);
  });
});

describe('failures once the body has started (a proxy cuts the fake\'s answer)', () => {
  let proxy: { url: string; close: () => Promise<void> };
  let mode: { cutAfter?: number; stallAfter?: number } = {};

  beforeAll(async () => {
    proxy = await cuttingProxy(() => sim.url, () => mode);
  });
  afterAll(() => proxy.close());

  it('a connection that breaks midway: the body fails as interrupted (retryable); nothing was retried', async () => {
    mode = { cutAfter: 1 * MiB };
    sim.registerResource({ message_id: 'om_cut', file_key: 'file_v3_cut', type: 'file', data: bytesOf(3 * MiB, 35) });
    const got = await downloader(proxy.url).download({ messageId: 'om_cut', key: 'file_v3_cut', type: 'file' });
    const err = await rejection(readAll(got.body));
    expect(err).toMatchObject({ kind: 'interrupted', retryable: true });
    expect(resourceGets()).toHaveLength(1);
  });

  it('cut after a part was uploaded: the store aborts the upload and keeps nothing', async () => {
    mode = { cutAfter: 6 * MiB };
    const s3 = await privateS3();
    const sent: SentCommand[] = recordCommands(s3.client);
    try {
      sim.registerResource({ message_id: 'om_cut2', file_key: 'file_v3_cut2', type: 'file', data: bytesOf(8 * MiB, 36) });
      const got = await downloader(proxy.url).download({ messageId: 'om_cut2', key: 'file_v3_cut2', type: 'file' });
      const store = new S3EvidenceStore({ client: s3.client, bucket: s3.bucket, retention: { mode: 'COMPLIANCE', days: 1 }, log: silentLogger });
      const err = await rejection(store.put({ caseId: '2026-000002', body: got.body, declaredSize: got.declaredSize }));
      expect(err).toMatchObject({ kind: 'interrupted', retryable: true });
      expect(sent.map((c) => c.command)).toEqual(['CreateMultipartUpload', 'UploadPart', 'AbortMultipartUpload']);
      expect(await s3.keys()).toEqual([]);
    } finally {
      await s3.stop();
    }
  });

  it('a sender that stalls: cut off after the idle timeout', async () => {
    mode = { stallAfter: 100_000 };
    sim.registerResource({ message_id: 'om_stall', file_key: 'file_v3_stall', type: 'file', data: bytesOf(1 * MiB, 37) });
    const got = await downloader(proxy.url, { idleTimeoutMs: 300 }).download({ messageId: 'om_stall', key: 'file_v3_stall', type: 'file' });
    const err = await rejection(readAll(got.body));
    expect(err).toMatchObject({ kind: 'interrupted', retryable: true });
    expect(err.message).toContain('no data for 300 ms');
  });
});

describe('Content-Disposition', () => {
  it('reads filename* (RFC 5987) first, then a quoted name, then raw UTF-8 read as Latin-1', () => {
    expect(fileNameFromDisposition(`attachment; filename="_.pdf"; filename*=UTF-8''%E7%AC%94%E5%BD%95.pdf`)).toBe('笔录.pdf');
    expect(fileNameFromDisposition('attachment; filename="a \\"b\\".jpg"')).toBe('a "b".jpg');
    expect(fileNameFromDisposition(`attachment; filename="${Buffer.from('照片.jpg', 'utf8').toString('latin1')}"`)).toBe('照片.jpg');
    expect(fileNameFromDisposition('attachment; filename=plain.txt')).toBe('plain.txt');
    expect(fileNameFromDisposition('inline')).toBeUndefined();
    expect(fileNameFromDisposition(undefined)).toBeUndefined();
  });
});
