/**
 * Fines collected (缴款): an officer of the case or the head records that the party paid (part of) a
 * decided fine. Pure: the decision, what is already paid and `today` are arguments. Money is integer
 * fen here and in the case item; the record entry carries yuan as a decimal string, as
 * `decision.approved` does (canonical JSON takes integers only).
 */
import * as z from 'zod/mini';
import { isCaseOfficer } from '../case/access.ts';
import type { Case, CaseDecision } from '../case/types.ts';
import { type LocalDate, compareDates, parseFlexibleDate } from '../deadlines/local-date.ts';
import { parseAmount, toFen } from '../review/money.ts';
import type { Person } from '../roster/types.ts';
import { readPickerDate } from './form.ts';

/** The record action the statistics count as fines collected (functions/domain/statistics/facts.ts). */
export const PAYMENT_RECORD_ACTION = 'fine.paid' as const;

/** What the case item keeps of its payments: enough for the card and the limit. */
export interface FinePaid {
  fen: number;
  count: number;
  /** The date of the latest payment recorded: once the fine is paid in full, the day it was settled (more is refused). */
  lastOn?: string;
}

export interface PaymentRecord {
  amountFen: number;
  paidOn: LocalDate;
}

export const PAYMENT_MESSAGES = {
  usage: (example: string) => `请按「缴款 <案件编号> <金额> [日期]」发送，金额以元为单位，如：缴款 ${example} 5000 或 缴款 ${example} 5000.50 2026-10-08。不写日期即为今天。`,
  notAllowed: '只有本案的承办人员或负责人可以登记缴款。',
  notDecided: (n: string) => `案件 ${n} 尚未作出决定：负责人批准罚款决定后才能登记缴款。`,
  noFine: (n: string) => `案件 ${n} 的决定不是罚款，无需登记缴款。`,
  settled: (n: string) => `案件 ${n} 的罚款已全部缴清，无需再登记。`,
  tooMuch: (outstanding: string) => `缴款金额超过尚未缴纳的 ${outstanding}，请核对后重新发送。`,
  badDate: '缴款日期请写成 2026-10-08 这样的日期。',
  beforeDecision: (d: string) => `缴款日期不能早于决定日期 ${d}。`,
  future: '缴款日期不能晚于今天。',
};

/** Who may record a payment: the case's officers and its filer (they handle the case), and the head. */
export function canRecordPayment(person: Pick<Person, 'openId' | 'roles'>, c: Pick<Case, 'filedBy' | 'officers'>): boolean {
  return isCaseOfficer(person.openId, c) || person.roles.includes('head');
}

/** The fine a decision imposes, in fen; null when it is not a fine with an amount. */
export function decidedFineFen(decision: CaseDecision | undefined): number | null {
  if (!decision || decision.decisionType !== '罚款' || decision.amount === null) return null;
  return toFen(decision.amount);
}

