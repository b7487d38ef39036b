/**
 * 缴款: an officer of the case or the head records that the party paid (part of) the decided fine —
 * `缴款 <案件编号> <金额> [日期]`, or the case card's `缴款` button, whose form (`amount`, `paid_on`)
 * `确认缴款` submits. The case's `finePaid` and its `fine.paid` entry are written in one transaction,
 * once per payment id (the message for the command, the form for the card: a re-delivered event, a
 * retried job or a second tap adds nothing), never past the decided amount. The answer is the case
 * card with what is paid and what is still owed.
 */
import * as z from 'zod/mini';
import type { Card } from '../../../cards/common.ts';
import { paymentFormCard } from '../../../cards/index.ts';
import { canViewCase } from '../../domain/case/access.ts';
import type { Case } from '../../domain/case/types.ts';
import { type LocalDate, shanghaiDate } from '../../domain/deadlines/local-date.ts';
import type { Person } from '../../domain/roster/types.ts';
import { shanghaiYear } from '../../domain/shared/time.ts';
import {
  canRecordPayment,
  checkPayment,
  decidedFineFen,
  formatFen,
  PAYMENT_MESSAGES,
  PAYMENT_RECORD_ACTION,
  paymentRecordDetail,
  readPaymentForm,
  splitPaymentArgs,
} from '../../domain/service/payment.ts';
import { caseCardFor } from '../case/case-card.ts';
import { caseFromArg } from '../case/find-case.ts';
import { fineView } from '../case/views.ts';
import { DECISION_ID } from '../deadlines/facts.ts';
import { CASE_ID, cardAction, command } from '../intents.ts';
import { errorToast, MESSAGES, sendUuid, type Services } from '../services.ts';
import { syncDeadlines } from '../deadlines/sync.ts';

/** What recording one payment came to: recorded (or recorded before), or a message, with the case card when it names what is owed. */
type PaymentResult =
  | { ok: true; notice: string; case: Case; settled: boolean }
  | { ok: false; message: string; /** The message names what is owed (case data): answer with the case card. */ owed?: Case };

/** Checks and records one payment; the command and the form both come here. */
async function recordOnePayment(c: Case, person: Person, input: { amount: string; date?: string }, paymentId: string, s: Services): Promise<PaymentResult> {
  if (!canRecordPayment(person, c)) return { ok: false, message: PAYMENT_MESSAGES.notAllowed };
  if (c.status === 'archived') return { ok: false, message: MESSAGES.archived(c.caseNumber) };
  const now = s.now();
  const check = { caseNumber: c.caseNumber, decision: c.decision, today: shanghaiDate(now) };
  // What is still owed is the store's to check, after it has recognised a repeat: a payment recorded
  // before (a second tap, a retried job) may be what settled the fine. Here: the form of the input,
  // the date, and not more than the whole fine.
  const checked = checkPayment(input, { ...check, paid: undefined });
  const limitFen = decidedFineFen(c.decision) as number; // a fine: checkPayment refused anything else
  // More than is still owed: say what is owed now, or that nothing is.
  const moreThanOwed = (latest: Case): PaymentResult => {
    const paidFen = latest.finePaid?.fen ?? 0;
    if (paidFen >= limitFen) return { ok: false, message: PAYMENT_MESSAGES.settled(c.caseNumber) };
    return { ok: false, message: PAYMENT_MESSAGES.tooMuch(formatFen(limitFen - paidFen)), owed: latest };
  };
  if (!checked.ok) return checked.owed ? moreThanOwed(c) : { ok: false, message: checked.message };
  const out = await s.cases.recordPayment(
    c.caseId,
    { paymentId, amountFen: checked.value.amountFen, limitFen, paidOn: checked.value.paidOn },
    { at: now.toISOString(), actor: person.openId, action: PAYMENT_RECORD_ACTION, detail: paymentRecordDetail(DECISION_ID, checked.value) },
  );
  if (!out.ok) {
    if (out.reason === 'not_found') return { ok: false, message: MESSAGES.caseNotFound(c.caseNumber) };
    if (out.reason === 'archived') return { ok: false, message: MESSAGES.archived(c.caseNumber) };
    if (out.reason === 'archiving') return { ok: false, message: MESSAGES.archiving(c.caseNumber) };
    // Payments recorded since this case was read leave less owed.
    return moreThanOwed((await s.cases.get(c.caseId)) ?? c);
  }
  const latest = (await s.cases.get(c.caseId)) ?? c;
  const notice = out.created ? `已登记缴款 ${formatFen(checked.value.amountFen)}（${checked.value.paidOn}）` : '这笔缴款已登记';
  return { ok: true, notice, case: latest, settled: out.paid.fen >= limitFen };
}

