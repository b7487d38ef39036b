/** Reading a case number (案件编号) back the way people type it, for every command that takes one. */
import { formatCaseNumber, isValidCaseNumberFormat } from './case-number.ts';

const OPENING = '〔[［(（【';
const CLOSING = '〕]］)）】';
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Full-width digits and dashes (phone keyboards in Chinese mode) read as their ASCII twins. */
function normalise(input: string): string {
  return input
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[－—–‐]/g, '-')
    .replace(/\s+/g, '');
}

/**
 * The template as a pattern. With `prefixOptional`, the literal text before the first bracket or
 * placeholder (the bureau's abbreviation, `甘经信立`) may be left out, and so may 第 before the sequence.
 */
function templatePattern(template: string, prefixOptional: boolean): RegExp {
  const compact = template.replace(/\s+/g, '');
  const parts = compact.split(/(\{year\}|\{seq\})/);
  let pattern = '';
  let leading = prefixOptional;
  let prefix = '';
  for (const part of parts) {
    if (part === '{year}' || part === '{seq}') {
      if (leading) pattern += prefix ? `(?:${prefix})?` : '';
      leading = false;
      pattern += part === '{year}' ? '(?<year>\\d{4})' : '(?<seq>\\d{1,7})';
      continue;
    }
    for (const ch of part) {
      let piece: string;
      if (OPENING.includes(ch)) piece = `[${escapeRe(OPENING)}]`;
      else if (CLOSING.includes(ch)) piece = `[${escapeRe(CLOSING)}]`;
      else if (ch === '号') piece = '号?';
      else if (ch === '第' && prefixOptional) piece = '第?';
      else piece = escapeRe(ch);
      if (leading && OPENING.includes(ch)) {
        pattern += prefix ? `(?:${prefix})?` : '';
        leading = false;
      }
      if (leading) prefix += piece;
      else pattern += piece;
    }
  }
  return new RegExp(`^${pattern}$`);
}

function seqAndYear(groups: Record<string, string | undefined> | undefined, currentYear?: number): { year: number; seq: number } | null {
  const seq = Number(groups?.seq);
  const year = groups?.year ? Number(groups.year) : currentYear;
  return groups && year !== undefined && seq > 0 ? { year, seq } : null;
}

/**
 * Reads a case number in the bureau's format: any bracket style, spaces, with or without the final 号.
 * Returns null when the text does not follow the format.
 */
export function parseCaseNumber(template: string, input: string): { year: number; seq: number } | null {
  if (!isValidCaseNumberFormat(template)) return null;
  return seqAndYear(templatePattern(template, false).exec(normalise(input))?.groups);
}

/**
 * Reads a case number the way people write it, for every command that takes one:
 * - the full number in any bracket style: `甘经信立〔2026〕1号`, `甘经信立[2026]1号`;
 * - without the bureau's prefix: `〔2026〕1号`, `(2026)1`;
 * - year and sequence: `2026-1` (also the case id `2026-000001`);
 * - the sequence alone for the current year: `1号`, `1`, `第1号`.
 * Returns null for anything else (the caller lists these forms).
 */
export function readCaseNumber(template: string, input: string, currentYear: number): { year: number; seq: number } | null {
  if (!isValidCaseNumberFormat(template)) return null;
  const text = normalise(input);
  const match =
    templatePattern(template, false).exec(text) ??
    templatePattern(template, true).exec(text) ??
    /^(?<year>\d{4})-(?<seq>\d{1,7})$/.exec(text) ??
    /^第?(?<seq>\d{1,7})号?$/.exec(text);
  return seqAndYear(match?.groups, currentYear);
}

/** The ways `readCaseNumber` accepts, as examples for a reply that could not be matched. */
export function caseNumberExamples(template: string, year: number): string[] {
  const full = formatCaseNumber(template, year, 1);
  const withoutPrefix = formatCaseNumber(template.slice(firstBracketOrPlaceholder(template)), year, 1);
  return [...new Set([full, withoutPrefix, `${year}-1`, '1号'])];
}

function firstBracketOrPlaceholder(template: string): number {
  for (let i = 0; i < template.length; i++) if (OPENING.includes(template[i] as string) || template[i] === '{') return i;
  return 0;
}
