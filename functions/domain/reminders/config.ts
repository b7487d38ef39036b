/**
 * The reminder configuration (data/reminder-rules.json): when reminders are sent relative to a due
 * date, at what time of day, and to whom. Validated with zod; a bad file fails loudly at load.
 */
import * as z from 'zod/mini';
import { ROLES, type Role } from '../roster/types.ts';
import { type Rule, findRuleById } from '../deadlines/rules.ts';
import { DEADLINE_KINDS, type DeadlineKind } from './deadlines.ts';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const amount = z.int().check(z.minimum(0), z.maximum(366));

const pointBase = {
  $comment: z.optional(z.string()),
  /** Short and stable: part of the schedule name and of the send-once key. */
  id: z.string().check(z.regex(/^[a-z][a-z0-9]{0,7}$/, '提醒点 id 须为小写字母开头、最多 8 个字母或数字')),
  /** `届满前7日` — shown on the reminder. */
  label: z.string().check(z.minLength(1)),
  /** Sent to the escalation audience (the head) instead of the kind's audience. */
  escalation: z.optional(z.boolean()),
};

export const reminderPointSchema = z.union([
  z.strictObject({ ...pointBase, before: z.strictObject({ days: amount }) }),
  z.strictObject({ ...pointBase, before: z.strictObject({ workingDays: amount }) }),
  z.strictObject({ ...pointBase, after: z.strictObject({ workingDays: z.int().check(z.minimum(1), z.maximum(366)) }) }),
  /** The date comes from a `days_before` rule of data/rules.json (so a bureau override applies). */
  z.strictObject({ ...pointBase, rule: z.string().check(z.minLength(1)) }),
]);
export type ReminderPointConfig = z.infer<typeof reminderPointSchema>;

const audienceToken = z.string().check(
  z.refine(
    (s) => ['case_officers', 'subject_person', 'deadline_people', 'responsible_department'].includes(s) || ROLES.some((r) => s === `role:${r}`),
    `受众须为 case_officers、subject_person、deadline_people、responsible_department 或 role:${ROLES.join('|role:')}`,
  ),
);
/** `deadline_people`: the people the deadline names (a drawn target's inspectors, a draw's organiser). */
export type AudienceToken = 'case_officers' | 'subject_person' | 'deadline_people' | 'responsible_department' | `role:${Role}`;

export const reminderConfigSchema = z.object({
  $comment: z.optional(z.string()),
  timeZone: z.literal('Asia/Shanghai'),
  /** Every scheduled point is sent at this time on a working day. */
  sendTime: z.string().check(z.regex(HH_MM, '时间须为 HH:MM')),
  /** A catch-up is sent at once only between sendTime and this time of a working day. */
  sendWindowEnd: z.string().check(z.regex(HH_MM, '时间须为 HH:MM')),
  /** The daily reconciliation also looks this many days further back for missed reminders. */
  lookbackDays: z.int().check(z.minimum(0), z.maximum(60)),
  /** Upper bound on a run of consecutive rest days (the shipped calendar's longest is checked in tests). */
  restSlackDays: z.int().check(z.minimum(2), z.maximum(60)),
  profiles: z.record(
    z.string().check(z.regex(/^[a-z][a-z0-9_]*$/)),
    z.object({ $comment: z.optional(z.string()), points: z.array(reminderPointSchema).check(z.minLength(1)) }),
  ),
  kinds: z.record(
    z.enum(DEADLINE_KINDS),
    z.object({
      $comment: z.optional(z.string()),
      profile: z.string(),
      audience: z.array(audienceToken).check(z.minLength(1)),
    }),
  ),
  escalationAudience: z.array(audienceToken).check(z.minLength(1)),
  /** A 责任科室 that names a group rather than one department (各执法科室 → every officer). */
  departmentAliases: z.optional(z.record(z.string(), z.object({ $comment: z.optional(z.string()), role: z.enum(ROLES) }))),
  /** Who is told when an audience resolves to nobody (no active officer left, empty department). */
  fallbackAudience: z.array(audienceToken).check(z.minLength(1)),
});

export interface ReminderConfig extends Omit<z.infer<typeof reminderConfigSchema>, 'kinds' | 'escalationAudience' | 'fallbackAudience'> {
  kinds: Record<DeadlineKind, { profile: string; audience: AudienceToken[] }>;
  escalationAudience: AudienceToken[];
  fallbackAudience: AudienceToken[];
  /** sendTime and sendWindowEnd as minutes after midnight. */
  sendMinute: number;
  windowEndMinute: number;
}

export class ReminderConfigError extends Error {
  override name = 'ReminderConfigError';
}

function minutes(hhmm: string): number {
  const m = HH_MM.exec(hhmm) as RegExpExecArray;
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Validates the reminder configuration against the rules table. Throws ReminderConfigError naming
 * every problem: unknown profiles, kinds without a configuration, repeated point ids, rule points that
 * name a missing rule or one that is not `days_before`, a window that ends before it starts.
 */
export function buildReminderConfig(data: unknown, rules: readonly Rule[]): ReminderConfig {
  const parsed = reminderConfigSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(根)'}：${i.message}`).join('；');
    throw new ReminderConfigError(`提醒配置格式错误：${problems}`);
  }
  const c = parsed.data;
  const problems: string[] = [];
  for (const [name, profile] of Object.entries(c.profiles)) {
    const ids = new Set<string>();
    for (const p of profile.points) {
      if (ids.has(p.id)) problems.push(`提醒方案 ${name} 的提醒点 id 重复：${p.id}`);
      ids.add(p.id);
      if ('rule' in p) {
        const rule = findRuleById(rules, p.rule);
        if (!rule) problems.push(`提醒方案 ${name} 的提醒点 ${p.id} 引用的规则不存在：${p.rule}`);
        else if (rule.period.unit !== 'days_before') problems.push(`提醒点 ${p.id} 引用的规则 ${p.rule} 不是“届满前若干日”规则`);
      }
    }
  }
  for (const kind of DEADLINE_KINDS) {
    const k = c.kinds[kind];
    if (!k) problems.push(`缺少期限类型 ${kind} 的提醒配置`);
    else if (!(k.profile in c.profiles)) problems.push(`期限类型 ${kind} 引用的提醒方案不存在：${k.profile}`);
  }
  const sendMinute = minutes(c.sendTime);
  const windowEndMinute = minutes(c.sendWindowEnd);
  if (windowEndMinute <= sendMinute) problems.push('sendWindowEnd 须晚于 sendTime');
  if (problems.length > 0) throw new ReminderConfigError(`提醒配置有误：${problems.join('；')}`);
  return {
    ...c,
    kinds: c.kinds as ReminderConfig['kinds'],
    escalationAudience: c.escalationAudience as AudienceToken[],
    fallbackAudience: c.fallbackAudience as AudienceToken[],
    sendMinute,
    windowEndMinute,
  };
}

export function pointsFor(config: ReminderConfig, kind: DeadlineKind): ReminderPointConfig[] {
  const profile = config.profiles[config.kinds[kind].profile];
  return profile ? profile.points : [];
}
