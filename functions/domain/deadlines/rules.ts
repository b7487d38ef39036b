/**
 * The statutory deadline rules, as data (data/rules.json), with lookup by Chinese name and
 * per-bureau period overrides.
 */
import * as z from 'zod/mini';

export const COUNTED_FROM_KEYS = [
  'filing',
  'decision',
  'revocation',
  'notice_served',
  'decision_received',
  'party_knew',
  'review_requested',
  'certificate_valid_until',
  'calendar_year',
  'inspection_ended',
] as const;
export type CountedFromKey = (typeof COUNTED_FROM_KEYS)[number];

export const PERIOD_UNITS = ['working_days', 'calendar_days', 'months', 'days_before', 'fixed_next_year_date'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

/** [C] statute text, [H] national policy confirmed, [M] secondary source, [L] local / configurable. */
export const CONFIDENCES = ['C', 'H', 'M', 'L'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const CONFIDENCE_LABELS: Record<Confidence, string> = {
  C: '法律明文',
  H: '国家政策文件',
  M: '二手来源，需核实',
  L: '本局规定，可配置',
};

const amountPeriod = z.object({
  unit: z.enum(['working_days', 'calendar_days', 'months', 'days_before']),
  amount: z.int().check(z.minimum(1), z.maximum(3660)),
});
const fixedPeriod = z.object({
  unit: z.literal('fixed_next_year_date'),
  month: z.int().check(z.minimum(1), z.maximum(12)),
  day: z.int().check(z.minimum(1), z.maximum(31)),
});

export const ruleSchema = z.object({
  id: z.string().check(z.regex(/^[a-z][a-z0-9_]*$/)),
  name: z.string().check(z.minLength(1)),
  countedFrom: z.object({
    key: z.enum(COUNTED_FROM_KEYS),
    description: z.string().check(z.minLength(1)),
  }),
  period: z.discriminatedUnion('unit', [amountPeriod, fixedPeriod]),
  source: z.object({
    law: z.string().check(z.minLength(1)),
    article: z.optional(z.string()),
    /** Our paraphrase of what the provision says. */
    summary: z.optional(z.string()),
  }),
  confidence: z.enum(CONFIDENCES),
  /** Who must act by the due date: the bureau, or the party (the party's deadlines matter for finality). */
  obligor: z.enum(['bureau', 'party']),
  overridable: z.boolean(),
  /** An override may not exceed this amount (e.g. a bureau may publish sooner than 118号, never later). */
  overrideMax: z.optional(z.int().check(z.minimum(1))),
  /** An override must name the law, regulation or rule that sets the other period. */
  overrideRequiresSource: z.optional(z.boolean()),
  notes: z.optional(z.array(z.string())),
});

export type RuleData = z.infer<typeof ruleSchema>;
export type AmountPeriod = z.infer<typeof amountPeriod>;
export type Period = RuleData['period'];

export interface Rule extends RuleData {
  /** Present when a bureau override changed the period. */
  overridden?: { originalAmount: number; source?: string };
}

export const rulesFileSchema = z.object({
  $comment: z.optional(z.string()),
  rules: z.array(ruleSchema).check(z.minLength(1)),
});

export class RuleDataError extends Error {
  override name = 'RuleDataError';
}

/** Validates the rules data; ids and names must be unique. Throws RuleDataError. */
export function buildRules(data: unknown): Rule[] {
  const parsed = rulesFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.')}：${i.message}`).join('；');
    throw new RuleDataError(`期限规则数据格式错误：${problems}`);
  }
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const r of parsed.data.rules) {
    if (ids.has(r.id)) throw new RuleDataError(`规则 id 重复：${r.id}`);
    if (names.has(r.name)) throw new RuleDataError(`规则名称重复：${r.name}`);
    ids.add(r.id);
    names.add(r.name);
    if (r.overrideMax !== undefined && r.period.unit !== 'fixed_next_year_date' && r.overrideMax < r.period.amount) {
      throw new RuleDataError(`规则 ${r.id} 的 overrideMax 小于法定期间`);
    }
  }
  return parsed.data.rules;
}

export function ruleNames(rules: readonly Rule[]): string[] {
  return rules.map((r) => r.name);
}

