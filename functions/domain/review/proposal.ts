/**
 * The proposed decision (拟作出的决定) submitted for review: parsing the form, pre-filling it again,
 * the changes between two rounds, and a content hash that ties a decision to the proposal reviewed.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { formatYuan, parseAmount } from './money.ts';
import type { Result } from './result.ts';
import {
  DECISION_TYPE_AMOUNT,
  DECISION_TYPES,
  type DecisionType,
  DISCRETIONS,
  type Discretion,
  HEARING_OPTIONS,
  PROPOSAL_FIELD_NAMES,
  PROPOSAL_FIELDS,
  type ProposalFieldName,
  type TextFieldSpec,
} from './vocabulary.ts';

export interface Proposal {
  decisionType: DecisionType;
  /** Yuan, at most two decimals; null when the decision type carries no amount. */
  amount: number | null;
  facts: string;
  /** Evidence ids of the case, in the order chosen, without duplicates. */
  evidenceIds: string[];
  legalProvisions: string;
  discretion: Discretion;
  hearingHeld: boolean;
  defence: string;
}

const F = PROPOSAL_FIELDS;

const text = (spec: TextFieldSpec) =>
  z
    .string({ error: '不能为空' })
    .check(z.trim(), z.minLength(1, '不能为空'), z.maxLength(spec.maxLength, `不能超过 ${spec.maxLength} 个字`));

const choice = <V extends string>(values: readonly V[]) =>
  z.enum(values as unknown as [V, ...V[]], { error: `请选择：${values.join('、')}` });

const evidenceList = z.pipe(
  z.pipe(
    z.optional(z.union([z.array(z.string()), z.string(), z.null()], { error: '请从本案证据中选择' })),
    z.transform((v) => [...new Set((v == null ? [] : Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean))]),
  ),
  z.array(z.string()).check(z.maxLength(F.evidence.maxItems, `最多选择 ${F.evidence.maxItems} 项`)),
);

/** The form's shape; `amount` is read by parseAmount (it needs the decision type to judge). */
export const proposalFormSchema = z.object({
  decision_type: choice(DECISION_TYPES),
  amount: z.optional(z.unknown()),
  facts: text(F.facts),
  evidence: evidenceList,
  legal_provisions: text(F.legal_provisions),
  discretion: choice(DISCRETIONS),
  hearing_held: choice(HEARING_OPTIONS.map((o) => o.value)),
  defence: text(F.defence),
});

function fieldError(field: ProposalFieldName, message: string): string {
  return `${PROPOSAL_FIELDS[field].label}：${message}`;
}

/**
 * Parses a submitted proposed-decision form (`form_value`). Each problem names its field in Chinese and
 * says why. `caseEvidenceIds` are the ids of the case's evidence: every chosen item must be one of them.
 *
 * Cross-field rules: 罚款 and 没收违法所得 need an amount, types without one refuse it (其他: optional);
 * discretion 不予 goes with 不予处罚 and only with it.
 */
export function parseProposalForm(formValue: unknown, caseEvidenceIds: readonly string[]): Result<Proposal> {
  if (formValue != null && (typeof formValue !== 'object' || Array.isArray(formValue))) {
    return { ok: false, errors: ['表单：内容无法识别，请重新发送「申请法制审核 案件编号」填写'] };
  }
  const raw = (formValue ?? {}) as Record<string, unknown>;
  const parsed = proposalFormSchema.safeParse(raw);
  const errors: string[] = [];
  const seen = new Set<string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as ProposalFieldName | undefined;
      const key = String(field);
      if (seen.has(key)) continue;
      seen.add(key);
      errors.push(field && field in PROPOSAL_FIELDS ? fieldError(field, issue.message) : `表单：${issue.message}`);
    }
  }

  const amount = parseAmount(raw.amount, F.amount.max);
  if (!amount.ok) errors.push(fieldError('amount', amount.error));

  // Cross-field rules run whenever their own fields are readable, so every problem is told at once.
  const decisionType = (DECISION_TYPES as readonly unknown[]).includes(raw.decision_type)
    ? (raw.decision_type as DecisionType)
    : null;
  const discretion = (DISCRETIONS as readonly unknown[]).includes(raw.discretion) ? (raw.discretion as Discretion) : null;
  if (decisionType !== null && amount.ok) {
    const rule = DECISION_TYPE_AMOUNT[decisionType];
    if (rule === 'required' && amount.value === null) {
      errors.push(fieldError('amount', `“${decisionType}”须填写金额`));
    }
    if (rule === 'forbidden' && amount.value !== null) {
      errors.push(fieldError('amount', `“${decisionType}”没有金额，请留空`));
    }
  }
  if (decisionType !== null && discretion !== null) {
    if (discretion === '不予' && decisionType !== '不予处罚') {
      errors.push(fieldError('discretion', '选择“不予”时，拟作出的决定应为“不予处罚”'));
    }
    if (decisionType === '不予处罚' && discretion !== '不予') {
      errors.push(fieldError('discretion', '拟作出“不予处罚”时，裁量情形应为“不予”'));
    }
  }
  if (!parsed.success) return { ok: false, errors };
  const v = parsed.data;

  const known = new Set(caseEvidenceIds);
  const foreign = v.evidence.filter((id) => !known.has(id));
  if (foreign.length > 0) {
    errors.push(fieldError('evidence', `有 ${foreign.length} 项不是本案的证据，请从本案证据中重新选择`));
  }
  if (errors.length > 0 || !amount.ok) return { ok: false, errors };

  return {
    ok: true,
    value: {
      decisionType: v.decision_type,
      amount: amount.value,
      facts: v.facts,
      evidenceIds: v.evidence,
      legalProvisions: v.legal_provisions,
      discretion: v.discretion,
      hearingHeld: v.hearing_held === 'yes',
      defence: v.defence,
    },
  };
}

