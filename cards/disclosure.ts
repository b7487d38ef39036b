/** The head's withdrawal card (撤销决定) and the publisher's digest for the office. */
import { WITHDRAWAL_FORM } from '../functions/domain/disclosure/withdrawal.ts';
import { type Card, type CardElement, card, cardHeader, escapeMd, formErrors, markdown, plainText, red, submitButton, truncate } from './common.ts';

export interface WithdrawalFormCardView {
  caseId: string;
  caseNumber: string;
  decisionText: string;
  decisionDate: string;
  /** Whether the decision's page is on the public site now (else it will not be published at all). */
  published: boolean;
  values?: { kind?: string; reason?: string };
  errors?: string[];
}

export function withdrawalFormCard(v: WithdrawalFormCardView): Card {
  const f = WITHDRAWAL_FORM.fields;
  const elements: CardElement[] = [
    markdown(
      [
        `**决定**：${escapeMd(v.decisionText)}（${escapeMd(v.decisionDate)}）`,
        v.published
          ? '该决定已在公开网站公开。确认后，公开页面将在 3 个工作日内撤回，并公开说明理由（行政处罚法第四十八条第二款）。'
          : '该决定尚未公开。确认后将不再公开。',
        '理由将向社会公开，请勿填写个人信息。',
      ].join('\n'),
    ),
  ];
  elements.push(...formErrors(v.errors));
  const kind = v.values?.kind;
  const submit = submitButton(WITHDRAWAL_FORM.submit.label, WITHDRAWAL_FORM.submit.name, { action: 'disclosure.withdraw', case_id: v.caseId }, 'danger', {
    title: '确认撤回',
    text: '撤回将记入全过程记录并向社会公开理由。',
  });
  elements.push({
    tag: 'form',
    name: WITHDRAWAL_FORM.formName,
    elements: [
      {
        tag: 'select_static',
        name: 'kind',
        required: true,
        placeholder: plainText(f.kind.placeholder),
        options: f.kind.options.map((o) => ({ text: plainText(o.label), value: o.value })),
        ...(kind && f.kind.options.some((o) => o.value === kind) ? { initial_option: kind } : {}),
        width: 'fill',
      },
      {
        tag: 'input',
        name: 'reason',
        required: true,
        max_length: f.reason.maxLength,
        label: plainText(f.reason.label),
        placeholder: plainText(truncate(f.reason.placeholder, 100)),
        input_type: 'multiline_text',
        rows: 3,
        ...(v.values?.reason ? { default_value: truncate(v.values.reason, f.reason.maxLength) } : {}),
        width: 'fill',
      },
      submit,
    ],
  });
  return card({ header: cardHeader('撤销决定', 'red', v.caseNumber), summary: `撤销决定 ${v.caseNumber}`, elements });
}

export interface DisclosureDigestView {
  date: string;
  published: string[];
  withdrawn: string[];
  expired: string[];
  atRisk: string[];
  /** 双随机抽查结果: published today and still owed (functions/domain/draw/inspection.ts resultsDigest). */
  inspections?: { summary: string; published: string[]; pending: string[] };
}

const DIGEST_MAX_LINES = 40;

function section(title: string, items: string[], danger = false): string {
  if (items.length === 0) return `**${title}**：无`;
  const shown = items.slice(0, DIGEST_MAX_LINES).map((x) => `· ${escapeMd(truncate(x, 300))}`);
  const more = items.length > DIGEST_MAX_LINES ? [`另有 ${items.length - DIGEST_MAX_LINES} 项`] : [];
  const head = `**${title}**（${items.length}）`;
  return [danger ? red(head) : head, ...shown, ...more].join('\n');
}

export function disclosureDigestCard(v: DisclosureDigestView): Card {
  const i = v.inspections;
  const inspections = i
    ? [
        markdown(`**${escapeMd(i.summary)}**`),
        ...(i.published.length > 0 ? [markdown(section('今日公示的抽查结果', i.published))] : []),
        ...(i.pending.length > 0 ? [markdown(section('待公示的抽查结果', i.pending, true))] : []),
      ]
    : [];
  return card({
    header: cardHeader('事后公开日报', v.atRisk.length > 0 || (i?.pending.length ?? 0) > 0 ? 'orange' : 'blue', v.date),
    summary: `事后公开 ${v.date}：公开 ${v.published.length}，撤回 ${v.withdrawn.length}，下线 ${v.expired.length}，临期 ${v.atRisk.length}${i ? `；${i.summary}` : ''}`,
    elements: [
      markdown(section('已公开', v.published)),
      markdown(section('已撤回', v.withdrawn)),
      markdown(section('公开期满下线', v.expired)),
      markdown(section('可能逾期', v.atRisk, true)),
      ...inspections,
    ],
  });
}