/** Exact Chinese name, tolerant of surrounding (also full-width) spaces. */
export function findRuleByName(rules: readonly Rule[], name: string): Rule | undefined {
  const wanted = name.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  return rules.find((r) => r.name === wanted);
}

export function findRuleById(rules: readonly Rule[], id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}

/** Requires a rule by id; throws if the table lacks it (a data error, not a user error). */
export function requireRule(rules: readonly Rule[], id: string): Rule {
  const r = findRuleById(rules, id);
  if (!r) throw new RuleDataError(`期限规则表缺少规则：${id}`);
  return r;
}

export interface RuleOverride {
  amount: number;
  /** The law, regulation, rule or bureau document that sets the other period. */
  source?: string;
}
export type RuleOverrides = Record<string, RuleOverride>;

export class RuleOverrideError extends Error {
  override name = 'RuleOverrideError';
  constructor(readonly problems: string[]) {
    super(`期限覆盖配置不被接受：${problems.join('；')}`);
  }
}

/**
 * Applies a bureau's `{ ruleId: { amount } }` overrides. Refuses (throws RuleOverrideError listing
 * every problem) unknown ids, non-overridable rules, non-positive or non-integer amounts, amounts above
 * `overrideMax`, and overrides without a source where the rule requires one.
 */
export function applyOverrides(rules: readonly Rule[], overrides: RuleOverrides): Rule[] {
  const problems: string[] = [];
  for (const [id, o] of Object.entries(overrides)) {
    const rule = findRuleById(rules, id);
    if (!rule) {
      problems.push(`没有 id 为 ${id} 的规则（可用：${rules.map((r) => r.id).join('、')}）`);
      continue;
    }
    if (!rule.overridable || rule.period.unit === 'fixed_next_year_date') {
      problems.push(`${rule.name}（${id}）的期间由${rule.source.law}规定，本局不能修改`);
      continue;
    }
    if (!Number.isInteger(o.amount) || o.amount < 1 || o.amount > 3660) {
      problems.push(`${rule.name}（${id}）的期间须为正整数：${String(o.amount)}`);
      continue;
    }
    if (rule.overrideMax !== undefined && o.amount > rule.overrideMax) {
      problems.push(`${rule.name}（${id}）只能缩短，不能超过 ${rule.overrideMax}（${rule.source.law}）`);
    }
    if (rule.overrideRequiresSource === true && (o.source === undefined || o.source.trim() === '')) {
      problems.push(`${rule.name}（${id}）的期间只能由法律、法规、规章另行规定，覆盖时须注明依据（source）`);
    }
  }
  if (problems.length > 0) throw new RuleOverrideError(problems);

  return rules.map((rule) => {
    const o = overrides[rule.id];
    if (!o || rule.period.unit === 'fixed_next_year_date' || o.amount === rule.period.amount) return rule;
    const overridden: Rule['overridden'] = { originalAmount: rule.period.amount };
    if (o.source !== undefined) overridden.source = o.source;
    return { ...rule, period: { ...rule.period, amount: o.amount }, overridden };
  });
}

const UNIT_LABELS: Record<Exclude<PeriodUnit, 'fixed_next_year_date'>, (n: number) => string> = {
  working_days: (n) => `${n}个工作日`,
  calendar_days: (n) => `${n}日（自然日，末日遇休息日顺延）`,
  months: (n) => `${n}个月（末日遇休息日顺延）`,
  days_before: (n) => `届满前${n}日（遇休息日提前）`,
};

/** `7个工作日`, `90日（自然日，末日遇休息日顺延）`, `次年1月31日前` */
export function periodText(period: Period): string {
  if (period.unit === 'fixed_next_year_date') return `次年${period.month}月${period.day}日前`;
  return UNIT_LABELS[period.unit](period.amount);
}

/** `行政处罚法第六十条` */
export function sourceText(rule: Rule): string {
  const base = `${rule.source.law}${rule.source.article ?? ''}`;
  if (!rule.overridden) return base;
  return `${base}；本局覆盖为${periodText(rule.period)}${rule.overridden.source !== undefined ? `（${rule.overridden.source}）` : ''}`;
}
