/**
 * The seams of evidence storage: the bytes of a Feishu message resource, downloaded as a
 * stream, and the evidence store that hashes them while streaming and keeps them in object storage.
 * Adapters: functions/adapters/feishu/resources.ts and functions/adapters/s3/evidence-store.ts
 * (see functions/adapters/s3/README.md). The rules (keys, limits, who may see what) are in
 * functions/domain/dossier/.
 */
import type { Readable } from 'node:stream';

/**
 * Why evidence could not be stored or fetched. Nothing was stored whatever the kind: the adapters
 * abort and delete what they had started before they throw.
 * - `empty`, `too_large`: the officer's file breaks the size rules; `userMessage` says so in Chinese.
 * - `unavailable`: Feishu refuses the resource for good (deleted, not in a chat the bot is in, a
 *   sticker or a merge-forward part); resending the file is the only way.
 * - `interrupted`: the download failed or stopped midway (retryable: restart the whole ingest).
 * - `storage`: object storage failed (`retryable` says whether trying again can help).
 * - `conflict`: a fixed-key document (the archive manifest) already exists with other bytes.
 */
export type EvidenceFailure = 'empty' | 'too_large' | 'unavailable' | 'interrupted' | 'storage' | 'conflict';

export class EvidenceError extends Error {
  override name = 'EvidenceError';
  constructor(
    readonly kind: EvidenceFailure,
    readonly retryable: boolean,
    message: string,
    /** For `empty` / `too_large`: the Chinese reply (from the domain's size rules). */
    readonly userMessage?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isEvidenceError(err: unknown): err is EvidenceError {
  return err instanceof EvidenceError;
}

/** A message resource: `GET /open-apis/im/v1/messages/:message_id/resources/:key?type=`. */
export interface ResourceRef {
  messageId: string;
  /** `image_key` or `file_key` from the message content. */
  key: string;
  type: 'image' | 'file';
}

export interface DownloadedResource {
  /**
   * The bytes, as they arrive. It fails with an `EvidenceError` (`interrupted`, retryable) when the
   * connection breaks, stalls or ends short of its Content-Length, and with `too_large` past the limit.
   * Consume it or destroy it: it holds a connection.
   */
  body: Readable;
  /** Content-Length, when Feishu sent one (already checked against the limit). */
  declaredSize?: number;
  contentType?: string;
  /** From Content-Disposition (RFC 6266 / 5987), when present. */
  fileName?: string;
}

export interface MessageResources {
  /**
   * Opens the download. Retries throttling (429, honouring `x-ogw-ratelimit-reset`) and 5xx before any
   * byte was read; once the body is handed over, a failure is the caller's to retry from the start.
   * Throws `EvidenceError`: `too_large` (declared size), `unavailable` (a 4xx business error),
   * `interrupted` (retries exhausted).
   */
  download(ref: ResourceRef, opts?: { maxBytes?: number }): Promise<DownloadedResource>;
}

export interface StoredEvidence {
  /** `cases/<caseId>/evidence/<sha256>`. */
  key: string;
  /** Lowercase hex SHA-256 of the bytes, computed while streaming. */
  sha256: string;
  size: number;
  /** The object version (versioned buckets; absent on stand-ins without versioning). */
  versionId?: string;
  /**
   * False when these bytes were already stored at that key (the same file sent again to the case, or
   * a repeated job): nothing new was written, and `versionId` is the stored object's.
   */
  created: boolean;
}

export interface PutEvidenceInput {
  caseId: string;
  /** A stream (a download), or the bytes of a note as `[bytes]`. */
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** Content-Length of the source, when known: refused before any byte is stored if out of bounds. */
  declaredSize?: number;
  contentType?: string;
  /** Lower than the store's limit (100 MB), never higher. */
  maxBytes?: number;
}

/** An object under a case's prefix, as listing shows it (current versions). */
export interface ListedObject {
  key: string;
  size: number;
  lastModified?: string;
}

/** An object re-read and re-hashed (structurally the domain's `ObservedObject`). */
export interface HashedObject {
  key: string;
  sha256: string;
  size: number;
  versionId?: string;
}

export interface OpenedObject {
  body: Readable;
  size?: number;
  contentType?: string;
  versionId?: string;
}

export interface ViewLinkOptions {
  /** At most 30 minutes (1,800 s), at least 60 s; see the domain's `viewLinkSeconds`. */
  seconds: number;
  /** Offered to the browser as the download name. */
  fileName?: string;
  contentType?: string;
  /** The recorded version: the link then shows exactly what was recorded. */
  versionId?: string;
}

export interface EvidenceStore {
  /**
   * Streams the bytes into storage under their hash, never holding the whole file in memory. All or
   * nothing: on any failure no object is left that the system does not know about. Storing the same
   * bytes in the same case again writes nothing (`created: false`).
   */
  put(input: PutEvidenceInput): Promise<StoredEvidence>;
  /**
   * Stores a small document at a fixed key under the case (the archive manifest and its page), once:
   * the same bytes again give `created: false`, other bytes an `EvidenceError` `conflict`.
   */
  putDocument(input: { caseId: string; key: string; bytes: Uint8Array; contentType: string }): Promise<StoredEvidence>;
  /** Streams an object back (the current version, or the given one); null when there is none. */
  open(key: string, versionId?: string): Promise<OpenedObject | null>;
  /** Re-reads an object and hashes it while streaming (for 校验); null when there is none. */
  hash(key: string, versionId?: string): Promise<HashedObject | null>;
  /** Every object under `cases/<caseId>/` (or only its evidence), in key order. */
  list(caseId: string, what?: 'all' | 'evidence'): Promise<ListedObject[]>;
  /** A presigned GET link valid for `seconds` (at most 30 minutes). */
  viewUrl(key: string, opts: ViewLinkOptions): Promise<string>;
}
