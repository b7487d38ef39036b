/**
 * The canonical serialisation the record chain hashes (see README.md, "Canonical form").
 *
 * A strict subset of RFC 8785 (JSON Canonicalization Scheme) that any language can reproduce
 * byte for byte:
 * - `null`, `true`, `false` as in JSON;
 * - numbers: safe integers only (|n| ≤ 2^53 − 1), written in plain decimal, `-0` as `0`. Decimals and
 *   amounts go in strings: float formatting differs between languages, integers do not;
 * - strings: well-formed Unicode (no lone surrogates), escaped as ECMAScript `JSON.stringify` does
 *   (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other code points below U+0020 as `\u00xx` in lower
 *   case; everything else literal, including non-ASCII);
 * - objects: members sorted by key, comparing UTF-16 code units; a member whose value is `undefined`
 *   is left out (DynamoDB's document client drops it too, so what is stored hashes the same);
 * - arrays: elements in order; an `undefined` element is an error (it would silently become `null`);
 * - no whitespace anywhere. Hashes are SHA-256 over the UTF-8 bytes, lowercase hex.
 * Anything else (NaN, Infinity, bigint, Date, Map, class instances, functions) is an error.
 */
import { createHash } from 'node:crypto';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type Result<T> = { ok: true; value: T } | { ok: false; errors: string[] };

// A lone surrogate: with the u flag, paired surrogates are read as one code point and do not match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function write(value: unknown, path: string, out: string[], errors: string[], open: Set<object>): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isSafeInteger(value)) {
        errors.push(`${path}: only safe integers are allowed (got ${String(value)}); write decimals as strings`);
        return;
      }
      out.push(String(value === 0 ? 0 : value));
      return;
    case 'string':
      if (LONE_SURROGATE.test(value)) {
        errors.push(`${path}: string contains a lone surrogate`);
        return;
      }
      out.push(JSON.stringify(value));
      return;
    case 'object': {
      if (open.has(value)) {
        errors.push(`${path}: circular reference`);
        return;
      }
      open.add(value);
      try {
        writeContainer(value, path, out, errors, open);
      } finally {
        open.delete(value);
      }
      return;
    }
    default:
      errors.push(`${path}: ${typeof value} is not allowed`);
  }
}

function writeContainer(value: object, path: string, out: string[], errors: string[], open: Set<object>): void {
  if (Array.isArray(value)) {
    out.push('[');
    // An index loop, not forEach: a hole in a sparse array must be an error, not skipped.
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      const item: unknown = value[i];
      if (item === undefined) errors.push(`${path}[${i}]: undefined array element`);
      else write(item, `${path}[${i}]`, out, errors, open);
    }
    out.push(']');
    return;
  }
  if (!isPlainObject(value)) {
    errors.push(`${path}: not a plain object (${Object.prototype.toString.call(value)})`);
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  out.push('{');
  keys.forEach((k, i) => {
    if (i > 0) out.push(',');
    if (LONE_SURROGATE.test(k)) errors.push(`${path}: key contains a lone surrogate`);
    out.push(JSON.stringify(k), ':');
    write(record[k], `${path}.${k}`, out, errors, open);
  });
  out.push('}');
}

/** The canonical text of a value, or every reason it has none (paths start at `$`). */
export function canonicalJson(value: unknown): Result<string> {
  const out: string[] = [];
  const errors: string[] = [];
  if (value === undefined) return { ok: false, errors: ['$: undefined'] };
  write(value, '$', out, errors, new Set());
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out.join('') };
}

/** True when `value` has a canonical form. */
export function isCanonicalisable(value: unknown): value is JsonValue {
  return canonicalJson(value).ok;
}

/** SHA-256 of a string's UTF-8 bytes (or of raw bytes), lowercase hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
