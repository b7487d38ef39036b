/**
 * Withdrawal of a published decision (撤回公开). 行政处罚法第四十八条第二款: a published penalty decision
 * that is changed, revoked, confirmed unlawful or confirmed void is withdrawn within three days (working
 * days, 第八十五条) with a public statement of the reason. The head records it; the publisher withdraws.
 */
import * as z from 'zod/mini';
import type { Person } from '../roster/types.ts';

/**
 * The four grounds of 第四十八条第二款. The issue names the first three; 确认无效 is in the same
 * sentence of the law, so it is offered too.
 */
export const WITHDRAWAL_KINDS = ['变更', '撤销', '确认违法', '确认无效'] as const;
export type WithdrawalKind = (typeof WITHDRAWAL_KINDS)[number];

/** How the public note words each ground: 「该决定已被依法撤销」. */
export const WITHDRAWAL_KIND_PHRASES: Record<WithdrawalKind, string> = {
  变更: '已被依法变更',
  撤销: '已被依法撤销',
  确认违法: '已被依法确认违法',
  确认无效: '已被依法确认无效',
};

export const REASON_MIN = 4;
export const REASON_MAX = 500;

/** The withdrawal card's vocabulary: the card builds itself from it, the parser reads the same names. */
export const WITHDRAWAL_FORM = {
  formName: 'withdrawal_form',
  submit: { name: 'confirm_withdrawal', label: '确认撤回' },
  fields: {
    kind: {
      label: '撤回原因类别',
      component: 'select_static',
      required: true,
      placeholder: '决定被变更、撤销、确认违法或确认无效',
      options: WITHDRAWAL_KINDS.map((k) => ({ value: k, label: k })),
    },
    reason: {
      label: '公开说明的理由',
      component: 'input',
      required: true,
      placeholder: `将向社会公开，请勿填写个人信息（${REASON_MIN}—${REASON_MAX} 字）`,
      maxLength: REASON_MAX,
    },
  },
} as const;

export interface WithdrawalOrder {
  kind: WithdrawalKind;
  /** The reason as the head wrote it; it is redacted before it is published. */
  reason: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const rawSchema = z.object({ kind: z.optional(z.unknown()), reason: z.optional(z.unknown()) });

export function parseWithdrawalForm(formValue: unknown): Result<WithdrawalOrder> {
  if (formValue == null || typeof formValue !== 'object' || Array.isArray(formValue)) {
    return { ok: false, errors: ['表单：内容无法识别，请重新发送「撤销决定 案件编号」填写'] };
  }
  const raw = rawSchema.parse(formValue);
  const errors: string[] = [];
  const f = WITHDRAWAL_FORM.fields;
  const kind = WITHDRAWAL_KINDS.find((k) => k === raw.kind);
  if (kind === undefined) errors.push(`${f.kind.label}：请选择：${WITHDRAWAL_KINDS.join('、')}`);
  const reason = typeof raw.reason === 'string' ? raw.reason.trim().replace(/\s+/g, ' ') : '';
  if (reason === '') errors.push(`${f.reason.label}：请填写，理由将随撤回一并公开`);
  else if ([...reason].length < REASON_MIN) errors.push(`${f.reason.label}：请写明理由，至少 ${REASON_MIN} 个字`);
  else if ([...reason].length > REASON_MAX) errors.push(`${f.reason.label}：不能超过 ${REASON_MAX} 个字`);
  if (errors.length > 0 || kind === undefined) return { ok: false, errors };
  return { ok: true, value: { kind, reason } };
}

/** Only the head records that a decision was changed, revoked or confirmed unlawful or void. */
export function canRecordWithdrawal(person: Person): boolean {
  return person.roles.includes('head');
}

/** Record-log actions of disclosure (the app layer adds them to RECORD_ACTIONS). */
export const DISCLOSURE_RECORD_ACTIONS = {
  'decision.withdrawal_ordered': '决定被变更、撤销或确认违法、无效',
  'disclosure.published': '决定信息公开',
  'disclosure.withdrawn': '决定信息撤回',
  'disclosure.taken_down': '公开期满下线',
} as const;