/** `5000.50` (yuan as the record entry carries it). */
export function fenToYuanText(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** `5,000.50 元` */
export function formatFen(fen: number): string {
  const grouped = String(Math.floor(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = fen % 100;
  return `${grouped}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`} 元`;
}

/**
 * Splits what follows the case number: `<金额> [日期]`. The case number itself is read by the caller
 * (every command reads it the same way), so this takes the words after it.
 */
export function splitPaymentArgs(arg: string): { caseArg: string; amount: string; date?: string } | null {
  const words = arg.trim().split(/[\s\u3000]+/).filter((w) => w !== '');
  if (words.length < 2 || words.length > 3) return null;
  const [caseArg, amount, date] = words as [string, string, string | undefined];
  return { caseArg, amount, ...(date !== undefined ? { date } : {}) };
}

/**
 * Checks one payment against the decision: a fine with an amount, positive, yuan with at most two
 * decimals, not more than what is still owed; the date not before the decision and not after today.
 * Returns a short Chinese message for the person on any mistake.
 */
export function checkPayment(
  input: { amount: string; date?: string },
  ctx: { caseNumber: string; decision: CaseDecision | undefined; paid: FinePaid | undefined; today: LocalDate },
): { ok: true; value: PaymentRecord; outstandingFen: number } | { ok: false; message: string; /** It names what is owed: case data. */ owed?: true } {
  if (!ctx.decision) return { ok: false, message: PAYMENT_MESSAGES.notDecided(ctx.caseNumber) };
  const decided = decidedFineFen(ctx.decision);
  if (decided === null) return { ok: false, message: PAYMENT_MESSAGES.noFine(ctx.caseNumber) };
  const outstanding = decided - (ctx.paid?.fen ?? 0);
  if (outstanding <= 0) return { ok: false, message: PAYMENT_MESSAGES.settled(ctx.caseNumber) };
  const amount = parseAmount(input.amount, Number.MAX_SAFE_INTEGER / 100);
  if (!amount.ok || amount.value === null) return { ok: false, message: amount.ok ? PAYMENT_MESSAGES.usage(ctx.caseNumber) : `缴款金额：${amount.error}` };
  const fen = toFen(amount.value);
  if (fen > outstanding) return { ok: false, message: PAYMENT_MESSAGES.tooMuch(formatFen(outstanding)), owed: true };
  let paidOn = ctx.today;
  if (input.date !== undefined) {
    const d = parseFlexibleDate(input.date);
    if (d === null) return { ok: false, message: PAYMENT_MESSAGES.badDate };
    if (compareDates(d, ctx.decision.date) < 0) return { ok: false, message: PAYMENT_MESSAGES.beforeDecision(ctx.decision.date) };
    if (compareDates(d, ctx.today) > 0) return { ok: false, message: PAYMENT_MESSAGES.future };
    paidOn = d;
  }
  return { ok: true, value: { amountFen: fen, paidOn }, outstandingFen: outstanding - fen };
}

/** The `fine.paid` entry's detail, exactly as the statistics read it (`decisionId`, `amount` in yuan, `paidOn`). */
export function paymentRecordDetail(decisionId: string, p: PaymentRecord): { decisionId: string; amount: string; paidOn: string } {
  return { decisionId, amount: fenToYuanText(p.amountFen), paidOn: p.paidOn };
}

/**
 * The payment form (the case card's `缴款` button): its vocabulary in one place, read by the card and by
 * readPaymentForm, so the two cannot drift. The amount is typed; the date is picked, today when left out.
 */
export const PAYMENT_FORM = {
  formName: 'payment_form',
  submit: { name: 'confirm_payment', label: '确认缴款' },
  fields: {
    amount: { label: '缴款金额（元）', placeholder: '如 5000 或 5000.50', maxLength: 20 },
    paid_on: { label: '缴款日期', placeholder: '不选即为今天' },
  },
} as const;

const rawPaymentForm = z.object({ amount: z.optional(z.unknown()), paid_on: z.optional(z.unknown()) });

/**
 * Reads the payment form as submitted: the amount as typed (checkPayment checks it) and the date the
 * picker sent, if any. A short Chinese message when it cannot be read.
 */
export function readPaymentForm(formValue: unknown): { ok: true; value: { amount: string; date?: LocalDate } } | { ok: false; message: string } {
  const raw = rawPaymentForm.safeParse(formValue);
  if (!raw.success) return { ok: false, message: '表单内容无法识别，请重新点「缴款」填写。' };
  const amount = typeof raw.data.amount === 'string' ? raw.data.amount.trim() : typeof raw.data.amount === 'number' ? String(raw.data.amount) : '';
  if (amount === '') return { ok: false, message: `${PAYMENT_FORM.fields.amount.label}：请填写当事人这次缴纳的金额，如 5000 或 5000.50。` };
  const picked = raw.data.paid_on;
  if (picked === undefined || picked === null || picked === '') return { ok: true, value: { amount } };
  const date = readPickerDate(picked);
  if (date === null) return { ok: false, message: PAYMENT_MESSAGES.badDate };
  return { ok: true, value: { amount, date } };
}
