/** Exports kept in memory, for tests: the same keys as the S3 store (adapters/export/keys.ts). */
import { createHash } from 'node:crypto';
import { exportKey } from '../export/keys.ts';
import type { ExportFile, ExportStore, StoredExport } from '../../ports/statistics.ts';

export class MemoryExportStore implements ExportStore {
  readonly objects = new Map<string, { file: ExportFile; sha256: string }>();

  async put(file: ExportFile, where: { periodId: string; runId: string }): Promise<StoredExport> {
    const key = exportKey(where.periodId, where.runId, file.name);
    const sha256 = createHash('sha256').update(file.body).digest('hex');
    this.objects.set(key, { file: { ...file, body: Buffer.from(file.body) }, sha256 });
    return { bucket: 'memory', key, sha256, size: file.body.length };
  }
}
