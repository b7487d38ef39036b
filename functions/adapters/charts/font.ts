/**
 * The CJK font for chart labels. resvg reads TrueType/OpenType files only (measured: given the
 * fontsource WOFF files it draws no text at all) and its Node binding takes file paths, not buffers.
 * So the two WOFF 1.0 files of Noto Serif SC (simplified Chinese and Latin subsets, weight 400) are
 * decoded to plain sfnt once per process (../fonts/woff.ts) and written to the temp directory.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { woffToSfnt } from '../fonts/woff.ts';

/** The family name charts ask for; the decoded files carry it. */
export const CHART_FONT_FAMILY = 'Noto Serif SC';

/** The WOFF files used: simplified Chinese (≈2 MB) and Latin (digits, letters) subsets, regular weight. */
export const CHART_FONT_FILES = ['noto-serif-sc-chinese-simplified-400-normal.woff', 'noto-serif-sc-latin-400-normal.woff'] as const;

/** Where the fontsource package keeps them (local runs and tests; a Lambda bundle passes its own paths). */
export function packagedWoffPaths(): string[] {
  const require = createRequire(import.meta.url);
  return CHART_FONT_FILES.map((f) => require.resolve(`@fontsource/noto-serif-sc/files/${f}`));
}

const decoded = new Map<string, Promise<string[]>>();

/**
 * TrueType files for resvg, decoded from the WOFF files once per process and kept in
 * `<tmp>/enf-chart-fonts/` under a name derived from the WOFF's SHA-256 (so a changed font is decoded
 * anew and concurrent processes write the same bytes; written to a temporary name, then renamed).
 */
export function chartFontFiles(woffPaths: readonly string[] = packagedWoffPaths(), dir = join(tmpdir(), 'enf-chart-fonts')): Promise<string[]> {
  const key = `${dir}\n${woffPaths.join('\n')}`;
  let files = decoded.get(key);
  if (!files) {
    files = (async () => {
      await mkdir(dir, { recursive: true });
      return Promise.all(
        woffPaths.map(async (path) => {
          const woff = await readFile(path);
          const digest = createHash('sha256').update(woff).digest('hex').slice(0, 16);
          const target = join(dir, `${digest}.ttf`);
          if (!existsSync(target)) {
            const partial = `${target}.${randomUUID()}`;
            await writeFile(partial, woffToSfnt(woff));
            await rename(partial, target);
          }
          return target;
        }),
      );
    })();
    decoded.set(key, files);
    files.catch(() => decoded.delete(key));
  }
  return files;
}
