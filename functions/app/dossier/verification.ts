/**
 * The whole check behind `校验` (and `归档`, which seals only an intact record): every record entry
 * against the chain and the case's recorded head, every evidence item against the entry that recorded
 * it, and every object the log names re-read from storage and re-hashed (streamed, one at a time).
 */
import type { Case } from '../../domain/case/types.ts';
import { type CaseVerification, expectedObjects, type ObservedObject, verifyCase } from '../../domain/dossier/integrity.ts';
import type { EvidenceItem } from '../../domain/dossier/evidence.ts';
import type { RecordEntry } from '../../domain/case/record.ts';
import type { WorkerServices } from '../services.ts';

export interface CaseState {
  entries: RecordEntry[];
  items: EvidenceItem[];
  verification: CaseVerification;
}

export async function verifyCaseState(c: Case, s: WorkerServices): Promise<CaseState> {
  const [entries, items, listed] = await Promise.all([s.cases.records(c.caseId), s.cases.evidenceItems(c.caseId), s.evidence.list(c.caseId)]);
  const observed: ObservedObject[] = [];
  for (const expected of expectedObjects(entries)) {
    // The current version: a version written directly over the recorded one is what must be caught.
    const hashed = await s.evidence.hash(expected.key);
    if (hashed) observed.push(hashed);
  }
  const verification = verifyCase({
    caseId: c.caseId,
    entries,
    ...(c.logHead ? { head: c.logHead } : {}),
    items,
    observed,
    listedKeys: listed.map((o) => o.key),
  });
  return { entries, items, verification };
}
