/**
 * Exports kept in S3 (the reports bucket, infra/constructs/reports-bucket.ts):
 * `exports/<periodId>/<runId>/<name>`, e.g. `exports/2026-Q3/om_abc123/figures.csv`.
 *
 * - Keys are made here from validated parts only (the period id the domain made, the job's run id,
 *   the exporter's ASCII name): nothing a person typed reaches a key.
 * - The SHA-256 of the bytes goes with the request (`ChecksumSHA256`): S3 refuses the object if the
 *   bytes it received differ; it is also kept as metadata for anyone re-checking the copy later.
 * - `Content-Disposition` carries the Chinese file name (RFC 6266 / RFC 5987 `filename*`) so a
 *   download gets `统计数据-2026-Q3.csv`, with an ASCII fallback.
 * - Encryption is the bucket's default (SSE-KMS with its key); nothing is public.
 * - A retried run writes the same key again (the bucket is versioned; replaced versions expire).
 */
import { createHash } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ExportFile, ExportStore, StoredExport } from '../../ports/statistics.ts';
import { exportKey } from './keys.ts';

/** `attachment; filename="figures.csv"; filename*=UTF-8''%E7%BB%9F…` */
export function contentDisposition(asciiName: string, fileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encoded}`;
}

export class S3ExportStore implements ExportStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(file: ExportFile, where: { periodId: string; runId: string }): Promise<StoredExport> {
    const key = exportKey(where.periodId, where.runId, file.name);
    const digest = createHash('sha256').update(file.body).digest();
    const out = await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: file.body,
        ContentLength: file.body.length,
        ContentType: file.contentType,
        ContentDisposition: contentDisposition(file.name, file.fileName),
        ChecksumSHA256: digest.toString('base64'),
        Metadata: { sha256: digest.toString('hex') },
      }),
    );
    return {
      bucket: this.bucket,
      key,
      sha256: digest.toString('hex'),
      size: file.body.length,
      ...(out.VersionId !== undefined ? { versionId: out.VersionId } : {}),
    };
  }
}
