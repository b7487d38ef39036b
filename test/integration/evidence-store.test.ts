/**
 * The S3 evidence store against s3rver (real HTTP, real bytes on disk): streamed puts under the
 * content hash, single PUT vs multipart + copy, idempotency, refusals and failures that leave nothing
 * behind, read-back and re-hash, listing by prefix, presigned links. What s3rver cannot show (Object
 * Lock, checksum verification, conditional writes, aborting uploads, throttling) is in
 * test/unit/evidence-store-mock.test.ts.
 */
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import { silentLogger } from '../../functions/config/logger.ts';
import { buildNote, dossierKeys, evidenceKey, MAX_EVIDENCE_BYTES, NOTE_MIME_TYPE } from '../../functions/domain/dossier/evidence.ts';
import { EvidenceError } from '../../functions/ports/evidence.ts';
import { bytesOf, failingStream, MiB, type PrivateS3, privateS3, recordCommands, type SentCommand, sha256, sha256b64, streamOf } from '../helpers/evidence.ts';

const CASE = '2026-000042';
const NOW = Date.parse('2026-03-02T02:03:04.000Z');
const DAY = 86_400_000;

let s3: PrivateS3;
let sent: SentCommand[];
let store: S3EvidenceStore;

beforeAll(async () => {
  s3 = await privateS3();
  sent = recordCommands(s3.client);
});
afterAll(() => s3.stop());

beforeEach(async () => {
  for (const key of await s3.keys()) await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: key }));
  sent.length = 0;
  let n = 0;
  store = new S3EvidenceStore({
    client: s3.client,
    bucket: s3.bucket,
    retention: { mode: 'COMPLIANCE', days: 3650 },
    log: silentLogger,
    now: () => NOW,
    newId: () => `upload-${++n}`,
  });
});

const commands = () => sent.map((c) => c.command);

async function refusal(p: Promise<unknown>): Promise<EvidenceError> {
  const err = await p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EvidenceError);
  return err as EvidenceError;
}

describe('put: a small file (one part)', () => {
  it('is stored in one PutObject at cases/<id>/evidence/<sha256>, with its SHA-256 as checksum and the lock', async () => {
    const data = bytesOf(1 * MiB + 123);
    const stored = await store.put({ caseId: CASE, body: streamOf(data), contentType: 'image/jpeg' });
    expect(stored).toMatchObject({ key: evidenceKey(CASE, sha256(data)), sha256: sha256(data), size: data.length, created: true });
    expect(commands()).toEqual(['HeadObject', 'PutObject']);
    expect(await s3.keys()).toEqual([stored.key]);
    expect(sent[1]?.input).toMatchObject({
      Key: stored.key,
      ChecksumSHA256: sha256b64(data),
      IfNoneMatch: '*',
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: new Date(NOW + 3650 * DAY),
      ContentType: 'image/jpeg',
      Metadata: { sha256: sha256(data) },
      BodyLength: data.length,
    });
    // The bytes S3 holds hash to the receipt's value.
    expect(await store.hash(stored.key)).toMatchObject({ key: stored.key, sha256: sha256(data), size: data.length });
  });

  it('exactly one part (5 MiB) is still a single PUT', async () => {
    const data = bytesOf(5 * MiB, 2);
    const stored = await store.put({ caseId: CASE, body: streamOf(data) });
    expect(stored.sha256).toBe(sha256(data));
    expect(commands()).toEqual(['HeadObject', 'PutObject']);
  });

  it('a type that is not a plain MIME type is stored as application/octet-stream', async () => {
    const data = bytesOf(1000, 3);
    await store.put({ caseId: CASE, body: streamOf(data), contentType: 'text/html\r\nX-Injected: 1' });
    expect(sent[1]?.input.ContentType).toBe('application/octet-stream');
  });
});

