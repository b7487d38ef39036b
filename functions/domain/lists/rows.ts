/**
 * The rows of each list: fields with their Chinese labels and accepted column names, validation, and
 * import from JSON or CSV (every bad row reported by line before anything is accepted, like the roster).
 */
import * as z from 'zod/mini';
import {
  type ColumnSpec,
  type ImportFormat,
  type ImportProblem,
  issueMessages,
  readTable,
} from './tabular.ts';
import { ITEM_KINDS, type ListKind, MATTER_CATEGORIES, type RowOf } from './types.ts';

export interface FieldSpec {
  key: string;
  label: string;
  /** Column names accepted besides `key` and `label`. */
  aliases: readonly string[];
  required: boolean;
  max: number;
  /** Free text over several lines (legal bases, procedures). */
  multiline?: boolean;
  choices?: readonly string[];
}

const f = (key: string, label: string, aliases: string[], required: boolean, max: number, more: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  label,
  aliases,
  required,
  max,
  ...more,
});

export const FIELDS: Record<ListKind, readonly FieldSpec[]> = {
  matters: [
    f('matter', '事项名称', ['执法事项', '事项', 'name'], true, 200),
    f('category', '事项类别', ['类别', '执法类别', '事项类型'], true, 10, { choices: MATTER_CATEGORIES }),
    f('legalBasis', '法律依据', ['legal_basis', '设定依据', '依据', '实施依据'], true, 2000, { multiline: true }),
    f('section', '责任科室', ['承办科室', '科室', '实施科室'], true, 50),
    f('procedure', '办理程序', ['程序', '执法程序', '流程'], true, 2000, { multiline: true }),
    f('timeLimit', '办理时限', ['time_limit', '时限', '法定时限'], true, 200),
    f('remedy', '救济渠道', ['救济途径', '救济方式'], true, 1000, { multiline: true }),
  ],
  inspection_items: [
    f('item', '抽查事项', ['事项名称', '检查事项', 'name'], true, 200),
    f('legalBasis', '抽查依据', ['legal_basis', '法律依据', '依据', '检查依据'], true, 2000, { multiline: true }),
    f('section', '检查科室', ['抽查主体', '实施科室', '责任科室', '科室'], true, 50),
    f('content', '抽查内容', ['检查内容', '内容'], true, 2000, { multiline: true }),
    f('method', '抽查方式', ['检查方式', '方式'], true, 500),
    f('kind', '事项类别', ['类别', '一般或重点', '事项类型'], true, 2, { choices: ITEM_KINDS }),
    f('targets', '抽查对象', ['检查对象', '对象'], false, 500),
    f('ratio', '抽查比例', ['比例'], false, 100),
    f('frequency', '抽查频次', ['频次'], false, 100),
  ],
  officers: [
    f('name', '姓名', [], true, 50),
    f('certificateNumber', '执法证号', ['certificate_number', '证件号', '执法证件号', '证号'], true, 50),
    f('field', '执法领域', ['执法类别', '执法门类', '领域'], true, 100),
  ],
};

/** The field that names a row within its list: two rows of one version never share it. */
export const KEY_FIELD: { [K in ListKind]: keyof RowOf<K> & string } = {
  matters: 'matter',
  inspection_items: 'item',
  officers: 'certificateNumber',
};

/** The field naming the section that owns a row (the officers' directory is 行政审批科's alone). */
export const SECTION_FIELD: Record<ListKind, 'section' | null> = {
  matters: 'section',
  inspection_items: 'section',
  officers: null,
};

export const OPTIONAL_FIELDS: Record<ListKind, string[]> = {
  matters: FIELDS.matters.filter((x) => !x.required).map((x) => x.key),
  inspection_items: FIELDS.inspection_items.filter((x) => !x.required).map((x) => x.key),
  officers: FIELDS.officers.filter((x) => !x.required).map((x) => x.key),
};

export function fieldLabel(kind: ListKind, key: string): string {
  return FIELDS[kind].find((x) => x.key === key)?.label ?? key;
}

export function rowKey<K extends ListKind>(kind: K, row: RowOf<K>): string {
  return row[KEY_FIELD[kind]] as string;
}

