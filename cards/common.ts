/**
 * Shared building blocks for Feishu card JSON 2.0 (the official component pages under
 * open.feishu.cn/document/feishu-cards/card-json-v2-components/...).
 *
 * JSON 2.0 rejects unknown properties, so these types list only properties the official component
 * docs define, and only the subset this project uses. local/card-validator.ts validates the same
 * subset strictly.
 *
 * Everything here is pure: no clock, no environment, no I/O.
 */
import type { CardActionValue } from './types.ts';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export interface PlainText {
  tag: 'plain_text';
  content: string;
}

/** Header colours (title component doc, "标题主题样式枚举"). */
export type HeaderTemplate =
  | 'blue'
  | 'wathet'
  | 'turquoise'
  | 'green'
  | 'yellow'
  | 'orange'
  | 'red'
  | 'carmine'
  | 'violet'
  | 'purple'
  | 'indigo'
  | 'grey'
  | 'default';

export interface CardHeader {
  title: PlainText;
  subtitle?: PlainText;
  template: HeaderTemplate;
}

export interface CardConfig {
  update_multi: true;
  summary?: { content: string };
}

export type TextSize = 'heading' | 'normal' | 'notation';

export interface MarkdownElement {
  tag: 'markdown';
  content: string;
  text_size?: TextSize;
  text_align?: 'left' | 'center' | 'right';
}

export interface HrElement {
  tag: 'hr';
}

export interface CallbackBehavior {
  type: 'callback';
  value: CardActionValue;
}

/** Opens a link (button docs: `behaviors[{type: 'open_url', default_url}]`). */
export interface OpenUrlBehavior {
  type: 'open_url';
  default_url: string;
}

export type ButtonType =
  | 'default'
  | 'primary'
  | 'danger'
  | 'text'
  | 'primary_text'
  | 'danger_text'
  | 'primary_filled'
  | 'danger_filled'
  | 'laser';

export interface Confirm {
  title: PlainText;
  text: PlainText;
}

export interface ButtonElement {
  tag: 'button';
  text: PlainText;
  type?: ButtonType;
  size?: 'tiny' | 'small' | 'medium' | 'large';
  width?: 'default' | 'fill';
  confirm?: Confirm;
  behaviors?: (CallbackBehavior | OpenUrlBehavior)[];
  /** Only inside a form (required there). */
  name?: string;
  /** Only inside a form. */
  form_action_type?: 'submit' | 'reset';
}

export interface ColumnElement {
  tag: 'column';
  width?: 'auto' | 'weighted';
  /** Integer 1..5, only with width 'weighted'. */
  weight?: number;
  vertical_align?: 'top' | 'center' | 'bottom';
  elements: CardElement[];
}

export interface ColumnSetElement {
  tag: 'column_set';
  flex_mode?: 'none' | 'stretch' | 'flow' | 'bisect' | 'trisect';
  horizontal_spacing?: 'small' | 'medium' | 'large' | 'extra_large';
  horizontal_align?: 'left' | 'center' | 'right';
  margin?: string;
  columns: ColumnElement[];
}

export interface InputElement {
  tag: 'input';
  name: string;
  required: boolean;
  max_length: number;
  label: PlainText;
  placeholder: PlainText;
  input_type?: 'text' | 'multiline_text';
  rows?: number;
  default_value?: string;
  width?: 'default' | 'fill';
}

export interface SelectOption {
  text: PlainText;
  value: string;
}

export interface SelectStaticElement {
  tag: 'select_static';
  name: string;
  /** Inside a form only. */
  required?: boolean;
  placeholder: PlainText;
  options: SelectOption[];
  initial_option?: string;
  width?: 'default' | 'fill';
  /** Outside a form: the choice is sent at once, as a tap with `action.option`. */
  behaviors?: CallbackBehavior[];
}

export interface MultiSelectPersonElement {
  tag: 'multi_select_person';
  name: string;
  required: boolean;
  placeholder: PlainText;
  /** Candidate users; each value is an open_id. Empty means "everyone in this chat". */
  options?: { value: string }[];
  /** Preselected open_ids; must be among options' values. */
  selected_values?: string[];
  width?: 'default' | 'fill';
}

export interface DatePickerElement {
  tag: 'date_picker';
  name: string;
  /** Inside a form only. */
  required?: boolean;
  placeholder: PlainText;
  /** YYYY-MM-DD */
  initial_date?: string;
  width?: 'default' | 'fill';
}

/** Several choices from a fixed list; inside a form only. The chosen values arrive as an array. */
export interface MultiSelectStaticElement {
  tag: 'multi_select_static';
  name: string;
  required: boolean;
  placeholder: PlainText;
  options: SelectOption[];
  /** Preselected values; must be among the options. */
  selected_values?: string[];
  width?: 'default' | 'fill';
}

