/** The lists in memory, for tests; held to the ListStore contract (test/contract/list-store.contract.ts). */
import type { ListKind, ListVersion } from '../../domain/lists/types.ts';
import type { ListRecordEntry } from '../../domain/lists/versions.ts';
import type { ListHead, ListStore, StoredListRecord } from '../../ports/lists.ts';
import { MemoryWorkOutbox } from './work-outbox.ts';

const OPEN_STATES = new Set(['draft', 'submitted', 'reviewed', 'approved']);

interface Head {
  rev: number;
  logSeq: number;
  currentId?: string;
  openId?: string;
  siteVersion: number;
  noticedSeq: number;
}

export class MemoryListStore implements ListStore {
  private readonly heads = new Map<ListKind, Head>();
  private readonly versions = new Map<string, ListVersion>();
  private readonly logs = new Map<ListKind, StoredListRecord[]>();

  constructor(readonly outbox: MemoryWorkOutbox = new MemoryWorkOutbox()) {}

  private key = (kind: ListKind, id: string) => `${kind}#${id}`;

  async head<K extends ListKind>(kind: K): Promise<ListHead<K>> {
    const h = this.heads.get(kind);
    const get = (id: string | undefined) => {
      if (id === undefined) return null;
      const v = this.versions.get(this.key(kind, id));
      return v ? (structuredClone(v) as ListVersion<K>) : null;
    };
    return { kind, current: get(h?.currentId), open: get(h?.openId), rev: h?.rev ?? 0, siteVersion: h?.siteVersion ?? 0, noticedSeq: h?.noticedSeq ?? 0 };
  }

  async version<K extends ListKind>(kind: K, versionId: string) {
    const v = this.versions.get(this.key(kind, versionId));
    return v ? (structuredClone(v) as ListVersion<K>) : null;
  }

  async published<K extends ListKind>(kind: K): Promise<ListVersion<K>[]> {
    return [...this.versions.values()]
      .filter((v) => v.kind === kind && v.state === 'published')
      .sort((a, b) => a.version - b.version)
      .map((v) => structuredClone(v) as ListVersion<K>);
  }

  async save<K extends ListKind>(kind: K, rev: number, version: ListVersion<K>, entries: readonly ListRecordEntry[], at: string): Promise<boolean> {
    const h: Head = this.heads.get(kind) ?? { rev: 0, logSeq: 0, siteVersion: 0, noticedSeq: 0 };
    if (h.rev !== rev) return false;
    const stored = this.versions.get(this.key(kind, version.id));
    if (stored?.state === 'published') return false;
    const next: Head = { ...h, rev: rev + 1, logSeq: h.logSeq + entries.length };
    if (version.state === 'published') next.currentId = version.id;
    if (OPEN_STATES.has(version.state)) next.openId = version.id;
    else if (h.openId === version.id) delete next.openId;
    this.heads.set(kind, next);
    this.versions.set(this.key(kind, version.id), structuredClone(version));
    const log = this.logs.get(kind) ?? [];
    entries.forEach((e, i) => log.push({ ...structuredClone(e), seq: h.logSeq + 1 + i }));
    this.logs.set(kind, log);
    this.outbox.owe(`lists:${kind}`, { kind: 'lists.changed', listKind: kind }, next.rev, at);
    return true;
  }

  async markNoticed(kind: ListKind, seq: number): Promise<void> {
    const h = this.heads.get(kind);
    if (h && h.noticedSeq < seq) h.noticedSeq = seq;
  }

  async markSite(kind: ListKind, version: number): Promise<void> {
    const h = this.heads.get(kind);
    if (h && h.siteVersion < version) h.siteVersion = version;
  }

  async records(kind: ListKind): Promise<StoredListRecord[]> {
    return structuredClone(this.logs.get(kind) ?? []);
  }
}
