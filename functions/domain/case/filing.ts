/**
 * Filing a case (立案): the form's values, the officers' certificates, the case number.
 * Pure: the filing instant, ids and the roster are arguments.
 */
import * as z from 'zod/mini';
import type { Person } from '../roster/types.ts';
import { shanghaiDate } from '../shared/time.ts';
import { caseIdFor, formatCaseNumber } from './case-number.ts';
import { chooseOneOf, FILING_FIELD_LABELS, FILING_FIELDS, type FilingFieldName } from './filing-fields.ts';
import { isValidResidentId, isValidUscc } from './identifiers.ts';
import {
  CASE_TYPES,
  type Case,
  type CaseOfficer,
  type CaseType,
  PARTY_TYPES,
  type PartyType,
  PROCEDURES,
  type Procedure,
} from './types.ts';

export { FILING_FIELD_LABELS, FILING_FIELD_NAMES, FILING_FIELDS, type FilingFieldName } from './filing-fields.ts';

const F = FILING_FIELDS;

/** Minimum officers per case: 行政处罚法 Art. 42. */
export const MIN_OFFICERS = F.officers.minPeople;

const text = (max: number) =>
  z.string({ error: '不能为空' }).check(z.trim(), z.minLength(1, '不能为空'), z.maxLength(max, `不能超过 ${max} 个字`));

const openIdList = z.pipe(
  z.pipe(
    z.union([z.array(z.string()), z.string()], { error: '请选择承办人员' }),
    z.transform((v) => (Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean)),
  ),
  z
    .array(z.string().check(z.regex(/^ou_[\w-]{1,100}$/, '含无效的人员标识')))
    .check(z.maxLength(F.officers.maxPeople, `最多 ${F.officers.maxPeople} 人`)),
);

/** One check per field of the table; a field added there without one here does not compile. */
const fieldSchemas = {
  party_name: text(F.party_name.maxLength),
  party_type: z.enum(PARTY_TYPES, { error: chooseOneOf(F.party_type.options) }),
  party_id: z
    .string({ error: '不能为空' })
    .check(
      z.overwrite((s) => s.replace(/\s+/g, '').toUpperCase()),
      z.minLength(1, '不能为空'),
      z.maxLength(F.party_id.maxLength, `应为 ${F.party_id.maxLength} 位`),
    ),
  case_type: z.enum(CASE_TYPES, { error: chooseOneOf(F.case_type.options) }),
  procedure: z.enum(PROCEDURES, { error: chooseOneOf(F.procedure.options) }),
  summary: text(F.summary.maxLength),
  source: text(F.source.maxLength),
  legal_basis: text(F.legal_basis.maxLength),
  officers: openIdList,
} satisfies Record<FilingFieldName, z.ZodMiniType>;

export const filingFormSchema = z.object(fieldSchemas);

export interface FilingForm {
  partyName: string;
  partyType: PartyType;
  partyId: string;
  caseType: CaseType;
  procedure: Procedure;
  summary: string;
  source: string;
  legalBasis: string;
  officerOpenIds: string[];
}

export { caseIdFor, DEFAULT_CASE_NUMBER_FORMAT, formatCaseNumber, isValidCaseNumberFormat } from './case-number.ts';
export { caseNumberExamples, parseCaseNumber, readCaseNumber } from './read-case-number.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Parses raw `form_value`; each problem names its field in Chinese and says why. */
export function parseFilingForm(formValue: unknown): Result<FilingForm> {
  if (formValue != null && (typeof formValue !== 'object' || Array.isArray(formValue))) {
    return { ok: false, errors: ['表单：内容无法识别，请重新发送「立案」填写'] };
  }
  const parsed = filingFormSchema.safeParse(formValue ?? {});
  const errors: string[] = [];
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as FilingFieldName | undefined;
      const key = String(field);
      if (seen.has(key)) continue;
      seen.add(key);
      const label = field && field in FILING_FIELD_LABELS ? FILING_FIELD_LABELS[field] : '表单';
      errors.push(`${label}：${issue.message}`);
    }
    return { ok: false, errors };
  }
  const v = parsed.data;
  if (v.party_type === 'person' && !isValidResidentId(v.party_id)) {
    errors.push('证件号码：自然人应填写 18 位居民身份证号码，当前号码校验不通过');
  }
  if (v.party_type === 'organization' && !isValidUscc(v.party_id)) {
    errors.push('证件号码：法人或其他组织应填写 18 位统一社会信用代码，当前代码校验不通过');
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      partyName: v.party_name,
      partyType: v.party_type,
      partyId: v.party_id,
      caseType: v.case_type,
      procedure: v.procedure,
      summary: v.summary,
      source: v.source,
      legalBasis: v.legal_basis,
      officerOpenIds: v.officers,
    },
  };
}

/**
 * Checks the officers: the filer is always one of them; at least two distinct people, each on the roster
 * (active: the store returns only active people) with the `officer` role and an enforcement certificate
 * valid on the filing date (行政处罚法 Art. 42). Names the officer who fails.
 */
export function assignOfficers(
  filer: Person,
  officerOpenIds: string[],
  roster: ReadonlyMap<string, Person>,
  filingDate: string,
): Result<CaseOfficer[]> {
  const ids = [filer.openId, ...officerOpenIds.filter((id) => id !== filer.openId)];
  const unique = [...new Set(ids)];
  const errors: string[] = [];
  const officers: CaseOfficer[] = [];
  for (const id of unique) {
    const person = id === filer.openId ? filer : roster.get(id);
    if (!person) {
      errors.push(`承办人员：所选人员（${id}）不在人员名册中，请联系行政审批科添加`);
      continue;
    }
    // The form offers only officers; a forged form must not make a reviewer or the head one.
    if (!person.roles.includes('officer')) {
      errors.push(`承办人员：${person.name} 不是执法人员（名册角色不含 officer），不能承办案件`);
      continue;
    }
    const cert = person.certificate;
    if (!cert) {
      errors.push(`承办人员：${person.name} 没有行政执法证，不能承办案件（行政处罚法第四十二条）`);
      continue;
    }
    if (cert.validUntil < filingDate) {
      errors.push(`承办人员：${person.name} 的行政执法证（${cert.number}）已于 ${cert.validUntil} 到期，不能承办案件`);
      continue;
    }
    officers.push({
      openId: person.openId,
      name: person.name,
      department: person.department,
      certificateNumber: cert.number,
      certificateValidUntil: cert.validUntil,
    });
  }
  if (unique.length < MIN_OFFICERS) {
    errors.push(`承办人员：除本人外还需至少选择 ${MIN_OFFICERS - 1} 名持有效执法证的人员（行政处罚法第四十二条：执法人员不得少于两人）`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: officers };
}

export interface NewCaseInput {
  form: FilingForm;
  officers: CaseOfficer[];
  filedBy: string;
  filedAt: string; // ISO instant
  year: number;
  seq: number;
  caseNumberFormat: string;
}

export function buildCase(input: NewCaseInput): Case {
  const { form } = input;
  return {
    caseId: caseIdFor(input.year, input.seq),
    caseNumber: formatCaseNumber(input.caseNumberFormat, input.year, input.seq),
    year: input.year,
    seq: input.seq,
    status: 'filed',
    caseType: form.caseType,
    procedure: form.procedure,
    party: { name: form.partyName, type: form.partyType, idNumber: form.partyId },
    summary: form.summary,
    source: form.source,
    legalBasis: form.legalBasis,
    officers: input.officers,
    filedBy: input.filedBy,
    filedAt: input.filedAt,
    filingDate: shanghaiDate(input.filedAt),
    version: 1,
  };
}
