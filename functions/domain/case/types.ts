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
export const CASE_STATUSES = ['filed', 'decided', 'closed', 'archived'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  filed: '已立案',
  decided: '已作出决定',
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
  /** Set once, by the head's 批准 (status `decided`): what later deadlines, documents and disclosure start from. */
  decision?: CaseDecision;
  /** Set once, by 确认送达 with its `decision.served` entry: starts the party's periods. */
  service?: CaseService;
  /** What happened to the decision's public disclosure (事后公开), each step with its record entry. */
  disclosure?: CaseDisclosure;
  /** Fines collected so far (缴款): integer fen and the number of payments, moved with each `fine.paid` entry. */
  /** Fines collected: total and number of payments, and the date of the latest (the one that settled it, once paid in full). */
  finePaid?: { fen: number; count: number; lastOn?: string };
}

/** The decision's page on the public site: published, withdrawn (with the head's order), taken down. */
export interface CaseDisclosure {
  publishedOn?: string; // YYYY-MM-DD
  /** The head's 撤销决定: the decision was changed, revoked, confirmed unlawful or void. */
  withdrawal?: { kind: '变更' | '撤销' | '确认违法' | '确认无效'; reason: string; recordedOn: string; recordedBy: { openId: string; name: string } };
  withdrawnOn?: string;
  takenDownOn?: string;
  /** 立即公开 on a publication reminder: the next publisher run publishes without waiting for service. */
  publishRequested?: { on: string; by: { openId: string; name: string } };
}

/** How and when the party received the decision (送达), recorded by an officer of the case. */
export interface CaseService {
  servedOn: string; // YYYY-MM-DD, the day the party received it
  method: string; // one of the service domain's SERVICE_METHODS
  proofEvidenceIds: string[];
  recordedBy: { openId: string; name: string };
  recordedAt: string; // ISO instant, UTC
}

/**
 * The decision as approved (批准), kept on the case: the trigger of publication, service, payment and
 * the remedy periods. Written in the transaction that records `decision.approved`; never edited after.
 */
export interface CaseDecision {
  /** 作出决定之日, Asia/Shanghai (YYYY-MM-DD). */
  date: string;
  /** One of the review vocabulary's DECISION_TYPES (罚款, 警告, …, 不予处罚). */
  decisionType: string;
  /** Yuan; null when the decision carries no amount. */
  amount: number | null;
  /** Whether the review classified it 重大 (major). */
  major: boolean;
  /** The review round approved; null when no review was required (simple procedure). */
  round: number | null;
  approvedBy: { openId: string; name: string };
  approvedAt: string; // ISO instant, UTC
}
