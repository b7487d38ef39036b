/** The target library and conflicts in memory, for tests; held to the same contract as the DynamoDB store. */
import type { Target } from '../../domain/draw/types.ts';
import type { InspectionLibraryStore, RecordedConflict } from '../../ports/draws.ts';

export class MemoryInspectionLibraryStore implements InspectionLibraryStore {
  private readonly library = new Map<string, Target>();
  private readonly recorded = new Map<string, RecordedConflict>();

  async replaceTargets(targets: readonly Target[], _at: string): Promise<{ written: number; removed: number }> {
    const keep = new Set(targets.map((t) => t.creditCode));
    const gone = [...this.library.keys()].filter((c) => !keep.has(c));
    for (const c of gone) this.library.delete(c);
    for (const t of targets) this.library.set(t.creditCode, structuredClone(t));
    return { written: targets.length, removed: gone.length };
  }

  async targets(): Promise<Target[]> {
    return [...this.library.values()].sort((a, b) => (a.creditCode < b.creditCode ? -1 : 1)).map((t) => structuredClone(t));
  }

  async addConflict(c: RecordedConflict): Promise<void> {
    this.recorded.set(`${c.openId}#${c.creditCode}`, structuredClone(c));
  }

  async removeConflict(openId: string, creditCode: string): Promise<boolean> {
    return this.recorded.delete(`${openId}#${creditCode}`);
  }

  async conflicts(): Promise<RecordedConflict[]> {
    return [...this.recorded.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, c]) => structuredClone(c));
  }
}
