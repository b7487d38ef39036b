/**
 * The S3 site adapter's requests and fault handling, through aws-sdk-client-mock (s3rver keeps content
 * type and cache header, tested in test/integration/public-site.test.ts, but cannot throttle or fail).
 */
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { S3PublicSite, SITE_S3_CLIENT_CONFIG, createSiteS3Client } from '../../../functions/adapters/site/s3.ts';
import { PublicSiteError } from '../../../functions/ports/public-site.ts';

const mock = mockClient(S3Client);
const site = new S3PublicSite(new S3Client({ region: 'cn-north-1' }), 'public-site-bucket');
beforeEach(() => mock.reset());
afterAll(() => mock.restore());

const s3Error = (name: string, status: number, fault: 'client' | 'server') =>
  new S3ServiceException({ name, $fault: fault, $metadata: { httpStatusCode: status }, message: name });

describe('Class: S3PublicSite', () => {
  it('puts a page at the bucket root with its content type, cache header and exact length', async () => {
    mock.on(PutObjectCommand).resolves({});
    await site.write('decisions/2026-000007-1.html', '<p>行政处罚</p>');
    const input = mock.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(input).toEqual({
      Bucket: 'public-site-bucket',
      Key: 'decisions/2026-000007-1.html',
      Body: Buffer.from('<p>行政处罚</p>', 'utf8'),
      ContentLength: Buffer.byteLength('<p>行政处罚</p>'),
      ContentType: 'text/html; charset=utf-8',
      CacheControl: 'public, max-age=300',
    });
  });

  it('puts the feed as JSON Feed with the short listing lifetime', async () => {
    mock.on(PutObjectCommand).resolves({});
    await site.write('feed.json', '{}');
    expect(mock.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({
      Key: 'feed.json',
      ContentType: 'application/feed+json; charset=utf-8',
      CacheControl: 'public, max-age=60',
    });
  });

  it('reads a missing file as null and deletes by key', async () => {
    mock.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'gone', $metadata: { httpStatusCode: 404 } }));
    await expect(site.read('feed.json')).resolves.toBeNull();
    mock.on(DeleteObjectCommand).resolves({});
    await site.remove('decisions/x.html');
    expect(mock.commandCalls(DeleteObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'public-site-bucket', Key: 'decisions/x.html' });
  });

  it('refuses a path that is not the site’s before calling S3', async () => {
    await expect(site.write('../evidence/x', 'x')).rejects.toMatchObject({ name: 'PublicSiteError', retryable: false, code: 'InvalidPath' });
    await expect(site.read('index.html?x')).rejects.toBeInstanceOf(PublicSiteError);
    await expect(site.remove('decisions/a/b.html')).rejects.toBeInstanceOf(PublicSiteError);
    expect(mock.calls()).toHaveLength(0);
  });

  it('classifies faults: throttling and 5xx retryable, access denied not', async () => {
    const cases: [Error, boolean][] = [
      [s3Error('SlowDown', 503, 'server'), true],
      [s3Error('InternalError', 500, 'server'), true],
      [Object.assign(new Error('timeout'), { name: 'TimeoutError' }), true],
      [s3Error('AccessDenied', 403, 'client'), false],
      [s3Error('NoSuchBucket', 404, 'client'), false],
    ];
    for (const [fault, retryable] of cases) {
      mock.reset();
      mock.on(PutObjectCommand).rejects(fault);
      const err = await site.write('index.html', 'x').catch((e: unknown) => e);
      expect(err, fault.name).toBeInstanceOf(PublicSiteError);
      expect(err, fault.name).toMatchObject({ retryable, code: fault.name, cause: fault });
    }
  });

  it('stops a run at the first failure, after the pages it wrote and before the index', async () => {
    // The generic behaviour first, the specific one after (aws-sdk-client-mock matches the last defined).
    mock.on(PutObjectCommand).resolves({});
    mock.on(PutObjectCommand, { Key: 'decisions/b.html' }).rejects(s3Error('SlowDown', 503, 'server'));
    const put = new Map([
      ['index.html', 'I'],
      ['decisions/a.html', 'A'],
      ['decisions/b.html', 'B'],
      ['feed.json', 'F'],
    ]);
    await expect(site.apply({ put, remove: ['decisions/old.html'] })).rejects.toMatchObject({ retryable: true });
    expect(mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).toEqual(['decisions/a.html', 'decisions/b.html']);
    expect(mock.commandCalls(DeleteObjectCommand)).toHaveLength(0);
  });
});

describe('Function: createSiteS3Client', () => {
  it('bounds every call: attempts and enforced timeouts', async () => {
    expect(SITE_S3_CLIENT_CONFIG).toMatchObject({ maxAttempts: 3, requestHandler: { throwOnRequestTimeout: true } });
    const c = createSiteS3Client({ region: 'cn-northwest-1' });
    expect(await c.config.maxAttempts()).toBe(3);
    c.destroy();
  });
});
