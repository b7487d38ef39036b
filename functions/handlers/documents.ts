/**
 * Drafting documents as the worker wires it (issue 13): the bundled data/documents.json (validated once
 * per cold start), the rules table, and the PDF renderer imported on first use — pdfkit and the fonts
 * load only when a document is drafted, never for the worker's other jobs, never in the webhook.
 *
 * The fonts: deployed beside the worker's bundle in `fonts/` (infra/bundle.ts copies them); offline and
 * in tests there is no such folder and the installed package's files are read.
 *
 * The review state and the service record belong to issues 10 and 11: until their stores are wired
 * here (`ReviewStore.get`, SK `REVIEW`; the service record), the loaders find none, and the documents
 * that come from them are not drafted (the job logs why).
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

export function documentServices(loaders: Partial<Pick<DocumentServices, 'loadReview' | 'loadService'>> = {}): DocumentServices {
  return {
    config,
    rules,
    renderer: pdfRenderer,
    loadReview: loaders.loadReview ?? (async () => null),
    loadService: loaders.loadService ?? (async () => null),
  };
}
