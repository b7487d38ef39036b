/**
 * The ExportStore contract (statistics exports kept beside their sending), run against S3 on s3rver
 * and the in-memory store (export-store.test.ts): keys made from validated parts only, the bytes
 * read back exactly with their SHA-256 and size, a retried run writing the same key again.
 */
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ExportFile, ExportStore } from '../../functions/ports/statistics.ts';

export interface ExportStoreUnderTest {
  store: ExportStore;
  /** The stored object as the implementation keeps it (null: none at that key). */
  read(key: string): Promise<{ body: Buffer; contentType: string } | null>;
}

const csv: ExportFile = { name: 'figures.csv', fileName: '统计数据-2026-Q3.csv', contentType: 'text/csv; charset=utf-8', body: Buffer.from('\uFEFF分类,项目,数值\r\n立案,合计,12\r\n', 'utf8') };
const xlsx: ExportFile = {
  name: 'statistics.xlsx',
  fileName: '执法统计-2026-Q3.xlsx',
  contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  body: Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(5000, 0xa5)]),
};
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export function exportStoreContract(name: string, make: () => Promise<ExportStoreUnderTest>): void {
  describe(`ExportStore contract: ${name}`, () => {
    let t: ExportStoreUnderTest;
    beforeEach(async () => {
      t = await make();
    });

    it('keeps each file under exports/<period>/<run>/<name> and gives back the same bytes, type, SHA-256 and size', async () => {
      for (const file of [csv, xlsx]) {
        const stored = await t.store.put(file, { periodId: '2026-Q3', runId: 'om_run_1' });
        expect(stored).toMatchObject({ key: `exports/2026-Q3/om_run_1/${file.name}`, sha256: sha256(file.body), size: file.body.length });
        const got = await t.read(stored.key);
        expect(got?.body.equals(file.body), file.name).toBe(true);
        expect(got?.contentType).toBe(file.contentType);
      }
      expect(await t.read('exports/2026-Q3/om_run_1/cases.csv')).toBeNull();
    });

    it('a retried run writes the same key again; another run has its own', async () => {
      const a = await t.store.put(csv, { periodId: '2026-11', runId: 'job-2' });
      const b = await t.store.put(csv, { periodId: '2026-11', runId: 'job-2' });
      expect(b.key).toBe(a.key);
      expect((await t.read(a.key))?.body.equals(csv.body)).toBe(true);
      const c = await t.store.put({ ...csv, body: Buffer.from('\uFEFFx\r\n') }, { periodId: '2026-11', runId: 'job-3' });
      expect(c.key).toBe('exports/2026-11/job-3/figures.csv');
      expect((await t.read(a.key))?.body.equals(csv.body)).toBe(true);
    });

    it('never lets other text into a key: the period, the run id and the name are checked, and nothing is written', async () => {
      await expect(t.store.put(csv, { periodId: '2026-05/../../x', runId: 'r' })).rejects.toThrow(RangeError);
      await expect(t.store.put(csv, { periodId: '2026-13', runId: 'r' })).rejects.toThrow(RangeError);
      await expect(t.store.put(csv, { periodId: '2026-05', runId: 'a/b' })).rejects.toThrow(RangeError);
      await expect(t.store.put({ ...csv, name: '统计.csv' }, { periodId: '2026-05', runId: 'r' })).rejects.toThrow(RangeError);
      await expect(t.store.put({ ...csv, name: '../figures.csv' }, { periodId: '2026-05', runId: 'r' })).rejects.toThrow(RangeError);
      expect(await t.read('exports/2026-05/r/figures.csv')).toBeNull();
    });
  });
}
