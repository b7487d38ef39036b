/**
 * The bureau's 法制审核目录清单 (data/review-catalogue.json) and the classification of a proposed
 * decision: must it be reviewed, is it 重大, or may it not be made under the simple procedure at all.
 */
import * as z from 'zod/mini';
import { PARTY_TYPE_LABELS, PARTY_TYPES, type PartyType, type Procedure } from '../case/types.ts';
import { CONFIDENCES } from '../deadlines/rules.ts';
import { formatYuan, toFen } from './money.ts';
import type { Result } from './result.ts';
import { DECISION_TYPES, type DecisionType, DISCRETIONS, type Discretion } from './vocabulary.ts';

const sourceSchema = z.object({
  law: z.string().check(z.minLength(1)),
  article: z.optional(z.string().check(z.minLength(1))),
  summary: z.string().check(z.minLength(1)),
});
export type CatalogueSource = z.infer<typeof sourceSchema>;

const yuan = z.number().check(z.minimum(0), z.maximum(1e10));

const criterionSchema = z.object({
  id: z.string().check(z.regex(/^[a-z][a-z0-9_]*$/)),
  name: z.string().check(z.minLength(1)),
  when: z.object({
    decisionTypes: z.optional(z.array(z.enum(DECISION_TYPES)).check(z.minLength(1))),
    partyTypes: z.optional(z.array(z.enum(PARTY_TYPES)).check(z.minLength(1))),
    amountAtLeast: z.optional(yuan),
    hearingHeld: z.optional(z.literal(true)),
    discretions: z.optional(z.array(z.enum(DISCRETIONS)).check(z.minLength(1))),
  }),
  source: sourceSchema,
  confidence: z.enum(CONFIDENCES),
  notes: z.optional(z.array(z.string())),
});
export type MajorCriterion = z.infer<typeof criterionSchema>;

export const REVIEW_SCOPES = ['all_except_simple', 'major_only'] as const;
export type ReviewScope = (typeof REVIEW_SCOPES)[number];

export const reviewCatalogueSchema = z.object({
  $comment: z.optional(z.string()),
  scope: z.object({
    reviewed: z.enum(REVIEW_SCOPES),
    source: sourceSchema,
    confidence: z.enum(CONFIDENCES),
    notes: z.optional(z.array(z.string())),
  }),
  simpleProcedure: z.object({
    decisionTypes: z.array(z.enum(DECISION_TYPES)).check(z.minLength(1)),
    maxFine: z.object({ person: yuan, organization: yuan }),
    source: sourceSchema,
    confidence: z.enum(CONFIDENCES),
    notes: z.optional(z.array(z.string())),
  }),
  majorCriteria: z.array(criterionSchema),
  collectiveDiscussion: z.object({
    requiredFor: z.literal('major'),
    minParticipants: z.int().check(z.minimum(1), z.maximum(50)),
    source: sourceSchema,
    confidence: z.enum(CONFIDENCES),
    notes: z.optional(z.array(z.string())),
  }),
});
export type ReviewCatalogue = z.infer<typeof reviewCatalogueSchema>;

export class ReviewCatalogueError extends Error {
  override name = 'ReviewCatalogueError';
}

/**
 * Validates the catalogue data (a data error throws, it is not a user's mistake): criterion ids unique,
 * every criterion has at least one condition, amounts only with money decision types.
 */
export function buildReviewCatalogue(data: unknown): ReviewCatalogue {
  const parsed = reviewCatalogueSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.')}：${i.message}`).join('；');
    throw new ReviewCatalogueError(`法制审核目录清单数据格式错误：${problems}`);
  }
  const catalogue = parsed.data;
  const ids = new Set<string>();
  for (const c of catalogue.majorCriteria) {
    if (ids.has(c.id)) throw new ReviewCatalogueError(`目录清单标准 id 重复：${c.id}`);
    ids.add(c.id);
    const w = c.when;
    if (
      w.decisionTypes === undefined &&
      w.partyTypes === undefined &&
      w.amountAtLeast === undefined &&
      w.hearingHeld === undefined &&
      w.discretions === undefined
    ) {
      throw new ReviewCatalogueError(`目录清单标准 ${c.id} 没有任何条件，会把所有决定都列为重大`);
    }
    if (w.amountAtLeast !== undefined && (w.decisionTypes ?? []).length === 0) {
      throw new ReviewCatalogueError(`目录清单标准 ${c.id} 有金额条件，须同时写明适用的决定类型`);
    }
  }
  return catalogue;
}

/** `《中华人民共和国行政处罚法》第五十一条` */
export function catalogueSourceText(source: CatalogueSource): string {
  return `${source.law}${source.article ?? ''}`;
}

/** What classification needs of a proposal. */
export interface ClassifiableProposal {
  decisionType: DecisionType;
  amount: number | null;
  discretion: Discretion;
  hearingHeld: boolean;
}

export interface ReviewReason {
  /** `scope`, `not_in_scope`, `simple_procedure` or a major criterion's id. */
  code: string;
  /** One Chinese sentence with its source, ready to show. */
  text: string;
  source: string;
}

export interface ReviewClassification {
  /** Review must pass before a decision may be made (行政处罚法第五十八条; the bureau's scope). */
  required: boolean;
  /** 重大 under the catalogue: needs 集体讨论 too. Major always implies required. */
  major: boolean;
  reasons: ReviewReason[];
}

