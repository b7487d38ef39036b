/**
 * View models for the card builders. Cards are pure functions from these to Feishu card JSON 2.0;
 * they never read the clock, the environment or the database.
 */
import type { FilingFieldName } from '../functions/domain/case/filing-fields.ts';
import type { CaseStatus, CaseType, PartyType, Procedure } from '../functions/domain/case/types.ts';

/**
 * Values carried by card buttons and sent back in card callbacks (`action.value`): built from the card
 * action registry (functions/app/card-actions.ts), so a card can only carry a value some action
 * handles (a type-only import: cards stay pure).
 */
export type { CardActionValue } from '../functions/app/card-actions.ts';
export { FILING_FIELD_NAMES, type FilingFieldName } from '../functions/domain/case/filing-fields.ts';

export interface HelpCommandView {
  command: string; // e.g. 立案
  description: string; // one line in Chinese
}

export interface HelpCardView {
  userName: string;
  commands: HelpCommandView[];
}

export interface FilingFormCardView {
  /** Idempotency key of this form: a second submit of the same form returns the same case. */
  formId: string;
  /** The filer's own open_id, preselected in the officers picker. */
  filerOpenId: string;
  /**
   * Candidate officers for the person picker (open_id + display name), in the order to offer them
   * (the filer's department first). The card keeps as many as fit under 30 KB: a person picker's
   * candidates are its options, or the chat's members when it has none (the form is sent in the
   * filer's own chat), so a large roster is cut, not dropped.
   */
  officerOptions: { openId: string; name: string }[];
  /** Values to prefill after a rejected submit (field name -> value). */
  initial?: Partial<Record<FilingFieldName, string | string[]>>;
  /** Problems from the last submit, shown above the form in red. */
  errors?: string[];
}

export interface DeadlineView {
  name: string; // 办案期限
  dueDate: string; // YYYY-MM-DD
  weekday: string; // 星期三
  source: string; // 行政处罚法第六十条
  provisional: boolean;
}

export interface CaseCardView {
  caseId: string;
  caseNumber: string;
  status: CaseStatus;
  statusLabel: string;
  caseType: CaseType;
  procedure: Procedure;
  procedureLabel: string;
  partyName: string;
  partyType: PartyType;
  partyTypeLabel: string;
  /** Masked for display in chat, e.g. 5101**********1234. */
  partyIdMasked: string;
  summary: string;
  source: string;
  legalBasis: string;
  officers: { name: string; certificateNumber: string }[];
  filedByName: string;
  filingDate: string; // YYYY-MM-DD
  deadlines: DeadlineView[];
  /** Optional headline shown above the card body, e.g. 立案成功. */
  notice?: string;
}

export interface CaseListItemView {
  caseId: string;
  caseNumber: string;
  partyName: string;
  caseType: CaseType;
  statusLabel: string;
  filingDate: string;
}

export interface CaseListCardView {
  items: CaseListItemView[];
  pageNumber: number; // 1-based
  /** Opaque cursor for the next page, absent on the last page. */
  nextCursor?: string;
}
