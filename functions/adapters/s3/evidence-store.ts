/**
 * Evidence in S3, streamed end to end (see README.md in this folder for the guarantees and the layout).
 *
 * put(): the bytes are read once, in parts of `partSize`, hashed (SHA-256) as they pass, and sent on;
 * at most two parts are in memory (one being filled, one being uploaded). The key is the hash, known
 * only at the end, so:
 * - a file of at most one part is uploaded in one PutObject straight to its final key, with its
 *   SHA-256 as the object's checksum (S3 refuses bytes that do not match) and the Object Lock;
 * - a larger file goes as a multipart upload to a staging key (`staging/…`, no lock) with a SHA-256
 *   per part (S3 checks each, and keeps a composite checksum), then one server-side CopyObject to its
 *   final key with the lock and a SHA-256 of the whole object recomputed by S3, then the staging
 *   object is deleted.
 * Any failure before the final write aborts the upload and deletes the staging object; the final
 * write is conditional (`If-None-Match: *`), so the same bytes stored twice are one object.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  type CompletedPart,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Logger } from '../../config/logger.ts';
import {
  casePrefix,
  checkEvidenceSize,
  evidenceKey,
  evidencePrefix,
  MAX_EVIDENCE_BYTES,
  parseEvidenceKey,
  viewLinkSeconds,
} from '../../domain/dossier/evidence.ts';
import {
  EvidenceError,
  type EvidenceStore,
  type HashedObject,
  type ListedObject,
  type OpenedObject,
  type PutEvidenceInput,
  type StoredEvidence,
  type ViewLinkOptions,
} from '../../ports/evidence.ts';
import { type ObjectLockSettings, STAGING_PREFIX } from './config.ts';

/** S3's smallest part (all but the last); also the single-PUT threshold. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
/** Fixed-key documents (manifest, its page) are small; a bound keeps them one PutObject. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

export interface S3EvidenceStoreOptions {
  client: S3Client;
  bucket: string;
  /** Applied to every object written under `cases/` (never to staging objects). */
  retention: ObjectLockSettings;
  log: Logger;
  /** Part size of multipart uploads and the single-PUT threshold; at least 5 MiB. */
  partSize?: number;
  /** The store's own limit; a put may ask for less. At most Feishu's 100 MB. */
  maxBytes?: number;
  /** Where multipart uploads land before the copy; outside `cases/` so no case listing sees them. */
  stagingPrefix?: string;
  /** Clock for retain-until dates (ms). */
  now?: () => number;
  /** Staging object names. */
  newId?: () => string;
}

const THROTTLING = new Set(['SlowDown', 'ThrottlingException', 'Throttling', 'RequestTimeout', 'RequestTimeTooSkewed', 'InternalError', 'ServiceUnavailable', 'TimeoutError']);

interface AwsErrorLike {
  name?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

function statusOf(err: unknown): number | undefined {
  return (err as AwsErrorLike)?.$metadata?.httpStatusCode;
}

function isRetryableS3(err: unknown): boolean {
  const e = err as AwsErrorLike;
  const status = statusOf(err);
  if (e?.$retryable) return true;
  if (e?.name && THROTTLING.has(e.name)) return true;
  return status === undefined || status === 429 || status >= 500;
}

function isPreconditionFailed(err: unknown): boolean {
  return (err as AwsErrorLike)?.name === 'PreconditionFailed' || statusOf(err) === 412;
}

function isConditionalConflict(err: unknown): boolean {
  return (err as AwsErrorLike)?.name === 'ConditionalRequestConflict' || statusOf(err) === 409;
}

function isMissing(err: unknown): boolean {
  const name = (err as AwsErrorLike)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || name === 'NoSuchVersion' || statusOf(err) === 404;
}

function storageError(operation: string, err: unknown): EvidenceError {
  const name = (err as AwsErrorLike)?.name ?? 'Error';
  return new EvidenceError('storage', isRetryableS3(err), `S3 ${operation} failed: ${name} ${statusOf(err) ?? ''}`.trim(), undefined, { cause: err });
}

/** Lets go of a source that will not be read (a stream holds a connection). */
function discard(body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): void {
  const b = body as { destroy?: () => void };
  if (typeof b.destroy === 'function') b.destroy();
}

/** `Content-Type` as stored: a plain `type/subtype` with parameters, else the generic binary type. */
export function storedContentType(raw: string | undefined): string {
  const v = raw?.trim() ?? '';
  return /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"\\\r\n]*"|[\w.+-]+))*$/.test(v) && v.length <= 255 ? v : 'application/octet-stream';
}

