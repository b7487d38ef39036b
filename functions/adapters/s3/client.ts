/**
 * The evidence bucket's S3 client (worker only; the acknowledgement path never touches S3).
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/**
 * - Checksums `WHEN_REQUIRED`: the store computes SHA-256 itself and sends the value it computed
 *   (`ChecksumSHA256`), so the SDK's default CRC32 (streamed as `aws-chunked` with a trailer, which
 *   s3rver stores framing and all) is neither needed nor wanted.
 * - Enforced timeouts (`throwOnRequestTimeout`; without it @smithy/node-http-handler only logs): a
 *   5 MiB part on a stalled connection fails after 30 s idle instead of holding the job until the
 *   Lambda timeout; three attempts for throttling and 5xx (part bodies are buffers, safe to resend).
 */
export const EVIDENCE_S3_CLIENT_CONFIG: S3ClientConfig = {
  maxAttempts: 3,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
};

/**
 * `endpoint` (s3rver, offline) switches to path-style addressing and the stand-in's fixed
 * credentials unless others are given.
 */
export function createEvidenceS3Client(opts: { region?: string; endpoint?: string; config?: S3ClientConfig } = {}): S3Client {
  const local = opts.endpoint
    ? {
        endpoint: opts.endpoint,
        forcePathStyle: true,
        region: opts.region ?? 'us-east-1',
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      }
    : {};
  return new S3Client({ ...EVIDENCE_S3_CLIENT_CONFIG, ...(opts.region ? { region: opts.region } : {}), ...local, ...opts.config });
}
