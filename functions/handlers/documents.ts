/**
 * Drafting documents as the worker wires it (issue 13): the bundled data/documents.json (validated once
 * per cold start), the rules table, and the PDF renderer imported on first use — pdfkit and the fonts
 * load only when a document is drafted, never for the worker's other jobs, never in the webhook.
 *
 * The fonts: deployed beside the worker's bundle in `fonts/` (infra/bundle.ts copies them); offline and
 * in tests there is no such folder and the installed package's files are read.
 *
 * The review state and the service record are read from their stores: buildWorkerServices (wiring.ts)
 * supplies those loaders unless given others (tests).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import documentsData from '../../data/documents.json' with { type: 'json' };
import { loadRules } from '../adapters/calendar/index.ts';
import type { DocumentServices } from '../app/documents/services.ts';
import { buildDocumentsConfig } from '../domain/documents/config.ts';
import type { DocumentRenderer } from '../ports/documents.ts';

const config = buildDocumentsConfig(documentsData);
const rules = loadRules();

let renderer: Promise<DocumentRenderer> | undefined;

function pdfRenderer(): Promise<DocumentRenderer> {
  renderer ??= import('../adapters/pdf/index.ts').then(({ PdfRenderer }) => {
    // On Lambda the bundle is in LAMBDA_TASK_ROOT with fonts/ beside index.mjs (infra/bundle.ts).
    const candidates = [process.env.LAMBDA_TASK_ROOT ? `${process.env.LAMBDA_TASK_ROOT}/fonts/` : null, fileURLToPath(new URL('./fonts/', import.meta.url))];
    const bundled = candidates.find((dir): dir is string => dir !== null && existsSync(`${dir}unicode.json`));
    return new PdfRenderer(bundled ? { fontDir: bundled } : {});
  });
  renderer.catch(() => {
    renderer = undefined;
  });
  return renderer;
}

/** The configuration, the rules and the renderer; loaders only when given (else the stores', see wiring.ts). */
export type DocumentParts = Omit<DocumentServices, 'loadReview' | 'loadService'> & Partial<Pick<DocumentServices, 'loadReview' | 'loadService'>>;

export function documentServices(): Omit<DocumentServices, 'loadReview' | 'loadService'>;
export function documentServices(loaders: Pick<DocumentServices, 'loadReview' | 'loadService'>): DocumentServices;
export function documentServices(loaders: Partial<Pick<DocumentServices, 'loadReview' | 'loadService'>> = {}): DocumentParts {
  return { config, rules, renderer: pdfRenderer, ...loaders };
}
