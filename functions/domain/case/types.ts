/** Case vocabulary shared by the domain, the adapters and the cards. */
import type { ChainHead } from '../record/chain.ts';

export const CASE_TYPES = ['行政处罚', '行政检查', '行政强制', '行政许可', '行政征收', '其他'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const PARTY_TYPES = ['person', 'organization'] as const;
export type PartyType = (typeof PARTY_TYPES)[number];

export const PROCEDURES = ['simple', 'ordinary'] as const;
export type Procedure = (typeof PROCEDURES)[number];

/**
 * Case statuses; later issues add review, decision, publication and closing states. `archived` (归档)
 * is final: the case is read-only, only looking at it is still recorded.
 */
export const CASE_STATUSES = ['filed', 'closed', 'archived'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  filed: '已立案',
  closed: '已结案',
  archived: '已归档',
};

export const PARTY_TYPE_LABELS: Record<PartyType, string> = {
  person: '自然人',
  organization: '法人或其他组织',
};

export const PROCEDURE_LABELS: Record<Procedure, string> = {
  simple: '简易程序',
  ordinary: '普通程序',
};

/** An officer as assigned at filing: the certificate is the one valid on the filing date. */
export interface CaseOfficer {
  openId: string;
  name: string;
  department: string;
  certificateNumber: string;
  certificateValidUntil: string; // YYYY-MM-DD
}

export interface Party {
  name: string;
  type: PartyType;
  /** 统一社会信用代码 for organizations, 身份证号 for persons. Personal data: never public. */
  idNumber: string;
}

export interface Case {
  caseId: string;
  caseNumber: string; // e.g. 甘经信立〔2026〕1号
  year: number;
  seq: number;
  status: CaseStatus;
  caseType: CaseType;
  procedure: Procedure;
  party: Party;
  summary: string;
  source: string;
  legalBasis: string;
  officers: CaseOfficer[];
  filedBy: string; // open_id
  filedAt: string; // ISO instant, UTC
  filingDate: string; // YYYY-MM-DD in Asia/Shanghai
  version: number;
  /** The record log's head (seq and hash of the last entry), moved in the transaction of every append. */
  logHead?: ChainHead;
}
