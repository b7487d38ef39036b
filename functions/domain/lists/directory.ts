/**
 * 行政执法人员名录 from the roster: officers whose enforcement certificate is valid on the date, with
 * name, certificate number and enforcement field — never more (no open_id, department, roles or dates).
 */
import type { Person } from '../roster/types.ts';
import { compareCodePoints } from '../draw/canonical.ts';
import type { OfficerRow } from './types.ts';

export interface DirectoryOptions {
  /** The date the directory is drawn up for (YYYY-MM-DD): certificates must be valid on it. */
  date: string;
  defaultField: string;
  /** An officer's field when it differs from the default (e.g. from their certificate). */
  fieldByOpenId?: Readonly<Record<string, string>>;
}

export function directoryRows(people: readonly Person[], options: DirectoryOptions): OfficerRow[] {
  const rows: OfficerRow[] = [];
  const seen = new Set<string>();
  for (const p of people) {
    const cert = p.certificate;
    if (!p.roles.includes('officer') || !cert || cert.validUntil < options.date) continue;
    const certificateNumber = cert.number.normalize('NFC').trim();
    if (seen.has(certificateNumber)) continue; // a roster error; the roster import refuses it anyway
    seen.add(certificateNumber);
    const field = (options.fieldByOpenId?.[p.openId] ?? options.defaultField).normalize('NFC').trim();
    rows.push({ name: p.name.normalize('NFC').trim(), certificateNumber, field });
  }
  return rows.sort((a, b) => compareCodePoints(a.certificateNumber, b.certificateNumber));
}
