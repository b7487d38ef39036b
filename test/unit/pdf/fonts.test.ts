/** The font files of the maintained package, decoded here (no system font), and the coverage they give. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coveredCodePoints } from '../../../functions/adapters/pdf/cmap.ts';
import { FontLibrary, fontAssetFiles, packageFontDir } from '../../../functions/adapters/pdf/fonts.ts';
import { FontFileError, woffToSfnt } from '../../../functions/adapters/fonts/woff.ts';

const file = (name: string) => readFileSync(join(packageFontDir(), 'files', name));
const cp = (ch: string) => ch.codePointAt(0) as number;

describe('WOFF 1.0 → SFNT', () => {
  it('decodes to a TrueType font whose tables are where its directory says', () => {
    const sfnt = woffToSfnt(file('noto-serif-sc-latin-400-normal.woff'));
    expect(sfnt.readUInt32BE(0)).toBe(0x00010000);
    const tables = sfnt.readUInt16BE(4);
    for (let i = 0; i < tables; i++) {
      const e = 12 + 16 * i;
      expect(sfnt.readUInt32BE(e + 8) + sfnt.readUInt32BE(e + 12)).toBeLessThanOrEqual(sfnt.length);
    }
    const covered = coveredCodePoints(sfnt);
    for (const ch of 'AZaz09“”—') expect(covered.has(cp(ch)), ch).toBe(true);
    expect(covered.has(cp('中'))).toBe(false);
  });

  it('refuses what is not WOFF 1.0 or is cut short', () => {
    const woff = file('noto-serif-sc-latin-400-normal.woff');
    expect(() => woffToSfnt(file('noto-serif-sc-latin-400-normal.woff2'))).toThrow(FontFileError);
    expect(() => woffToSfnt(woff.subarray(0, 30))).toThrow(FontFileError);
    expect(() => woffToSfnt(woff.subarray(0, woff.length - 100))).toThrow(/length/);
  });
});

describe('the font library', () => {
  const lib = new FontLibrary(packageFontDir());

  it('the main file draws common Chinese, ASCII and full-width punctuation', () => {
    for (const ch of '甘孜州〔〕（）：、。，“”《》A1') expect(lib.faceFor(cp(ch), 400)?.key, ch).toBe('chinese-simplified-400');
    expect(lib.faceFor(cp('局'), 700)?.key).toBe('chinese-simplified-700');
  });

  it('characters the main file lacks come from the slice that has them; bold falls back to regular', () => {
    for (const ch of '丂①菂') {
      const face = lib.faceFor(cp(ch), 400);
      expect(face?.key, ch).toMatch(/^\d+-400$/);
      expect(face?.covers.has(cp(ch))).toBe(true);
      expect(lib.faceFor(cp(ch), 700)).toBe(face);
    }
  });

  it('a character no file has is null (the renderer reports it)', () => {
    expect(lib.faceFor(cp('䶮'), 400)).toBeNull();
    expect(lib.faceFor(cp('𠀀'), 400)).toBeNull();
  });

  it('the deployment list names every file a lookup may read, and they exist', () => {
    const files = fontAssetFiles();
    expect(files).toContain('unicode.json');
    expect(files).toContain('files/noto-serif-sc-chinese-simplified-400-normal.woff');
    expect(files).toContain('files/noto-serif-sc-chinese-simplified-700-normal.woff');
    expect(files).toContain('files/noto-serif-sc-85-400-normal.woff');
    for (const f of files) expect(() => readFileSync(join(packageFontDir(), f)), f).not.toThrow();
  });
});
