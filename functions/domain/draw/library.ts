/**
 * The two libraries of 双随机 (检查对象名录库, 执法检查人员名录库) and the conflicts of interest: importing
 * targets (every bad row reported by line), the inspector library from the roster, and the frozen
 * canonical forms and hashes a draw commits to.
 */
import * as z from 'zod/mini';
import { isValidUscc } from '../case/identifiers.ts';
import type { Person } from '../roster/types.ts';
import { type ColumnSpec, type ImportFormat, type ImportProblem, issueMessages, readTable, splitList } from '../lists/tabular.ts';
import { compareCodePoints, isCanonicalText, sha256Hex, sortedUnique } from './canonical.ts';
import {
  ADDRESS_ALLOWED,
  type ConflictPair,
  type InspectorRecord,
  type Libraries,
  type LibraryHashes,
  RISK_LEVELS,
  type Target,
  TARGET_TYPE_LABELS,
  TARGET_TYPES,
  type TargetRecord,
  type TargetType,
} from './types.ts';

export const NAME_MAX = 200;
export const TAG_MAX = 30;
export const TAGS_MAX = 20;
export const ADDRESS_MAX = 200;

const CANONICAL_TEXT_MESSAGE = '含有不允许的字符（控制字符）或首尾空格';

/** Text as typed by people: NFC, trimmed, then checked. */
export const importedText = (max: number) =>
  z.string({ error: '不能为空' }).check(
    z.overwrite((s) => s.normalize('NFC').trim()),
    z.minLength(1, '不能为空'),
    z.maxLength(max, `不能超过 ${max} 个字`),
    z.refine(isCanonicalText, CANONICAL_TEXT_MESSAGE),
  );

/** Text read back from a draw file: must already be canonical (a file is never silently repaired). */
export const frozenText = (max: number) =>
  z.string().check(z.minLength(1), z.maxLength(max), z.refine(isCanonicalText, '不是规范文本（NFC、无首尾空格、无控制字符）'));

/** Tags as a JSON array or one `;`-separated text; sorted and de-duplicated. */
export const importedTags = (max: number, message: string) =>
  z.pipe(
    z.pipe(
      z.union([z.array(z.string({ error: '应为文字' })), z.string()], { error: '应为文字或文字列表' }),
      z.transform((v: string | string[]) => (Array.isArray(v) ? v : splitList(v))),
    ),
    z.pipe(
      z.array(importedText(TAG_MAX)).check(z.maxLength(max, message)),
      z.transform((tags: string[]) => sortedUnique(tags)),
    ),
  );

const USCC_MESSAGE = '应为 18 位统一社会信用代码，校验不通过';

const importedCreditCode = z.string({ error: '不能为空' }).check(
  z.overwrite((s) => s.normalize('NFKC').replace(/\s+/g, '').toUpperCase()),
  z.minLength(1, '不能为空'),
  z.refine(isValidUscc, USCC_MESSAGE),
);
export const frozenCreditCode = z.string().check(z.regex(/^[0-9A-Z]{18}$/), z.refine(isValidUscc, USCC_MESSAGE));

const TYPE_BY_WORD = new Map<string, TargetType>([
  ...TARGET_TYPES.map((t) => [t, t] as const),
  ...TARGET_TYPES.map((t) => [TARGET_TYPE_LABELS[t], t] as const),
]);
const TYPE_MESSAGE = `类型应为：${TARGET_TYPES.map((t) => TARGET_TYPE_LABELS[t]).join('、')}`;

const importedType = z.pipe(
  z.string({ error: TYPE_MESSAGE }),
  z.transform((s, ctx) => {
    const t = TYPE_BY_WORD.get(s.trim().toLowerCase()) ?? TYPE_BY_WORD.get(s.trim());
    if (t === undefined) {
      ctx.issues.push({ code: 'custom', message: TYPE_MESSAGE, input: s });
      return z.NEVER;
    }
    return t;
  }),
);

const RISK_MESSAGE = '风险等级应为 A、B、C 或 D（A 类信用风险最低，D 类最高）';
const importedRisk = z.pipe(
  z.string({ error: RISK_MESSAGE }),
  z.transform((s, ctx) => {
    const m = /^([ABCD])类?$/i.exec(s.normalize('NFKC').trim());
    if (!m) {
      ctx.issues.push({ code: 'custom', message: RISK_MESSAGE, input: s });
      return z.NEVER;
    }
    return (m[1] as string).toUpperCase() as (typeof RISK_LEVELS)[number];
  }),
);