const ONE_LINE_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const MULTI_LINE_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function fieldSchema(spec: FieldSpec, required: boolean) {
  const base = z.pipe(
    z.union([z.string(), z.number()], { error: required ? '不能为空' : '应为文字' }),
    z.transform((v: string | number) => String(v).normalize('NFC').replace(/\r\n?/g, '\n').trim()),
  );
  const text = z.string().check(
    z.minLength(1, '不能为空'),
    z.maxLength(spec.max, `不能超过 ${spec.max} 个字`),
    z.refine((s) => !(spec.multiline ? MULTI_LINE_CONTROL : ONE_LINE_CONTROL).test(s), spec.multiline ? '含有不允许的控制字符' : '不能换行或含控制字符'),
  );
  const checked = spec.choices
    ? z.pipe(base, z.enum(spec.choices as [string, ...string[]], { error: `请填写：${spec.choices.join('、')}` }))
    : z.pipe(base, text);
  return required ? checked : z.optional(checked);
}

/** The row schema of a list, with the bureau's required optional fields. */
export function rowSchema(kind: ListKind, requiredOptional: readonly string[] = []) {
  const shape: Record<string, ReturnType<typeof fieldSchema>> = {};
  for (const spec of FIELDS[kind]) shape[spec.key] = fieldSchema(spec, spec.required || requiredOptional.includes(spec.key));
  return z.object(shape);
}

/** Empty cells and nulls count as absent (an optional field left blank). */
function dropBlanks(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) continue;
    out[k] = v;
  }
  return out;
}

export type RowResult<K extends ListKind> = { ok: true; row: RowOf<K> } | { ok: false; errors: string[] };

export interface RowOptions {
  /** Optional fields the bureau requires (data/lists.json `requiredOptional`). */
  requiredOptional?: readonly string[];
  /** The bureau's sections (the roster's departments): a row's 责任科室 / 检查科室 must be one of them. */
  sections?: readonly string[];
}

/** One row (a card's form): each problem names its field in Chinese. */
export function parseListRow<K extends ListKind>(kind: K, raw: unknown, options: RowOptions = {}): RowResult<K> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, errors: ['内容无法识别，请重新填写'] };
  const labels = Object.fromEntries(FIELDS[kind].map((x) => [x.key, x.label]));
  const parsed = rowSchema(kind, options.requiredOptional).safeParse(dropBlanks(raw as Record<string, unknown>));
  if (!parsed.success) return { ok: false, errors: issueMessages(parsed.error.issues, labels).split('；') };
  const row = parsed.data as unknown as RowOf<K>;
  const sectionField = SECTION_FIELD[kind];
  const section = sectionField === null ? undefined : (row as unknown as Record<string, string>)[sectionField];
  if (section !== undefined && options.sections !== undefined && !options.sections.includes(section)) {
    return { ok: false, errors: [`${fieldLabel(kind, 'section')}：「${section}」不是本局的科室（${options.sections.join('、')}）`] };
  }
  return { ok: true, row };
}

export function columnsOf(kind: ListKind): ColumnSpec[] {
  return FIELDS[kind].map((x) => ({ key: x.key, aliases: [x.label, ...x.aliases], required: x.required }));
}

export type ListImportResult<K extends ListKind> = { ok: true; rows: RowOf<K>[] } | { ok: false; problems: ImportProblem[] };

/**
 * A list file (JSON array, or CSV with a header row; columns by Chinese label or English key). Every
 * bad row is reported by line, duplicates (same 事项名称 / 抽查事项 / 执法证号) with the first line;
 * nothing is accepted until every row is good.
 */
export function parseListRows<K extends ListKind>(
  kind: K,
  raw: string,
  format: ImportFormat,
  options: RowOptions = {},
): ListImportResult<K> {
  const table = readTable(raw, format, columnsOf(kind));
  if (!table.ok) return table;
  const problems: ImportProblem[] = [...table.rowProblems];
  const rows: RowOf<K>[] = [];
  const seen = new Map<string, number>();
  const keyLabel = fieldLabel(kind, KEY_FIELD[kind]);
  for (const { line, row } of table.rows) {
    const r = parseListRow(kind, row, options);
    if (!r.ok) {
      problems.push({ line, message: r.errors.join('；') });
      continue;
    }
    const key = rowKey(kind, r.row);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ line, message: `${keyLabel}「${key}」与第 ${first} 行重复` });
      continue;
    }
    seen.set(key, line);
    rows.push(r.row);
  }
  problems.sort((a, b) => a.line - b.line);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
