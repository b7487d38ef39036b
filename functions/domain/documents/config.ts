/**
 * The documents configuration, as data (data/documents.json): the bureau, each kind's title and
 * number format, when the hearing right is notified, the statement period, payment and remedies.
 * Validated once at load; a bad file throws DocumentsConfigError (a configuration error, found at start).
 */
import * as z from 'zod/mini';
import { isValidCaseNumberFormat } from '../case/case-number.ts';
import { type Source, citeSource, sourceSchema } from '../dossier/av-duties.ts';
import { DECISION_TYPES } from '../review/vocabulary.ts';
import { DRAFTED_KINDS, type DraftedKind } from './model.ts';

export class DocumentsConfigError extends Error {
  override name = 'DocumentsConfigError';
}

const text = z.string().check(z.minLength(1));
const comment = { $comment: z.optional(z.string()) };
const CONFIDENCES = ['C', 'H', 'M', 'L'] as const;

const numberFormat = z.nullable(
  z.string().check(z.refine(isValidCaseNumberFormat, '编号格式须包含 {year} 和 {seq} 各一次，且不超过 60 个字符')),
);
const kindSchema = z.strictObject({ title: text, numberFormat });

const amount = z.number().check(z.minimum(0), z.maximum(10_000_000_000));

export const documentsConfigSchema = z.strictObject({
  ...comment,
  bureau: z.strictObject({ ...comment, name: text, address: z.nullable(text), phone: z.nullable(text) }),
  kinds: z.strictObject(
    Object.fromEntries(DRAFTED_KINDS.map((k) => [k, kindSchema])) as Record<DraftedKind, typeof kindSchema>,
  ),
  hearing: z.strictObject({
    ...comment,
    decisionTypes: z.array(z.enum(DECISION_TYPES)),
    amounts: z.array(
      z.strictObject({ decisionType: z.enum(['罚款', '没收违法所得', '其他']), person: amount, organization: amount }),
    ),
    source: sourceSchema,
    confidence: z.enum(CONFIDENCES),
  }),
  statement: z.strictObject({
    ...comment,
    period: z.strictObject({
      unit: z.enum(['working_days', 'calendar_days']),
      amount: z.int().check(z.minimum(1), z.maximum(30)),
    }),
    source: sourceSchema,
    confidence: z.enum(CONFIDENCES),
  }),
  payment: z.strictObject({
    ...comment,
    bank: z.nullable(text),
    accountName: z.nullable(text),
    accountNumber: z.nullable(text),
  }),
  remedies: z.strictObject({
    ...comment,
    reviewBody: text,
    court: z.nullable(text),
    source: sourceSchema,
    confidence: z.enum(CONFIDENCES),
  }),
  citations: z.strictObject({ ...comment, hearingRight: sourceSchema, lateFee: sourceSchema, noSuspension: sourceSchema }),
});

export type DocumentsConfigData = z.infer<typeof documentsConfigSchema>;
export type DocumentsConfig = Omit<DocumentsConfigData, '$comment'>;

/** Validates data/documents.json (or a bureau's own). Number formats must differ between kinds. */
export function buildDocumentsConfig(data: unknown): DocumentsConfig {
  const parsed = documentsConfigSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.')}：${i.message}`).join('；');
    throw new DocumentsConfigError(`文书配置格式错误：${problems}`);
  }
  const seen = new Map<string, DraftedKind>();
  for (const kind of DRAFTED_KINDS) {
    const f = parsed.data.kinds[kind].numberFormat;
    if (f === null) continue;
    const other = seen.get(f);
    if (other !== undefined) throw new DocumentsConfigError(`文书编号格式重复：${kind} 与 ${other} 都是 ${f}`);
    seen.set(f, kind);
  }
  if (parsed.data.payment.accountNumber !== null && parsed.data.payment.bank === null) {
    throw new DocumentsConfigError('文书配置：填写了收款账号（payment.accountNumber）却没有填写银行（payment.bank）');
  }
  const { $comment: _, ...config } = parsed.data;
  return config;
}

/** `《中华人民共和国行政处罚法》第六十三条` */
export function cite(source: Source): string {
  return citeSource(source);
}