export interface FormElement {
  tag: 'form';
  name: string;
  elements: CardElement[];
}

/** An uploaded image (its `img_key` from the Open API's image upload), with alt text. */
export interface ImgElement {
  tag: 'img';
  img_key: string;
  alt: PlainText;
  scale_type?: 'crop_center' | 'crop_top' | 'fit_horizontal';
  preview?: boolean;
}

export type CardElement =
  | MarkdownElement
  | ImgElement
  | HrElement
  | ButtonElement
  | ColumnSetElement
  | FormElement
  | InputElement
  | SelectStaticElement
  | MultiSelectPersonElement
  | DatePickerElement
  | MultiSelectStaticElement;

export interface Card {
  schema: '2.0';
  config: CardConfig;
  header: CardHeader;
  body: { elements: CardElement[] };
}

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

/** Card request body limit: Feishu refuses a larger card with error 230025 (local/card-validator.ts does too). */
export const CARD_MAX_BYTES = 30 * 1024;

/** UTF-8 size of the card as sent in a callback response (`card.data`). */
export function cardByteSize(card: Card): number {
  return new TextEncoder().encode(JSON.stringify(card)).length;
}

/**
 * UTF-8 size of the card as a message `content` string the way it stands in the request body (the
 * card JSON encoded once more, quotes escaped): the larger measure, so a card under the limit by
 * this one is under it by any.
 */
