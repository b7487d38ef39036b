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
  /** Per activity the case records: whether audio/video exists (absent or empty: no section). */
  av?: AvActivityView[];
  /** Where the law requires or recommends audio/video and it is missing. */
  avWarnings?: { severity: 'required' | 'recommended'; message: string }[];
  /** 法制审核: the latest round's state and its time limit (法制审核时限), one line each; absent before any request. */
  review?: string[];
  /**
   * The actions the card offers the person it is for, each only to those who may take it (the server
   * checks again on the tap): `申请法制审核` before the decision, `送达` for a decided case not yet served,
   * `缴款` while part of a decided fine is owed.
   */
  canRequestReview?: boolean;
  canServe?: boolean;
  canPay?: boolean;
  /** A decided fine (罚款): decided, paid so far (with the number of payments) and outstanding, formatted (`5,000.50 元`). */
  fine?: { decided: string; paid: string; payments: number; outstanding: string };
}

export interface AvActivityView {
  activity: string;
  /** 必须全程音像记录 / 应当根据实际情况音像记录 / 不要求音像记录 */
  levelLabel: string;
  level: 'required' | 'recommended' | 'none';
  items: number;
  hasAudioVideo: boolean;
}

/** 证据回执: what was stored, its hash, and the activity it records (chosen on the card). */
export interface ReceiptCardView {
  caseId: string;
  caseNumber: string;
  evidenceId: string;
  /** Headline, e.g. 证据已保存. */
  title: string;
  /** Label/value rows in order (the domain's receiptFields). */
  fields: { label: string; value: string }[];
  activity: string;
  activities: readonly string[];
  /** How the case was chosen, named so the officer sees where it went (回复的案件卡片 / 当前案件 / 您选择的案件). */
  via?: string;
  /** Extra lines (e.g. the current case was set). */
  notes?: string[];
  /** false once the case is archived: no activity change offered. */
  editable: boolean;
}

export interface EvidenceListItemView {
  evidenceId: string;
  fileName: string;
  kindLabel: string;
  sizeText: string;
  activity: string;
  receivedAt: string; // Beijing time, YYYY-MM-DD HH:mm:ss
  senderName: string;
  sha256: string;
}

export interface EvidenceListCardView {
  caseId: string;
  caseNumber: string;
  items: EvidenceListItemView[];
  pageNumber: number;
  nextCursor?: string;
}

/** Which case a file goes to, when it came with none. */
export interface CaseChooserCardView {
  /** The waiting file's message. */
  messageId: string;
  what: string; // 照片 / 文件「笔录.pdf」
  cases: { caseId: string; caseNumber: string; partyName: string }[];
}

export interface ViewLinkCardView {
  caseNumber: string;
  fileName: string;
  sha256: string;
  url: string;
  /** Beijing time. */
  expiresAt: string;
  minutes: number;
}

export interface DossierCardView {
  caseNumber: string;
  statusLabel: string;
  score: number;
  grade: string;
  canArchive: boolean;
  documents: { position: number; name: string; status: 'present' | 'missing' | 'pending'; count: number }[];
  vetoFailures: { name: string; reasons: string[] }[];
  vetoUnknown: { name: string; reasons: string[] }[];
  deductions: { points: number; reason: string }[];
  avWarnings: string[];
  notes: string[];
  evidenceCount: number;
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