export const targetRowSchema = z.object({
  name: importedText(NAME_MAX),
  credit_code: importedCreditCode,
  type: importedType,
  risk_level: importedRisk,
  sector_tags: z.optional(importedTags(TAGS_MAX, `标签最多 ${TAGS_MAX} 个`)),
  address: z.optional(z.pipe(z.string(), z.transform((s) => s.normalize('NFC').trim()))),
});

export const TARGET_COLUMNS: readonly ColumnSpec[] = [
  { key: 'name', aliases: ['名称', '检查对象名称', '企业名称', '单位名称'], required: true },
  { key: 'credit_code', aliases: ['统一社会信用代码', '信用代码', 'uscc'], required: true },
  { key: 'type', aliases: ['类型', '主体类型', '对象类型'], required: true },
  { key: 'risk_level', aliases: ['风险等级', '信用风险分类', '风险分类'], required: true },
  { key: 'sector_tags', aliases: ['行业标签', '行业', '标签'], required: false, list: true },
  { key: 'address', aliases: ['地址', '住所', '经营场所'], required: false },
];

const TARGET_LABELS: Record<string, string> = {
  name: '名称',
  credit_code: '统一社会信用代码',
  type: '类型',
  risk_level: '风险等级',
  sector_tags: '行业标签',
  address: '地址',
};

export type TargetImportResult = { ok: true; targets: Target[] } | { ok: false; problems: ImportProblem[] };

/**
 * A target library file: JSON array or CSV with columns 名称/name, 统一社会信用代码/credit_code, 类型/type,
 * 风险等级/risk_level, 行业标签/sector_tags (; separated), 地址/address (organisations only). Every bad
 * row is reported by line and then nothing is accepted.
 */
export function parseTargets(raw: string, format: ImportFormat): TargetImportResult {
  const table = readTable(raw, format, TARGET_COLUMNS);
  if (!table.ok) return table;
  const problems: ImportProblem[] = [...table.rowProblems];
  const targets: Target[] = [];
  const seen = new Map<string, number>();
  for (const { line, row } of table.rows) {
    const parsed = targetRowSchema.safeParse(row);
    if (!parsed.success) {
      problems.push({ line, message: issueMessages(parsed.error.issues, TARGET_LABELS) });
      continue;
    }
    const v = parsed.data;
    const address = v.address ?? '';
    if (address !== '' && !ADDRESS_ALLOWED[v.type]) {
      problems.push({ line, message: '地址：个体工商户的地址属于个人信息，名录库不录入，请删去' });
      continue;
    }
    if (address.length > ADDRESS_MAX || !isCanonicalText(address)) {
      problems.push({ line, message: `地址：不能超过 ${ADDRESS_MAX} 个字，且不能含控制字符` });
      continue;
    }
    const first = seen.get(v.credit_code);
    if (first !== undefined) {
      problems.push({ line, message: `统一社会信用代码 ${v.credit_code} 与第 ${first} 行重复` });
      continue;
    }
    seen.set(v.credit_code, line);
    const t: Target = {
      creditCode: v.credit_code,
      name: v.name,
      type: v.type,
      riskLevel: v.risk_level,
      sectorTags: v.sector_tags ?? [],
    };
    if (address !== '') t.address = address;
    targets.push(t);
  }
  problems.sort((a, b) => a.line - b.line);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, targets };
}

export interface ExcludedPerson {
  openId: string;
  name: string;
  reason: string;
}

export interface InspectorLibrary {
  inspectors: InspectorRecord[];
  /** certificate number → open_id: how the app layer finds the people a draw named. */
  openIdByCertificate: Record<string, string>;
  /** Officers left out, with the reason in Chinese (shown to whoever runs the draw). */
  excluded: ExcludedPerson[];
}

/**
 * The 执法检查人员名录库 on a date: the roster's officers whose enforcement certificate is valid on it
 * (行政处罚法第四十二条), with their specialty tags. Only what the draw needs is kept: name, certificate
 * number and validity, specialties. Pass active roster members only.
 */
