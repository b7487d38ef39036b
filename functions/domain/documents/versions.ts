/**
 * Versions: a stored document is never edited. A wrong fact is corrected by drafting the same
 * document again as the next version, which names the version it supersedes and why; both stay in
 * S3 and in the case's record. Document ids are stable per case: one per kind, or one per review round
 * for the kinds made in every round.
 */
import { casePrefix } from '../dossier/evidence.ts';
import type { Result } from '../record/canonical.ts';
import type { DocumentVersion, DraftedKind } from './model.ts';

/** Made once per review round (the round's 法制审核意见书 and its 集体讨论记录). */
export const PER_ROUND_KINDS: readonly DraftedKind[] = ['legal_review_opinion', 'collective_discussion'];

export function documentIdFor(kind: DraftedKind, round?: number): string {
  const perRound = PER_ROUND_KINDS.includes(kind);
  if (perRound !== (round !== undefined)) {
    throw new RangeError(perRound ? `${kind} is made per review round: give the round` : `${kind} is made once per case: no round`);
  }
  if (round !== undefined && (!Number.isInteger(round) || round < 1)) throw new RangeError(`round must be a positive integer: ${round}`);
  return round === undefined ? kind : `${kind}.r${round}`;
}

const DOCUMENT_ID = /^([a-z_]+)(?:\.r([1-9]\d{0,3}))?$/;

/** The kind (and round) a document id names; null for anything else. */
export function parseDocumentId(id: string): { kind: string; round?: number } | null {
  const m = DOCUMENT_ID.exec(id);
  if (!m) return null;
  return m[2] === undefined ? { kind: m[1] as string } : { kind: m[1] as string, round: Number(m[2]) };
}

export const CORRECTION_REASON_MAX = 500;

/**
 * The version to draft next, from the versions already stored for this document id. The first needs
 * no reason; a correction needs one (更正原因), which the new version carries.
 */
export function nextVersion(existing: readonly number[], reason: string | null): Result<DocumentVersion> {
  const latest = existing.length === 0 ? 0 : Math.max(...existing);
  if (latest === 0) return { ok: true, value: { version: 1, supersedes: null, reason: null } };
  const why = (reason ?? '').trim();
  if (why === '') return { ok: false, errors: ['更正文书须写明更正原因'] };
  if (why.length > CORRECTION_REASON_MAX) return { ok: false, errors: [`更正原因不能超过 ${CORRECTION_REASON_MAX} 个字`] };
  return { ok: true, value: { version: latest + 1, supersedes: latest, reason: why } };
}

/** Where a version is stored: beside the evidence, under the case's prefix, never overwritten. */
export function documentKey(caseId: string, documentId: string, version: number): string {
  if (parseDocumentId(documentId) === null) throw new RangeError(`not a document id: ${documentId}`);
  if (!Number.isInteger(version) || version < 1) throw new RangeError(`version must be a positive integer: ${version}`);
  return `${casePrefix(caseId)}documents/${documentId}/v${version}.pdf`;
}

/** The file name the officer sees in Feishu: `行政处罚决定书-甘经信罚〔2026〕1号-第2版.pdf`. */
export function documentFileName(d: { title: string; number: string | null; caseNumber: string; version: DocumentVersion }): string {
  const id = (d.number ?? d.caseNumber).replace(/[\\/:*?"<>|\u0000-\u001f]/g, '');
  const suffix = d.version.version > 1 ? `-第${d.version.version}版` : '';
  return `${d.title}-${id}${suffix}.pdf`;
}
