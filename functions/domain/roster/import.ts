/**
 * Roster files: a JSON array of `{open_id, name, department, roles, certificate: {number, valid_until} | null,
 * specialties?}` or CSV with the same columns (certificate flattened to certificate_number,
 * certificate_valid_until; roles and specialties separated by `;`). A role is its English name or its
 * Chinese label (`科室负责人` = section_head).
 * All rows are validated before anything is written; every bad row is reported by line.
 */
import { jsonElementLines, readCsv } from '../shared/tabular.ts';
import * as z from 'zod/mini';
import { type Person, ROLE_LABELS, ROLES, type Role } from './types.ts';

const isoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  z.refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, '不是有效日期'),
);

/** `科室负责人` → section_head: a roster kept in Chinese reads as well as one in English. */
const ROLE_BY_LABEL = new Map<string, Role>(ROLES.map((r) => [ROLE_LABELS[r], r]));

const trimmed = (min: number, max: number, message: string) =>
  z.string().check(z.trim(), z.minLength(min, message), z.maxLength(max));

export const rosterRowSchema = z.object({
  open_id: z.string().check(z.trim(), z.regex(/^ou_[\w-]{1,100}$/, 'open_id 应以 ou_ 开头')),
  name: trimmed(1, 50, '姓名不能为空'),
  department: trimmed(1, 50, '科室不能为空'),
  roles: z
    .array(
      z.pipe(
        z.pipe(z.string(), z.transform((r: string) => ROLE_BY_LABEL.get(r.trim()) ?? r.trim())),
        z.enum(ROLES, { error: `角色只能是 ${ROLES.map((r) => `${r}（${ROLE_LABELS[r]}）`).join(', ')}` }),
      ),
    )
    .check(z.minLength(1, '至少一个角色')),
  certificate: z.nullable(
    z.object({
      number: trimmed(1, 50, '证件号不能为空'),
      valid_until: isoDate,
    }),
  ),
  specialties: z.optional(
    z.array(z.string().check(z.trim(), z.minLength(1, '专长不能为空'), z.maxLength(30, '专长不超过 30 个字'))).check(
      z.maxLength(20, '专长最多 20 个'),
    ),
  ),
});

export interface RosterProblem {
  line: number;
  message: string;
}

export { readCsv };

export type RosterParseResult = { ok: true; people: Person[] } | { ok: false; problems: RosterProblem[] };


function csvToRows(text: string): { line: number; row: unknown }[] | RosterProblem[] {
  const [head, ...body] = readCsv(text);
  if (!head) return [{ line: 1, message: '文件为空' }];
  const cols = head.cells.map((c) => c.trim().toLowerCase().replace('.', '_'));
  const need = ['open_id', 'name', 'department', 'roles'];
  const missing = need.filter((c) => !cols.includes(c));
  if (missing.length > 0) return [{ line: head.line, message: `缺少列：${missing.join(', ')}` }];
  return body.map(({ line, cells }) => {
    const get = (name: string) => {
      const i = cols.indexOf(name);
      return i >= 0 ? (cells[i] ?? '').trim() : '';
    };
    const number = get('certificate_number');
    const validUntil = get('certificate_valid_until');
    return {
      line,
      row: {
        open_id: get('open_id'),
        name: get('name'),
        department: get('department'),
        roles: get('roles')
          .split(/[;|、\s]+/)
          .filter(Boolean),
        certificate: number || validUntil ? { number, valid_until: validUntil } : null,
        specialties: get('specialties')
          .split(/[;|、；]+/)
          .map((x) => x.trim())
          .filter(Boolean),
      },
    };
  });
}


export function parseRoster(raw: string, format: 'json' | 'csv'): RosterParseResult {
  // Excel and Notepad on Windows save UTF-8 with a byte-order mark.
  const text = raw.replace(/^\uFEFF/, '');
  let rows: { line: number; row: unknown }[];
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      return { ok: false, problems: [{ line: 1, message: `JSON 无法解析：${(err as Error).message}` }] };
    }
    if (!Array.isArray(data)) return { ok: false, problems: [{ line: 1, message: '应为 JSON 数组' }] };
    const lines = jsonElementLines(text);
    rows = data.map((row, i) => ({ line: lines[i] ?? i + 1, row }));
  } else {
    const r = csvToRows(text);
    if (r.length > 0 && 'message' in (r[0] as object)) return { ok: false, problems: r as RosterProblem[] };
    rows = r as { line: number; row: unknown }[];
  }
  const problems: RosterProblem[] = [];
  const people: Person[] = [];
  const seen = new Map<string, number>();
  for (const { line, row } of rows) {
    const parsed = rosterRowSchema.safeParse(row);
    if (!parsed.success) {
      const msg = parsed.error.issues.map((i) => `${i.path.join('.') || '行'}: ${i.message}`).join('; ');
      problems.push({ line, message: msg });
      continue;
    }
    const p = parsed.data;
    const first = seen.get(p.open_id);
    if (first !== undefined) {
      problems.push({ line, message: `open_id ${p.open_id} 与第 ${first} 行重复` });
      continue;
    }
    seen.set(p.open_id, line);
    people.push({
      openId: p.open_id,
      name: p.name,
      department: p.department,
      roles: [...new Set(p.roles)],
      certificate: p.certificate ? { number: p.certificate.number, validUntil: p.certificate.valid_until } : null,
      ...(p.specialties && p.specialties.length > 0 ? { specialties: [...new Set(p.specialties)] } : {}),
    });
  }
  if (rows.length === 0) problems.push({ line: 1, message: '名册为空' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, people };
}
