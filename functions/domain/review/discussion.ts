/** The head's forms: the 集体讨论 record (行政处罚法第五十七条第二款) and the 不批准 reason. */
import * as z from 'zod/mini';
import { compareDates, type LocalDate, parseFlexibleDate } from '../deadlines/local-date.ts';
import type { Result } from './result.ts';
import {
  CONCLUSION_MAX_LENGTH,
  DISCUSSION_FIELDS,
  type DiscussionFieldName,
  MAX_PARTICIPANTS,
  PARTICIPANT_NAME_MAX_LENGTH,
  REASON_FIELD,
  REASON_LABEL,
  REASON_MAX_LENGTH,
} from './vocabulary.ts';

export interface DiscussionInput {
  date: LocalDate;
  participants: string[];
  conclusion: string;
}

const participantList = z.pipe(
  z.union([z.array(z.string()), z.string()], { error: '请填写参加人员姓名' }),
  z.transform((v) =>
    (Array.isArray(v) ? v : v.split(/[、,，;；\s\u3000]+/))
      .map((s) => s.trim())
      .filter(Boolean),
  ),
);

export const discussionFormSchema = z.object({
  discussion_date: z.string({ error: '请填写日期' }),
  participants: participantList,
  conclusion: z
    .string({ error: '不能为空' })
    .check(z.trim(), z.minLength(1, '不能为空'), z.maxLength(CONCLUSION_MAX_LENGTH, `不能超过 ${CONCLUSION_MAX_LENGTH} 个字`)),
});

export interface DiscussionLimits {
  /** Today in Asia/Shanghai: a discussion cannot be dated in the future. */
  today: LocalDate;
  /** The day the review passed: the discussion decides on the reviewed proposal, so not before it. */
  notBefore: LocalDate;
  minParticipants: number;
}

/** Parses the 集体讨论 form: a real date within limits, distinct participants (at least the minimum), a conclusion. */
export function parseDiscussionForm(formValue: unknown, limits: DiscussionLimits): Result<DiscussionInput> {
  if (formValue != null && (typeof formValue !== 'object' || Array.isArray(formValue))) {
    return { ok: false, errors: ['表单：内容无法识别，请在决定卡片上重新填写'] };
  }
  const parsed = discussionFormSchema.safeParse(formValue ?? {});
  const errors: string[] = [];
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as DiscussionFieldName | undefined;
      const key = String(field);
      if (seen.has(key)) continue;
      seen.add(key);
      const label = field && field in DISCUSSION_FIELDS ? DISCUSSION_FIELDS[field].label : '表单';
      errors.push(`${label}：${issue.message}`);
    }
    return { ok: false, errors };
  }
  const v = parsed.data;
  const L = DISCUSSION_FIELDS;

  const date = parseFlexibleDate(v.discussion_date);
  if (date === null) {
    errors.push(`${L.discussion_date.label}：不是有效日期，请写作 2026-07-10 或 2026年7月10日`);
  } else if (compareDates(date, limits.today) > 0) {
    errors.push(`${L.discussion_date.label}：不能晚于今天（${limits.today}）`);
  } else if (compareDates(date, limits.notBefore) < 0) {
    errors.push(`${L.discussion_date.label}：不能早于法制审核通过之日（${limits.notBefore}）`);
  }

  const names = v.participants;
  const unique = [...new Set(names)];
  if (unique.length < names.length) errors.push(`${L.participants.label}：有重复的姓名`);
  if (names.some((n) => n.length > PARTICIPANT_NAME_MAX_LENGTH)) {
    errors.push(`${L.participants.label}：每个姓名不能超过 ${PARTICIPANT_NAME_MAX_LENGTH} 个字，请用顿号分隔`);
  }
  if (unique.length < limits.minParticipants) {
    errors.push(
      `${L.participants.label}：负责人集体讨论至少 ${limits.minParticipants} 人参加，当前 ${unique.length} 人（行政处罚法第五十七条第二款；本局目录清单）`,
    );
  }
  if (unique.length > MAX_PARTICIPANTS) errors.push(`${L.participants.label}：最多 ${MAX_PARTICIPANTS} 人`);

  if (errors.length > 0 || date === null) return { ok: false, errors };
  return { ok: true, value: { date, participants: unique, conclusion: v.conclusion } };
}

/** The 不批准 reason: required, trimmed, bounded. */
export function parseRefusalReason(formValue: unknown): Result<string> {
  const raw =
    formValue != null && typeof formValue === 'object' && !Array.isArray(formValue)
      ? (formValue as Record<string, unknown>)[REASON_FIELD]
      : undefined;
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return { ok: false, errors: [`${REASON_LABEL}：不批准时须填写理由`] };
  if (text.length > REASON_MAX_LENGTH) return { ok: false, errors: [`${REASON_LABEL}：不能超过 ${REASON_MAX_LENGTH} 个字`] };
  return { ok: true, value: text };
}
