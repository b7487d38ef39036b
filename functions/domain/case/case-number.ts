/** Case numbers (案件编号): the bureau's format, and reading a number back as people type it. */

export const DEFAULT_CASE_NUMBER_FORMAT = '甘经信立〔{year}〕{seq}号';

/** `{year}` and `{seq}` exactly once each, so a number can be read back unambiguously. */
export function isValidCaseNumberFormat(template: string): boolean {
  const count = (token: string) => template.split(token).length - 1;
  return count('{year}') === 1 && count('{seq}') === 1 && template.length <= 60;
}

export function formatCaseNumber(template: string, year: number, seq: number): string {
  return template.replaceAll('{year}', String(year)).replaceAll('{seq}', String(seq));
}

const OPENING = '〔[［(（【';
const CLOSING = '〕]］)）】';
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Reads a case number as people type it: any bracket style, spaces, with or without the final 号.
 * Returns null when the text does not follow the bureau's format.
 */
export function parseCaseNumber(template: string, input: string): { year: number; seq: number } | null {
  if (!isValidCaseNumberFormat(template)) return null;
  // Spaces carry no meaning in a case number: ignore them on both sides.
  const text = input.replace(/\s+/g, '');
  let pattern = '';
  for (const part of template.replace(/\s+/g, '').split(/(\{year\}|\{seq\})/)) {
    if (part === '{year}') pattern += '(?<year>\\d{4})';
    else if (part === '{seq}') pattern += '(?<seq>\\d{1,7})';
    else {
      for (const ch of part) {
        if (OPENING.includes(ch)) pattern += `[${escapeRe(OPENING)}]`;
        else if (CLOSING.includes(ch)) pattern += `[${escapeRe(CLOSING)}]`;
        else if (ch === '号') pattern += '号?';
        else pattern += escapeRe(ch);
      }
    }
  }
  const m = new RegExp(`^${pattern}$`).exec(text);
  if (!m?.groups) return null;
  const seq = Number(m.groups.seq);
  return seq > 0 ? { year: Number(m.groups.year), seq } : null;
}

export function caseIdFor(year: number, seq: number): string {
  return `${year}-${String(seq).padStart(6, '0')}`;
}
