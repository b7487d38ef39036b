/** The ExportStore contract against both implementations (see export-store.contract.ts). */
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, inject } from 'vitest';
import { S3ExportStore } from '../../functions/adapters/export/s3-store.ts';
import { MemoryExportStore } from '../../functions/adapters/memory/export-store.ts';
import { createEvidenceS3Client } from '../../functions/adapters/s3/client.ts';
import { exportStoreContract } from './export-store.contract.ts';

// The client the worker uses, pointed at s3rver.
const s3 = createEvidenceS3Client({ endpoint: inject('s3Endpoint') });
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
