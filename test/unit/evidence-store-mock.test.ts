/**
 * The S3 evidence store where s3rver cannot show the behaviour: S3 faults and throttling midway,
 * conditional writes (412/409), versioned staging objects, the checksums real S3 returns, aborts that
 * succeed or fail. aws-sdk-client-mock stands in for S3; everything else is the real adapter.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createEvidenceS3Client } from '../../functions/adapters/s3/client.ts';
import { evidenceStoreConfig, type ObjectLockSettings } from '../../functions/adapters/s3/config.ts';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import type { Logger } from '../../functions/config/logger.ts';
import { evidenceKey } from '../../functions/domain/dossier/evidence.ts';
import { EvidenceError } from '../../functions/ports/evidence.ts';
import { bytesOf, MiB, sha256, sha256b64, streamOf } from '../helpers/evidence.ts';

const CASE = '2026-000007';
const NOW = Date.parse('2026-05-01T00:00:00.000Z');

const s3 = mockClient(S3Client);
afterAll(() => s3.restore());

function fault(name: string, status: number, retryable = false): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    ...(retryable ? { $retryable: { throttling: status === 503 } } : {}),
    message: name,
  });
}

let warnings: { msg: string; data?: Record<string, unknown> }[];
let errors: { msg: string; data?: Record<string, unknown> }[];
const log: Logger = {
  debug() {},
  info() {},
  warn: (msg, data) => void warnings.push({ msg, ...(data ? { data } : {}) }),
  error: (msg, data) => void errors.push({ msg, ...(data ? { data } : {}) }),
};

function makeStore(retention: ObjectLockSettings = { mode: 'COMPLIANCE', days: 10_958 }) {
  return new S3EvidenceStore({ client: createEvidenceS3Client({ region: 'cn-north-1' }), bucket: 'ev', retention, log, now: () => NOW, newId: () => 'u1' });
}

async function failure(p: Promise<unknown>): Promise<EvidenceError> {
  const err = await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EvidenceError);
  return err as EvidenceError;
}

const notFound = () => fault('NotFound', 404);
const LARGE = bytesOf(11 * MiB, 21); // three parts: 5 + 5 + 1 MiB
const STAGING = `staging/${CASE}/u1`;

beforeEach(() => {
  s3.reset();
  warnings = [];
  errors = [];
  s3.on(HeadObjectCommand).rejects(notFound());
  s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-1' });
  s3.on(UploadPartCommand).callsFake(async (input: { PartNumber: number }) => ({ ETag: `"e${input.PartNumber}"` }));
  s3.on(CompleteMultipartUploadCommand).resolves({ VersionId: 'stage-v1' });
  s3.on(CopyObjectCommand).resolves({ VersionId: 'final-v1', CopyObjectResult: { ChecksumSHA256: sha256b64(LARGE), ChecksumType: 'FULL_OBJECT' } });
  s3.on(DeleteObjectCommand).resolves({});
  s3.on(AbortMultipartUploadCommand).resolves({});
  s3.on(PutObjectCommand).resolves({ VersionId: 'small-v1' });
});

describe('S3 faults midway leave nothing behind', () => {
  it('a part that fails (503 SlowDown after the SDK\'s own retries): the upload is aborted, retryable', async () => {
    s3.on(UploadPartCommand, { PartNumber: 2 }).rejects(fault('SlowDown', 503, true));
    const err = await failure(makeStore().put({ caseId: CASE, body: streamOf(LARGE) }));
    expect(err).toMatchObject({ kind: 'storage', retryable: true });
    expect(s3.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: 'ev', Key: STAGING, UploadId: 'up-1' }]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    // At most one part is sent after the failing one (the one being filled), none after the abort.
    expect(s3.commandCalls(UploadPartCommand).length).toBeLessThanOrEqual(3);
  });

  it('an abort that fails too: the first error is what the caller gets, the failed abort is logged', async () => {
    s3.on(UploadPartCommand, { PartNumber: 1 }).rejects(fault('InternalError', 500));
    s3.on(AbortMultipartUploadCommand).rejects(fault('InternalError', 500));
    const err = await failure(makeStore().put({ caseId: CASE, body: streamOf(LARGE) }));
    expect(err.message).toContain('UploadPart');
    expect(warnings.map((w) => w.msg)).toContain('multipart upload not aborted (the lifecycle rule will)');
  });

  it('CompleteMultipartUpload fails: aborted', async () => {
    s3.on(CompleteMultipartUploadCommand).rejects(fault('InternalError', 500));
    const err = await failure(makeStore().put({ caseId: CASE, body: streamOf(LARGE) }));
    expect(err).toMatchObject({ kind: 'storage', retryable: true });
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(1);
  });

  it('the copy to the final key fails: the staging object is deleted by its version (a plain delete would only hide it)', async () => {
    s3.on(CopyObjectCommand).rejects(fault('InternalError', 500));
    const err = await failure(makeStore().put({ caseId: CASE, body: streamOf(LARGE) }));
    expect(err).toMatchObject({ kind: 'storage', retryable: true });
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: 'ev', Key: STAGING, VersionId: 'stage-v1' }]);
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(0);
  });

  it('access denied is not retryable', async () => {
    s3.on(PutObjectCommand).rejects(fault('AccessDenied', 403));
    const err = await failure(makeStore().put({ caseId: CASE, body: streamOf(bytesOf(100)) }));
    expect(err).toMatchObject({ kind: 'storage', retryable: false });
  });

  it('a network failure (no HTTP status) is retryable', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
    const err = await failure(makeStore().put({ caseId: CASE, body: streamOf(bytesOf(100)) }));
    expect(err).toMatchObject({ kind: 'storage', retryable: true });
  });
});

describe('request shapes real S3 acts on', () => {
  it('the final write is locked (mode and days configured), conditional, and carries the whole-object SHA-256', async () => {
    const data = bytesOf(1000, 22);
    const stored = await makeStore({ mode: 'GOVERNANCE', days: 30 }).put({ caseId: CASE, body: streamOf(data), contentType: 'image/png' });
    expect(stored).toEqual({ key: evidenceKey(CASE, sha256(data)), sha256: sha256(data), size: 1000, created: true, versionId: 'small-v1' });
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'ev',
      ChecksumSHA256: sha256b64(data),
      IfNoneMatch: '*',
      ObjectLockMode: 'GOVERNANCE',
      ObjectLockRetainUntilDate: new Date(NOW + 30 * 86_400_000),
    });
  });

  it('multipart: SHA-256 per part, the composite upload completed with every part\'s checksum, the copy from the exact staging version', async () => {
    const stored = await makeStore().put({ caseId: CASE, body: streamOf(LARGE) });
    expect(stored).toMatchObject({ created: true, versionId: 'final-v1', sha256: sha256(LARGE) });
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input).toMatchObject({ Key: STAGING, ChecksumAlgorithm: 'SHA256' });
    const parts = s3.commandCalls(UploadPartCommand).map((c) => c.args[0].input);
    expect(parts.map((p) => [p.PartNumber, p.ChecksumSHA256, p.ContentLength])).toEqual([
      [1, sha256b64(LARGE.subarray(0, 5 * MiB)), 5 * MiB],
      [2, sha256b64(LARGE.subarray(5 * MiB, 10 * MiB)), 5 * MiB],
      [3, sha256b64(LARGE.subarray(10 * MiB)), 1 * MiB],
    ]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)[0]?.args[0].input.MultipartUpload?.Parts).toEqual([
      { PartNumber: 1, ETag: '"e1"', ChecksumSHA256: sha256b64(LARGE.subarray(0, 5 * MiB)) },
      { PartNumber: 2, ETag: '"e2"', ChecksumSHA256: sha256b64(LARGE.subarray(5 * MiB, 10 * MiB)) },
      { PartNumber: 3, ETag: '"e3"', ChecksumSHA256: sha256b64(LARGE.subarray(10 * MiB)) },
    ]);
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input).toMatchObject({
      CopySource: `ev/${STAGING}?versionId=stage-v1`,
      ChecksumAlgorithm: 'SHA256',
      IfNoneMatch: '*',
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: new Date(NOW + 10_958 * 86_400_000),
    });
    expect(s3.commandCalls(DeleteObjectCommand)[0]?.args[0].input).toEqual({ Bucket: 'ev', Key: STAGING, VersionId: 'stage-v1' });
  });

  it('a copy whose whole-object checksum differs from the streamed hash is an error (and logged); staging still goes', async () => {
    s3.on(CopyObjectCommand).resolves({ VersionId: 'final-v1', CopyObjectResult: { ChecksumSHA256: sha256b64(Buffer.from('other')), ChecksumType: 'FULL_OBJECT' } });
    const err = await failure(makeStore().put({ caseId: CASE, body: streamOf(LARGE) }));
    expect(err).toMatchObject({ kind: 'storage', retryable: false });
    expect(errors.map((e) => e.msg)).toEqual(['S3 copy checksum differs from the streamed SHA-256']);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(1);
  });
});

describe('conditional writes: the same bytes stored concurrently', () => {
  it('the copy finds the key taken (412): the stored version is returned, nothing written twice', async () => {
    s3.on(HeadObjectCommand).rejectsOnce(notFound()).resolves({ ContentLength: LARGE.length, ChecksumSHA256: sha256b64(LARGE), ChecksumType: 'FULL_OBJECT', VersionId: 'other-v' });
    s3.on(CopyObjectCommand).rejects(fault('PreconditionFailed', 412));
    const stored = await makeStore().put({ caseId: CASE, body: streamOf(LARGE) });
    expect(stored).toMatchObject({ created: false, versionId: 'other-v', sha256: sha256(LARGE) });
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(1);
  });

  it('a single PUT that finds the key taken (412) likewise', async () => {
    const data = bytesOf(2000, 23);
    s3.on(HeadObjectCommand).rejectsOnce(notFound()).resolves({ ContentLength: 2000, ChecksumSHA256: sha256b64(data), VersionId: 'v0' });
    s3.on(PutObjectCommand).rejects(fault('PreconditionFailed', 412));
    expect(await makeStore().put({ caseId: CASE, body: streamOf(data) })).toMatchObject({ created: false, versionId: 'v0' });
  });

  it('409 ConditionalRequestConflict is tried once more, as S3 advises', async () => {
    s3.on(PutObjectCommand).rejectsOnce(fault('ConditionalRequestConflict', 409)).resolves({ VersionId: 'v2' });
    expect(await makeStore().put({ caseId: CASE, body: streamOf(bytesOf(10)) })).toMatchObject({ created: true, versionId: 'v2' });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);
  });

  it('an existing object whose stored SHA-256 is not its name (replaced in S3): conflict, not covered by a new version', async () => {
    const data = bytesOf(3000, 24);
    s3.on(HeadObjectCommand).resolves({ ContentLength: 3000, ChecksumSHA256: sha256b64(Buffer.from('x')), VersionId: 'v9' });
    const err = await failure(makeStore().put({ caseId: CASE, body: streamOf(data) }));
    expect(err).toMatchObject({ kind: 'conflict', retryable: false });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(errors.map((e) => e.msg)).toEqual(['evidence object does not match its content key']);
  });

  it('a composite checksum ("…-3") cannot be compared with the whole hash: the size decides', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: LARGE.length, ChecksumSHA256: 'AAAA-3', ChecksumType: 'COMPOSITE', VersionId: 'vc' });
    expect(await makeStore().put({ caseId: CASE, body: streamOf(LARGE) })).toMatchObject({ created: false, versionId: 'vc' });
  });
});

describe('configuration from the environment', () => {
  it('defaults to COMPLIANCE for 30 years; checks every value', () => {
    expect(evidenceStoreConfig({ EVIDENCE_BUCKET: 'my-evidence' })).toEqual({ bucket: 'my-evidence', retention: { mode: 'COMPLIANCE', days: 10_958 } });
    expect(evidenceStoreConfig({ EVIDENCE_BUCKET: 'b-1', EVIDENCE_LOCK_MODE: 'GOVERNANCE', EVIDENCE_RETENTION_DAYS: '365' })).toEqual({
      bucket: 'b-1',
      retention: { mode: 'GOVERNANCE', days: 365 },
    });
    expect(() => evidenceStoreConfig({})).toThrow(/EVIDENCE_BUCKET/);
    expect(() => evidenceStoreConfig({ EVIDENCE_BUCKET: 'b-1', EVIDENCE_LOCK_MODE: 'governance' })).toThrow(/EVIDENCE_LOCK_MODE/);
    expect(() => evidenceStoreConfig({ EVIDENCE_BUCKET: 'b-1', EVIDENCE_RETENTION_DAYS: '0' })).toThrow(/EVIDENCE_RETENTION_DAYS/);
    expect(() => evidenceStoreConfig({ EVIDENCE_BUCKET: 'b-1', EVIDENCE_RETENTION_DAYS: '99999' })).toThrow(/over 36500/);
  });

  it('the store refuses parts under S3\'s 5 MiB minimum and a limit over 100 MB', () => {
    const base = { client: new S3Client({ region: 'cn-north-1' }), bucket: 'ev', retention: { mode: 'COMPLIANCE' as const, days: 1 }, log };
    expect(() => new S3EvidenceStore({ ...base, partSize: 1024 })).toThrow(RangeError);
    expect(() => new S3EvidenceStore({ ...base, maxBytes: 101 * MiB })).toThrow(RangeError);
    expect(() => new S3EvidenceStore({ ...base, stagingPrefix: 'cases/' })).toThrow(RangeError);
  });
});
