/**
 * Large values in the table: JSON, gzip-compressed, cut into chunks that fit an item (400 KB, with
 * room for the keys). A list's rows and a draw's libraries and result are stored this way.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

/** Bytes of one chunk: under DynamoDB's 400 KB item limit with its keys and attribute names. */
export const CHUNK_BYTES = 350 * 1024;

export function packJson(value: unknown): Uint8Array {
  return gzipSync(Buffer.from(JSON.stringify(value), 'utf8'));
}

export function unpackJson<T>(bytes: Uint8Array): T {
  return JSON.parse(gunzipSync(bytes).toString('utf8')) as T;
}

export function chunked(value: unknown): Uint8Array[] {
  const bytes = packJson(value);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK_BYTES) out.push(bytes.subarray(i, i + CHUNK_BYTES));
  return out.length > 0 ? out : [bytes];
}

export function unchunked<T>(chunks: readonly Uint8Array[]): T {
  return unpackJson<T>(Buffer.concat(chunks.map((c) => Buffer.from(c))));
}
