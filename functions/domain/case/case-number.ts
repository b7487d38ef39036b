/**
 * Case numbers (案件编号): the bureau's format. Reading a number back as people type it is in
 * read-case-number.ts: the acknowledgement path checks the format at start-up and need not load that.
 */

export const DEFAULT_CASE_NUMBER_FORMAT = '甘经信立〔{year}〕{seq}号';

/** `{year}` and `{seq}` exactly once each, so a number can be read back unambiguously. */
export function isValidCaseNumberFormat(template: string): boolean {
  const count = (token: string) => template.split(token).length - 1;
  return count('{year}') === 1 && count('{seq}') === 1 && template.length <= 60;
}

export function formatCaseNumber(template: string, year: number, seq: number): string {
  return template.replaceAll('{year}', String(year)).replaceAll('{seq}', String(seq));
}

/** A case id as caseIdFor makes it: `2026-000001`. */
export const CASE_ID_PATTERN = /^\d{4}-\d{6}$/;

export function caseIdFor(year: number, seq: number): string {
  return `${year}-${String(seq).padStart(6, '0')}`;
}
