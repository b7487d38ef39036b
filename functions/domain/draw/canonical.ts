/**
 * Canonical JSON and SHA-256: the byte-exact forms a draw commits to. Written so a re-implementation in
 * any language gets the same bytes (see README.md, "Canonical form").
 */
import { createHash } from 'node:crypto';

/** C0 and C1 control characters (tab and newline included): never part of a library's text. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const ASCII = /^[\u0020-\u007e]*$/;

/** Node ≥ 20 has String.prototype.isWellFormed (ES2024), which TypeScript's ES2023 lib does not declare. */
const isWellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * True when a string may appear in a canonical document: NFC, trimmed, no control characters, no lone
 * surrogate (it has no UTF-8 form: JSON.stringify would escape it, other languages would not).
 */
export function isCanonicalText(s: string): boolean {
  if (s !== s.trim() || CONTROL.test(s)) return false;
  // Printable ASCII is always NFC and well-formed: skip the costly checks for codes and numbers.
  return ASCII.test(s) || (isWellFormed(s) && s === s.normalize('NFC'));
}

/**
 * Compares by Unicode code point, which is also UTF-8 byte order (JavaScript's `<` compares UTF-16 code
 * units, which differs for characters above U+FFFF).
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    // A surrogate starts a code point above U+FFFF: after every BMP character.
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

export class CanonicalFormError extends Error {
  override name = 'CanonicalFormError';
}

/**
 * JSON with object keys in code-point order, no whitespace, integers only, strings as themselves
 * (only `"` and `\` escaped, because canonical text has no control characters). Keys whose value is
 * `undefined` are left out. Equal to Python's
 * `json.dumps(v, ensure_ascii=False, separators=(',', ':'), sort_keys=True)` for such values.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      if (!isCanonicalText(value)) throw new CanonicalFormError(`not canonical text: ${JSON.stringify(value)}`);
      return JSON.stringify(value);
    case 'number':
      if (!Number.isSafeInteger(value)) throw new CanonicalFormError(`not a safe integer: ${value}`);
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) {
    throw new CanonicalFormError(`not a JSON value: ${String(value)}`);
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort(compareCodePoints);
  return `{${keys.map((k) => `${canonicalJson(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** SHA-256 of the UTF-8 bytes, lowercase hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Sorted by code point, duplicates removed. */
export function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareCodePoints);
}
