/**
 * WOFF 1.0 → SFNT (TrueType/OpenType), with node:zlib only: the fontsource package ships WOFF, and
 * neither reader we use takes it well — fontkit (pdfkit) inflates WOFF in pure JavaScript (40 s for the
 * 2 MB Chinese subset on the development machine, against ~40 ms here) and resvg draws no text at all
 * from it. Used by the PDF renderer (../pdf/) and the charts (../charts/).
 *
 * WOFF 1.0 (W3C Recommendation, 2012): a 44-byte header, a 20-byte directory entry per table, each
 * table zlib-compressed unless its compressed length equals its original length. The sfnt rebuilt
 * here has the same tables in directory order, 4-byte aligned, with their original checksums (the
 * `head` checksum adjustment is the original font's, so it stays valid).
 */
import { inflateSync } from 'node:zlib';

export class FontFileError extends Error {
  override name = 'FontFileError';
}

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const HEADER = 44;
const DIR_ENTRY = 20;

/** Decodes a WOFF 1.0 font to the sfnt (TTF/OTF) it wraps. Throws FontFileError on anything malformed. */
export function woffToSfnt(woff: Uint8Array): Buffer {
  const buf = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (buf.length < HEADER || buf.readUInt32BE(0) !== WOFF_SIGNATURE) throw new FontFileError('not a WOFF 1.0 file');
  const flavor = buf.readUInt32BE(4);
  const length = buf.readUInt32BE(8);
  const numTables = buf.readUInt16BE(12);
  const totalSfntSize = buf.readUInt32BE(16);
  if (length !== buf.length) throw new FontFileError(`length field ${length} ≠ file size ${buf.length}`);
  if (buf.readUInt16BE(14) !== 0) throw new FontFileError('reserved field is not zero');
  if (numTables === 0 || HEADER + numTables * DIR_ENTRY > buf.length) throw new FontFileError('bad table count');

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
    if (tag <= previousTag) throw new FontFileError('table directory not in ascending tag order');
    previousTag = tag;
    if (offset + compLength > buf.length || compLength > origLength) throw new FontFileError(`table ${name} out of bounds`);
    const raw = buf.subarray(offset, offset + compLength);
    let data: Buffer;
    try {
      data = compLength < origLength ? inflateSync(raw) : Buffer.from(raw);
    } catch (err) {
      throw new FontFileError(`table ${name}: ${(err as Error).message}`);
    }
    if (data.length !== origLength) throw new FontFileError(`table ${name} inflates to ${data.length}, expected ${origLength}`);
    tables.push({ tag, data, checksum });
  }

  let size = 12 + 16 * numTables;
  for (const t of tables) size += (t.data.length + 3) & ~3;
  if (size !== totalSfntSize) throw new FontFileError(`sfnt size ${size} ≠ totalSfntSize ${totalSfntSize}`);
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
