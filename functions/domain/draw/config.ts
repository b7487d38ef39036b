/** The draw's configurable rules (data/draw.json), validated. The data is an argument; nothing is read here. */
import * as z from 'zod/mini';

/** 行政处罚法第四十二条: never fewer than two. A configuration may raise this, never lower it. */
export const LAW_MIN_INSPECTORS = 2;

/** `5`, `5.5`, `12.25%` → basis points (500, 550, 1225); null when not a percentage with at most two decimals in (0, 100]. */
export function percentToBasisPoints(value: number | string): number | null {
  const text = (typeof value === 'number' ? String(value) : value.normalize('NFKC').trim()).replace(/%$/, '');
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp >= 1 && bp <= 10_000 ? bp : null;
}

/** 550 → `5.5%` */
export function basisPointsText(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = bp % 100;
  return frac === 0 ? `${whole}%` : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}%`;
}

const sourced = {
  source: z.string().check(z.minLength(1)),
  confidence: z.enum(['C', 'H', 'M', 'L']),
  notes: z.optional(z.array(z.string())),
};

export const drawConfigFileSchema = z.object({
  $comment: z.optional(z.string()),
  inspectorsPerTarget: z.object({
    min: z.int().check(z.minimum(LAW_MIN_INSPECTORS, `不得低于 ${LAW_MIN_INSPECTORS}（行政处罚法第四十二条）`)),
    max: z.int().check(z.minimum(LAW_MIN_INSPECTORS), z.maximum(20)),
    ...sourced,
  }),
  generalItemMaxPercent: z.object({
    value: z.nullable(z.number()),
    ...sourced,
  }),
  resultPublication: z.object({
    period: z.object({ unit: z.literal('working_days'), amount: z.int().check(z.minimum(1)) }),
    countedFrom: z.string().check(z.minLength(1)),
    ...sourced,
  }),
});

export interface DrawConfig {
  minInspectorsPerTarget: number;
  maxInspectorsPerTarget: number;
  /** Cap on the ratio of a 一般 item's draw, in basis points; null = no cap. */
  generalItemMaxBasisPoints: number | null;
  resultPublicationWorkingDays: number;
}

export class DrawConfigError extends Error {
  override name = 'DrawConfigError';
}

/** Validates data/draw.json (or a bureau's copy). Throws DrawConfigError: a data error, not a user's. */
export function buildDrawConfig(data: unknown): DrawConfig {
  const parsed = drawConfigFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.')}：${i.message}`).join('；');
    throw new DrawConfigError(`双随机配置数据格式错误：${problems}`);
  }
  const d = parsed.data;
  if (d.inspectorsPerTarget.max < d.inspectorsPerTarget.min) {
    throw new DrawConfigError('双随机配置数据格式错误：inspectorsPerTarget.max 小于 min');
  }
  let cap: number | null = null;
  if (d.generalItemMaxPercent.value !== null) {
    cap = percentToBasisPoints(d.generalItemMaxPercent.value);
    if (cap === null) {
      throw new DrawConfigError('双随机配置数据格式错误：generalItemMaxPercent.value 应为 0 到 100 之间、最多两位小数的百分数，或 null');
    }
  }
  return {
    minInspectorsPerTarget: d.inspectorsPerTarget.min,
    maxInspectorsPerTarget: d.inspectorsPerTarget.max,
    generalItemMaxBasisPoints: cap,
    resultPublicationWorkingDays: d.resultPublication.period.amount,
  };
}
