/**
 * Reading PDFs the way a person's tools do: poppler's `pdftotext` (text as copied from a viewer),
 * `pdffonts` (what is embedded), `pdftoppm -png` (the page as printed), and a small PNG decoder to
 * count the ink. Debian `poppler-utils`; `.ci/run` installs it when missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

function withPdf<T>(bytes: Uint8Array, f: (path: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'enf-pdf-'));
  try {
    const path = join(dir, 'doc.pdf');
    writeFileSync(path, bytes);
    return f(path, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text `pdftotext -raw` extracts (UTF-8), in the order it was drawn: row by row, cell by cell. */
export function pdfText(bytes: Uint8Array): string {
  return withPdf(bytes, (path) => execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }));
}

/**
 * The text as one string, as it reads across pages: page numbers (`— 1 —`) left out, spaces and line
 * breaks removed (Chinese lines wrap anywhere, so a phrase may be split over two lines or pages).
 */
export function pdfTextCompact(bytes: Uint8Array): string {
  return pdfText(bytes)
    .split(/\n/)
    .filter((line) => !/^\s*—\s*\d+\s*—\s*$/.test(line.replace(/\f/g, '')))
    .join('')
    .replace(/\s+/g, '');
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

/** `pdffonts`: every font the PDF uses. */
export function pdfFonts(bytes: Uint8Array): PdfFont[] {
  const out = withPdf(bytes, (path) => execFileSync('pdffonts', [path], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name … type … encoding emb sub uni objectId gen
      const [emb, sub, uni] = cols.slice(-5, -2);
      return { name: cols[0] as string, type: cols.slice(1, -6).join(' '), embedded: emb === 'yes', subset: sub === 'yes', unicode: uni === 'yes' };
    });
}

/** `pdfinfo`: key → value. */
export function pdfInfo(bytes: Uint8Array): Record<string, string> {
  const out = withPdf(bytes, (path) => execFileSync('pdfinfo', ['-isodates', path], { encoding: 'utf8' }));
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

/** One page rendered by `pdftoppm -png` at `dpi`, as PNG bytes. */
export function pdfPagePng(bytes: Uint8Array, page: number, dpi = 50): Buffer {
  return withPdf(bytes, (path, dir) => {
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', path, join(dir, 'page')]);
    return readFileSync(join(dir, 'page.png'));
  });
}

export interface Image {
  width: number;
  height: number;
  /** Grey level 0–255 per pixel, row by row. */
  grey: Uint8Array;
}

/** Decodes a non-interlaced 8-bit greyscale, RGB or RGBA PNG (what pdftoppm writes) to grey levels. */
export function decodePng(png: Buffer): Image {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colour, , , interlace] = [data[8], data[9], data[10], data[11], data[12]];
      if (depth !== 8 || interlace !== 0) throw new Error(`unsupported PNG: depth ${depth}, interlace ${interlace}`);
      channels = ({ 0: 1, 2: 3, 6: 4 } as Record<number, number>)[colour as number] ?? 0;
      if (channels === 0) throw new Error(`unsupported PNG colour type ${colour}`);
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (pixels[y * stride + x - channels] as number) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (pixels[(y - 1) * stride + x - channels] as number) : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predictor === undefined) throw new Error(`bad PNG filter ${filter}`);
      pixels[y * stride + x] = ((line[x] as number) + predictor) & 0xff;
    }
  }
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const px = pixels.subarray(i * channels, i * channels + Math.min(channels, 3));
    grey[i] = channels === 1 ? (px[0] as number) : Math.round(((px[0] as number) + (px[1] as number) + (px[2] as number)) / 3);
  }
  return { width, height, grey };
}

/** Pixels darker than near-white in a region (default: the whole image). */
export function inkPixels(img: Image, region: { x0?: number; y0?: number; x1?: number; y1?: number } = {}): number {
  const { x0 = 0, y0 = 0, x1 = img.width, y1 = img.height } = region;
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if ((img.grey[y * img.width + x] as number) < 200) n++;
  return n;
}
