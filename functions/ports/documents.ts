/**
 * The document renderer the use cases call: a document model in, printable bytes out.
 * Implemented by functions/adapters/pdf (pdfkit with the embedded Noto Serif SC); worker only.
 */
import type { DocumentModel } from '../domain/documents/model.ts';

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
