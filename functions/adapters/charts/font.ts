/**
 * The CJK font for chart labels. resvg reads TrueType/OpenType only (measured: given the fontsource
 * WOFF files it draws no text at all), so the two WOFF 1.0 files of Noto Serif SC (simplified Chinese
 * and Latin subsets, weight 400) are decoded to plain sfnt in memory once per process
 * (../fonts/woff.ts) and handed to resvg-wasm as buffers (`font.fontBuffers`).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { woffToSfnt } from '../fonts/woff.ts';

/** The family name charts ask for; the decoded fonts carry it. */
export const CHART_FONT_FAMILY = 'Noto Serif SC';

/** The WOFF files used: simplified Chinese (≈2 MB) and Latin (digits, letters) subsets, regular weight. */
export const CHART_FONT_FILES = ['noto-serif-sc-chinese-simplified-400-normal.woff', 'noto-serif-sc-latin-400-normal.woff'] as const;

/** Where the fontsource package keeps them (local runs and tests; a Lambda bundle passes its own paths). */
export function packagedWoffPaths(): string[] {
  const require = createRequire(import.meta.url);
  return CHART_FONT_FILES.map((f) => require.resolve(`@fontsource/noto-serif-sc/files/${f}`));
}

const decoded = new Map<string, Promise<Uint8Array[]>>();

/** The fonts as sfnt bytes for resvg, decoded from the WOFF files once per process (per set of paths). */
export function chartFonts(woffPaths: readonly string[] = packagedWoffPaths()): Promise<Uint8Array[]> {
  const key = woffPaths.join('\n');
  let fonts = decoded.get(key);
  if (!fonts) {
    fonts = Promise.all(woffPaths.map(async (path) => new Uint8Array(woffToSfnt(await readFile(path)))));
    decoded.set(key, fonts);
    fonts.catch(() => decoded.delete(key));
  }
  return fonts;
}
