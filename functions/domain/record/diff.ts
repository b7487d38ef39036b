/** Before/after of what changed, for the `changes` of a record entry's detail. */
import { canonicalJson, type JsonValue } from './canonical.ts';

/** One changed field. `before` absent: the field was added; `after` absent: it was removed. */
export interface FieldChange {
  /** Dotted path into nested objects, e.g. `party.name`; arrays are compared and reported whole. */
  field: string;
  before?: JsonValue;
  after?: JsonValue;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function same(a: unknown, b: unknown): boolean {
  const x = canonicalJson(a);
  const y = canonicalJson(b);
  // Values without a canonical form are never "the same": the change is reported and sealing refuses it.
  return x.ok && y.ok && x.value === y.value;
}

function walk(before: Record<string, unknown>, after: Record<string, unknown>, prefix: string, out: FieldChange[]): void {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of [...keys].sort()) {
    const b = before[key];
    const a = after[key];
    const field = prefix + key;
    if (b === undefined && a === undefined) continue;
    if (isObject(b) && isObject(a)) {
      walk(b, a, `${field}.`, out);
      continue;
    }
    if (same(b, a)) continue;
    const change: FieldChange = { field };
    if (b !== undefined) change.before = b as JsonValue;
    if (a !== undefined) change.after = a as JsonValue;
    out.push(change);
  }
}

/**
 * The fields that differ between two versions of a record, in key order, depth first. Equality is canonical
 * equality (key order does not matter; `undefined` members count as absent). Unchanged → `[]`.
 */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, '', out);
  return out;
}
