/**
 * The document renderer the use cases call: a document model in, printable bytes out.
 * Implemented by functions/adapters/pdf (pdfkit with the embedded Noto Serif SC); worker only.
 */
import type { DocumentModel, DraftedKind } from '../domain/documents/model.ts';
import type { DocumentDetail } from '../domain/documents/record.ts';
import type { AppendRefusal, RecordContent } from './index.ts';

export interface RenderedDocument {
  bytes: Uint8Array;
  /** Lowercase hex SHA-256 of `bytes`, for the record entry; `校验` re-hashes the stored object. */
  sha256: string;
  size: number;
  pages: number;
  /** Characters the embedded font cannot draw (shown as an empty box): tell the officer. */
  missingCharacters: string[];
}

export interface DocumentRenderer {
  /** The same model gives the same bytes (the model's `madeAt` is the PDF's date). */
  render(model: DocumentModel): Promise<RenderedDocument>;
}

/** One stored version of a drafted document: its record entry's detail, and where it sits in the log. */
export interface StoredDocument extends DocumentDetail {
  caseId: string;
  /** The seq of the record entry (`document.drafted` / `document.corrected`) that entered it. */
  seq: number;
  /** The instant of the act the document records: the PDF's date. */
  madeAt: string;
  /** When it was recorded, and by whom (`system` for a draft the bot made on its own). */
  recordedAt: string;
  actor: string;
  /** Sent to the officers (every send accepted or refused for good): a repeated job sends nothing. */
  delivered?: boolean;
}

export type RecordDocumentOutcome =
  /** `created: false`: this version was recorded already (a retried job); `document` is the stored one. */
  | { ok: true; document: StoredDocument; created: boolean }
  | { ok: false; reason: AppendRefusal };

/**
 * The documents of a case in the table (implemented by the case stores: the entry is appended to the
 * case's hash-chained log in the same transaction as the document item).
 */
export interface DocumentRecords {
  /**
   * The number a document carries: the one reserved for it earlier (a retried job), or the next of
   * its kind's counter for that year, taken in one transaction with the reservation (conditioned on
   * the counter read), so numbers have no gaps and no duplicates.
   */
  reserveDocumentNumber(caseId: string, documentId: string, counter: { kind: DraftedKind; year: number }, format: (seq: number) => string): Promise<string>;
  /** Every stored version of every document of the case, in key order (document id, then version). */
  documentVersions(caseId: string): Promise<StoredDocument[]>;
  /**
   * Writes the document item and its record entry (sealed after the head) in one transaction; once
   * per document version, so a retried job records it once.
   */
  recordDocument(caseId: string, madeAt: string, content: RecordContent & { detail: DocumentDetail }): Promise<RecordDocumentOutcome>;
  /**
   * Takes a correction (更正) of a document as the next version: the first request for that version
   * wins, and a repeated or concurrent one (a double tap) gets the one stored, so both hand the worker
   * the same reason and instant, and the worker draws the same bytes.
   */
  requestCorrection(caseId: string, request: CorrectionRequest): Promise<{ request: CorrectionRequest; created: boolean }>;
  /** Marks a recorded version delivered (again: a no-op); false when no such version exists. */
  markDocumentDelivered(caseId: string, documentId: string, version: number): Promise<boolean>;
}

/** A correction asked for on the 文书 card: the version it makes, why, who asked and when. */
export interface CorrectionRequest {
  documentId: string;
  version: number;
  reason: string;
  by: string;
  at: string;
}
