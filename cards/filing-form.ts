/**
 * 立案登记 form card. Submitting sends `card.action.trigger` with
 * `action.value = { action: 'case.file', form_id }` and `action.form_value` keyed by the field
 * names of FILING_FIELDS (`officers` arrives as an array of open_ids). The fields, their labels,
 * limits and options come from that table, which the server's check reads too.
 */
import { FILING_FIELD_NAMES, FILING_FIELDS, type FilingFieldSpec } from '../functions/domain/case/filing-fields.ts';
import {
  type ButtonElement,
  CARD_MAX_BYTES,
  type Card,
  type CardElement,
  type InputElement,
  type MultiSelectPersonElement,
  type SelectStaticElement,
  card,
  cardContentByteSize,
  cardHeader,
  column,
  columnSet,
  escapeMd,
  markdown,
  plainText,
  red,
  submitButton,
} from './common.ts';
import type { FilingFieldName, FilingFormCardView } from './types.ts';

export const FILING_FORM_NAME = 'filing_form';
/**
 * The form, as message content, stays this far under Feishu's 30 KB card limit (230025): 1 KB is
 * left for the rest of the request (receive_id, msg_type, uuid) and for Feishu's own measure.
 */
export const FILING_FORM_MAX_BYTES = CARD_MAX_BYTES - 1024;
/** The smallest a person option can be in the content: {\"value\":\"x\"} and a comma. */
const MIN_OPTION_BYTES = 18;
export const FILING_SUBMIT_BUTTON_NAME = 'submit';
export const FILING_RESET_BUTTON_NAME = 'reset';

export function filingFormCard(view: FilingFormCardView): Card {
  // Offered in this order: the filer, the officers already chosen (a rejected form), then the roster
  // as given; as many as fit in the card.
  const chosen = unique([view.filerOpenId, ...prefilledOfficers(view)].filter((id) => id !== ''));
  const candidates = unique([...chosen, ...view.officerOptions.map((o) => o.openId)].filter((id) => id !== ''));
  const build = (n: number) => buildForm(view, candidates.slice(0, n), chosen, candidates.length);
  const cap = Math.floor(FILING_FORM_MAX_BYTES / MIN_OPTION_BYTES);
  if (candidates.length <= cap) {
    const all = build(candidates.length);
    if (cardContentByteSize(all) <= FILING_FORM_MAX_BYTES) return all;
  }
  // Too many: measure the card once, then take options off the end. Each option (and its entry in
  // selected_values) adds a fixed number of bytes wherever it stands, so the size is exact.
  const isChosen = new Set(chosen);
  let n = Math.min(candidates.length - 1, cap);
  let size = cardContentByteSize(build(n));
  while (n > 1 && size > FILING_FORM_MAX_BYTES) {
    const id = candidates[n - 1] as string;
    size -= contentBytes({ value: id }) + 1 + (isChosen.has(id) ? contentBytes(id) + 1 : 0);
    size -= String(n).length - String(n - 1).length; // the count in the note
    n -= 1;
  }
  return build(n);
}

/** Bytes a value adds to the card's message content (JSON inside a JSON string), without a comma. */
function contentBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(JSON.stringify(value))).length - 2;
}

function prefilledOfficers(view: FilingFormCardView): string[] {
  const initial = view.initial?.officers;
  return initial === undefined ? [] : typeof initial === 'string' ? [initial] : initial;
}

