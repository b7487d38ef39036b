/** Evidence vocabulary shared by the record log, the evidence rules, the AV duties and the dossier. */

/**
 * The activity an evidence item records (what the officers were doing), chosen on the receipt card.
 * 行政处罚法 Art. 47 (record start, investigation, review, decision, service, execution) and the
 * 118号 whole-process recording system name these steps.
 */
export const ACTIVITIES = [
  '现场检查',
  '随机抽查',
  '调查取证',
  '抽样取证',
  '证据保全',
  '查封扣押',
  '询问',
  '听证',
  '送达',
  '强制拆除',
  '其他',
] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** Until an officer picks one on the receipt card. */
export const DEFAULT_ACTIVITY: Activity = '其他';

export function isActivity(value: unknown): value is Activity {
  return typeof value === 'string' && (ACTIVITIES as readonly string[]).includes(value);
}

/**
 * What an evidence item is. `video` and `audio` are 视听资料 (行政处罚法 Art. 46); `image` and
 * `document` are photos and files (书证、物证照片、电子数据); `note` is a written record typed in chat.
 */
export const MEDIA_KINDS = ['image', 'video', 'audio', 'document', 'note'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export const MEDIA_KIND_LABELS: Record<MediaKind, string> = {
  image: '照片',
  video: '视频',
  audio: '录音',
  document: '文件',
  note: '文字记录',
};

/** A written record (`记录 <text>`) longer than this is refused: split it (it travels inside a record entry). */
export const MAX_NOTE_CHARS = 5000;

/** 民事诉讼法 service methods (行政处罚法 Art. 61 refers to it); 118号 names 留置送达 and 公告送达 for AV. */
export const SERVICE_METHODS = ['直接送达', '留置送达', '邮寄送达', '委托送达', '转交送达', '电子送达', '公告送达'] as const;
export type ServiceMethod = (typeof SERVICE_METHODS)[number];