export function buildInspectorLibrary(
  people: readonly Person[],
  specialties: Readonly<Record<string, readonly string[]>>,
  drawDate: string,
): InspectorLibrary {
  const inspectors: InspectorRecord[] = [];
  const openIdByCertificate: Record<string, string> = {};
  const excluded: ExcludedPerson[] = [];
  for (const p of people) {
    if (!p.roles.includes('officer')) continue;
    const cert = p.certificate;
    const name = p.name.normalize('NFC').trim();
    if (!cert) {
      excluded.push({ openId: p.openId, name, reason: '没有行政执法证' });
      continue;
    }
    if (cert.validUntil < drawDate) {
      excluded.push({ openId: p.openId, name, reason: `行政执法证（${cert.number}）已于 ${cert.validUntil} 到期` });
      continue;
    }
    const number = cert.number.normalize('NFC').trim();
    if (!isCanonicalText(number) || !isCanonicalText(name)) {
      excluded.push({ openId: p.openId, name, reason: '姓名或证件号含不允许的字符，请在人员名册中更正' });
      continue;
    }
    const holder = openIdByCertificate[number];
    if (holder !== undefined) {
      excluded.push({ openId: p.openId, name, reason: `证件号 ${number} 与名册中另一人重复，请在人员名册中更正` });
      continue;
    }
    const tags = sortedUnique((specialties[p.openId] ?? []).map((t) => t.normalize('NFC').trim()).filter(Boolean));
    openIdByCertificate[number] = p.openId;
    inspectors.push({ certificateNumber: number, name, certificateValidUntil: cert.validUntil, specialties: tags });
  }
  return { inspectors, openIdByCertificate, excluded };
}

/** A conflict of interest as recorded by the app layer: a person and a target, with the reason kept internal. */
export interface ConflictOfInterest {
  openId: string;
  creditCode: string;
}

/** Conflicts of people in the library, by certificate number (people not in the library are irrelevant). */
export function conflictPairs(
  conflicts: readonly ConflictOfInterest[],
  openIdByCertificate: Readonly<Record<string, string>>,
): ConflictPair[] {
  const certByOpenId = new Map(Object.entries(openIdByCertificate).map(([cert, id]) => [id, cert]));
  const pairs: ConflictPair[] = [];
  for (const c of conflicts) {
    const cert = certByOpenId.get(c.openId);
    if (cert !== undefined) pairs.push({ certificateNumber: cert, creditCode: c.creditCode });
  }
  return normalizeConflicts(pairs);
}

// Canonical records are built with their keys in code-point order, so that JSON.stringify writes the
// canonical text natively (the same bytes as canonicalJson, which a test holds them to).

export function canonicalTargetRecord(t: TargetRecord): TargetRecord {
  return {
    creditCode: t.creditCode,
    name: t.name,
    riskLevel: t.riskLevel,
    sectorTags: sortedUnique(t.sectorTags),
    type: t.type,
  };
}

export function canonicalInspectorRecord(i: InspectorRecord): InspectorRecord {
  return {
    certificateNumber: i.certificateNumber,
    certificateValidUntil: i.certificateValidUntil,
    name: i.name,
    specialties: sortedUnique(i.specialties),
  };
}