describe('put: a written record (记录)', () => {
  it('stores the note\'s bytes, given as [bytes], at the key its item names', async () => {
    const note = buildNote({ caseId: CASE, text: '现场门窗紧闭，无人应答。', messageId: 'om_note', receivedAt: '2026-03-02T02:03:04.000Z', sender: 'ou_a', senderName: '张三' });
    if (!note.ok) throw new Error(note.errors.join());
    const stored = await store.put({ caseId: CASE, body: [note.value.bytes], contentType: NOTE_MIME_TYPE });
    expect(stored).toMatchObject({ key: note.value.item.s3Key, sha256: note.value.item.sha256, size: note.value.item.size, created: true });
    expect(sent[1]?.input.ContentType).toBe('text/plain; charset=utf-8');
    const opened = await store.open(stored.key);
    const chunks: Buffer[] = [];
    for await (const c of opened!.body) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe('现场门窗紧闭，无人应答。');
  });
});

describe('put: a large file (multipart through staging)', () => {
  it('uploads 5 MiB parts with their SHA-256 to a staging key, copies to the final key, deletes the staging object', async () => {
    const data = bytesOf(8 * MiB + 17, 4);
    const stored = await store.put({ caseId: CASE, body: streamOf(data), contentType: 'video/mp4', declaredSize: data.length });
    const key = evidenceKey(CASE, sha256(data));
    expect(stored).toMatchObject({ key, sha256: sha256(data), size: data.length, created: true });
    expect(commands()).toEqual(['CreateMultipartUpload', 'UploadPart', 'UploadPart', 'CompleteMultipartUpload', 'HeadObject', 'CopyObject', 'DeleteObject']);
    const staging = `staging/${CASE}/upload-1`;
    expect(sent[0]?.input).toMatchObject({ Key: staging, ChecksumAlgorithm: 'SHA256', ContentType: 'video/mp4' });
    expect(sent[0]?.input.ObjectLockMode).toBeUndefined(); // staging objects are not locked, so they can be deleted
    expect(sent[1]?.input).toMatchObject({ PartNumber: 1, BodyLength: 5 * MiB, ChecksumSHA256: sha256b64(data.subarray(0, 5 * MiB)) });
    expect(sent[2]?.input).toMatchObject({ PartNumber: 2, BodyLength: 3 * MiB + 17, ChecksumSHA256: sha256b64(data.subarray(5 * MiB)) });
    const parts = (sent[3]?.input.MultipartUpload as { Parts: { PartNumber: number; ChecksumSHA256: string; ETag?: string }[] }).Parts;
    expect(parts.map((p) => [p.PartNumber, p.ChecksumSHA256])).toEqual([
      [1, sha256b64(data.subarray(0, 5 * MiB))],
      [2, sha256b64(data.subarray(5 * MiB))],
    ]);
    expect(parts.every((p) => typeof p.ETag === 'string')).toBe(true);
    expect(sent[5]?.input).toMatchObject({
      Key: key,
      CopySource: `${s3.bucket}/staging/${CASE}/upload-1`,
      ChecksumAlgorithm: 'SHA256',
      IfNoneMatch: '*',
      MetadataDirective: 'REPLACE',
      ContentType: 'video/mp4',
      Metadata: { sha256: sha256(data) },
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: new Date(NOW + 3650 * DAY),
    });
    expect(sent[6]?.input).toMatchObject({ Key: staging });
    expect(await s3.keys()).toEqual([key]);
    const back = await store.hash(key);
    expect(back).toMatchObject({ sha256: sha256(data), size: data.length });
    const opened = await store.open(key);
    expect(opened?.contentType).toBe('video/mp4');
    opened?.body.destroy();
  });
});

