/**
 * The case record log (全过程记录): one entry per action, append-only, numbered per case and
 * hash-chained (domain/record/: the vocabulary, sealing and verifying). The stores seal every entry
 * they append, in the transaction of the change it records, moving the case's recorded head.
 */
import type { Result } from '../record/canonical.ts';
import { type ChainHead, type NewEntry, type SealedEntry, sealEntry } from '../record/chain.ts';

export type { RecordAction } from '../record/actions.ts';
export type { ChainHead };

/** The actor of entries the bot writes on its own (e.g. a notice Feishu refused to deliver). */
export const SYSTEM_ACTOR = 'system';

/** An entry as stored: its content, its seq, the previous entry's hash and its own. */
export type RecordEntry = SealedEntry;

/** What a use case appends: who, when, what; the store gives it its seq and seals it. */
export type NewRecord = NewEntry;

/**
 * The next entry of a case's log: sealed after the recorded head (none: the entry starts the chain).
 * Errors are programming errors (an action's detail of the wrong shape); the stores throw them.
 */
export function sealNext(caseId: string, head: ChainHead | undefined, content: Omit<NewRecord, 'caseId'>): Result<RecordEntry> {
  return sealEntry(head ? { caseId, seq: head.seq, hash: head.hash } : null, { ...content, caseId });
}
