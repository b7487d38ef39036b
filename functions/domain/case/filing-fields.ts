/**
 * The filing form (立案登记), field by field: name (what the card's form sends back), label, limits and
 * options. The one source for both the server's check (filing.ts) and the form card
 * (cards/filing-form.ts), so the two cannot disagree on a limit or a name. Later forms follow the same
 * pattern. Order is the card's order. Pure data.
 */
import { CASE_TYPES, PARTY_TYPE_LABELS, PARTY_TYPES, PROCEDURE_LABELS, PROCEDURES } from './types.ts';

export interface FieldOption {
  value: string;
  label: string;
}

export type FilingFieldSpec =
  | { kind: 'text'; label: string; placeholder: string; maxLength: number; multiline?: boolean }
  | { kind: 'select'; label: string; placeholder: string; options: readonly FieldOption[] }
  /** `minPeople` counts the filer, who is always one of them. `note` follows the label on the card. */
  | { kind: 'people'; label: string; note: string; placeholder: string; minPeople: number; maxPeople: number };

const labelled = <V extends string>(values: readonly V[], labels: Readonly<Record<V, string>>): FieldOption[] =>
  values.map((value) => ({ value, label: labels[value] }));

export const FILING_FIELDS = {
  party_name: { kind: 'text', label: '当事人名称', placeholder: '自然人填写姓名，单位填写全称', maxLength: 100 },
  party_type: { kind: 'select', label: '当事人类型', placeholder: '请选择当事人类型', options: labelled(PARTY_TYPES, PARTY_TYPE_LABELS) },
  party_id: { kind: 'text', label: '证件号码', placeholder: '统一社会信用代码（18位）或 身份证号（18位）', maxLength: 18 },
  case_type: { kind: 'select', label: '案件类型', placeholder: '请选择案件类型', options: CASE_TYPES.map((t) => ({ value: t, label: t })) },
  procedure: { kind: 'select', label: '程序', placeholder: '请选择适用程序', options: labelled(PROCEDURES, PROCEDURE_LABELS) },
  summary: { kind: 'text', label: '案情摘要', placeholder: '简要说明违法事实：时间、地点、行为及后果', maxLength: 1000, multiline: true },
  source: { kind: 'text', label: '案件来源', placeholder: '如：投诉举报、监督检查、上级交办、移送', maxLength: 200 },
  legal_basis: { kind: 'text', label: '立案依据', placeholder: '涉嫌违反的法律、法规、规章条款', maxLength: 500, multiline: true },
  // 行政处罚法 Art. 42: at least two officers. At most 20: a bound on a forged form, far above any case.
  officers: { kind: 'people', label: '承办人员', note: '（含本人，至少两名）', placeholder: '请选择承办执法人员', minPeople: 2, maxPeople: 20 },
} as const satisfies Record<string, FilingFieldSpec>;

export type FilingFieldName = keyof typeof FILING_FIELDS;

export const FILING_FIELD_NAMES = Object.keys(FILING_FIELDS) as FilingFieldName[];

export const FILING_FIELD_LABELS = Object.fromEntries(FILING_FIELD_NAMES.map((n) => [n, FILING_FIELDS[n].label])) as {
  readonly [K in FilingFieldName]: (typeof FILING_FIELDS)[K]['label'];
};

/** What to say when a select's value is not one of its options: the options, in the card's words. */
export function chooseOneOf(options: readonly FieldOption[]): string {
  const names = options.map((o) => o.label);
  return names.length === 2 ? `请选择“${names[0]}”或“${names[1]}”` : `请选择：${names.join('、')}`;
}