export function cardContentByteSize(card: Card): number {
  return new TextEncoder().encode(JSON.stringify(JSON.stringify(card))).length;
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

/**
 * Numeric character references for every character the rich-text (markdown) component treats as
 * syntax. The official rich-text doc ("特殊字符转义说明") says to escape such characters as
 * `&#<number>;`. Escaping `<`/`>` stops `<at id=all>`, `<font>`, `<a>`, `<link>` and friends;
 * `[ ] ( )` stop links; `* _ ~ `` ` `` stop emphasis and code; `# - + . = |` and a stripped line
 * indent stop headings, lists, setext headings, tables and indented code; `:` stops `:EMOJI:` and
 * bare `https://` autolinks; `.` stops `www.` autolinks; `$` stops `[x]($var)` links; `&` makes
 * user-typed entities show literally.
 */
const MD_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&#38;',
  '<': '&#60;',
  '>': '&#62;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '`': '&#96;',
  '[': '&#91;',
  ']': '&#93;',
  '(': '&#40;',
  ')': '&#41;',
  '#': '&#35;',
  '-': '&#45;',
  '+': '&#43;',
  '.': '&#46;',
  '=': '&#61;',
  '|': '&#124;',
  '!': '&#33;',
  ':': '&#58;',
  $: '&#36;',
  '\\': '&#92;',
  '"': '&#34;',
  "'": '&#39;',
  '/': '&#47;',
};

const MD_SPECIAL = /[&<>*_~`[\]()#\-+.=|!:$\\"'\/]/g;

/** C0/C1 controls (except \n and \t, handled separately), bidi overrides/isolates, BOM. */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Escapes user-provided text for a lark markdown `content`, on one line: newlines become spaces.
 * The result renders literally: no mentions, links, emphasis, HTML tags or block syntax.
 */
export function escapeMd(text: string): string {
  return escapeLine(text.replace(/\r\n?|\n/g, ' '));
}

/**
 * Like {@link escapeMd} but keeps the user's line breaks (as `\n`). Each line is trimmed so that
 * indentation cannot start a code block; blank lines are kept at most once in a row.
 */
export function escapeMdMultiline(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => escapeLine(line));
  const out: string[] = [];
  for (const line of lines) {
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

function escapeLine(line: string): string {
  return line
    .replace(INVISIBLE, '')
    .replace(/\t/g, ' ')
    .trim()
    .replace(MD_SPECIAL, (ch) => MD_ESCAPES[ch] ?? ch);
}

/**
 * Shortens text to at most `max` characters (code points, so CJK and emoji count as one), ending
 * with `…` when something was cut. Apply before escaping.
 */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('').trimEnd()}…`;
}

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

export function plainText(content: string): PlainText {
  return { tag: 'plain_text', content };
}

export function cardHeader(title: string, template: HeaderTemplate, subtitle?: string): CardHeader {
  return subtitle === undefined
    ? { title: plainText(title), template }
    : { title: plainText(title), subtitle: plainText(subtitle), template };
}

/** Summary (chat-list preview) is plain text; keep it short. */
export const SUMMARY_MAX_CHARS = 60;

export function card(input: { header: CardHeader; summary: string; elements: CardElement[] }): Card {
  return {
    schema: '2.0',
    config: {
      update_multi: true,
      summary: { content: truncate(input.summary.replace(/\s+/g, ' ').trim(), SUMMARY_MAX_CHARS) },
    },
    header: input.header,
    body: { elements: input.elements },
  };
}

/** A markdown element. `content` must already be safe (escape user text with {@link escapeMd}). */
export function markdown(content: string, textSize?: TextSize): MarkdownElement {
  return textSize === undefined ? { tag: 'markdown', content } : { tag: 'markdown', content, text_size: textSize };
}

export function hr(): HrElement {
  return { tag: 'hr' };
}

/** Red text for lark markdown; `escaped` must already be escaped. */
export function red(escaped: string): string {
  return `<font color='red'>${escaped}</font>`;
}

/** A button that sends `value` back in a `card.action.trigger` callback (JSON 2.0 behaviors). */
export function callbackButton(input: {
  text: string;
  value: CardActionValue;
  type?: ButtonType;
  size?: ButtonElement['size'];
  confirm?: { title: string; text: string };
}): ButtonElement {
  const button: ButtonElement = {
    tag: 'button',
    text: plainText(input.text),
    type: input.type ?? 'default',
  };
  if (input.size !== undefined) button.size = input.size;
  if (input.confirm !== undefined) {
    button.confirm = { title: plainText(input.confirm.title), text: plainText(input.confirm.text) };
  }
  button.behaviors = [{ type: 'callback', value: input.value }];
  return button;
}

/**
 * A form's submit button: Feishu sends the form's values with `value` in the callback. A button in a
 * form needs `form_action_type` and a `name` unique in the card.
 */
export function submitButton(
  text: string,
  name: string,
  value: CardActionValue,
  type: ButtonType = 'primary_filled',
  confirm?: { title: string; text: string },
): ButtonElement {
  return {
    tag: 'button',
    text: plainText(text),
    type,
    name,
    form_action_type: 'submit',
    ...(confirm ? { confirm: { title: plainText(confirm.title), text: plainText(confirm.text) } } : {}),
    behaviors: [{ type: 'callback', value }],
  };
}

/** A form's problems in red, above its fields; nothing when there are none. */
export function formErrors(errors: readonly string[] | undefined): CardElement[] {
  return errors && errors.length > 0 ? [markdown(errors.map((e) => red(escapeMd(e))).join('\n'))] : [];
}

/** A button that opens `url` in the browser (no callback reaches the bot). */
export function linkButton(input: { text: string; url: string; type?: ButtonType }): ButtonElement {
  return { tag: 'button', text: plainText(input.text), type: input.type ?? 'primary', behaviors: [{ type: 'open_url', default_url: input.url }] };
}

/**
 * A drop-down outside a form whose choice comes back at once as a tap: `value` in `action.value`,
 * the chosen option in `action.option`. Options are shown as given; `initial` must be one of them.
 */
export function selectCallback(input: { name: string; placeholder: string; options: readonly string[]; initial?: string; value: CardActionValue }): SelectStaticElement {
  return {
    tag: 'select_static',
    name: input.name,
    placeholder: plainText(input.placeholder),
    options: input.options.map((o) => ({ text: plainText(o), value: o })),
    ...(input.initial !== undefined && input.options.includes(input.initial) ? { initial_option: input.initial } : {}),
    behaviors: [{ type: 'callback', value: input.value }],
  };
}

export function column(
  elements: CardElement[],
  options: { weight?: number; verticalAlign?: ColumnElement['vertical_align'] } = {},
): ColumnElement {
  const col: ColumnElement =
    options.weight === undefined
      ? { tag: 'column', width: 'auto', elements }
      : { tag: 'column', width: 'weighted', weight: options.weight, elements };
  if (options.verticalAlign !== undefined) col.vertical_align = options.verticalAlign;
  return col;
}

export function columnSet(
  columns: ColumnElement[],
  options: { flexMode?: ColumnSetElement['flex_mode']; spacing?: ColumnSetElement['horizontal_spacing'] } = {},
): ColumnSetElement {
  const set: ColumnSetElement = { tag: 'column_set', flex_mode: options.flexMode ?? 'none', columns };
  if (options.spacing !== undefined) set.horizontal_spacing = options.spacing;
  return set;
}

/** An image at the card's width, not cropped (charts); click to enlarge. */
export function image(imgKey: string, alt: string): ImgElement {
  return { tag: 'img', img_key: imgKey, alt: plainText(truncate(alt, 200)), scale_type: 'fit_horizontal', preview: true };
}