export type ClassifyResult = Result<ReviewClassification>;

function criterionMatches(c: MajorCriterion, p: ClassifiableProposal, party: PartyType): boolean {
  const w = c.when;
  if (w.decisionTypes !== undefined && !w.decisionTypes.includes(p.decisionType)) return false;
  if (w.partyTypes !== undefined && !w.partyTypes.includes(party)) return false;
  if (w.amountAtLeast !== undefined && (p.amount === null || toFen(p.amount) < toFen(w.amountAtLeast))) return false;
  if (w.hearingHeld === true && !p.hearingHeld) return false;
  if (w.discretions !== undefined && !w.discretions.includes(p.discretion)) return false;
  return true;
}

/** Why a criterion matched, in the proposal's own terms. */
function criterionDetail(c: MajorCriterion, p: ClassifiableProposal, party: PartyType): string {
  const parts: string[] = [];
  const w = c.when;
  if (w.amountAtLeast !== undefined && p.amount !== null) {
    parts.push(`对${PARTY_TYPE_LABELS[party]}拟${p.decisionType} ${formatYuan(p.amount)}，达到 ${formatYuan(w.amountAtLeast)}`);
  } else if (w.decisionTypes !== undefined) {
    parts.push(`拟作出“${p.decisionType}”`);
  }
  if (w.hearingHeld === true) parts.push('经过听证程序');
  if (w.discretions !== undefined) parts.push(`裁量情形为“${p.discretion}”`);
  return parts.join('，');
}

/** The major criteria the proposal meets, each as a reason. */
export function majorReasons(
  proposal: ClassifiableProposal,
  party: PartyType,
  catalogue: ReviewCatalogue,
): ReviewReason[] {
  return catalogue.majorCriteria
    .filter((c) => criterionMatches(c, proposal, party))
    .map((c) => {
      const source = catalogueSourceText(c.source);
      return {
        code: c.id,
        text: `重大执法决定（${c.name}）：${criterionDetail(c, proposal, party)}（依据：${source}）`,
        source,
      };
    });
}

/**
 * Decides whether a proposed decision must be reviewed and whether it is 重大.
 *
 * Simple procedure (简易程序): refused when the decision type is not one the simple procedure allows,
 * when a fine exceeds its limit (行政处罚法第五十一条), or when the decision is 重大 (a 重大 decision must
 * be reviewed, which an on-the-spot decision cannot be): the case must go the ordinary procedure.
 * Otherwise a simple-procedure decision is outside review.
 *
 * Ordinary procedure: under scope `all_except_simple` (this bureau) every decision is reviewed; under
 * `major_only` only 重大 ones. 重大 always means reviewed.
 */
export function classifyReview(
  proposal: ClassifiableProposal,
  party: { type: PartyType },
  procedure: Procedure,
  catalogue: ReviewCatalogue,
): ClassifyResult {
  const major = majorReasons(proposal, party.type, catalogue);

  if (procedure === 'simple') {
    const simple = catalogue.simpleProcedure;
    const src = catalogueSourceText(simple.source);
    const errors: string[] = [];
    if (!simple.decisionTypes.includes(proposal.decisionType)) {
      errors.push(
        `简易程序只能作出${simple.decisionTypes.map((t) => `“${t}”`).join('或')}决定（${src}），“${proposal.decisionType}”须按普通程序办理`,
      );
    } else if (proposal.amount !== null) {
      const limit = simple.maxFine[party.type];
      if (toFen(proposal.amount) > toFen(limit)) {
        errors.push(
          `简易程序对${PARTY_TYPE_LABELS[party.type]}罚款不得超过 ${formatYuan(limit)}（${src}），本案拟${proposal.decisionType} ${formatYuan(proposal.amount)}，须按普通程序办理`,
        );
      }
    }
    for (const r of major) {
      errors.push(`${r.text}，须经法制审核，不能适用简易程序，请按普通程序办理`);
    }
    if (errors.length > 0) return { ok: false, errors };
    return {
      ok: true,
      value: {
        required: false,
        major: false,
        reasons: [
          {
            code: 'simple_procedure',
            text: `简易程序（当场处罚）不在法制审核范围内（依据：${catalogueSourceText(catalogue.scope.source)}；${src}）`,
            source: `${catalogueSourceText(catalogue.scope.source)}；${src}`,
          },
        ],
      },
    };
  }

  const scopeSource = catalogueSourceText(catalogue.scope.source);
  if (catalogue.scope.reviewed === 'all_except_simple') {
    return {
      ok: true,
      value: {
        required: true,
        major: major.length > 0,
        reasons: [
          {
            code: 'scope',
            text: `普通程序作出的执法决定均须法制审核：${catalogue.scope.source.summary}（依据：${scopeSource}）`,
            source: scopeSource,
          },
          ...major,
        ],
      },
    };
  }
  if (major.length > 0) return { ok: true, value: { required: true, major: true, reasons: major } };
  return {
    ok: true,
    value: {
      required: false,
      major: false,
      reasons: [
        {
          code: 'not_in_scope',
          text: `不属于法制审核目录清单中的重大执法决定，无须法制审核（依据：${scopeSource}）`,
          source: scopeSource,
        },
      ],
    },
  };
}
