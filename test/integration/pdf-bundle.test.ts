/**
 * The renderer as it would ship: bundled by infra/bundle.ts (the stack's esbuild settings), the fonts
 * copied beside the bundle from `fontAssetFiles()` (node_modules is not deployed), loaded with
 * import() and run. And the webhook's bundle holds none of it: pdfkit and the fonts stay off the
 * acknowledgement path.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fontAssetFiles, packageFontDir, renderPdf } from '../../functions/adapters/pdf/index.ts';
import { draftPenaltyDecision } from '../../functions/domain/documents/index.ts';
import type { DocumentRenderer } from '../../functions/ports/documents.ts';
import { bundleHandler } from '../../infra/bundle.ts';
import { pdfTextCompact } from '../helpers/poppler.ts';
import { approvedScenario, common, evidence, rules } from '../unit/documents/helpers.ts';

const PDF_MODULES = /node_modules\/(pdfkit|fontkit|@fontsource|linebreak|png-js)\/|functions\/adapters\/pdf\//;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'enf-pdf-bundle-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('bundles', () => {
  it('the webhook bundle contains no PDF or font module', () => {
    const result = bundleHandler('functions/handlers/webhook.ts', join(dir, 'webhook'), process.cwd());
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('functions/handlers/webhook.ts'))).toBe(true);
    expect(inputs.filter((p) => PDF_MODULES.test(p))).toEqual([]);
  });

  it('the bundled renderer with the deployed fonts draws the same bytes as the source', async () => {
    const out = join(dir, 'renderer');
    const result = bundleHandler('functions/adapters/pdf/index.ts', out, process.cwd());
    expect(Object.keys(result.metafile.inputs).some((p) => p.includes('node_modules/pdfkit/'))).toBe(true);
    const fonts = join(out, 'fonts');
    for (const file of fontAssetFiles()) {
      mkdirSync(dirname(join(fonts, file)), { recursive: true });
      copyFileSync(join(packageFontDir(), file), join(fonts, file));
    }
    const bundled = (await import(pathToFileURL(join(out, 'index.mjs')).href)) as {
      PdfRenderer: new (o: { fontDir: string }) => DocumentRenderer;
    };
    const s = approvedScenario({ case: { party: { name: '王丂龘', type: 'person', idNumber: '51332119800101001X' } }, amount: '3000' });
    const model = draftPenaltyDecision({ ...common(s.theCase, '甘经信罚〔2026〕9号'), decision: s.decision, evidence, rules, party: { address: '康定市' } });
    const pdf = await new bundled.PdfRenderer({ fontDir: fonts }).render(model);
    expect(pdfTextCompact(pdf.bytes)).toContain('当事人：王丂龘');
    expect(pdf.missingCharacters).toEqual([]);
    expect(pdf.sha256).toBe((await renderPdf(model)).sha256);
  });

  it('a font folder without the files is a clear error, not a document without text', async () => {
    const s = approvedScenario();
    const model = draftPenaltyDecision({ ...common(s.theCase, '甘经信罚〔2026〕9号'), decision: s.decision, evidence, rules });
    await expect(renderPdf(model, { fontDir: join(dir, 'nowhere') })).rejects.toThrow(/font index/);
  });
});
