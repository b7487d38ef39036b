/**
 * The service form (送达): `served_on`, `method`, `proof` (the case's evidence) and `确认送达`, built
 * from the service domain's one vocabulary table (SERVICE_FORM), and the card that says it was
 * recorded and which of the party's periods it started.
 */
import { SERVICE_FORM } from '../functions/domain/service/form.ts';
import { type Card, type CardElement, card, cardHeader, escapeMd, formErrors, markdown, plainText, submitButton, truncate } from './common.ts';

export interface ServiceFormCardView {
  caseId: string;
  caseNumber: string;
  /** 作出决定之日 and the decision in words. */
  decisionDate: string;
  decisionText: string;
  /** The case's evidence, newest first: the proof is chosen among these. */
  evidence: { evidenceId: string; label: string }[];
  /** What was submitted, shown again with the problems (a rejected form comes back filled in). */
  values?: { servedOn?: string; method?: string; proof?: string[] };
  errors?: string[];
}

/** A multi-select keeps the card well under 30 KB; older evidence can be cited by sending 送达 again after pinning it. */
export const SERVICE_PROOF_MAX_OPTIONS = 100;
const LABEL_MAX = 60;

export function serviceFormCard(v: ServiceFormCardView): Card {
  const f = SERVICE_FORM.fields;
  const offered = v.evidence.slice(0, SERVICE_PROOF_MAX_OPTIONS);
  const offeredIds = new Set(offered.map((e) => e.evidenceId));
  const elements: CardElement[] = [
    markdown(
      [
        `**决定**：${escapeMd(v.decisionText)}（${escapeMd(v.decisionDate)}）`,
        `**${escapeMd(f.served_on.label)}**填当事人收到决定书之日（送达回证、邮寄回执上的日期），不早于决定日期，不晚于今天；复议、诉讼和缴纳罚款的期限都从这一天起算。`,
        ...f.method.options.map((o) => `· ${escapeMd(o.label)}：${escapeMd(o.hint)}`),
      ].join('\n'),
    ),
  ];
  elements.push(...formErrors(v.errors));
  const submit = submitButton(SERVICE_FORM.submit.label, SERVICE_FORM.submit.name, { action: 'service.record', case_id: v.caseId });
  const method = v.values?.method;
  const chosen = (v.values?.proof ?? []).filter((id) => offeredIds.has(id));
  elements.push({
    tag: 'form',
    name: SERVICE_FORM.formName,
    elements: [
      {
        tag: 'date_picker',
        name: 'served_on',
        required: true,
        placeholder: plainText(f.served_on.placeholder),
        ...(v.values?.servedOn ? { initial_date: v.values.servedOn } : {}),
        width: 'fill',
      },
      {
        tag: 'select_static',
        name: 'method',
        required: true,
        placeholder: plainText(f.method.placeholder),
        options: f.method.options.map((o) => ({ text: plainText(o.label), value: o.value })),
        ...(method && f.method.options.some((o) => o.value === method) ? { initial_option: method } : {}),
        width: 'fill',
      },
      {
        tag: 'multi_select_static',
        name: 'proof',
        required: true,
        placeholder: plainText(f.proof.placeholder),
        options: offered.map((e) => ({ text: plainText(truncate(e.label, LABEL_MAX)), value: e.evidenceId })),
        ...(chosen.length > 0 ? { selected_values: chosen } : {}),
        width: 'fill',
      },
      submit,
    ],
  });
  return card({ header: cardHeader('登记送达', 'blue', v.caseNumber), summary: `登记送达 ${v.caseNumber}`, elements });
}

export interface ServiceRecordedCardView {
  caseNumber: string;
  servedOn: string;
  method: string;
  proofCount: number;
  recordedByName: string;
  /** The party's periods it started: name, due date with weekday, source. */
  periods: { name: string; due: string; source: string; provisional: boolean }[];
  /** When the service was recorded earlier (a repeated tap): say so. */
  earlier: boolean;
}

export function serviceRecordedCard(v: ServiceRecordedCardView): Card {
  const lines = [
    v.earlier ? '本案已登记送达，以下为已登记的内容：' : '送达已登记，并记入全过程记录。',
    `**送达日期**：${escapeMd(v.servedOn)}`,
    `**送达方式**：${escapeMd(v.method)}`,
    `**送达凭证**：${v.proofCount} 项本案证据`,
    `**登记人**：${escapeMd(v.recordedByName)}`,
  ];
  const periods = v.periods.map(
    (p) => `**${escapeMd(p.name)}**：${escapeMd(p.due)}${p.provisional ? '（推算，待公布放假安排后确认）' : ''}（${escapeMd(truncate(p.source, 200))}）`,
  );
  return card({
    header: cardHeader('送达已登记', 'green', v.caseNumber),
    summary: `送达已登记 ${v.caseNumber}`,
    elements: [markdown(lines.join('\n')), ...(periods.length ? [markdown(['自送达之日起算的期限：', ...periods].join('\n'))] : [])],
  });
}
