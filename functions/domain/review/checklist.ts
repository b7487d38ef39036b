/**
 * The reviewer's checklist: the officers' certificate status (filled in by the bot, not the reviewer)
 * and the parsing of a submitted review card against the outcome rules.
 */
import * as z from 'zod/mini';
import type { CaseOfficer } from '../case/types.ts';
import type { LocalDate } from '../deadlines/local-date.ts';
import type { Person } from '../roster/types.ts';
import type { Result } from './result.ts';
import {
  CHECK_RESULTS,
  CHECKLIST_ITEMS,
  CHECKLIST_KEYS,
  type ChecklistKey,
  type CheckResult,
  checkField,
  NOTE_MAX_LENGTH,
  noteField,
  OPINION_FIELD,
  OPINION_LABEL,
  OPINION_MAX_LENGTH,
  REVIEW_OUTCOME_LABELS,
  type ReviewOutcome,
} from './vocabulary.ts';

export type QualificationStatus = 'valid' | 'expired' | 'no_certificate' | 'not_on_roster';

export interface OfficerQualification {
  openId: string;
  name: string;
  status: QualificationStatus;
  certificateNumber: string | null;
  validUntil: string | null;
  /** `张三：执法证 GS-0001 有效至 2027-12-31` */
  text: string;
}

/**
 * Each handling officer's enforcement certificate on the review date (行政处罚法第四十二条: only
 * qualified officers may enforce). The roster's current certificate counts, so a renewal after filing
 * is seen; someone no longer on the roster cannot be confirmed. Pass active people only.
 */
export function officerQualifications(
  officers: readonly Pick<CaseOfficer, 'openId' | 'name'>[],
  roster: ReadonlyMap<string, Person>,
  reviewDate: LocalDate,
): OfficerQualification[] {
  return officers.map((o) => {
    const person = roster.get(o.openId);
    if (!person) {
      return {
        openId: o.openId,
        name: o.name,
        status: 'not_on_roster',
        certificateNumber: null,
        validUntil: null,
        text: `${o.name}：不在人员名册中，无法确认执法资格`,
      };
    }
    const cert = person.certificate;
    if (!cert) {
      return {
        openId: o.openId,
        name: person.name,
        status: 'no_certificate',
        certificateNumber: null,
        validUntil: null,
        text: `${person.name}：没有行政执法证`,
      };
    }
    const valid = cert.validUntil >= reviewDate;
    return {
      openId: o.openId,
      name: person.name,
      status: valid ? 'valid' : 'expired',
      certificateNumber: cert.number,
      validUntil: cert.validUntil,
      text: valid
        ? `${person.name}：执法证 ${cert.number} 有效至 ${cert.validUntil}`
        : `${person.name}：执法证 ${cert.number} 已于 ${cert.validUntil} 到期`,
    };
  });
}

export function allQualified(list: readonly OfficerQualification[]): boolean {
  return list.length > 0 && list.every((q) => q.status === 'valid');
}

export interface ChecklistEntry {
  result: CheckResult;
  /** Required for `problem`; optional for `pass`. */
  note: string | null;
}
export type Checklist = Record<ChecklistKey, ChecklistEntry>;

export interface ReviewVerdict {
  outcome: ReviewOutcome;
  checklist: Checklist;
  opinion: string | null;
}

const checkValue = z.enum(
  CHECK_RESULTS.map((r) => r.value) as [CheckResult, ...CheckResult[]],
  { error: '请选择“通过”或“有问题”' },
);
const optionalText = (max: number) =>
  z.pipe(
    z.optional(z.nullable(z.string({ error: '应为文字' }).check(z.trim(), z.maxLength(max, `不能超过 ${max} 个字`)))),
    z.transform((s) => (s == null || s === '' ? null : s)),
  );

const shape: Record<string, z.ZodMiniType> = {};
for (const key of CHECKLIST_KEYS) {
  shape[checkField(key)] = checkValue;
  shape[noteField(key)] = optionalText(NOTE_MAX_LENGTH);
}
shape[OPINION_FIELD] = optionalText(OPINION_MAX_LENGTH);
/** The review card's form: `check_<key>` (pass|problem), `note_<key>`, `opinion`. */
export const reviewFormSchema = z.object(shape);

function labelOf(field: string): string {
  if (field === OPINION_FIELD) return OPINION_LABEL;
  const key = field.replace(/^(check|note)_/, '') as ChecklistKey;
  const item = CHECKLIST_ITEMS[key];
  if (!item) return '表单';
  return field.startsWith('note_') ? `${item.label}的说明` : item.label;
}

/**
 * Parses a submitted review card for the button pressed. Every item must be answered. Outcome rules:
 * 同意 needs every item `pass`; 不同意 and 退回补充 need at least one `problem` and an opinion. Every
 * `problem` needs its note. `qualification` cannot pass while an officer's certificate is not valid
 * on the review date (the bot's own check, shown on the card).
 */
export function parseReviewForm(
  formValue: unknown,
  outcome: ReviewOutcome,
  qualifications: readonly OfficerQualification[],
): Result<ReviewVerdict> {
  if (formValue != null && (typeof formValue !== 'object' || Array.isArray(formValue))) {
    return { ok: false, errors: ['表单：内容无法识别，请在审核卡片上重新填写'] };
  }
  const parsed = reviewFormSchema.safeParse(formValue ?? {});
  if (!parsed.success) {
    const errors: string[] = [];
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      if (seen.has(field)) continue;
      seen.add(field);
      errors.push(`${labelOf(field)}：${issue.message}`);
    }
    return { ok: false, errors };
  }
  const v = parsed.data as Record<string, string | null>;
  const checklist = {} as Checklist;
  const errors: string[] = [];
  for (const key of CHECKLIST_KEYS) {
    const result = v[checkField(key)] as CheckResult;
    const note = v[noteField(key)] ?? null;
    checklist[key] = { result, note };
    if (result === 'problem' && note === null) {
      errors.push(`${CHECKLIST_ITEMS[key].label}：标为“有问题”时须填写说明`);
    }
  }
  const opinion = v[OPINION_FIELD] ?? null;
  const label = REVIEW_OUTCOME_LABELS[outcome];
  const problems = CHECKLIST_KEYS.filter((k) => checklist[k].result === 'problem');

  if (outcome === 'approved' && problems.length > 0) {
    errors.push(
      `${label}：所有审核项均须为“通过”，${problems.map((k) => `“${CHECKLIST_ITEMS[k].label}”`).join('、')}有问题时请选择“不同意”或“退回补充”`,
    );
  }
  if (outcome !== 'approved') {
    if (problems.length === 0) errors.push(`${label}：请至少将一项标为“有问题”并写明说明`);
    if (opinion === null) errors.push(`${OPINION_LABEL}：选择“${label}”时须填写审核意见`);
  }
  if (checklist.qualification.result === 'pass' && !allQualified(qualifications)) {
    const failing = qualifications.filter((q) => q.status !== 'valid').map((q) => q.text);
    errors.push(
      `${CHECKLIST_ITEMS.qualification.label}：${failing.length > 0 ? failing.join('；') : '本案没有承办人员'}，不能标为“通过”`,
    );
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { outcome, checklist, opinion } };
}

/** The items marked `problem`, with their notes, in checklist order. */
export function checklistProblems(checklist: Checklist): { key: ChecklistKey; label: string; note: string }[] {
  return CHECKLIST_KEYS.filter((k) => checklist[k].result === 'problem').map((k) => ({
    key: k,
    label: CHECKLIST_ITEMS[k].label,
    note: checklist[k].note ?? '',
  }));
}
