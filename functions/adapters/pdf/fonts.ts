/**
 * The embedded font: Noto Serif SC from the maintained package @fontsource/noto-serif-sc (SIL OFL),
 * never a font the machine happens to have. The package slices the font into subsets: the
 * `chinese-simplified` file holds the 7,900 common characters and ASCII; Latin, Latin-extended and
 * ~100 numbered slices hold the rest, listed with their Unicode ranges in its `unicode.json`. Each
 * character is drawn with the first file whose cmap has it: the main file, then Latin, then the slice
 * that `unicode.json` names for it; bold falls back to regular. Files are decoded from WOFF once per
 * process, only when a character needs them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { coveredCodePoints } from './cmap.ts';
import { FontFileError, woffToSfnt } from '../fonts/woff.ts';

export type Weight = 400 | 700;

export interface Face {
  /** The pdfkit font name (also the file's subset and weight): `chinese-simplified-400`. */
  key: string;
  /** SFNT bytes. */
  bytes: Buffer;
  covers: ReadonlySet<number>;
}

const FAMILY = 'noto-serif-sc';
const MAIN = 'chinese-simplified';
/** Tried in this order before the numbered slices. */
const PREFERRED = [MAIN, 'latin', 'latin-ext'];
/** Bold is used for titles and headings: the main and Latin files; anything else falls back to regular. */
const BOLD_SUBSETS = [MAIN, 'latin'];

const fileName = (subset: string, weight: Weight) => `${FAMILY}-${subset}-${weight}-normal.woff`;

/**
 * The font package's folder (holding `unicode.json` and `files/`). In a Lambda bundle node_modules is
 * not shipped: copy `fontAssetFiles()` beside the bundle and pass that folder instead.
 */
export function packageFontDir(): string {
  return dirname(createRequire(import.meta.url).resolve('@fontsource/noto-serif-sc/unicode.json'));
}

/** The files (relative to the font folder) a renderer may read: what a deployment must ship. */
export function fontAssetFiles(): string[] {
  const files = ['unicode.json', ...PREFERRED.map((s) => `files/${fileName(s, 400)}`)];
  for (const s of BOLD_SUBSETS) files.push(`files/${fileName(s, 700)}`);
  const ranges = JSON.parse(readFileSync(join(packageFontDir(), 'unicode.json'), 'utf8')) as Record<string, string>;
  for (const key of Object.keys(ranges)) {
    const subset = sliceName(key);
    if (!PREFERRED.includes(subset)) files.push(`files/${fileName(subset, 400)}`);
  }
  return files;
}

/** `[21]` → `21`, `latin` → `latin`. */
const sliceName = (key: string) => key.replace(/^\[(\d+)\]$/, '$1');

function parseRanges(text: string): [number, number][] {
  return text.split(',').map((part) => {
    const m = /^\s*U\+([0-9a-f]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
    if (!m) throw new FontFileError(`bad unicode range in unicode.json: ${part}`);
    const start = parseInt(m[1] as string, 16);
    return [start, m[2] === undefined ? start : parseInt(m[2], 16)];
  });
}

export class FontLibrary {
  private readonly slices: { subset: string; ranges: [number, number][] }[];
  private readonly faces = new Map<string, Face | null>();
  private readonly chosen = new Map<string, Face | null>();

  constructor(readonly dir: string) {
    let index: Record<string, string>;
    try {
      index = JSON.parse(readFileSync(join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
    } catch (err) {
      throw new FontFileError(`cannot read the font index ${join(dir, 'unicode.json')}: ${(err as Error).message}`);
    }
    this.slices = Object.entries(index)
      .map(([key, ranges]) => ({ subset: sliceName(key), ranges: parseRanges(ranges) }))
      .filter((s) => !PREFERRED.includes(s.subset));
  }

  /** The main face of a weight: always present (a missing file is a deployment error). */
  main(weight: Weight): Face {
    const face = this.load(MAIN, weight);
    if (face === null) throw new FontFileError(`font file missing: ${join(this.dir, 'files', fileName(MAIN, weight))}`);
    return face;
  }

  /** The face that draws a code point at a weight, or null when no file of the family has it. */
  faceFor(codePoint: number, weight: Weight): Face | null {
    const cacheKey = `${weight}:${codePoint}`;
    const known = this.chosen.get(cacheKey);
    if (known !== undefined) return known;
    const found = this.search(codePoint, weight) ?? (weight === 700 ? this.faceFor(codePoint, 400) : null);
    this.chosen.set(cacheKey, found);
    return found;
  }

  private search(codePoint: number, weight: Weight): Face | null {
    const subsets = weight === 700 ? BOLD_SUBSETS : PREFERRED;
    for (const s of subsets) {
      const face = this.load(s, weight);
      if (face?.covers.has(codePoint)) return face;
    }
    if (weight === 700) return null;
    for (const slice of this.slices) {
      if (!slice.ranges.some(([a, b]) => codePoint >= a && codePoint <= b)) continue;
      const face = this.load(slice.subset, weight);
      if (face?.covers.has(codePoint)) return face;
    }
    return null;
  }

  private load(subset: string, weight: Weight): Face | null {
    const key = `${subset}-${weight}`;
    const cached = this.faces.get(key);
    if (cached !== undefined) return cached;
    let woff: Buffer;
    try {
      woff = readFileSync(join(this.dir, 'files', fileName(subset, weight)));
    } catch {
      this.faces.set(key, null);
      return null;
    }
    const bytes = woffToSfnt(woff);
    const face: Face = { key, bytes, covers: coveredCodePoints(bytes) };
    this.faces.set(key, face);
    return face;
  }
}

const libraries = new Map<string, FontLibrary>();

/** One library per folder per process: the decoded fonts are kept for the next document. */
export function fontLibrary(dir: string = packageFontDir()): FontLibrary {
  let lib = libraries.get(dir);
  if (lib === undefined) {
    lib = new FontLibrary(dir);
    libraries.set(dir, lib);
  }
  return lib;
}