describe('put: the same bytes again', () => {
  it('five deliveries of one large file store one object; each later one writes nothing and deletes its staging object', async () => {
    const data = bytesOf(7 * MiB, 5);
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await store.put({ caseId: CASE, body: streamOf(data) }));
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
    expect(results.map((r) => r.created)).toEqual([true, false, false, false, false]);
    expect(await s3.keys()).toEqual([evidenceKey(CASE, sha256(data))]);
    expect(commands().filter((c) => c === 'CopyObject')).toHaveLength(1);
    expect(commands().filter((c) => c === 'DeleteObject')).toHaveLength(5);
  });

  it('a small file again is not written a second time', async () => {
    const data = bytesOf(2 * MiB, 6);
    const first = await store.put({ caseId: CASE, body: streamOf(data) });
    sent.length = 0;
    const again = await store.put({ caseId: CASE, body: streamOf(data) });
    expect(again).toEqual({ ...first, created: false });
    expect(commands()).toEqual(['HeadObject']);
  });

  it('the same bytes in another case are that case\'s own object', async () => {
    const data = bytesOf(3000, 7);
    const a = await store.put({ caseId: CASE, body: streamOf(data) });
    const b = await store.put({ caseId: '2026-000043', body: streamOf(data) });
    expect(b.created).toBe(true);
    expect(await s3.keys()).toEqual([a.key, b.key].sort());
  });

  it('refuses to take an object whose bytes were replaced directly in S3 as the same evidence', async () => {
    const data = bytesOf(4000, 8);
    const first = await store.put({ caseId: CASE, body: streamOf(data) });
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: first.key, Body: bytesOf(10, 9) }));
    const err = await refusal(store.put({ caseId: CASE, body: streamOf(data) }));
    expect(err).toMatchObject({ kind: 'conflict', retryable: false });
    expect((await store.hash(first.key))?.sha256).toBe(sha256(bytesOf(10, 9)));
  });
});

describe('put: refusals and failures leave nothing behind', () => {
  it('an empty file: refused with the Chinese reply, nothing sent to S3', async () => {
    const err = await refusal(store.put({ caseId: CASE, body: streamOf(Buffer.alloc(0)) }));
    expect(err).toMatchObject({ kind: 'empty', retryable: false });
    expect(err.userMessage).toContain('空的');
    expect(sent).toEqual([]);
  });

  it('a declared size over 100 MB: refused before a byte is read, and the source is released', async () => {
    const body = streamOf(bytesOf(1000));
    const err = await refusal(store.put({ caseId: CASE, body, declaredSize: MAX_EVIDENCE_BYTES + 1 }));
    expect(err).toMatchObject({ kind: 'too_large', retryable: false });
    expect(err.userMessage).toContain('100.0 MB');
    expect(body.destroyed).toBe(true);
    expect(sent).toEqual([]);
  });

  it('more bytes than the limit: refused midway, the multipart upload aborted, no object', async () => {
    const data = bytesOf(8 * MiB, 10);
    const err = await refusal(store.put({ caseId: CASE, body: streamOf(data), maxBytes: 6 * MiB }));
    expect(err).toMatchObject({ kind: 'too_large', retryable: false });
    const created = sent.find((c) => c.command === 'CreateMultipartUpload');
    expect(created).toBeDefined();
    expect(commands()).toContain('AbortMultipartUpload');
    const abort = sent.find((c) => c.command === 'AbortMultipartUpload');
    expect(abort?.input).toMatchObject({ Key: created?.input.Key });
    expect(commands()).not.toContain('CompleteMultipartUpload');
    expect(await s3.keys()).toEqual([]);
  });

  it('a download that breaks within the first part: interrupted (retryable), nothing sent to S3', async () => {
    const err = await refusal(store.put({ caseId: CASE, body: failingStream(bytesOf(3 * MiB), 1 * MiB) }));
    expect(err).toMatchObject({ kind: 'interrupted', retryable: true });
    expect(sent).toEqual([]);
    expect(await s3.keys()).toEqual([]);
  });

  it('a download that breaks after a part was uploaded: the upload is aborted, no object', async () => {
    const err = await refusal(store.put({ caseId: CASE, body: failingStream(bytesOf(9 * MiB), 7 * MiB) }));
    expect(err).toMatchObject({ kind: 'interrupted', retryable: true });
    expect(commands()).toEqual(['CreateMultipartUpload', 'UploadPart', 'AbortMultipartUpload']);
    const uploadId = sent[1]?.input.UploadId;
    expect(typeof uploadId).toBe('string');
    expect(sent[2]?.input).toMatchObject({ Key: `staging/${CASE}/upload-1`, UploadId: uploadId });
    // s3rver answers AbortMultipartUpload with 405 (not implemented) and lists no uploads (501): the
    // abort request above is what this test can check; the store logs the failed abort and the
    // bucket's lifecycle rule is the backstop (test/infra/stack.test.ts).
    expect(await s3.keys()).toEqual([]);
  });
});

