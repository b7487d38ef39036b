/** The EvidenceStore contract against both stores (see evidence-store.contract.ts). */
import { afterAll } from 'vitest';
import { MemoryEvidenceStore } from '../../functions/adapters/memory/evidence-store.ts';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import { silentLogger } from '../../functions/config/logger.ts';
import { type PrivateS3, privateS3 } from '../helpers/evidence.ts';
import { evidenceStoreContract } from './evidence-store.contract.ts';

let s3: PrivateS3 | undefined;
afterAll(() => s3?.stop());

evidenceStoreContract('S3EvidenceStore on s3rver', async () => {
  s3 = await privateS3();
  const store = new S3EvidenceStore({ client: s3.client, bucket: s3.bucket, retention: { mode: 'COMPLIANCE', days: 1 }, log: silentLogger });
  return { store, keys: () => (s3 as PrivateS3).keys() };
});
evidenceStoreContract('MemoryEvidenceStore', async () => {
  const store = new MemoryEvidenceStore();
  return { store, keys: async () => (await Promise.all(['2026-000005'].map((c) => store.list(c)))).flat().map((o) => o.key) };
});
