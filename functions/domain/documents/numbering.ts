/**
 * Document numbers (文书编号): each kind has the bureau's format (data/documents.json), written and
 * read exactly like case numbers (the same code), numbered per year without gaps. The counter itself
 * (one item per kind and year, advanced in the transaction that records the document) is the
 * integrator's; this decides the text and the year it counts in.
 */
import { formatCaseNumber } from '../case/case-number.ts';
import { readCaseNumber } from '../case/read-case-number.ts';
import { type LocalDate, yearOf } from '../deadlines/local-date.ts';
import type { DocumentsConfig } from './config.ts';
import type { DraftedKind } from './model.ts';

/** Whether a kind carries its own number (a null format: identified by the case number only). */
export function isNumbered(config: DocumentsConfig, kind: DraftedKind): boolean {
  return config.kinds[kind].numberFormat !== null;
}

/** The year a document's number counts in: the year of the date it bears (Asia/Shanghai). */
export function numberingYear(date: LocalDate): number {
  return yearOf(date);
}

/** `甘经信罚〔2026〕1号`. Throws for a kind without a number format (ask `isNumbered` first). */
export function formatDocumentNumber(config: DocumentsConfig, kind: DraftedKind, year: number, seq: number): string {
  const format = config.kinds[kind].numberFormat;
  if (format === null) throw new RangeError(`${kind} has no number format`);
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`sequence must be a positive integer: ${seq}`);
  return formatCaseNumber(format, year, seq);
}

/** Reads a document number as people type it (any bracket style, `2026-1`, `1号`), like case numbers. */
export function readDocumentNumber(
  config: DocumentsConfig,
  kind: DraftedKind,
  input: string,
  currentYear: number,
): { year: number; seq: number } | null {
  const format = config.kinds[kind].numberFormat;
  return format === null ? null : readCaseNumber(format, input, currentYear);
}
