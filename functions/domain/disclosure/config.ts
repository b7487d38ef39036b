/**
 * The disclosure configuration, as data: redaction rules (data/redaction-rules.json) and publication
 * rules (data/disclosure-rules.json). Validated with zod; a bad file fails loudly when loaded.
 */
import * as z from 'zod/mini';
import { CASE_TYPES, type CaseType, PARTY_TYPES, type PartyType } from '../case/types.ts';

const text = z.string().check(z.minLength(1));
const comment = { $comment: z.optional(z.string()) };

export const redactionRulesSchema = z.object({
  ...comment,
  sources: z.optional(z.array(z.object({ law: text, article: z.optional(z.string()), summary: z.optional(z.string()), confidence: z.optional(z.string()) }))),
  personName: z.object({
    ...comment,
    mask: text,
    keepSurname: z.boolean(),
    compoundSurnames: z.array(z.string().check(z.minLength(2))),
    separators: z.array(text),
  }),
  placeholders: z.object({ ...comment, idNumber: text, phone: text, address: text, confidential: text }),
  phoneKeywords: z.object({ ...comment, value: z.array(text) }),
  addressKeywords: z.object({ ...comment, value: z.array(text) }),
  detailedAddresses: z.object({ ...comment, value: z.enum(['person_party', 'always', 'never']) }),
  extraPatterns: z.array(z.object({ ...comment, pattern: text, replacement: z.string() })),
});
export type RedactionRulesData = z.infer<typeof redactionRulesSchema>;

export interface RedactionRules {
  nameMask: string;
  keepSurname: boolean;
  /** Longest first, so 欧阳 wins over a hypothetical 欧. */
  compoundSurnames: string[];
  separators: string[];
  placeholders: RedactionRulesData['placeholders'];
  phoneKeywords: string[];
  addressKeywords: string[];
  detailedAddresses: 'person_party' | 'always' | 'never';
  extraPatterns: { regex: RegExp; replacement: string }[];
}

export const disclosureRulesSchema = z.object({
  ...comment,
  publicationPeriods: z.object({
    ...comment,
    confidence: z.optional(z.string()),
    sources: z.optional(z.array(z.string())),
    value: z
      .array(
        z.strictObject({
          ...comment,
          category: z.optional(z.enum(CASE_TYPES)),
          partyType: z.optional(z.enum(PARTY_TYPES)),
          months: z.int().check(z.minimum(1), z.maximum(600)),
        }),
      )
      .check(z.minLength(1)),
  }),
  holdUntilServed: z.object({ ...comment, categories: z.array(z.enum(CASE_TYPES)) }),
  atRiskWorkingDays: z.object({ ...comment, value: z.int().check(z.minimum(0), z.maximum(20)) }),
});

export interface DisclosureRules {
  publicationPeriods: { category?: CaseType; partyType?: PartyType; months: number }[];
  holdUntilServed: CaseType[];
  atRiskWorkingDays: number;
}

export class DisclosureConfigError extends Error {
  override name = 'DisclosureConfigError';
}

function problemsOf(error: z.core.$ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(根)'}：${i.message}`).join('；');
}

export function buildRedactionRules(data: unknown): RedactionRules {
  const parsed = redactionRulesSchema.safeParse(data);
  if (!parsed.success) throw new DisclosureConfigError(`隐私处理规则格式错误：${problemsOf(parsed.error)}`);
  const d = parsed.data;
  const extraPatterns = d.extraPatterns.map((p, i) => {
    try {
      return { regex: new RegExp(p.pattern, 'gu'), replacement: p.replacement };
    } catch (err) {
      throw new DisclosureConfigError(`隐私处理规则 extraPatterns.${i} 不是有效的正则表达式：${(err as Error).message}`);
    }
  });
  const byLength = (a: string, b: string) => b.length - a.length;
  return {
    nameMask: d.personName.mask,
    keepSurname: d.personName.keepSurname,
    compoundSurnames: [...d.personName.compoundSurnames].sort(byLength),
    separators: d.personName.separators,
    placeholders: d.placeholders,
    phoneKeywords: [...d.phoneKeywords.value].sort(byLength),
    addressKeywords: [...d.addressKeywords.value].sort(byLength),
    detailedAddresses: d.detailedAddresses.value,
    extraPatterns,
  };
}

export function buildDisclosureRules(data: unknown): DisclosureRules {
  const parsed = disclosureRulesSchema.safeParse(data);
  if (!parsed.success) throw new DisclosureConfigError(`公开规则格式错误：${problemsOf(parsed.error)}`);
  const periods = parsed.data.publicationPeriods.value;
  const last = periods[periods.length - 1];
  if (!last || last.category !== undefined || last.partyType !== undefined) {
    throw new DisclosureConfigError('公开规则有误：publicationPeriods 的最后一条须不带条件（适用于其余所有决定）');
  }
  return {
    publicationPeriods: periods.map(({ category, partyType, months }) => ({
      months,
      ...(category !== undefined ? { category } : {}),
      ...(partyType !== undefined ? { partyType } : {}),
    })),
    holdUntilServed: parsed.data.holdUntilServed.categories,
    atRiskWorkingDays: parsed.data.atRiskWorkingDays.value,
  };
}

/** How many months a page stays up: the first matching period. */
export function publicationMonths(rules: DisclosureRules, category: CaseType, partyType: PartyType): number {
  const hit = rules.publicationPeriods.find(
    (p) => (p.category === undefined || p.category === category) && (p.partyType === undefined || p.partyType === partyType),
  );
  return (hit ?? (rules.publicationPeriods[rules.publicationPeriods.length - 1] as { months: number })).months;
}