describe('reading back, listing, links', () => {
  it('hash() re-reads an object; null for one that is not there', async () => {
    const data = bytesOf(6 * MiB, 11);
    const stored = await store.put({ caseId: CASE, body: streamOf(data) });
    expect(await store.hash(stored.key)).toMatchObject({ sha256: sha256(data), size: data.length });
    expect(await store.hash(evidenceKey(CASE, '0'.repeat(64)))).toBeNull();
    expect(await store.open(evidenceKey(CASE, '0'.repeat(64)))).toBeNull();
  });

  it('list() gives one case\'s objects by prefix, in key order; "evidence" leaves out what is not an evidence key', async () => {
    const a = await store.put({ caseId: CASE, body: streamOf(bytesOf(100, 12)) });
    const b = await store.put({ caseId: CASE, body: streamOf(bytesOf(200, 13)) });
    await store.put({ caseId: '2026-000043', body: streamOf(bytesOf(300, 14)) });
    const manifest = await store.putDocument({ caseId: CASE, key: dossierKeys(CASE).manifest, bytes: Buffer.from('{"a":1}'), contentType: 'application/json' });
    const stray = `cases/${CASE}/evidence/not-a-hash`;
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: stray, Body: Buffer.from('x') }));
    const all = await store.list(CASE);
    expect(all.map((o) => o.key)).toEqual([manifest.key, a.key, b.key, stray].sort());
    expect(all.find((o) => o.key === b.key)?.size).toBe(200);
    expect((await store.list(CASE, 'evidence')).map((o) => o.key)).toEqual([a.key, b.key].sort());
  });

  it('putDocument() stores a document once: same bytes again → created false; other bytes → conflict', async () => {
    const key = dossierKeys(CASE).manifest;
    const bytes = Buffer.from('{"case":"2026-000042"}');
    const first = await store.putDocument({ caseId: CASE, key, bytes, contentType: 'application/json' });
    expect(first).toMatchObject({ key, sha256: sha256(bytes), created: true });
    expect(sent.at(-1)?.input).toMatchObject({ Key: key, ChecksumSHA256: sha256b64(bytes), IfNoneMatch: '*', ObjectLockMode: 'COMPLIANCE' });
    expect(await store.putDocument({ caseId: CASE, key, bytes, contentType: 'application/json' })).toMatchObject({ created: false });
    const err = await refusal(store.putDocument({ caseId: CASE, key, bytes: Buffer.from('{"case":"other"}'), contentType: 'application/json' }));
    expect(err.kind).toBe('conflict');
    await expect(store.putDocument({ caseId: CASE, key: `cases/2026-000043/dossier/x.json`, bytes, contentType: 'application/json' })).rejects.toThrow(RangeError);
  });

  it('viewUrl() is a presigned GET of at most 30 minutes that serves the bytes under the recorded name', async () => {
    const data = bytesOf(5000, 15);
    const stored = await store.put({ caseId: CASE, body: streamOf(data), contentType: 'application/pdf' });
    const url = await store.viewUrl(stored.key, { seconds: 3600, fileName: '现场笔录 "1".pdf', contentType: 'application/pdf' });
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('1800');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(stored.sha256);
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="____ _1_.pdf"; filename*=UTF-8''${encodeURIComponent('现场笔录 "1".pdf').replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    );
    expect(res.headers.get('content-type')).toBe('application/pdf');
  });

  it('an expired link is refused', async () => {
    const stored = await store.put({ caseId: CASE, body: streamOf(bytesOf(10, 16)) });
    const url = await store.viewUrl(stored.key, { seconds: 60, signingDate: new Date(Date.now() - 2 * 60_000) });
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Request has expired');
  });

  it('only case objects get links', async () => {
    await expect(store.viewUrl('staging/x', { seconds: 60 })).rejects.toThrow(RangeError);
  });
});
