/** The case record log (全过程记录): one entry per action, append-only, numbered per case. */
export const RECORD_ACTIONS = {
  'case.filed': '立案',
} as const;
export type RecordAction = keyof typeof RECORD_ACTIONS;

export interface RecordEntry {
  caseId: string;
  seq: number; // 1-based, gapless per case
  at: string; // ISO instant, UTC
  actor: string; // open_id
  action: RecordAction;
  detail: Record<string, unknown>;
}
