/**
 * Draw parameters as a person chooses them (list item, target filter, how many targets, inspectors per
 * target), validated and put in canonical form: the commitment holds exactly this.
 */
import * as z from 'zod/mini';
import { type DrawConfig, basisPointsText, percentToBasisPoints } from './config.ts';
import { frozenText, importedTags, importedText } from './library.ts';
import {
  type DrawParams,
  ITEM_KINDS,
  RISK_LEVELS,
  type SampleSize,
  TARGET_TYPE_LABELS,
  TARGET_TYPES,
} from './types.ts';

export const PARAM_LABELS: Record<string, string> = {
  planId: '抽查计划',
  listItem: '抽查事项',
  drawDate: '抽取日期',
  targetFilter: '检查对象范围',
  sampleSize: '抽取数量',
  inspectorsPerTarget: '每户检查人员数',
  inspectorSpecialties: '检查人员专长',
};

const isoDate = z.string({ error: '日期格式应为 YYYY-MM-DD' }).check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  z.refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, '不是有效日期'),
);

const SIZE_MESSAGE = '请填写抽取户数（正整数）或比例（如 5%，最多两位小数）';

const sampleSizeInput = z.pipe(
  z.union([z.object({ count: z.unknown() }), z.object({ percent: z.unknown() })], { error: SIZE_MESSAGE }),
  z.transform((v, ctx): SampleSize => {
    if ('count' in v) {
      const n = typeof v.count === 'string' ? Number(v.count.normalize('NFKC').trim()) : v.count;
      if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 1) return { count: n };
    } else if (typeof v.percent === 'number' || typeof v.percent === 'string') {
      const bp = percentToBasisPoints(v.percent);
      if (bp !== null) return { basisPoints: bp };
    }
    ctx.issues.push({ code: 'custom', message: SIZE_MESSAGE, input: v });
    return z.NEVER;
  }),
);

const TYPES_MESSAGE = `类型应为：${TARGET_TYPES.map((t) => TARGET_TYPE_LABELS[t]).join('、')}`;
const RISKS_MESSAGE = '风险等级应为 A、B、C 或 D';
const kindMessage = `请选择：${ITEM_KINDS.join('或')}`;

/** What the app layer passes in from the 抽查 card (already typed values or the card's strings). */
export const drawRequestSchema = z.object({
  planId: importedText(100),
  listItem: z.object(
    {
      name: importedText(200),
      kind: z.enum(ITEM_KINDS, { error: kindMessage }),
      listVersion: z.int({ error: '清单版本应为正整数' }).check(z.minimum(1, '清单版本应为正整数')),
    },
    { error: '请选择随机抽查事项清单中的事项' },
  ),
  drawDate: isoDate,
  targetFilter: z.optional(
    z.object(
      {
        types: z.optional(z.array(z.enum(TARGET_TYPES, { error: TYPES_MESSAGE }), { error: TYPES_MESSAGE })),
        riskLevels: z.optional(z.array(z.enum(RISK_LEVELS, { error: RISKS_MESSAGE }), { error: RISKS_MESSAGE })),
        sectorTags: z.optional(importedTags(20, '行业标签最多 20 个')),
      },
      { error: '请选择检查对象的类型、风险等级或行业' },
    ),
  ),
  sampleSize: sampleSizeInput,
  inspectorsPerTarget: z.int({ error: '每户检查人员数应为整数' }),
  inspectorSpecialties: z.optional(importedTags(20, '专长最多 20 个')),
});

export type ParamsResult = { ok: true; params: DrawParams } | { ok: false; errors: string[] };

/** Validates a draw request against the configuration; each problem names its field in Chinese. */
export function parseDrawParams(raw: unknown, config: DrawConfig): ParamsResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, errors: ['抽取参数：内容无法识别，请重新发送「抽查」'] };
  }
  const parsed = drawRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const seen = new Set<string>();
    const errors: string[] = [];
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (seen.has(key)) continue;
      seen.add(key);
      errors.push(`${PARAM_LABELS[key] ?? '抽取参数'}：${issue.message}`);
    }
    return { ok: false, errors };
  }
  const v = parsed.data;
  const errors: string[] = [];
  const { minInspectorsPerTarget: min, maxInspectorsPerTarget: max } = config;
  if (v.inspectorsPerTarget < min) {
    errors.push(`每户检查人员数：不少于 ${min} 名（行政处罚法第四十二条：执法人员不得少于两人）`);
  } else if (v.inspectorsPerTarget > max) {
    errors.push(`每户检查人员数：不超过 ${max} 名（本局规定）`);
  }
  const cap = config.generalItemMaxBasisPoints;
  if (cap !== null && v.listItem.kind === '一般' && 'basisPoints' in v.sampleSize && v.sampleSize.basisPoints > cap) {
    errors.push(`抽取数量：一般检查事项的抽查比例不超过 ${basisPointsText(cap)}（本局规定），当前为 ${basisPointsText(v.sampleSize.basisPoints)}`);
  }
  if (errors.length > 0) return { ok: false, errors };
  const f = v.targetFilter ?? {};
  return {
    ok: true,
    params: {
      planId: v.planId,
      listItem: { name: v.listItem.name, kind: v.listItem.kind, listVersion: v.listItem.listVersion },
      drawDate: v.drawDate,
      targetFilter: {
        types: TARGET_TYPES.filter((t) => f.types?.includes(t)),
        riskLevels: RISK_LEVELS.filter((r) => f.riskLevels?.includes(r)),
        sectorTags: f.sectorTags ?? [],
      },
      sampleSize: v.sampleSize,
      inspectorsPerTarget: v.inspectorsPerTarget,
      inspectorSpecialties: v.inspectorSpecialties ?? [],
    },
  };
}

/** Canonical parameters as read back from a draw file: already canonical, nothing repaired. */
export const frozenParamsSchema = z.object({
  planId: frozenText(100),
  listItem: z.object({
    name: frozenText(200),
    kind: z.enum(ITEM_KINDS),
    listVersion: z.int().check(z.minimum(1)),
  }),
  drawDate: isoDate,
  targetFilter: z.object({
    types: z.array(z.enum(TARGET_TYPES)),
    riskLevels: z.array(z.enum(RISK_LEVELS)),
    sectorTags: z.array(frozenText(30)),
  }),
  sampleSize: z.union([
    z.object({ count: z.int().check(z.minimum(1)) }),
    z.object({ basisPoints: z.int().check(z.minimum(1), z.maximum(10_000)) }),
  ]),
  inspectorsPerTarget: z.int().check(z.minimum(2), z.maximum(20)),
  inspectorSpecialties: z.array(frozenText(30)),
});

/** How many targets a sample size means for a population: a ratio is rounded up (never below the ratio). */
export function resolveCount(size: SampleSize, frameSize: number): number {
  if ('count' in size) return size.count;
  return Math.floor((frameSize * size.basisPoints + 9_999) / 10_000);
}
