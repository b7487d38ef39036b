/**
 * The three ex-ante disclosure lists (事前公开): 行政执法事项清单, 随机抽查事项清单, 行政执法人员名录.
 * Sources: 国办发〔2018〕118号 (事前公开), 行政处罚法第三十九条, 国办发〔2015〕58号; the bureau's plan,
 * task table row 一-1 (sections draft, 行政审批科 collects and reviews, then publication).
 */
import { ITEM_KINDS, type ItemKind } from '../draw/types.ts';

export const LIST_KINDS = ['matters', 'inspection_items', 'officers'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** 行政处罚法 and 118号 enforcement categories as the issue lists them. */
export const MATTER_CATEGORIES = ['行政处罚', '行政检查', '行政强制', '行政许可', '其他'] as const;
export type MatterCategory = (typeof MATTER_CATEGORIES)[number];

export { ITEM_KINDS, type ItemKind };

/** 行政执法事项清单: one enforcement matter. Key: the matter's name. */
export interface MatterRow {
  matter: string;
  category: MatterCategory;
  legalBasis: string;
  /** 责任科室: a roster department (checked when the app layer passes the departments); a section drafts only its own rows. */
  section: string;
  procedure: string;
  timeLimit: string;
  remedy: string;
}

/** 随机抽查事项清单: one inspection item. Key: the item's name. */
export interface InspectionItemRow {
  item: string;
  legalBasis: string;
  /** 检查科室 (抽查主体). */
  section: string;
  content: string;
  method: string;
  kind: ItemKind;
  /** 抽查对象, 抽查比例, 抽查频次: asked by the bureau's plan; optional unless data/lists.json requires them. */
  targets?: string;
  ratio?: string;
  frequency?: string;
}

/** 行政执法人员名录: generated from the roster; nothing more personal than this. Key: certificate number. */
export interface OfficerRow {
  name: string;
  certificateNumber: string;
  field: string;
}

export interface RowByKind {
  matters: MatterRow;
  inspection_items: InspectionItemRow;
  officers: OfficerRow;
}
export type RowOf<K extends ListKind> = RowByKind[K];
export type AnyRow = MatterRow | InspectionItemRow | OfficerRow;

export const LIST_STATES = ['draft', 'submitted', 'reviewed', 'approved', 'published', 'withdrawn'] as const;
export type ListState = (typeof LIST_STATES)[number];

export const LIST_STATE_LABELS: Record<ListState, string> = {
  draft: '草稿',
  submitted: '待行政审批科审核',
  reviewed: '待负责人批准',
  approved: '待发布',
  published: '已发布',
  withdrawn: '已撤回',
};

export interface Transition {
  from: ListState | null;
  to: ListState;
  actor: string; // open_id
  actorName: string;
  at: string; // ISO instant
  note?: string;
}

/** One version of a list. A published version is never changed again; a change is a new version. */
export interface ListVersion<K extends ListKind = ListKind> {
  kind: K;
  /** Given by the app layer (unique per version). */
  id: string;
  /** The number it has (or will have) when published: the published version it starts from + 1. */
  version: number;
  /** The published version this one was drafted from (0: none). */
  baseVersion: number;
  state: ListState;
  rows: RowOf<K>[];
  author: { openId: string; name: string; department: string };
  createdAt: string;
  publishedAt?: string;
  trail: Transition[];
}
