/**
 * Reads an import file (a JSON array of objects, or CSV with a header row) into raw rows with the line
 * each row starts on, mapping Chinese or English column names to field keys. Validation of the values
 * is the caller's (zod); this only finds rows and columns, so every bad row can be reported by line.
 */
import { jsonElementLines, readCsv } from '../shared/tabular.ts';

export type ImportFormat = 'json' | 'csv';

export interface ImportProblem {
  line: number;
  message: string;
}

export interface ColumnSpec {
  key: string;
  /** Header names accepted besides `key` (e.g. the Chinese column title). */
  aliases: readonly string[];
  required: boolean;
  /** CSV cells holding several values, split on ; ； 、 | */
  list?: boolean;
}

export interface RawRow {
  line: number;
  row: Record<string, unknown>;
}

/** File-level problems fail the file; `rowProblems` are rows that are not rows at all (a JSON non-object). */
export type TableResult =
  | { ok: true; rows: RawRow[]; rowProblems: ImportProblem[] }
  | { ok: false; problems: ImportProblem[] };

/** `统一社会信用代码`, ` Credit_Code ` and `credit-code` all name the same column. */
function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_');
}

function columnIndex(columns: readonly ColumnSpec[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of columns) {
    m.set(normalizeHeader(c.key), c.key);
    for (const a of c.aliases) m.set(normalizeHeader(a), c.key);
  }
  return m;
}

const LIST_SEPARATORS = /[;；、|]/;

export function splitList(cell: string): string[] {
  return cell
    .split(LIST_SEPARATORS)
    .map((s) => s.trim())
    .filter(Boolean);
}

function fromJson(text: string, columns: readonly ColumnSpec[]): TableResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [{ line: 1, message: `JSON 无法解析：${(err as Error).message}` }] };
  }
  if (!Array.isArray(data)) return { ok: false, problems: [{ line: 1, message: '应为 JSON 数组，每个元素一行' }] };
  const index = columnIndex(columns);
  const lines = jsonElementLines(text);
  const rows: RawRow[] = [];
  const problems: ImportProblem[] = []; // elements that are not objects
  data.forEach((element: unknown, i) => {
    const line = lines[i] ?? i + 1;
    if (element === null || typeof element !== 'object' || Array.isArray(element)) {
      problems.push({ line, message: '每一行应为一个对象（{…}）' });
      return;
    }
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(element)) {
      const key = index.get(normalizeHeader(k));
      // The first of two names for one column wins; unknown keys are ignored.
      if (key !== undefined && !(key in row)) row[key] = v;
    }
    rows.push({ line, row });
  });
  return { ok: true, rows, rowProblems: problems };
}

function fromCsv(text: string, columns: readonly ColumnSpec[]): TableResult {
  const [head, ...body] = readCsv(text);
  if (!head) return { ok: false, problems: [{ line: 1, message: '文件为空' }] };
  const index = columnIndex(columns);
  const keys = head.cells.map((c) => index.get(normalizeHeader(c)));
  const missing = columns.filter((c) => c.required && !keys.includes(c.key));
  if (missing.length > 0) {
    const names = missing.map((c) => c.aliases[0] ?? c.key).join('、');
    return { ok: false, problems: [{ line: head.line, message: `缺少列：${names}` }] };
  }
  const listKeys = new Set(columns.filter((c) => c.list).map((c) => c.key));
  const rows = body.map(({ line, cells }) => {
    const row: Record<string, unknown> = {};
    keys.forEach((key, i) => {
      if (key === undefined || key in row) return;
      const cell = (cells[i] ?? '').trim();
      if (listKeys.has(key)) row[key] = splitList(cell);
      else if (cell !== '') row[key] = cell;
    });
    return { line, row };
  });
  return { ok: true, rows, rowProblems: [] };
}

/** Rows of a JSON or CSV import file (a UTF-8 byte-order mark is dropped: Excel writes one). */
export function readTable(raw: string, format: ImportFormat, columns: readonly ColumnSpec[]): TableResult {
  const text = raw.replace(/^\uFEFF/, '');
  const r = format === 'json' ? fromJson(text, columns) : fromCsv(text, columns);
  if (r.ok && r.rows.length === 0 && r.rowProblems.length === 0) {
    return { ok: false, problems: [{ line: 1, message: '文件中没有数据行' }] };
  }
  return r;
}

/** `字段: 原因` per zod issue, the field named by its Chinese label. */
export function issueMessages(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  labels: Readonly<Record<string, string>>,
): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const issue of issues) {
    const key = String(issue.path[0] ?? '');
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`${labels[key] ?? (key || '行')}：${issue.message}`);
  }
  return parts.join('；');
}
