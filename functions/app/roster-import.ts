import { parseRoster, type RosterProblem } from '../domain/roster/import.ts';
import type { RosterStore } from '../ports/index.ts';

export type RosterImportResult =
  | { ok: true; written: number; deactivated: number }
  | { ok: false; problems: RosterProblem[] };

export function rosterFormat(fileName: string): 'json' | 'csv' | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  return null;
}

/** Validates every row first; writes only a roster with no bad row. */
export async function importRoster(text: string, format: 'json' | 'csv', store: RosterStore, at: Date): Promise<RosterImportResult> {
  const parsed = parseRoster(text, format);
  if (!parsed.ok) return parsed;
  const { written, deactivated } = await store.replaceAll(parsed.people, at.toISOString());
  return { ok: true, written, deactivated };
}
