/** Vocabulary of the random-inspection draw (双随机): libraries, parameters, results, exceptions. */

/** The algorithm a draw ran with; part of the commitment. A change to any step is a new version. */
export const ALGORITHM_VERSION = 'SJDRAW-1';
/** Format tag of a draw file (the verification package). */
export const DRAW_FILE_FORMAT = 'sj-draw-file/1';

/**
 * Kinds of market entity in the 检查对象名录库 (国办发〔2015〕58号; for market entities the library is
 * built on the enterprise credit publicity system, 企业信息公示暂行条例). Every one has a 统一社会信用代码.
 */
export const TARGET_TYPES = ['enterprise', 'individual_business', 'farmer_cooperative', 'other_organization'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export const TARGET_TYPE_LABELS: Record<TargetType, string> = {
  enterprise: '企业',
  individual_business: '个体工商户',
  farmer_cooperative: '农民专业合作社',
  other_organization: '其他组织',
};

/** An individual business is a natural person: its address is personal data and is not recorded. */
export const ADDRESS_ALLOWED: Record<TargetType, boolean> = {
  enterprise: true,
  individual_business: false,
  farmer_cooperative: true,
  other_organization: true,
};

/**
 * Credit-risk classes A (低) … D (高) of 企业信用风险分类管理 (国市监信发〔2022〕6号, [M]); filters use
 * them so that higher-risk targets can be inspected more often (国发〔2019〕5号).
 */
export const RISK_LEVELS = ['A', 'B', 'C', 'D'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = {
  A: 'A类（信用风险低）',
  B: 'B类（信用风险一般）',
  C: 'C类（信用风险较高）',
  D: 'D类（信用风险高）',
};

/** 一般 items: the ratio is limited; 重点 items (safety, quality, public interest): no cap. */
export const ITEM_KINDS = ['一般', '重点'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** One entry of the 检查对象名录库, exactly as frozen and hashed (the address is kept out: see README). */
export interface TargetRecord {
  creditCode: string;
  name: string;
  type: TargetType;
  riskLevel: RiskLevel;
  sectorTags: string[];
}

/** A target as imported: the frozen record plus an organisation's address, kept for the inspection task. */
export interface Target extends TargetRecord {
  address?: string;
}

/** One entry of the 执法检查人员名录库, as frozen and hashed (no open_id, no department). */
export interface InspectorRecord {
  certificateNumber: string;
  name: string;
  certificateValidUntil: string; // YYYY-MM-DD, inclusive
  specialties: string[];
}

/** An inspector who must not inspect a target (conflict of interest, 行政处罚法第四十三条). */
export interface ConflictPair {
  certificateNumber: string;
  creditCode: string;
}

export interface Libraries {
  targets: TargetRecord[];
  inspectors: InspectorRecord[];
  conflicts: ConflictPair[];
}

export interface LibraryHashes {
  targets: string;
  inspectors: string;
  conflicts: string;
}

export interface TargetFilter {
  types: TargetType[];
  riskLevels: RiskLevel[];
  /** A target matches when it has at least one of these tags. */
  sectorTags: string[];
}

/** How many targets: a count, or a ratio in basis points (500 = 5%), rounded up. */
export type SampleSize = { count: number } | { basisPoints: number };

/** Canonical draw parameters (what the commitment holds). */
export interface DrawParams {
  planId: string;
  listItem: { name: string; kind: ItemKind; listVersion: number };
  drawDate: string; // YYYY-MM-DD (Asia/Shanghai): certificates must be valid on it
  targetFilter: TargetFilter;
  sampleSize: SampleSize;
  inspectorsPerTarget: number;
  /** An inspector qualifies when they have at least one of these; empty = every inspector. */
  inspectorSpecialties: string[];
}

/** A re-draw names the draw it replaces and the approved exception that allows it. */
export interface Supersedes {
  drawId: string;
  exceptionId: string;
}

export interface Commitment {
  algorithm: string;
  drawId: string;
  params: DrawParams;
  libraryHashes: LibraryHashes;
  /** SHA-256 of the 32 seed bytes. */
  seedHash: string;
  supersedes?: Supersedes;
  /** SHA-256 of the canonical JSON of every field above. */
  hash: string;
}

export interface AssignedInspector {
  certificateNumber: string;
  name: string;
}

export interface DrawnTarget {
  /** 1-based position in the draw order. */
  position: number;
  creditCode: string;
  name: string;
  inspectors: AssignedInspector[];
}

export interface DrawResult {
  /** Targets matching the filter (the population drawn from). */
  frameSize: number;
  /** Inspectors certified on the draw date with a required specialty. */
  eligibleInspectors: number;
  targets: DrawnTarget[];
  /** SHA-256 of the canonical JSON of `targets`. */
  hash: string;
}

export const EXCEPTION_KINDS = ['redraw', 'recusal', 'struck_off'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

export const EXCEPTION_KIND_LABELS: Record<ExceptionKind, string> = {
  redraw: '重新抽取',
  recusal: '检查人员回避',
  struck_off: '检查对象注销或吊销',
};

/** An approved exception as it appears in the draw file: no reasons, no people's ids. */
export interface AppliedException {
  /** 1-based, in the order the head approved them. */
  seq: number;
  id: string;
  kind: ExceptionKind;
  creditCode?: string;
  certificateNumber?: string;
  approvedAt: string;
}

/** What an approved exception changed. */
export type ExceptionEffect =
  | { seq: number; kind: 'redraw' }
  | {
      seq: number;
      kind: 'recusal';
      creditCode: string;
      removed: AssignedInspector;
      /** null when nobody could replace them: the target is short of inspectors. */
      added: AssignedInspector | null;
    }
  | {
      seq: number;
      kind: 'struck_off';
      removed: { creditCode: string; name: string };
      /** The next target in the committed draw order; null when the population is exhausted. */
      added: DrawnTarget | null;
    };

export interface EffectiveResult {
  targets: DrawnTarget[];
  effects: ExceptionEffect[];
  /** Targets with fewer inspectors than the parameters ask (a recusal nobody could replace). */
  understaffed: string[];
  /** A re-draw was approved: this draw is to be replaced by the one that names it. */
  redrawApproved: boolean;
  hash: string;
}

/** The draw file: everything needed to recompute and check a draw. */
export interface DrawFile {
  format: typeof DRAW_FILE_FORMAT;
  drawId: string;
  libraries: Libraries;
  commitment: Commitment;
  seed: string;
  result: DrawResult;
  exceptions: AppliedException[];
  effective: EffectiveResult;
}
