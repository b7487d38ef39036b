/**
 * Which characters an SFNT font has glyphs for, read from its `cmap` table (formats 4 and 12, the
 * ones Unicode fonts carry), so a character the subset lacks is drawn with the subset that has it.
 */
import { FontFileError } from '../fonts/woff.ts';

const CMAP = 0x636d6170; // 'cmap'

function tableOffset(font: Buffer, tag: number): number {
  const numTables = font.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const e = 12 + 16 * i;
    if (font.readUInt32BE(e) === tag) return font.readUInt32BE(e + 8);
  }
  throw new FontFileError('font has no cmap table');
}

/** Every Unicode code point the font maps to a glyph other than .notdef. */
export function coveredCodePoints(font: Buffer): Set<number> {
  const cmap = tableOffset(font, CMAP);
  const count = font.readUInt16BE(cmap + 2);
  const covered = new Set<number>();
  for (let i = 0; i < count; i++) {
    const record = cmap + 4 + 8 * i;
    const platform = font.readUInt16BE(record);
    const encoding = font.readUInt16BE(record + 2);
    // Unicode subtables only: platform 0 (Unicode), or 3 (Windows) with 1 (BMP) / 10 (full).
    if (!(platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10)))) continue;
    const sub = cmap + font.readUInt32BE(record + 4);
    const format = font.readUInt16BE(sub);
    if (format === 4) readFormat4(font, sub, covered);
    else if (format === 12) readFormat12(font, sub, covered);
  }
  return covered;
}

function readFormat4(font: Buffer, sub: number, out: Set<number>): void {
  const segX2 = font.readUInt16BE(sub + 6);
  const ends = sub + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  for (let s = 0; s < segX2 / 2; s++) {
    const end = font.readUInt16BE(ends + 2 * s);
    const start = font.readUInt16BE(starts + 2 * s);
    const delta = font.readInt16BE(deltas + 2 * s);
    const ro = font.readUInt16BE(rangeOffsets + 2 * s);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (ro === 0) glyph = (c + delta) & 0xffff;
      else {
        glyph = font.readUInt16BE(rangeOffsets + 2 * s + ro + 2 * (c - start));
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) out.add(c);
    }
  }
}

function readFormat12(font: Buffer, sub: number, out: Set<number>): void {
  const groups = font.readUInt32BE(sub + 12);
  for (let g = 0; g < groups; g++) {
    const o = sub + 16 + 12 * g;
    const start = font.readUInt32BE(o);
    const end = font.readUInt32BE(o + 4);
    const first = font.readUInt32BE(o + 8);
    for (let c = start; c <= end; c++) if (first + (c - start) !== 0) out.add(c);
  }
}
