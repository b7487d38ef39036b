/**
 * The PDF renderer for enforcement documents: document model → A4 PDF with the embedded Noto Serif SC. Import it from
 * the worker only (pdfkit and the fonts must stay off the webhook's cold start).
 */
import type { DocumentModel } from '../../domain/documents/model.ts';
import type { DocumentRenderer, RenderedDocument } from '../../ports/documents.ts';
import { renderPdf, type RenderOptions } from './render.ts';

export { fontAssetFiles, packageFontDir } from './fonts.ts';
export { renderPdf, type RenderedPdf, type RenderOptions } from './render.ts';

/** The port's implementation. `fontDir`: where the fonts were deployed (default: the installed package). */
export class PdfRenderer implements DocumentRenderer {
  constructor(private readonly options: RenderOptions = {}) {}

  render(model: DocumentModel): Promise<RenderedDocument> {
    return renderPdf(model, this.options);
  }
}
