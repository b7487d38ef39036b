/**
 * Audio/video duties per activity (118号 执法全过程记录制度, data/av-duties.json): whether a case's
 * evidence holds audio/video for each activity it records, and the warnings the case card shows.
 */
import * as z from 'zod/mini';
import { ACTIVITIES, type Activity, type MediaKind, SERVICE_METHODS, type ServiceMethod } from './vocabulary.ts';

export const AV_LEVELS = ['required', 'recommended', 'none'] as const;
export type AvLevel = (typeof AV_LEVELS)[number];

export const AV_LEVEL_LABELS: Record<AvLevel, string> = {
  required: '必须全程音像记录',
  recommended: '应当根据实际情况音像记录',
  none: '不要求音像记录',
};

const AV_KINDS = ['video', 'audio'] as const;
type AvKind = (typeof AV_KINDS)[number];

export const sourceSchema = z.object({
  law: z.string().check(z.minLength(1)),
  article: z.optional(z.string()),
  summary: z.optional(z.string()),
});
export type Source = z.infer<typeof sourceSchema>;

const dutySchema = z.object({
  activity: z.enum(ACTIVITIES),
  level: z.enum(AV_LEVELS),
  accepts: z.array(z.enum(AV_KINDS)).check(z.minLength(1)),
  when: z.optional(z.object({ serviceMethods: z.array(z.enum(SERVICE_METHODS)).check(z.minLength(1)) })),
  source: sourceSchema,
  confidence: z.enum(['C', 'H', 'M', 'L']),
  notes: z.optional(z.array(z.string())),
});
export type AvDuty = z.infer<typeof dutySchema>;

const avDutiesFileSchema = z.object({
  $comment: z.optional(z.string()),
  duties: z.array(dutySchema),
});

export class DossierDataError extends Error {
  override name = 'DossierDataError';
}

function issuesText(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.')}：${i.message}`).join('；');
}

/** Validates data/av-duties.json (or a bureau's own table): every activity exactly once. Throws DossierDataError. */
export function buildAvDuties(data: unknown): AvDuty[] {
  const parsed = avDutiesFileSchema.safeParse(data);
  if (!parsed.success) throw new DossierDataError(`音像记录义务表格式错误：${issuesText(parsed.error.issues)}`);
  const seen = new Set<string>();
  for (const d of parsed.data.duties) {
    if (seen.has(d.activity)) throw new DossierDataError(`音像记录义务表中「${d.activity}」出现了两次`);
    seen.add(d.activity);
    if (d.level === 'required' && !d.accepts.includes('video')) {
      throw new DossierDataError(`「${d.activity}」要求全程音像记录，accepts 必须包含 video`);
    }
  }
  const missing = ACTIVITIES.filter((a) => !seen.has(a));
  if (missing.length > 0) throw new DossierDataError(`音像记录义务表缺少活动：${missing.join('、')}`);
  return parsed.data.duties;
}

/** `国办发〔2018〕118号 执法全过程记录制度·音像记录`, `《中华人民共和国行政处罚法》第四十二条`: fits inside （…）. */
export function citeSource(s: Source): string {
  const article = (s.article ?? '').trim();
  const bare = /^（(.*)）$/.exec(article)?.[1];
  return bare !== undefined ? `${s.law} ${bare}` : `${s.law}${article}`;
}

export interface AvFacts {
  /** The case's evidence items (notes included: they count as records of the activity, not as AV). */
  evidence: readonly { activity: Activity; mediaKind: MediaKind }[];
  /** Activities known to have happened from other records (e.g. a 查封扣押 decision), even without evidence yet. */
  performed?: readonly Activity[];
  /** How documents were served, once the service record knows; absent = not known yet. */
  serviceMethods?: readonly ServiceMethod[];
}

export interface AvWarning {
  activity: Activity;
  severity: 'required' | 'recommended';
  message: string;
  source: string;
}

export interface AvActivityStatus {
  activity: Activity;
  /** The level that applies to this case (a conditional duty whose condition is known not to hold is `none`). */
  level: AvLevel;
  /** True when the duty depends on facts not known yet (送达 before the service method is recorded). */
  conditional: boolean;
  items: number;
  video: number;
  audio: number;
  /** Whether evidence of a kind this duty accepts exists. */
  hasAudioVideo: boolean;
  warning?: AvWarning;
}

export interface AvReport {
  /** Each activity the case records, in vocabulary order. */
  activities: AvActivityStatus[];
  /** The warnings to show, `required` first. */
  warnings: AvWarning[];
}

function kindText(accepts: readonly AvKind[]): string {
  return accepts.includes('audio') ? '录音或录像' : '视频（全程录像）';
}

function warningFor(duty: AvDuty, status: { video: number; audio: number }, conditional: boolean): AvWarning {
  const source = citeSource(duty.source);
  if (duty.level === 'required') {
    const onlyAudio = status.audio > 0 && status.video === 0 ? '只有录音，没有视频。' : '没有视频。';
    return {
      activity: duty.activity,
      severity: 'required',
      message: `${duty.activity}：${onlyAudio}${duty.activity}应当全程音像记录（${source}），请补充执法记录仪等全程录像。`,
      source,
    };
  }
  const methods = duty.when?.serviceMethods.join('或') ?? '';
  const condition = conditional ? `如采用${methods}，` : '';
  return {
    activity: duty.activity,
    severity: 'recommended',
    message: `${duty.activity}：没有${kindText(duty.accepts)}。${condition}这一环节容易引发争议，应当根据实际情况进行音像记录（${source}）；文字记录能够全面有效记录的，可以不录。`,
    source,
  };
}

/**
 * For each activity the case records: how many items, whether audio/video exists, and the warning
 * where the duty (required or recommended) is not met. Activities with no evidence and not known to
 * have happened are not listed: the bot cannot know they took place.
 */
export function avDutyReport(facts: AvFacts, duties: readonly AvDuty[]): AvReport {
  const byActivity = new Map(duties.map((d) => [d.activity, d]));
  const present = new Set<Activity>([...facts.evidence.map((e) => e.activity), ...(facts.performed ?? [])]);
  const activities: AvActivityStatus[] = [];
  for (const activity of ACTIVITIES) {
    if (!present.has(activity)) continue;
    const duty = byActivity.get(activity);
    if (!duty) throw new DossierDataError(`音像记录义务表缺少活动：${activity}`);
    const items = facts.evidence.filter((e) => e.activity === activity);
    const video = items.filter((e) => e.mediaKind === 'video').length;
    const audio = items.filter((e) => e.mediaKind === 'audio').length;
    const hasAudioVideo = (duty.accepts.includes('video') && video > 0) || (duty.accepts.includes('audio') && audio > 0);
    let level: AvLevel = duty.level;
    let conditional = false;
    if (duty.when && level !== 'none') {
      if (facts.serviceMethods === undefined) conditional = true;
      else if (!facts.serviceMethods.some((m) => duty.when?.serviceMethods.includes(m))) level = 'none';
    }
    const status: AvActivityStatus = { activity, level, conditional, items: items.length, video, audio, hasAudioVideo };
    if (level !== 'none' && !hasAudioVideo) status.warning = warningFor(duty, { video, audio }, conditional);
    activities.push(status);
  }
  const warnings = activities.flatMap((a) => (a.warning ? [a.warning] : []));
  warnings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'required' ? -1 : 1));
  return { activities, warnings };
}
