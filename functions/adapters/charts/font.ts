/**
 * The CJK font for chart labels. resvg reads TrueType/OpenType files only (measured: given the
 * fontsource WOFF files it draws no text at all) and its Node binding takes file paths, not buffers.
 * So the two WOFF 1.0 files of Noto Serif SC (simplified Chinese and Latin subsets, weight 400) are
 * decoded to plain sfnt once per process — node:zlib only — and written to the temp directory.
 *
 * WOFF 1.0 (W3C Recommendation, 2012): a 44-byte header, a 20-byte directory entry per table, each
 * table zlib-compressed unless its compressed length equals its original length. The sfnt rebuilt
 * here has the same tables in directory order, 4-byte aligned, with their original checksums (the
 * `head` checksum adjustment is the original font's, so it stays valid).
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

export class FontDecodeError extends Error {
  override name = 'FontDecodeError';
}

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const HEADER = 44;
const DIR_ENTRY = 20;

/** Decodes a WOFF 1.0 font to the sfnt (TTF/OTF) it wraps. Throws FontDecodeError on anything malformed. */
export function woffToSfnt(woff: Uint8Array): Buffer {
  const buf = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (buf.length < HEADER || buf.readUInt32BE(0) !== WOFF_SIGNATURE) throw new FontDecodeError('not a WOFF 1.0 file');
  const flavor = buf.readUInt32BE(4);
  const length = buf.readUInt32BE(8);
  const numTables = buf.readUInt16BE(12);
  const totalSfntSize = buf.readUInt32BE(16);
  if (length !== buf.length) throw new FontDecodeError(`length field ${length} ≠ file size ${buf.length}`);
  if (buf.readUInt16BE(14) !== 0) throw new FontDecodeError('reserved field is not zero');
  if (numTables === 0 || HEADER + numTables * DIR_ENTRY > buf.length) throw new FontDecodeError('bad table count');

  const tables: { tag: number; data: Buffer; checksum: number }[] = [];
  let previousTag = -1;
  for (let i = 0; i < numTables; i++) {
    const o = HEADER + i * DIR_ENTRY;
    const tag = buf.readUInt32BE(o);
    const offset = buf.readUInt32BE(o + 4);
    const compLength = buf.readUInt32BE(o + 8);
    const origLength = buf.readUInt32BE(o + 12);
    const checksum = buf.readUInt32BE(o + 16);
    const name = buf.subarray(o, o + 4).toString('latin1');
    if (tag <= previousTag) throw new FontDecodeError('table directory not in ascending tag order');
    previousTag = tag;
    if (offset + compLength > buf.length || compLength > origLength) throw new FontDecodeError(`table ${name} out of bounds`);
    const raw = buf.subarray(offset, offset + compLength);
    let data: Buffer;
    try {
      data = compLength < origLength ? inflateSync(raw) : Buffer.from(raw);
    } catch (err) {
      throw new FontDecodeError(`table ${name}: ${(err as Error).message}`);
    }
    if (data.length !== origLength) throw new FontDecodeError(`table ${name} inflates to ${data.length}, expected ${origLength}`);
    tables.push({ tag, data, checksum });
  }

  let size = 12 + 16 * numTables;
  for (const t of tables) size += (t.data.length + 3) & ~3;
  if (size !== totalSfntSize) throw new FontDecodeError(`sfnt size ${size} ≠ totalSfntSize ${totalSfntSize}`);
  const out = Buffer.alloc(size);
  let entrySelector = 0;
  while (1 << (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = (1 << entrySelector) * 16;
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let at = 12 + 16 * numTables;
  tables.forEach((t, i) => {
    const e = 12 + 16 * i;
    out.writeUInt32BE(t.tag, e);
    out.writeUInt32BE(t.checksum, e + 4);
    out.writeUInt32BE(at, e + 8);
    out.writeUInt32BE(t.data.length, e + 12);
    t.data.copy(out, at);
    at += (t.data.length + 3) & ~3;
  });
  return out;
}

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