/** RFC 6266 with an RFC 5987 UTF-8 name, and an ASCII fallback for old clients. */
export function dispositionFor(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The copy source header: bucket and key, each path segment encoded, and the exact version. */
function copySource(bucket: string, key: string, versionId?: string): string {
  const path = `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  return versionId ? `${path}?versionId=${encodeURIComponent(versionId)}` : path;
}

type Existing = { exists: false } | { exists: true; matches: boolean; versionId?: string };

export class S3EvidenceStore implements EvidenceStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly retention: ObjectLockSettings;
  private readonly log: Logger;
  private readonly partSize: number;
  private readonly maxBytes: number;
  private readonly stagingPrefix: string;
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(opts: S3EvidenceStoreOptions) {
    const partSize = opts.partSize ?? MIN_PART_BYTES;
    if (!Number.isSafeInteger(partSize) || partSize < MIN_PART_BYTES) throw new RangeError(`partSize must be at least ${MIN_PART_BYTES}`);
    const maxBytes = opts.maxBytes ?? MAX_EVIDENCE_BYTES;
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1 || maxBytes > MAX_EVIDENCE_BYTES) throw new RangeError(`maxBytes must be 1…${MAX_EVIDENCE_BYTES}`);
    if (!Number.isSafeInteger(opts.retention.days) || opts.retention.days < 1) throw new RangeError('retention days must be a positive integer');
    const stagingPrefix = opts.stagingPrefix ?? STAGING_PREFIX;
    if (!/^[a-z0-9-]+\/$/.test(stagingPrefix) || stagingPrefix === 'cases/') throw new RangeError(`bad staging prefix ${stagingPrefix}`);
    this.client = opts.client;
    this.bucket = opts.bucket;
    this.retention = opts.retention;
    this.log = opts.log;
    this.partSize = partSize;
    this.maxBytes = maxBytes;
    this.stagingPrefix = stagingPrefix;
    this.now = opts.now ?? Date.now;
    this.newId = opts.newId ?? randomUUID;
  }

  private lock() {
    return {
      ObjectLockMode: this.retention.mode,
      ObjectLockRetainUntilDate: new Date(this.now() + this.retention.days * 86_400_000),
    };
  }

  async put(input: PutEvidenceInput): Promise<StoredEvidence> {
    evidencePrefix(input.caseId); // throws on a programming error (not a case id), before anything is read
    const limit = Math.min(input.maxBytes ?? this.maxBytes, this.maxBytes);
    if (input.declaredSize !== undefined) {
      const declared = checkEvidenceSize(input.declaredSize, limit);
      if (!declared.ok) {
        discard(input.body);
        throw this.sizeRefusal(input.declaredSize, limit);
      }
    }
    const contentType = storedContentType(input.contentType);
    const hasher = createHash('sha256');
    const upload = new PartUploader(this.client, this.bucket, `${this.stagingPrefix}${input.caseId}/${this.newId()}`, contentType);
    const buffers: Buffer[] = [Buffer.allocUnsafe(this.partSize)];
    let current = 0;
    let fill = 0;
    let size = 0;
    try {
      try {
        for await (const chunk of input.body) {
          const bytes = chunk instanceof Uint8Array ? chunk : Buffer.from(chunk as ArrayBufferLike);
          size += bytes.length;
          if (size > limit) throw this.sizeRefusal(size, limit);
          hasher.update(bytes);
          for (let off = 0; off < bytes.length; ) {
            if (fill === this.partSize) {
              // A full part and more to come: this is a multipart upload. The other buffer is free
              // once the part before has been sent.
              await upload.send(buffers[current] as Buffer);
              current = 1 - current;
              buffers[current] ??= Buffer.allocUnsafe(this.partSize);
              fill = 0;
            }
            const n = Math.min(this.partSize - fill, bytes.length - off);
            (buffers[current] as Buffer).set(bytes.subarray(off, off + n), fill);
            fill += n;
            off += n;
          }
        }
      } catch (err) {
        if (err instanceof EvidenceError) throw err;
        throw new EvidenceError('interrupted', true, `reading the source failed after ${size} bytes: ${(err as Error)?.message ?? String(err)}`, undefined, { cause: err });
      }
      if (size === 0) throw this.sizeRefusal(0, limit);
      const digest = hasher.digest();
      const sha256 = digest.toString('hex');
      const checksum = digest.toString('base64');
      const key = evidenceKey(input.caseId, sha256);
      const last = (buffers[current] as Buffer).subarray(0, fill);
      if (!upload.started) return await this.putSmall(key, last, { sha256, checksum, size, contentType });
      await upload.send(last);
      const staged = await upload.complete();
      return await this.promote(key, staged, { sha256, checksum, size, contentType });
    } catch (err) {
      await upload.abandon(this.log);
      throw err;
    }
  }

  /** Empty or over the limit: the domain's size rules say what to tell the officer. */
  private sizeRefusal(size: number, limit: number): EvidenceError {
    const rule = checkEvidenceSize(size, limit);
    const userMessage = rule.ok ? undefined : rule.errors[0];
    return size <= 0
      ? new EvidenceError('empty', false, 'empty file', userMessage)
      : new EvidenceError('too_large', false, `${size} bytes, over the limit of ${limit}`, userMessage);
  }

  /** HEAD of the final key: is the same content already there? (S3 returns the whole-object SHA-256 our writes stored.) */
  private async existing(key: string, size: number, checksum: string): Promise<Existing> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: 'ENABLED' }));
      const stored = head.ChecksumSHA256;
      // A composite value ("…-N") cannot be compared with a whole-object hash; the size still must agree.
      const comparable = stored !== undefined && !/-\d+$/.test(stored) && head.ChecksumType !== 'COMPOSITE';
      const matches = head.ContentLength === size && (!comparable || stored === checksum);
      return { exists: true, matches, ...(head.VersionId ? { versionId: head.VersionId } : {}) };
    } catch (err) {
      if (isMissing(err)) return { exists: false };
      throw storageError('HeadObject', err);
    }
  }

  private found(key: string, e: Existing, sha256: string, size: number): StoredEvidence {
    if (!e.exists) throw new EvidenceError('storage', true, `S3 ${key}: precondition failed but the object is not there`);
    if (!e.matches) {
      // Someone wrote other bytes under this hash directly in S3; do not cover it up with a new version.
      this.log.error('evidence object does not match its content key', { key, size });
      throw new EvidenceError('conflict', false, `the object at ${key} does not match its hash`);
    }
    return { key, sha256, size, created: false, ...(e.versionId ? { versionId: e.versionId } : {}) };
  }

  /** Conditional final write; a 409 (concurrent conditional write) is tried once more, as S3 advises. */
  private async writeOnce<T>(operation: string, key: string, send: () => Promise<T>): Promise<T | 'exists'> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (err) {
        if (isPreconditionFailed(err)) return 'exists';
        if (isConditionalConflict(err) && attempt < 2) continue;
        this.log.warn('evidence write failed', { operation, key, name: (err as AwsErrorLike)?.name, status: statusOf(err) });
        throw storageError(operation, err);
      }
    }
  }

  private async putSmall(key: string, body: Buffer, m: { sha256: string; checksum: string; size: number; contentType: string }): Promise<StoredEvidence> {
    const before = await this.existing(key, m.size, m.checksum);
    if (before.exists) return this.found(key, before, m.sha256, m.size);
    const res = await this.writeOnce('PutObject', key, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentLength: m.size,
          ContentType: m.contentType,
          ChecksumSHA256: m.checksum,
          IfNoneMatch: '*',
          Metadata: { sha256: m.sha256 },
          ...this.lock(),
        }),
      ),
    );
    if (res === 'exists') return this.found(key, await this.existing(key, m.size, m.checksum), m.sha256, m.size);
    return { key, sha256: m.sha256, size: m.size, created: true, ...(res.VersionId ? { versionId: res.VersionId } : {}) };
  }

  /** Staging → final key (server-side, locked, whole-object SHA-256), then the staging object goes. */
  private async promote(
    key: string,
    staged: { key: string; versionId?: string },
    m: { sha256: string; checksum: string; size: number; contentType: string },
  ): Promise<StoredEvidence> {
    try {
      const before = await this.existing(key, m.size, m.checksum);
      if (before.exists) return this.found(key, before, m.sha256, m.size);
      const res = await this.writeOnce('CopyObject', key, () =>
        this.client.send(
          new CopyObjectCommand({
            Bucket: this.bucket,
            Key: key,
            CopySource: copySource(this.bucket, staged.key, staged.versionId),
            // REPLACE: the hash is known only now; the type is set again with it.
            MetadataDirective: 'REPLACE',
            ContentType: m.contentType,
            Metadata: { sha256: m.sha256 },
            ChecksumAlgorithm: 'SHA256',
            IfNoneMatch: '*',
            ...this.lock(),
          }),
        ),
      );
      if (res === 'exists') return this.found(key, await this.existing(key, m.size, m.checksum), m.sha256, m.size);
      const copied = res.CopyObjectResult?.ChecksumSHA256;
      if (copied !== undefined && res.CopyObjectResult?.ChecksumType !== 'COMPOSITE' && !/-\d+$/.test(copied) && copied !== m.checksum) {
        // S3 checked every part against our hashes, so this cannot happen short of a fault in S3.
        this.log.error('S3 copy checksum differs from the streamed SHA-256', { key, copied, expected: m.checksum });
        throw new EvidenceError('storage', false, `the copy at ${key} does not match the streamed hash`);
      }
      return { key, sha256: m.sha256, size: m.size, created: true, ...(res.VersionId ? { versionId: res.VersionId } : {}) };
    } finally {
      await this.deleteStaging(staged);
    }
  }

  private async deleteStaging(staged: { key: string; versionId?: string }): Promise<void> {
    try {
      // By version: in a versioned bucket a plain delete only hides the bytes behind a delete marker.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: staged.key, ...(staged.versionId ? { VersionId: staged.versionId } : {}) }));
    } catch (err) {
      // The bucket's lifecycle rule removes staging objects after a day; nothing refers to this one.
      this.log.warn('staging object not deleted (the lifecycle rule will)', { key: staged.key, name: (err as AwsErrorLike)?.name });
    }
  }

  async putDocument(input: { caseId: string; key: string; bytes: Uint8Array; contentType: string }): Promise<StoredEvidence> {
    // The archive (dossier/) and the drafted documents (documents/), under the case like its evidence.
    const under = `${casePrefix(input.caseId)}dossier/`;
    const documents = `${casePrefix(input.caseId)}documents/`;
    if (!(input.key.startsWith(under) || input.key.startsWith(documents)) || input.key.length > 1024) throw new RangeError(`a document key must be under ${under} or ${documents}: ${input.key}`);
    if (input.bytes.length === 0 || input.bytes.length > MAX_DOCUMENT_BYTES) throw new RangeError(`document size ${input.bytes.length} out of bounds`);
    const digest = createHash('sha256').update(input.bytes).digest();
    const sha256 = digest.toString('hex');
    const checksum = digest.toString('base64');
    const size = input.bytes.length;
    const same = async (): Promise<StoredEvidence> => {
      const stored = await this.hash(input.key);
      if (!stored) throw new EvidenceError('storage', true, `S3 ${input.key}: precondition failed but the object is not there`);
      if (stored.sha256 !== sha256) throw new EvidenceError('conflict', false, `${input.key} already holds other bytes`);
      return { key: input.key, sha256, size, created: false, ...(stored.versionId ? { versionId: stored.versionId } : {}) };
    };
    const before = await this.existing(input.key, size, checksum);
    if (before.exists) return same();
    const res = await this.writeOnce('PutObject', input.key, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: input.key,
          Body: input.bytes,
          ContentLength: size,
          ContentType: storedContentType(input.contentType),
          ChecksumSHA256: checksum,
          IfNoneMatch: '*',
          Metadata: { sha256 },
          ...this.lock(),
        }),
      ),
    );
    if (res === 'exists') return same();
    return { key: input.key, sha256, size, created: true, ...(res.VersionId ? { versionId: res.VersionId } : {}) };
  }

  async open(key: string, versionId?: string): Promise<OpenedObject | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
      const body = res.Body;
      if (!(body instanceof Readable)) throw new Error('S3 GetObject returned no Node.js stream');
      return {
        body,
        ...(res.ContentLength !== undefined ? { size: res.ContentLength } : {}),
        ...(res.ContentType ? { contentType: res.ContentType } : {}),
        ...(res.VersionId ? { versionId: res.VersionId } : {}),
      };
    } catch (err) {
      if (isMissing(err)) return null;
      throw storageError('GetObject', err);
    }
  }

  async hash(key: string, versionId?: string): Promise<HashedObject | null> {
    const opened = await this.open(key, versionId);
    if (!opened) return null;
    const hasher = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of opened.body) {
        hasher.update(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
    } catch (err) {
      throw storageError('GetObject (body)', err);
    }
    return { key, sha256: hasher.digest('hex'), size, ...(opened.versionId ? { versionId: opened.versionId } : {}) };
  }

  async list(caseId: string, what: 'all' | 'evidence' = 'all'): Promise<ListedObject[]> {
    const prefix = what === 'evidence' ? evidencePrefix(caseId) : casePrefix(caseId);
    const out: ListedObject[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      } catch (err) {
        throw storageError('ListObjectsV2', err);
      }
      for (const o of page.Contents ?? []) {
        if (!o.Key) continue;
        if (what === 'evidence' && !parseEvidenceKey(o.Key)) continue;
        out.push({ key: o.Key, size: o.Size ?? 0, ...(o.LastModified ? { lastModified: o.LastModified.toISOString() } : {}) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async viewUrl(key: string, opts: ViewLinkOptions & { signingDate?: Date }): Promise<string> {
    if (!key.startsWith('cases/')) throw new RangeError(`not a case object: ${key}`);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ...(opts.versionId ? { VersionId: opts.versionId } : {}),
      ...(opts.fileName ? { ResponseContentDisposition: dispositionFor(opts.fileName) } : {}),
      ...(opts.contentType ? { ResponseContentType: storedContentType(opts.contentType) } : {}),
    });
    return getSignedUrl(this.client, command, {
      expiresIn: viewLinkSeconds(opts.seconds),
      ...(opts.signingDate ? { signingDate: opts.signingDate } : {}),
    });
  }
}

/**
 * One multipart upload to a staging key, started lazily by the first part: at most one part in
 * flight; its outcome is held (never an unhandled rejection) and checked before the next part.
 */
class PartUploader {
  private uploadId: string | undefined;
  private readonly parts: CompletedPart[] = [];
  private inFlight: Promise<unknown> | undefined;
  private failure: unknown;
  private completed = false;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    readonly key: string,
    private readonly contentType: string,
  ) {}

  get started(): boolean {
    return this.uploadId !== undefined;
  }

  private async settle(): Promise<void> {
    await this.inFlight;
    this.inFlight = undefined;
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * Sends `part` as the next part; resolves once the part before it is done (its buffer is free).
   * Throws only `EvidenceError`s (`storage`), so a caller can tell them from a failing source.
   */
  async send(part: Buffer): Promise<void> {
    await this.settle();
    if (this.uploadId === undefined) {
      try {
        const res = await this.client.send(
          new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, ContentType: this.contentType, ChecksumAlgorithm: 'SHA256' }),
        );
        if (!res.UploadId) throw new Error('no UploadId');
        this.uploadId = res.UploadId;
      } catch (err) {
        throw storageError('CreateMultipartUpload', err);
      }
    }
    const partNumber = this.parts.length + 1;
    const checksum = createHash('sha256').update(part).digest('base64');
    const completed: CompletedPart = { PartNumber: partNumber, ChecksumSHA256: checksum };
    this.parts.push(completed);
    const command = new UploadPartCommand({
      Bucket: this.bucket,
      Key: this.key,
      UploadId: this.uploadId,
      PartNumber: partNumber,
      Body: part,
      ContentLength: part.length,
      ChecksumSHA256: checksum,
    });
    // Held, not awaited: the next part is read meanwhile. Its outcome is kept (no unhandled rejection).
    this.inFlight = (async () => {
      try {
        completed.ETag = (await this.client.send(command)).ETag;
      } catch (err) {
        this.failure ??= storageError('UploadPart', err);
      }
    })();
  }

  async complete(): Promise<{ key: string; versionId?: string }> {
    await this.settle();
    try {
      const res = await this.client.send(
        new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.uploadId, MultipartUpload: { Parts: this.parts } }),
      );
      this.completed = true;
      return { key: this.key, ...(res.VersionId ? { versionId: res.VersionId } : {}) };
    } catch (err) {
      throw storageError('CompleteMultipartUpload', err);
    }
  }

  /** After a failure: let the part in flight finish, then abort (S3 frees every stored part). */
  async abandon(log: Logger): Promise<void> {
    if (this.uploadId === undefined || this.completed) return;
    await this.inFlight;
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.uploadId }));
    } catch (err) {
      // The bucket's lifecycle rule aborts incomplete uploads after a day.
      log.warn('multipart upload not aborted (the lifecycle rule will)', { key: this.key, name: (err as AwsErrorLike)?.name, status: statusOf(err) });
    }
  }
}
