/**
 * Streamed end to end: a ~60 MB file generated on the fly goes into s3rver (in a child process)
 * through the evidence store while this process's memory is sampled. What stays reachable (after a forced GC at each sample)
 * must be a small multiple of the part size, far below the file's size; the figures are printed (no
 * timing is asserted).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MIN_PART_BYTES, S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import { silentLogger } from '../../functions/config/logger.ts';
import { childProcessS3, generatedStream, MiB, type PrivateS3 } from '../helpers/evidence.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let s3: PrivateS3;
beforeAll(async () => {
  s3 = await childProcessS3();
});
afterAll(() => s3.stop());

/** Live bytes: the JS heap plus the ArrayBuffers behind Buffers (where file bytes would sit). */
function live(): { heapAndBuffers: number; rss: number } {
  const m = process.memoryUsage();
  return { heapAndBuffers: m.heapUsed + m.arrayBuffers, rss: m.rss };
}

it('a 60 MB upload keeps about two parts in memory, not the file', async () => {
  const size = 60 * MiB;
  const store = new S3EvidenceStore({ client: s3.client, bucket: s3.bucket, retention: { mode: 'COMPLIANCE', days: 1 }, log: silentLogger });
  gc();
  const base = live();
  let peakRetained = 0;
  let peakRss = 0;
  const sample = () => {
    peakRss = Math.max(peakRss, live().rss - base.rss);
    gc();
    peakRetained = Math.max(peakRetained, live().heapAndBuffers - base.heapAndBuffers);
  };
  const timer = setInterval(sample, 100);
  const source = generatedStream(size);
  let stored;
  try {
    stored = await store.put({ caseId: '2026-000099', body: source.stream, contentType: 'video/mp4' });
  } finally {
    clearInterval(timer);
  }
  sample();
  expect(stored.sha256).toBe(source.digest());
  expect(stored.size).toBe(size);
  console.log(
    `evidence put of ${size / MiB} MiB (parts of ${MIN_PART_BYTES / MiB} MiB): peak retained heap+buffers ` +
      `${(peakRetained / MiB).toFixed(1)} MiB, peak RSS growth ${(peakRss / MiB).toFixed(1)} MiB`,
  );
  // Two part buffers (10 MiB), a part the HTTP client is still writing, and the test runner's own
  // churn (measured 15–22 MiB); holding the file would be ≥ 60 MiB.
  expect(peakRetained).toBeLessThan(30 * MiB);
}, 120_000);