function buildForm(view: FilingFormCardView, offered: string[], chosen: string[], rosterSize: number): Card {
  const initial = view.initial ?? {};
  const text = (name: FilingFieldName): string | undefined => {
    const value = initial[name];
    return typeof value === 'string' ? value : undefined;
  };

  const elements: CardElement[] = [
    markdown('请填写以下信息完成立案登记，所有项目均为必填。', 'notation'),
  ];
  const errors = (view.errors ?? []).filter((e) => e.trim() !== '');
  if (errors.length > 0) {
    elements.push(
      markdown([red('**提交未成功，请修改后重新提交：**'), ...errors.map((e) => `- ${red(escapeMd(e))}`)].join('\n')),
    );
  }

  const formElements: CardElement[] = [];
  for (const name of FILING_FIELD_NAMES) {
    const spec: FilingFieldSpec = FILING_FIELDS[name];
    switch (spec.kind) {
      case 'text':
        formElements.push(
          input({ name, label: spec.label, placeholder: spec.placeholder, maxLength: spec.maxLength, multiline: spec.multiline === true, initial: text(name) }),
        );
        break;
      case 'select':
        formElements.push(
          fieldLabel(spec.label),
          select({ name, placeholder: spec.placeholder, options: spec.options.map((o) => ({ value: o.value, text: o.label })), initial: text(name) }),
        );
        break;
      case 'people':
        formElements.push(
          fieldLabel(`${spec.label}${spec.note}`),
          ...(offered.length < rosterSize
            ? [markdown(`执法人员较多，此处列出其中 ${offered.length} 人（本人及本科室人员在前）。`, 'notation')]
            : []),
          peoplePicker(name, spec.placeholder, offered, chosen),
        );
        break;
    }
  }
  formElements.push(
    columnSet(
      [
        column([formButton('提交', FILING_SUBMIT_BUTTON_NAME, 'submit', view.formId)]),
        column([formButton('重置', FILING_RESET_BUTTON_NAME, 'reset', view.formId)]),
      ],
      { spacing: 'medium' },
    ),
  );
  elements.push({ tag: 'form', name: FILING_FORM_NAME, elements: formElements });

  return card({
    header: cardHeader('立案登记', errors.length > 0 ? 'orange' : 'blue'),
    summary: errors.length > 0 ? '立案登记：请修改后重新提交' : '立案登记',
    elements,
  });
}

/** multi_select_person and select_static have no `label` property in JSON 2.0: label with markdown. */
function fieldLabel(text: string) {
  return markdown(text);
}

function input(spec: {
  name: FilingFieldName;
  label: string;
  placeholder: string;
  maxLength: number;
  multiline: boolean;
  initial: string | undefined;
}): InputElement {
  const el: InputElement = {
    tag: 'input',
    name: spec.name,
    required: true,
    max_length: spec.maxLength,
    label: plainText(spec.label),
    placeholder: plainText(spec.placeholder),
    width: 'fill',
  };
  if (spec.multiline) {
    el.input_type = 'multiline_text';
    el.rows = 3;
  }
  // A prefill longer than max_length would be rejected client-side on submit; cut it to fit.
  if (spec.initial !== undefined && spec.initial !== '') {
    el.default_value = Array.from(spec.initial).slice(0, spec.maxLength).join('');
  }
  return el;
}

function select(spec: {
  name: FilingFieldName;
  placeholder: string;
  options: { value: string; text: string }[];
  initial: string | undefined;
}): SelectStaticElement {
  const el: SelectStaticElement = {
    tag: 'select_static',
    name: spec.name,
    required: true,
    placeholder: plainText(spec.placeholder),
    options: spec.options.map((o) => ({ text: plainText(o.text), value: o.value })),
    width: 'fill',
  };
  // initial_option must be one of the option values; ignore anything else.
  if (spec.initial !== undefined && spec.options.some((o) => o.value === spec.initial)) {
    el.initial_option = spec.initial;
  }
  return el;
}

function peoplePicker(name: FilingFieldName, placeholder: string, offered: string[], chosen: string[]): MultiSelectPersonElement {
  // selected_values must be among the options; options are never empty (an empty list would offer
  // the chat's members instead of the roster), since the filer is always offered.
  const shown = new Set(offered);
  return {
    tag: 'multi_select_person',
    name,
    required: true,
    placeholder: plainText(placeholder),
    options: offered.map((value) => ({ value })),
    selected_values: chosen.filter((id) => shown.has(id)),
    width: 'fill',
  };
}

function formButton(text: string, name: string, kind: 'submit' | 'reset', formId: string): ButtonElement {
  if (kind === 'reset') {
    return { tag: 'button', text: plainText(text), type: 'default', name, form_action_type: 'reset' };
  }
  return submitButton(text, name, { action: 'case.file', form_id: formId });
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
