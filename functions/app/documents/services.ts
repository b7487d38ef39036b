/**
 * What drafting documents needs in the worker (issue 13): the bureau's document configuration, the
 * rules table (every period a document states), the renderer (pdfkit and the fonts, loaded on first
 * use: worker only), and the facts owned by other features, read through injected loaders — the
 * review state (issue 10's `ReviewStore.get`, SK `REVIEW`) and the service record (issue 11).
 */
import type { Rule } from '../../domain/deadlines/rules.ts';
import type { DocumentsConfig } from '../../domain/documents/config.ts';
import type { ReviewState } from '../../domain/review/workflow.ts';
import type { ServiceRecord } from '../../domain/service/form.ts';
import type { DocumentRenderer } from '../../ports/documents.ts';

export interface DocumentServices {
  config: DocumentsConfig;
  rules: readonly Rule[];
  /** The PDF renderer, imported on first use so the worker's other jobs do not load pdfkit. */
  renderer(): Promise<DocumentRenderer>;
  /** The case's review state (rounds, proposals, the head's decisions); null before any review. */
  loadReview(caseId: string): Promise<ReviewState | null>;
  /** The service of the decision, once recorded; null before. */
  loadService(caseId: string): Promise<ServiceRecord | null>;
}