export const recordPaymentCommand = command({
  words: ['缴款'],
  prefix: true,
  help: {
    command: '缴款 <案件编号> <金额> [日期]',
    description: '登记当事人缴纳罚款（元，可分次缴纳，不写日期即为今天），也可在案件卡片上点「缴款」；案件卡片显示已缴和未缴金额。本案承办人员或负责人登记',
  },
  async run(ctx) {
    const split = splitPaymentArgs(ctx.arg);
    if (!split) return ctx.reply.text(PAYMENT_MESSAGES.usage(`${shanghaiYear(ctx.s.now())}-1`));
    const c = await caseFromArg({ ...ctx, arg: split.caseArg }, '缴款', canViewCase);
    if (!c) return;
    // The message is the payment: Feishu's re-delivery and the worker's retry carry the same message id.
    const result = await recordOnePayment(c, ctx.person, split, ctx.message.messageId, ctx.s);
    if (!result.ok) {
      if (result.owed) return ctx.privateCard(await caseCardFor(result.owed, ctx.person, ctx.s, result.message));
      return ctx.reply.text(result.message);
    }
    const sent = await ctx.privateCard(await caseCardFor(result.case, ctx.person, ctx.s, result.notice));
    if (sent) await ctx.s.chat.rememberCard(sent, c.caseId);
    // Paid in full meets the party's 缴纳罚款 period: its reminders go (a part payment changes no
    // deadline). Inline, as the worker cannot hand a job to itself on Lambda; the daily refresh
    // repeats it if this fails, and so does a re-delivery of this message.
    if (result.settled) {
      try {
        await syncDeadlines(`case:${c.caseId}`, ctx.s);
      } catch (err) {
        ctx.s.log.error('deadlines not synced after a payment', { caseId: c.caseId, err });
      }
    }
  },
});

/** The form for a case, or why not: what the case card's `缴款` button answers. */
function paymentForm(
  c: Case,
  person: Person,
  paymentId: string,
  today: LocalDate,
  extra: { values?: { amount?: string; paidOn?: string }; errors?: string[] } = {},
): { card: Card } | { refusal: string } {
  if (!canRecordPayment(person, c)) return { refusal: PAYMENT_MESSAGES.notAllowed };
  if (c.status === 'archived') return { refusal: MESSAGES.archived(c.caseNumber) };
  if (!c.decision) return { refusal: PAYMENT_MESSAGES.notDecided(c.caseNumber) };
  const { fine, canPay } = fineView(c);
  if (!fine) return { refusal: PAYMENT_MESSAGES.noFine(c.caseNumber) };
  if (!canPay) return { refusal: PAYMENT_MESSAGES.settled(c.caseNumber) };
  return { card: paymentFormCard({ caseId: c.caseId, caseNumber: c.caseNumber, paymentId, decisionDate: c.decision.date, fine, today, ...extra }) };
}

/** The case card's `缴款` button: the form in place of the card, with the payment id it will record under. */
export const openPaymentAction = cardAction({
  value: z.object({ case_id: CASE_ID }),
  async handle({ case_id }, { operator, tap, s }) {
    const c = await s.cases.get(case_id);
    if (!c || !canViewCase(operator, c)) return errorToast(MESSAGES.caseNotFound(case_id));
    // One form, one payment: a re-delivered tap opens the same form; a new tap, a new payment.
    const paymentId = `P${sendUuid('payment-form', tap.eventId ?? s.now().toISOString(), operator.openId, case_id).slice(0, 32)}`;
    const answer = paymentForm(c, operator, paymentId, shanghaiDate(s.now()));
    if ('refusal' in answer) return errorToast(answer.refusal);
    return { card: answer.card };
  },
});

/** `确认缴款`: checked on the server whatever the card offered, recorded once per form. */
export const recordPaymentAction = cardAction({
  value: z.object({ case_id: CASE_ID, payment_id: z.string().check(z.regex(/^P[0-9a-f]{32}$/)) }),
  async handle({ case_id, payment_id }, { operator, tap, s }) {
    const c = await s.cases.get(case_id);
    if (!c || !canViewCase(operator, c)) return errorToast(MESSAGES.caseNotFound(case_id));
    const form = readPaymentForm(tap.formValue ?? null);
    const result: PaymentResult = form.ok ? await recordOnePayment(c, operator, form.value, payment_id, s) : { ok: false, message: form.message };
    if (!result.ok) {
      const raw = (tap.formValue ?? {}) as Record<string, unknown>;
      const values = {
        ...(typeof raw.amount === 'string' ? { amount: raw.amount } : {}),
        ...(form.ok && form.value.date ? { paidOn: form.value.date } : {}),
      };
      const again = paymentForm(result.owed ?? c, operator, payment_id, shanghaiDate(s.now()), { values, errors: [result.message] });
      if ('refusal' in again) return errorToast(again.refusal);
      return { toast: { type: 'error', content: MESSAGES.fixForm }, card: again.card };
    }
    if (result.settled) {
      // Paid in full meets the party's 缴纳罚款 period; a second tap hands the sync on again (idempotent).
      try {
        await s.jobs.submit({ kind: 'deadlines.sync', scope: 'case', caseId: c.caseId });
      } catch (err) {
        s.log.error('deadlines.sync not handed on after a payment', { caseId: c.caseId, err });
      }
    }
    return { toast: { type: 'success', content: result.notice }, card: await caseCardFor(result.case, operator, s, result.notice) };
  },
});
