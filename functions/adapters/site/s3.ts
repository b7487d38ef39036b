/**
 * The public site in its own S3 bucket (infra: `PublicSite`), objects at the bucket root so the CDN's
 * default root object (`index.html`) and the website endpoint's index document find them. Every
 * object carries its content type and cache header; nothing else is set per object (encryption and
 * access are the bucket's).
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { PublicSiteError, type PublicSite, type SiteChanges } from '../../ports/public-site.ts';
import { applyInOrder, cacheControlOf, checkSitePath, contentTypeOf } from './files.ts';

/**
 * The publisher is scheduled work, not the acknowledgement path, but still bounded: three attempts of
 * at most 5 s each (`throwOnRequestTimeout`, or a timeout is only a logged warning).
 */
export const SITE_S3_CLIENT_CONFIG: S3ClientConfig = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1000, requestTimeout: 5000, throwOnRequestTimeout: true },
};

export function createSiteS3Client(config: S3ClientConfig = {}): S3Client {
  return new S3Client({ ...SITE_S3_CLIENT_CONFIG, ...config });
}

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound']);
const RETRYABLE = new Set(['SlowDown', 'InternalError', 'ServiceUnavailable', 'RequestTimeout', 'TimeoutError', 'ThrottlingException']);

function failure(err: unknown, what: string): PublicSiteError {
  const e = err as { name?: string; $fault?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  const name = e?.name ?? 'Error';
  const status = e?.$metadata?.httpStatusCode;
  const retryable = RETRYABLE.has(name) || e?.$fault === 'server' || status === undefined || status >= 500 || status === 429;
  return new PublicSiteError(`${what} failed: ${name}`, retryable, name, { cause: err });
}

export class S3PublicSite implements PublicSite {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async read(pathInput: string): Promise<string | null> {
    const path = checkSitePath(pathInput);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: path }));
      return (await res.Body?.transformToString('utf-8')) ?? '';
    } catch (err) {
      if (NOT_FOUND.has((err as { name?: string })?.name ?? '')) return null;
      throw failure(err, `GetObject ${path}`);
    }
  }

  async write(pathInput: string, content: string): Promise<void> {
    const path = checkSitePath(pathInput);
    const body = Buffer.from(content, 'utf8');
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: path,
          Body: body,
          ContentLength: body.length,
          ContentType: contentTypeOf(path),
          CacheControl: cacheControlOf(path),
        }),
      );
    } catch (err) {
      throw failure(err, `PutObject ${path}`);
    }
  }

  async remove(pathInput: string): Promise<void> {
    const path = checkSitePath(pathInput);
    try {
      // S3 answers 204 for a key that is not there.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: path }));
    } catch (err) {
      throw failure(err, `DeleteObject ${path}`);
    }
  }

  apply(changes: SiteChanges): Promise<{ written: string[]; removed: string[] }> {
    return applyInOrder(this, changes);
  }
}
