/** Document versions as the 文书 card shows them: newest document kind order, versions newest first. */
import * as z from 'zod/mini';
import type { DocumentVersionView } from '../../../cards/index.ts';
import type { Case } from '../../domain/case/types.ts';
import { DRAFTED_KINDS } from '../../domain/documents/model.ts';
import type { Person } from '../../domain/roster/types.ts';
import type { StoredDocument } from '../../ports/documents.ts';

/** `penalty_decision`, `legal_review_opinion.r2`. */
export const DOCUMENT_ID = z.string().check(z.regex(/^[a-z_]{1,40}(\.r[1-9]\d{0,3})?$/));

/** The case's officers correct its documents (they drafted the facts), while it is not archived. */
export function mayCorrect(person: Pick<Person, 'openId'>, c: Case): boolean {
  return c.status !== 'archived' && c.officers.some((o) => o.openId === person.openId);
}

export function documentVersionViews(docs: readonly StoredDocument[], correctable: boolean): DocumentVersionView[] {
  const latest = new Map<string, number>();
  for (const d of docs) latest.set(d.documentId, Math.max(latest.get(d.documentId) ?? 0, d.version));
  return [...docs]
    .sort((a, b) => DRAFTED_KINDS.indexOf(a.kind) - DRAFTED_KINDS.indexOf(b.kind) || a.documentId.localeCompare(b.documentId) || b.version - a.version)
    .map((d) => {
      const isLatest = latest.get(d.documentId) === d.version;
      return {
        documentId: d.documentId,
        title: d.title,
        number: d.number,
        version: d.version,
        date: d.date,
        sha256: d.sha256,
        reason: d.reason,
        latest: isLatest,
        correctable: correctable && isLatest,
      };
    });
}