/** The form's values for a proposal: pre-fills `重新提交`. parseProposalForm(toFormValue(p)) gives p back. */
export function proposalToFormValue(p: Proposal): Record<ProposalFieldName, string | string[]> {
  return {
    decision_type: p.decisionType,
    amount: p.amount === null ? '' : String(p.amount),
    facts: p.facts,
    evidence: [...p.evidenceIds],
    legal_provisions: p.legalProvisions,
    discretion: p.discretion,
    hearing_held: p.hearingHeld ? 'yes' : 'no',
    defence: p.defence,
  };
}

const proposalKey: Record<ProposalFieldName, keyof Proposal> = {
  decision_type: 'decisionType',
  amount: 'amount',
  facts: 'facts',
  evidence: 'evidenceIds',
  legal_provisions: 'legalProvisions',
  discretion: 'discretion',
  hearing_held: 'hearingHeld',
  defence: 'defence',
};

/** A field's value as a person reads it: `10,000 元`, `无`, `是`, `E1、E2`. */
export function formatProposalField(p: Proposal, field: ProposalFieldName): string {
  switch (field) {
    case 'amount':
      return p.amount === null ? '无' : formatYuan(p.amount);
    case 'evidence':
      return p.evidenceIds.length === 0 ? '无' : p.evidenceIds.join('、');
    case 'hearing_held':
      return p.hearingHeld ? '是' : '否';
    default:
      return String(p[proposalKey[field]]);
  }
}

export interface ProposalChange {
  field: ProposalFieldName;
  label: string;
  before: string;
  after: string;
  /** Evidence only: ids added and removed, in order. */
  added?: string[];
  removed?: string[];
}

/** What changed from one round's proposal to the next, field by field in form order. */
export function diffProposals(before: Proposal, after: Proposal): ProposalChange[] {
  const changes: ProposalChange[] = [];
  for (const field of PROPOSAL_FIELD_NAMES) {
    const label = PROPOSAL_FIELDS[field].label;
    if (field === 'evidence') {
      const added = after.evidenceIds.filter((id) => !before.evidenceIds.includes(id));
      const removed = before.evidenceIds.filter((id) => !after.evidenceIds.includes(id));
      // Order alone is not a change of substance.
      if (added.length === 0 && removed.length === 0) continue;
      changes.push({
        field,
        label,
        before: formatProposalField(before, field),
        after: formatProposalField(after, field),
        added,
        removed,
      });
      continue;
    }
    const b = formatProposalField(before, field);
    const a = formatProposalField(after, field);
    if (b !== a) changes.push({ field, label, before: b, after: a });
  }
  return changes;
}

/** SHA-256 of the proposal's canonical JSON (fixed field order; evidence sorted, as order is no change). */
export function proposalHash(p: Proposal): string {
  const canonical = JSON.stringify([
    p.decisionType,
    p.amount === null ? null : Math.round(p.amount * 100),
    p.facts,
    [...p.evidenceIds].sort(),
    p.legalProvisions,
    p.discretion,
    p.hearingHeld,
    p.defence,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
