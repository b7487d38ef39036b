/** The case record log (全过程记录): one entry per action, append-only, numbered per case. */
export const RECORD_ACTIONS = {
  'case.filed': '立案',
  'notice.failed': '通知未送达',
} as const;
export type RecordAction = keyof typeof RECORD_ACTIONS;

/** The actor of entries the bot writes on its own (e.g. a notice Feishu refused to deliver). */
export const SYSTEM_ACTOR = 'system';

export interface RecordEntry {
  caseId: string;
  seq: number; // 1-based, gapless per case
  at: string; // ISO instant, UTC
  actor: string; // open_id, or SYSTEM_ACTOR
  action: RecordAction;
  detail: Record<string, unknown>;
}