function normalizeConflicts(pairs: readonly ConflictPair[]): ConflictPair[] {
  const seen = new Set<string>();
  const out: ConflictPair[] = [];
  for (const p of pairs) {
    const key = `${p.certificateNumber}\u0000${p.creditCode}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ certificateNumber: p.certificateNumber, creditCode: p.creditCode });
  }
  return out.sort(
    (a, b) => compareCodePoints(a.certificateNumber, b.certificateNumber) || compareCodePoints(a.creditCode, b.creditCode),
  );
}

export type FreezeResult = { ok: true; libraries: Libraries; hashes: LibraryHashes } | { ok: false; errors: string[] };

const CREDIT_CODE_SHAPE = /^[0-9A-Z]{18}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_ERRORS = 10;

/** Credit codes are ASCII (checked), where JavaScript's own order is code-point order. */
export const byCreditCode = (a: { creditCode: string }, b: { creditCode: string }) =>
  a.creditCode < b.creditCode ? -1 : a.creditCode > b.creditCode ? 1 : 0;

function recordProblems(libraries: Libraries): string[] {
  const errors: string[] = [];
  const text = (s: string, max: number) => s.length >= 1 && s.length <= max && isCanonicalText(s);
  const code = (c: string) => CREDIT_CODE_SHAPE.test(c) && isValidUscc(c);
  for (const t of libraries.targets) {
    if (errors.length >= MAX_ERRORS) break;
    if (!code(t.creditCode)) errors.push(`检查对象名录库：统一社会信用代码 ${t.creditCode} 校验不通过`);
    else if (!text(t.name, NAME_MAX) || !t.sectorTags.every((g) => text(g, TAG_MAX)) || t.sectorTags.length > TAGS_MAX) {
      errors.push(`检查对象名录库：${t.creditCode} 的名称或行业标签不是规范文本`);
    } else if (!TARGET_TYPES.includes(t.type) || !RISK_LEVELS.includes(t.riskLevel)) {
      errors.push(`检查对象名录库：${t.creditCode} 的类型或风险等级无效`);
    }
  }
  for (const i of libraries.inspectors) {
    if (errors.length >= MAX_ERRORS) break;
    if (!text(i.certificateNumber, 50) || !text(i.name, 50) || !i.specialties.every((g) => text(g, TAG_MAX)) || !ISO_DATE.test(i.certificateValidUntil)) {
      errors.push(`执法检查人员名录库：${i.name}（${i.certificateNumber}）的记录不是规范文本`);
    }
  }
  for (const c of libraries.conflicts) {
    if (errors.length >= MAX_ERRORS) break;
    if (!text(c.certificateNumber, 50) || !code(c.creditCode)) errors.push(`回避名单：${c.certificateNumber} / ${c.creditCode} 无效`);
  }
  return errors;
}

/**
 * The frozen libraries: records reduced to their canonical fields, tags sorted, records sorted by key
 * (credit code; certificate number; certificate number then credit code), conflicts de-duplicated.
 * Refuses (errors in Chinese) a record that is not canonical text or has a bad credit code, and a
 * library naming a target or an inspector twice.
 */
export function freezeLibraries(input: {
  targets: readonly TargetRecord[];
  inspectors: readonly InspectorRecord[];
  conflicts: readonly ConflictPair[];
}): FreezeResult {
  const targets = input.targets.map(canonicalTargetRecord).sort(byCreditCode);
  const inspectors = input.inspectors
    .map(canonicalInspectorRecord)
    .sort((a, b) => compareCodePoints(a.certificateNumber, b.certificateNumber));
  const libraries: Libraries = { targets, inspectors, conflicts: normalizeConflicts(input.conflicts) };
  const errors = recordProblems(libraries);
  for (let i = 1; i < targets.length && errors.length < MAX_ERRORS; i++) {
    if (targets[i]?.creditCode === targets[i - 1]?.creditCode) {
      errors.push(`检查对象名录库中统一社会信用代码 ${targets[i]?.creditCode} 出现了不止一次`);
    }
  }
  for (let i = 1; i < inspectors.length && errors.length < MAX_ERRORS; i++) {
    if (inspectors[i]?.certificateNumber === inspectors[i - 1]?.certificateNumber) {
      errors.push(`执法检查人员名录库中证件号 ${inspectors[i]?.certificateNumber} 出现了不止一次`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, libraries, hashes: libraryHashes(libraries) };
}

export const TARGETS_FORMAT = 'sj-draw-targets/1';
export const INSPECTORS_FORMAT = 'sj-draw-inspectors/1';
export const CONFLICTS_FORMAT = 'sj-draw-conflicts/1';

/** The canonical documents of frozen libraries (sorted, reduced and checked by freezeLibraries). */
export function canonicalLibraryTexts(libraries: Libraries): { targets: string; inspectors: string; conflicts: string } {
  return {
    targets: JSON.stringify({ format: TARGETS_FORMAT, targets: libraries.targets }),
    inspectors: JSON.stringify({ format: INSPECTORS_FORMAT, inspectors: libraries.inspectors }),
    conflicts: JSON.stringify({ conflicts: libraries.conflicts, format: CONFLICTS_FORMAT }),
  };
}

export function libraryHashes(libraries: Libraries): LibraryHashes {
  const t = canonicalLibraryTexts(libraries);
  return { targets: sha256Hex(t.targets), inspectors: sha256Hex(t.inspectors), conflicts: sha256Hex(t.conflicts) };
}
