/**
 * The neutral document model: what a drafted document says, not how it looks. Templates
 * (one per document kind) produce it from the case's facts; a renderer (functions/adapters/pdf)
 * turns it into a printable page. Plain JSON: no Date, no undefined, no functions.
 */
import type { DocumentKind } from '../dossier/checklist.ts';
import type { LocalDate } from '../deadlines/local-date.ts';

/**
 * The kinds this system drafts, with the dossier checklist's identifiers (data/dossier-checklist.json),
 * so a drafted document counts in `案卷` under the same name.
 */
export const DRAFTED_KINDS = [
  'filing_approval',
  'prior_notice',
  'legal_review_opinion',
  'collective_discussion',
  'penalty_decision',
  'service_proof',
] as const satisfies readonly DocumentKind[];
export type DraftedKind = (typeof DRAFTED_KINDS)[number];

export function isDraftedKind(value: unknown): value is DraftedKind {
  return typeof value === 'string' && (DRAFTED_KINDS as readonly string[]).includes(value);
}

/** A table cell. `text: null` is a blank left to be filled in (and signed) by hand. */
export interface TableCell {
  text: string | null;
  /** A label cell (the form's printed caption), as opposed to a value. */
  label?: boolean;
  /** Columns this cell spans (default 1). */
  span?: number;
  /** Lines of room to keep even when empty or short (signatures, opinions written by hand). */
  minLines?: number;
}

export type Block =
  /** A section heading (一、…). */
  | { type: 'heading'; text: string }
  /** Running text. `indent` (default true): the first line is indented two characters. */
  | { type: 'paragraph'; text: string; indent?: boolean; align?: 'left' | 'center' | 'right' }
  /** `label：value`; `value: null` leaves a line to fill in by hand. */
  | { type: 'field'; label: string; value: string | null }
  /** A bordered form table. `columns` are relative widths; every row's spans add up to their count. */
  | { type: 'table'; columns: number[]; rows: TableCell[][] }
  /** Lines to sign by hand: `label：＿＿＿＿  年  月  日`. */
  | { type: 'signatures'; items: { label: string; date: boolean }[] };

export interface DocumentVersion {
  /** 1 for the first draft; a correction is the next number of the same document. */
  version: number;
  /** The version this one replaces (version − 1), null for the first. */
  supersedes: number | null;
  /** Why it was corrected (更正原因); null for the first version. */
  reason: string | null;
}

export interface DocumentModel {
  kind: DraftedKind;
  /** `prior_notice`, or `legal_review_opinion.r2` for a document made once per review round. */
  documentId: string;
  caseId: string;
  caseNumber: string;
  /** The bureau's full name (执法机关). */
  bureau: string;
  title: string;
  /** The document's own number (文书编号), or null for kinds numbered by the case (forms, records). */
  number: string | null;
  /** The date the document bears (作出之日). */
  date: LocalDate;
  blocks: Block[];
  /**
   * Where the seal goes, with the bureau's name and the date. null for internal forms approved by
   * signature and date in their own table (立案审批表, 集体讨论记录).
   */
  seal: { bureau: string; date: LocalDate } | null;
  version: DocumentVersion;
  /**
   * The instant of the act the document records (the record entry's `at`, ISO UTC). The PDF's
   * creation and modification dates are this instant, so the same facts give the same bytes.
   */
  madeAt: string;
  /** false when a field the law requires was left blank (the dossier check's `complete`). */
  complete: boolean;
  /** The fields left blank, in Chinese, for the officer's reply. */
  blanks: string[];
}
