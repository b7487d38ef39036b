/**
 * The payment form (缴款), opened by the case card's `缴款` button: `amount`, `paid_on` and `确认缴款`,
 * built from the domain's one vocabulary (PAYMENT_FORM). The button carries the form's payment id, so
 * a second tap on the same form records nothing more.
 */
import { PAYMENT_FORM } from '../functions/domain/service/payment.ts';
import { type Card, type CardElement, type InputElement, card, cardHeader, escapeMd, formErrors, markdown, plainText, submitButton } from './common.ts';

export interface PaymentFormCardView {
  caseId: string;
  caseNumber: string;
  /** The once key of the payment this form records. */
  paymentId: string;
  /** 作出决定之日, and the fine decided, paid so far and outstanding, formatted (`5,000.50 元`). */
  decisionDate: string;
  fine: { decided: string; paid: string; payments: number; outstanding: string };
  /** Today (Asia/Shanghai): the date picker starts there. */
  today: string;
  /** What was submitted, shown again with the problems. */
  values?: { amount?: string; paidOn?: string };
  errors?: string[];
}

export function paymentFormCard(v: PaymentFormCardView): Card {
  const f = PAYMENT_FORM.fields;
  const elements: CardElement[] = [
    markdown(
      [
        `**决定罚款**：${escapeMd(v.fine.decided)}（${escapeMd(v.decisionDate)}）`,
        `**已缴纳**：${escapeMd(v.fine.paid)}（${v.fine.payments} 笔）`,
        `**未缴纳**：${escapeMd(v.fine.outstanding)}`,
        `填当事人这次缴纳的金额（可分次缴纳，不超过未缴纳的金额）和缴款日期（缴款凭证上的日期，不早于决定日期，不晚于今天）。`,
      ].join('\n'),
    ),
  ];
  elements.push(...formErrors(v.errors));
  const amount: InputElement = {
    tag: 'input',
    name: 'amount',
    required: true,
    max_length: f.amount.maxLength,
    label: plainText(f.amount.label),
    placeholder: plainText(f.amount.placeholder),
    width: 'fill',
  };
  if (v.values?.amount) amount.default_value = Array.from(v.values.amount).slice(0, f.amount.maxLength).join('');
  const submit = submitButton(PAYMENT_FORM.submit.label, PAYMENT_FORM.submit.name, { action: 'payment.record', case_id: v.caseId, payment_id: v.paymentId });
  elements.push({
    tag: 'form',
    name: PAYMENT_FORM.formName,
    elements: [
      amount,
      {
        tag: 'date_picker',
        name: 'paid_on',
        required: false,
        placeholder: plainText(f.paid_on.placeholder),
        initial_date: v.values?.paidOn ?? v.today,
        width: 'fill',
      },
      submit,
    ],
  });
  return card({ header: cardHeader('登记缴款', 'blue', v.caseNumber), summary: `登记缴款 ${v.caseNumber}`, elements });
}
