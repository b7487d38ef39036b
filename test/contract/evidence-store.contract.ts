/**
 * The EvidenceStore contract: run against the S3 store on s3rver and the in-memory one
 * (evidence-store.test.ts), so the store the per-intent tests use cannot lie about the real one.
 */
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { dossierKeys, evidenceKey } from '../../functions/domain/dossier/evidence.ts';
import { EvidenceError, type EvidenceStore } from '../../functions/ports/evidence.ts';
import { bytesOf, failingStream, MiB, sha256, streamOf } from '../helpers/evidence.ts';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function refusal(p: Promise<unknown>): Promise<EvidenceError> {
  const err = await p.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EvidenceError);
  return err as EvidenceError;
}

export function evidenceStoreContract(name: string, makeStore: () => Promise<{ store: EvidenceStore; keys: () => Promise<string[]> }>): void {
  describe(`EvidenceStore contract: ${name}`, () => {
    let store: EvidenceStore;
    let keys: () => Promise<string[]>;
    beforeAll(async () => {
      ({ store, keys } = await makeStore());
    });

    it('stores streamed bytes under their SHA-256, reads them back and re-hashes them', async () => {
      const data = bytesOf(300 * 1024, 1);
      const stored = await store.put({ caseId: '2026-000001', body: streamOf(data), declaredSize: data.length, contentType: 'image/jpeg' });
      expect(stored).toMatchObject({ key: evidenceKey('2026-000001', sha256(data)), sha256: sha256(data), size: data.length, created: true });
      expect(await store.hash(stored.key)).toMatchObject({ key: stored.key, sha256: sha256(data), size: data.length });
      const opened = await store.open(stored.key);
      expect(await readAll((opened as NonNullable<typeof opened>).body)).toEqual(data);
      expect((await store.list('2026-000001')).map((o) => o.key)).toEqual([stored.key]);
    });

    it('stores the same bytes in one case once; another case gets its own copy', async () => {
      const data = bytesOf(10_000, 2);
      const first = await store.put({ caseId: '2026-000002', body: streamOf(data) });
      const again = await store.put({ caseId: '2026-000002', body: [data] });
      expect(again).toMatchObject({ key: first.key, sha256: first.sha256, created: false });
      const other = await store.put({ caseId: '2026-000003', body: [data] });
      expect(other).toMatchObject({ key: evidenceKey('2026-000003', sha256(data)), created: true });
      expect((await store.list('2026-000002')).map((o) => o.key)).toEqual([first.key]);
    });

    it('refuses an empty file and one over the limit, declared or counted, and keeps nothing', async () => {
      const empty = await refusal(store.put({ caseId: '2026-000004', body: [] }));
      expect(empty).toMatchObject({ kind: 'empty', retryable: false, userMessage: expect.stringContaining('空的') });
      const declared = await refusal(store.put({ caseId: '2026-000004', body: streamOf(bytesOf(1000, 3)), declaredSize: 2 * MiB, maxBytes: MiB }));
      expect(declared).toMatchObject({ kind: 'too_large', userMessage: expect.stringContaining('超过') });
      const counted = await refusal(store.put({ caseId: '2026-000004', body: streamOf(bytesOf(2 * MiB, 4)), maxBytes: MiB }));
      expect(counted.kind).toBe('too_large');
      expect(await store.list('2026-000004')).toEqual([]);
    });

    it('keeps nothing of a source that breaks midway, and says it may be tried again', async () => {
      const err = await refusal(store.put({ caseId: '2026-000005', body: failingStream(bytesOf(2 * MiB, 5), MiB) }));
      expect(err).toMatchObject({ kind: 'interrupted', retryable: true });
      expect(await store.list('2026-000005')).toEqual([]);
      expect((await keys()).filter((k) => k.includes('2026-000005'))).toEqual([]);
    });

    it('stores a fixed-key document once: the same bytes again are no change, other bytes a conflict', async () => {
      const { manifest } = dossierKeys('2026-000006');
      const bytes = new TextEncoder().encode('{"manifest":1}');
      expect(await store.putDocument({ caseId: '2026-000006', key: manifest, bytes, contentType: 'application/json' })).toMatchObject({ key: manifest, sha256: sha256(bytes), created: true });
      expect(await store.putDocument({ caseId: '2026-000006', key: manifest, bytes, contentType: 'application/json' })).toMatchObject({ created: false });
      const other = await refusal(store.putDocument({ caseId: '2026-000006', key: manifest, bytes: new TextEncoder().encode('{"manifest":2}'), contentType: 'application/json' }));
      expect(other.kind).toBe('conflict');
      expect(await store.hash(manifest)).toMatchObject({ sha256: sha256(bytes) });
      await expect(store.putDocument({ caseId: '2026-000006', key: 'cases/2026-000007/dossier/x.json', bytes, contentType: 'application/json' })).rejects.toThrow(RangeError);
    });

    it('lists a case by its prefix, evidence alone when asked; knows nothing of what is not there', async () => {
      const data = bytesOf(5000, 8);
      const ev = await store.put({ caseId: '2026-000008', body: [data] });
      const { html } = dossierKeys('2026-000008');
      await store.putDocument({ caseId: '2026-000008', key: html, bytes: new TextEncoder().encode('<p>x</p>'), contentType: 'text/html' });
      expect((await store.list('2026-000008')).map((o) => o.key)).toEqual([html, ev.key].sort());
      expect((await store.list('2026-000008', 'evidence')).map((o) => o.key)).toEqual([ev.key]);
      expect(await store.list('2026-000009')).toEqual([]);
      expect(await store.hash(evidenceKey('2026-000009', sha256(data)))).toBeNull();
      expect(await store.open(evidenceKey('2026-000009', sha256(data)))).toBeNull();
    });

    it('gives a link to a case object only', async () => {
      const data = bytesOf(100, 10);
      const ev = await store.put({ caseId: '2026-000010', body: [data] });
      const url = await store.viewUrl(ev.key, { seconds: 600, fileName: '照片.jpg' });
      expect(url).toMatch(/^https?:\/\//);
      expect(url).toContain(ev.sha256);
      await expect(store.viewUrl('staging/2026-000010/x', { seconds: 600 })).rejects.toThrow(RangeError);
    });
  });
}
