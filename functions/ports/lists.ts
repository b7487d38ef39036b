/**
 * The 事前公开 lists (functions/domain/lists/): each list's versions, the head that says which version
 * is in force and which is open, and the list's record log. Every change is conditioned on the head's
 * revision, and stored with its record entries and the work it owes in one transaction.
 */
import type { ListKind, ListVersion } from '../domain/lists/types.ts';
import type { ListRecordEntry } from '../domain/lists/versions.ts';

export interface ListHead<K extends ListKind = ListKind> {
  kind: K;
  /** The version in force (the latest published); null before the first publication. */
  current: ListVersion<K> | null;
  /** The version being drafted, reviewed or approved; null when there is none. */
  open: ListVersion<K> | null;
  /** Every change to the list is conditioned on this. */
  rev: number;
  /** The version whose pages the public site has (0: none yet). */
  siteVersion: number;
  /** The last record entry whose notices were sent (the list's job announces the entries after it). */
  noticedSeq: number;
}

export interface StoredListRecord extends ListRecordEntry {
  seq: number;
}

export interface ListStore {
  head<K extends ListKind>(kind: K): Promise<ListHead<K>>;
  version<K extends ListKind>(kind: K, versionId: string): Promise<ListVersion<K> | null>;
  /** Every published version of the list, oldest first (the public page shows them all). */
  published<K extends ListKind>(kind: K): Promise<ListVersion<K>[]>;
  /**
   * Stores a version after one of the domain's transitions, with its record entries (numbered on, with
   * no gap), only if the list is still at `rev`; the head follows the version (a draft opens it, a
   * published version becomes the one in force, a withdrawn one closes it). The list's job is owed
   * (`lists:<kind>`). False when the list changed meanwhile (nothing is written).
   */
  save<K extends ListKind>(kind: K, rev: number, version: ListVersion<K>, entries: readonly ListRecordEntry[], at: string): Promise<boolean>;
  /** The record entries announced so far (only ever raised). */
  markNoticed(kind: ListKind, seq: number): Promise<void>;
  /** The site has the pages of `version` (only ever raised). */
  markSite(kind: ListKind, version: number): Promise<void>;
  records(kind: ListKind): Promise<StoredListRecord[]>;
}
