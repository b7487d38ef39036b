/**
 * A drafted document in the case's record log and in the dossier check: the entry's detail (what
 * `校验` re-hashes: key, SHA-256, size) and the dossier facts (the latest version of each document).
 */
import * as z from 'zod/mini';
import type { DossierFacts } from '../dossier/checklist.ts';
import { SHA256_HEX } from '../record/canonical.ts';
import { DRAFTED_KINDS, type DocumentModel } from './model.ts';
import { CORRECTION_REASON_MAX, parseDocumentId } from './versions.ts';

/** Record-log actions, with the labels the record view shows (add to RECORD_ACTIONS when integrating). */
export const DOCUMENT_RECORD_ACTIONS = {
  'document.drafted': '制作文书',
  'document.corrected': '更正文书',
} as const;
export type DocumentRecordAction = keyof typeof DOCUMENT_RECORD_ACTIONS;

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

/** The detail of both actions (the shape to add to ACTION_DETAIL_SCHEMAS in functions/domain/record). */
export const documentDetailSchema = z.strictObject({
  documentId: z.string().check(z.refine((s) => parseDocumentId(s) !== null, 'not a document id')),
  kind: z.enum(DRAFTED_KINDS),
  title: text(100),
  number: z.nullable(text(100)),
  version: z.int().check(z.minimum(1)),
  supersedes: z.nullable(z.int().check(z.minimum(1))),
  reason: z.nullable(text(CORRECTION_REASON_MAX)),
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  complete: z.boolean(),
  sha256: z.string().check(z.regex(SHA256_HEX)),
  size: z.int().check(z.minimum(1)),
  s3Key: text(1024),
  s3VersionId: z.optional(text(1024)),
});
export type DocumentDetail = z.infer<typeof documentDetailSchema>;

export function documentRecordAction(model: Pick<DocumentModel, 'version'>): DocumentRecordAction {
  return model.version.version === 1 ? 'document.drafted' : 'document.corrected';
}

export interface StoredPdf {
  sha256: string;
  size: number;
  s3Key: string;
  s3VersionId?: string;
}

export function documentRecordDetail(model: DocumentModel, stored: StoredPdf): DocumentDetail {
  const detail: DocumentDetail = {
    documentId: model.documentId,
    kind: model.kind,
    title: model.title,
    number: model.number,
    version: model.version.version,
    supersedes: model.version.supersedes,
    reason: model.version.reason,
    date: model.date,
    complete: model.complete,
    sha256: stored.sha256,
    size: stored.size,
    s3Key: stored.s3Key,
  };
  if (stored.s3VersionId !== undefined) detail.s3VersionId = stored.s3VersionId;
  return documentDetailSchema.parse(detail);
}

/**
 * The dossier's `documents` facts from the documents recorded: the latest version of each document
 * counts once (a superseded version stays in the record, not twice in the dossier). Made from the
 * standard templates, so `template: true`.
 */
export function dossierDocuments(details: readonly DocumentDetail[]): DossierFacts['documents'] {
  const latest = new Map<string, DocumentDetail>();
  for (const d of details) {
    const seen = latest.get(d.documentId);
    if (seen === undefined || d.version > seen.version) latest.set(d.documentId, d);
  }
  return [...latest.values()]
    .sort((a, b) => DRAFTED_KINDS.indexOf(a.kind) - DRAFTED_KINDS.indexOf(b.kind) || a.documentId.localeCompare(b.documentId))
    .map((d) => ({ kind: d.kind, date: d.date, complete: d.complete, template: true }));
}
