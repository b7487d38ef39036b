/** The ExportStore contract against both implementations (see export-store.contract.ts). */
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, inject } from 'vitest';
import { S3ExportStore } from '../../functions/adapters/export/s3-store.ts';
import { MemoryExportStore } from '../../functions/adapters/memory/export-store.ts';
import { exportStoreContract } from './export-store.contract.ts';

const s3 = new S3Client({
  endpoint: inject('s3Endpoint'),
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  // decisions.md: with the default, streamed bodies are stored with aws-chunked framing by s3rver.
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
afterAll(() => s3.destroy());

exportStoreContract('S3ExportStore on s3rver', async () => {
  const bucket = `reports-${randomUUID().slice(0, 8)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    store: new S3ExportStore(s3, bucket),
    async read(key) {
      try {
        const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
        return { body, contentType: got.ContentType ?? '' };
      } catch (err) {
        if ((err as { name?: string }).name === 'NoSuchKey') return null;
        throw err;
      }
    },
  };
});

exportStoreContract('MemoryExportStore', async () => {
  const store = new MemoryExportStore();
  return {
    store,
    async read(key) {
      const o = store.objects.get(key);
      return o ? { body: Buffer.from(o.file.body), contentType: o.file.contentType } : null;
    },
  };
});
