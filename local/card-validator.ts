/**
 * Strict structural validator for the subset of Feishu card JSON 2.0 this project sends. Used by the
 * card unit tests, by the push sender (local/feishu-push.ts) on every card callback answer, and by
 * the fake Open API (local/feishu-sim/) on every card it is sent, so every end-to-end test checks
 * every card.
 *
 * JSON 2.0 rejects unknown properties (error 230099), so every object schema is `strictObject` and
 * lists only properties documented on the official JSON 2.0 component pages
 * (open.feishu.cn/document/feishu-cards/card-json-v2-structure and .../card-json-v2-components/*:
 * rich-text, divider, title, button, column-set, form-container, input,
 * single-select-dropdown-menu, multi-select-user-picker, date-picker).
 * Where the docs allow more (icons, i18n, styles, streaming...) the schema deliberately does not:
 * being stricter than Feishu is safe, being looser is what breaks a send.
 *
 * On top of the shapes, `cardIssues` checks the rules the docs state in prose:
 * - a form is a direct child of body.elements, never nested in another form or container;
 * - a form holds at least one button with form_action_type 'submit';
 * - every interactive component in a form has a `name`, and names are unique in the whole card;
 *   a button in a form also needs `form_action_type` (marked required in the form and button docs);
 * - form_action_type and `required` only inside a form; multi_select_person only inside a form;
 * - select values unique, initial/selected values among the options;
 * - element_id unique; at most 200 components/elements per card;
 * - components nest at most five levels ("容器类组件最多支持嵌套五层组件"; read strictly: every
 *   component on the path counts, columns and the innermost component included);
 * - widths: `default`, `fill` or [100,∞)px for buttons, inputs, selects, pickers; columns `auto`,
 *   `weighted` (weight 1..5) or [16,600]px; margins [-99,99]px and paddings [0,99]px, 1, 2 or 4 values;
 * - a card that replaces a sent one (PATCH, callback answer, delayed update) declares
 *   `config.update_multi: true` (PATCH doc: "更新前后卡片的 config 属性中，均显式声明");
 * - the serialized card (also as a message `content` string) is at most 30 KB.
 */
import { z } from 'zod';

export const CARD_MAX_BYTES = 30 * 1024;
export const CARD_MAX_COMPONENTS = 200;
export const CARD_MAX_DEPTH = 5;

// ---------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------

const plainText = z.strictObject({ tag: z.literal('plain_text'), content: z.string() });
/** Placeholders and button texts: at most 100 characters. */
const shortPlainText = z.strictObject({ tag: z.literal('plain_text'), content: z.string().max(100) });

const elementId = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,19}$/);
/** One, two or four space-separated lengths ("0" may go without a unit). */
const boxLengths = (one: string) => new RegExp(`^${one}(?: ${one})?$|^${one} ${one} ${one} ${one}$`);
const margin = z.string().regex(boxLengths('(?:0|-?\\d{1,2}px)'));
const padding = z.string().regex(boxLengths('(?:0|\\d{1,2}px)'));
const spacing = z.union([z.enum(['small', 'medium', 'large', 'extra_large']), z.string().regex(/^\d{1,2}px$/)]);
const pixels = (min: number, max: number) =>
  z.string().refine((w) => {
    const m = /^(\d{1,4})px$/.exec(w);
    return m !== null && Number(m[1]) >= min && Number(m[1]) <= max;
  }, `must be default, fill or ${min}px..${max === Infinity ? '' : `${max}px`}`);
const componentWidth = z.union([z.enum(['default', 'fill']), pixels(100, Infinity)]);
const headerTemplate = z.enum([
  'blue',
  'wathet',
  'turquoise',
  'green',
  'yellow',
  'orange',
  'red',
  'carmine',
  'violet',
  'purple',
  'indigo',
  'grey',
  'default',
]);

const confirm = z.strictObject({ title: plainText, text: plainText });

const callbackBehavior = z.strictObject({
  type: z.literal('callback'),
  // The SDKs only support object values.
  value: z.record(z.string(), z.unknown()),
});
const openUrlBehavior = z.strictObject({
  type: z.literal('open_url'),
  default_url: z.string().regex(/^https?:\/\//),
  pc_url: z.string().optional(),
  ios_url: z.string().optional(),
  android_url: z.string().optional(),
});
const behaviors = z.array(z.discriminatedUnion('type', [callbackBehavior, openUrlBehavior])).min(1);

/** Recursion point for containers; typed loosely to keep inference finite. */
const elementRef: z.ZodType<unknown> = z.lazy(() => element);

const markdownEl = z.strictObject({
  tag: z.literal('markdown'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  content: z.string(),
  text_size: z.enum(['heading-0', 'heading-1', 'heading-2', 'heading-3', 'heading-4', 'heading', 'normal', 'notation']).optional(),
  text_align: z.enum(['left', 'center', 'right']).optional(),
});

const hrEl = z.strictObject({
  tag: z.literal('hr'),
  element_id: elementId.optional(),
  margin: margin.optional(),
});

const buttonEl = z.strictObject({
  tag: z.literal('button'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  text: shortPlainText,
  type: z
    .enum(['default', 'primary', 'danger', 'text', 'primary_text', 'danger_text', 'primary_filled', 'danger_filled', 'laser'])
    .optional(),
  size: z.enum(['tiny', 'small', 'medium', 'large']).optional(),
  width: componentWidth.optional(),
  hover_tips: plainText.optional(),
  disabled: z.boolean().optional(),
  disabled_tips: plainText.optional(),
  confirm: confirm.optional(),
  behaviors: behaviors.optional(),
  name: z.string().min(1).optional(),
  form_action_type: z.enum(['submit', 'reset']).optional(),
});

const columnEl = z.strictObject({
  tag: z.literal('column'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  background_style: z.string().optional(),
  width: z.union([z.enum(['auto', 'weighted']), pixels(16, 600)]).optional(),
  weight: z.number().int().min(1).max(5).optional(),
  horizontal_spacing: spacing.optional(),
  horizontal_align: z.enum(['left', 'center', 'right']).optional(),
  vertical_align: z.enum(['top', 'center', 'bottom']).optional(),
  vertical_spacing: spacing.optional(),
  direction: z.enum(['vertical', 'horizontal']).optional(),
  padding: padding.optional(),
  elements: z.array(elementRef),
});

const columnSetEl = z.strictObject({
  tag: z.literal('column_set'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  horizontal_spacing: spacing.optional(),
  horizontal_align: z.enum(['left', 'center', 'right']).optional(),
  flex_mode: z.enum(['none', 'stretch', 'flow', 'bisect', 'trisect']).optional(),
  background_style: z.string().optional(),
  columns: z.array(columnEl).min(1),
});

const formEl = z.strictObject({
  tag: z.literal('form'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  name: z.string().min(1),
  direction: z.enum(['vertical', 'horizontal']).optional(),
  padding: padding.optional(),
  horizontal_spacing: spacing.optional(),
  horizontal_align: z.enum(['left', 'center', 'right']).optional(),
  vertical_align: z.enum(['top', 'center', 'bottom']).optional(),
  vertical_spacing: spacing.optional(),
  elements: z.array(elementRef).min(1),
});

/** Our subset: name, required, max_length, label and placeholder are always set. */
const inputEl = z.strictObject({
  tag: z.literal('input'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  name: z.string().min(1),
  required: z.boolean(),
  disabled: z.boolean().optional(),
  placeholder: shortPlainText,
  default_value: z.string().optional(),
  width: componentWidth.optional(),
  max_length: z.number().int().min(1).max(1000),
  input_type: z.enum(['text', 'multiline_text', 'password']).optional(),
  rows: z.number().int().min(1).optional(),
  auto_resize: z.boolean().optional(),
  max_rows: z.number().int().min(1).optional(),
  label: plainText,
  label_position: z.enum(['top', 'left']).optional(),
  confirm: confirm.optional(),
  behaviors: behaviors.optional(),
});

const selectOption = z.strictObject({ text: plainText, value: z.string().min(1) });

const selectStaticEl = z.strictObject({
  tag: z.literal('select_static'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  type: z.enum(['default', 'text']).optional(),
  name: z.string().min(1),
  // Required inside a form (our subset always sets it there); a drop-down outside a form has none.
  required: z.boolean().optional(),
  disabled: z.boolean().optional(),
  initial_option: z.string().optional(),
  initial_index: z.number().int().min(0).optional(),
  placeholder: shortPlainText,
  width: componentWidth.optional(),
  options: z.array(selectOption).min(1),
  confirm: confirm.optional(),
  behaviors: behaviors.optional(),
});

const multiSelectStaticEl = z.strictObject({
  tag: z.literal('multi_select_static'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  type: z.enum(['default', 'text']).optional(),
  name: z.string().min(1),
  required: z.boolean(),
  disabled: z.boolean().optional(),
  placeholder: shortPlainText,
  width: componentWidth.optional(),
  options: z.array(selectOption).min(1),
  selected_values: z.array(z.string().min(1)).optional(),
  confirm: confirm.optional(),
  behaviors: behaviors.optional(),
});

const personOption = z.strictObject({ value: z.string().min(1) });

const multiSelectPersonEl = z.strictObject({
  tag: z.literal('multi_select_person'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  type: z.enum(['default', 'text']).optional(),
  name: z.string().min(1),
  required: z.boolean(),
  disabled: z.boolean().optional(),
  placeholder: shortPlainText,
  width: componentWidth.optional(),
  selected_values: z.array(z.string().min(1)).optional(),
  options: z.array(personOption).optional(),
  confirm: confirm.optional(),
  behaviors: behaviors.optional(),
});

const selectPersonEl = z.strictObject({
  tag: z.literal('select_person'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  type: z.enum(['default', 'text']).optional(),
  name: z.string().min(1).optional(),
  required: z.boolean().optional(),
  disabled: z.boolean().optional(),
  placeholder: shortPlainText.optional(),
  initial_option: z.string().optional(),
  width: componentWidth.optional(),
  options: z.array(personOption).optional(),
  confirm: confirm.optional(),
  behaviors: behaviors.optional(),
});

const datePickerEl = z.strictObject({
  tag: z.literal('date_picker'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  name: z.string().min(1).optional(),
  required: z.boolean().optional(),
  disabled: z.boolean().optional(),
  placeholder: shortPlainText.optional(),
  initial_date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  width: componentWidth.optional(),
  confirm: confirm.optional(),
  behaviors: behaviors.optional(),
});

/** The image component (content-components/image, JSON 2.0): an uploaded image's key, with its alt text. */
const imgEl = z.strictObject({
  tag: z.literal('img'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  img_key: z.string().regex(/^img_[\w-]{1,200}$/),
  alt: plainText,
  title: plainText.optional(),
  corner_radius: z.string().regex(/^\d{1,3}(px|%)$/).optional(),
  scale_type: z.enum(['crop_center', 'crop_top', 'fit_horizontal']).optional(),
  size: z.string().optional(),
  transparent: z.boolean().optional(),
  preview: z.boolean().optional(),
});

const element = z.discriminatedUnion('tag', [
  markdownEl,
  imgEl,
  hrEl,
  buttonEl,
  columnSetEl,
  formEl,
  inputEl,
  selectStaticEl,
  multiSelectPersonEl,
  multiSelectStaticEl,
  selectPersonEl,
  datePickerEl,
]);

const header = z.strictObject({
  title: plainText,
  subtitle: plainText.optional(),
  template: headerTemplate,
});

const config = z.strictObject({
  // JSON 2.0 only supports shared cards.
  update_multi: z.literal(true),
  summary: z.strictObject({ content: z.string() }).optional(),
  enable_forward: z.boolean().optional(),
  enable_forward_interaction: z.boolean().optional(),
  width_mode: z.enum(['default', 'compact', 'fill']).optional(),
});

export const cardSchema = z.strictObject({
  schema: z.literal('2.0'),
  config: config.optional(),
  header: header.optional(),
  body: z.strictObject({ elements: z.array(element) }),
});

// ---------------------------------------------------------------------------------------------
// Rules the docs state in prose
// ---------------------------------------------------------------------------------------------

type Node = Record<string, unknown> & { tag: string };

const FORM_FIELDS = new Set(['input', 'select_static', 'multi_select_person', 'multi_select_static', 'select_person', 'date_picker', 'button']);

interface WalkContext {
  path: string;
  /** Name of the enclosing form, if any. */
  form: string | undefined;
  /** True for direct children of body.elements. */
  atRoot: boolean;
  /** Components on the path from body.elements to this one, this one included. */
  depth: number;
}

export function cardByteSize(card: unknown): number {
  return new TextEncoder().encode(JSON.stringify(card)).length;
}

/** Size when sent as a message: the card is a JSON string inside the request's `content`. */
export function cardContentByteSize(card: unknown): number {
  return new TextEncoder().encode(JSON.stringify(JSON.stringify(card))).length;
}

export interface CardCheckOptions {
  /** The card replaces a sent card (PATCH, callback answer, delayed update). */
  updated?: boolean;
}

/** All problems found; empty when the card is valid. */
export function cardIssues(card: unknown, opts: CardCheckOptions = {}): string[] {
  const parsed = cardSchema.safeParse(card);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  }
  const issues: string[] = [];
  if (opts.updated === true && parsed.data.config?.update_multi !== true) {
    issues.push('config.update_multi: a card that replaces a sent card must declare update_multi: true');
  }
  const names = new Map<string, string>();
  const elementIds = new Map<string, string>();
  let components = 0;

  const countTags = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(countTags);
    } else if (value !== null && typeof value === 'object') {
      if (typeof (value as { tag?: unknown }).tag === 'string') components++;
      Object.values(value).forEach(countTags);
    }
  };
  countTags(card);
  if (components > CARD_MAX_COMPONENTS) {
    issues.push(`card has ${components} components/elements, more than ${CARD_MAX_COMPONENTS}`);
  }

  const claimName = (name: unknown, path: string) => {
    if (typeof name !== 'string') return;
    const previous = names.get(name);
    if (previous !== undefined) issues.push(`${path}: name "${name}" already used at ${previous}`);
    else names.set(name, path);
  };

  const claimElementId = (id: unknown, path: string) => {
    if (typeof id !== 'string') return;
    const previous = elementIds.get(id);
    if (previous !== undefined) issues.push(`${path}: element_id "${id}" already used at ${previous}`);
    else elementIds.set(id, path);
  };

  const visit = (node: Node, ctx: WalkContext): void => {
    const { path } = ctx;
    claimElementId(node.element_id, path);
    if (ctx.depth > CARD_MAX_DEPTH) {
      issues.push(`${path}: ${node.tag} is nested ${ctx.depth} levels deep, more than ${CARD_MAX_DEPTH}`);
      return;
    }

    const inForm = ctx.form !== undefined;
    if (FORM_FIELDS.has(node.tag)) {
      if (inForm && typeof node.name !== 'string') issues.push(`${path}: ${node.tag} inside form "${ctx.form}" needs a name`);
      claimName(node.name, path);
      if (!inForm && 'required' in node) issues.push(`${path}: "required" is only allowed inside a form`);
    }

    switch (node.tag) {
      case 'form': {
        if (inForm) issues.push(`${path}: form nested inside form "${ctx.form}"`);
        else if (!ctx.atRoot) issues.push(`${path}: form must be a direct child of body.elements`);
        claimName(node.name, path);
        const children = node.elements as Node[];
        if (!containsSubmit(children)) issues.push(`${path}: form "${String(node.name)}" has no button with form_action_type "submit"`);
        children.forEach((child, i) =>
          visit(child, { path: `${path}.elements.${i}`, form: String(node.name), atRoot: false, depth: ctx.depth + 1 }),
        );
        return;
      }
      case 'column_set':
        (node.columns as Node[]).forEach((col, c) => {
          const colPath = `${path}.columns.${c}`;
          claimElementId(col.element_id, colPath);
          if (col.weight !== undefined && col.width !== 'weighted') issues.push(`${colPath}: weight only with width "weighted"`);
          // The column is a level of its own: column_set > column > child.
          if (ctx.depth + 1 > CARD_MAX_DEPTH) {
            issues.push(`${colPath}: column is nested ${ctx.depth + 1} levels deep, more than ${CARD_MAX_DEPTH}`);
            return;
          }
          (col.elements as Node[]).forEach((child, i) =>
            visit(child, { path: `${colPath}.elements.${i}`, form: ctx.form, atRoot: false, depth: ctx.depth + 2 }),
          );
        });
        return;
      case 'button':
        if (!inForm && node.form_action_type !== undefined) {
          issues.push(`${path}: form_action_type is only allowed on a button inside a form`);
        }
        if (inForm && node.form_action_type === undefined) {
          issues.push(`${path}: button "${String(node.name)}" inside form "${ctx.form}" needs form_action_type (submit or reset)`);
        }
        return;
      case 'multi_select_person': {
        if (!inForm) issues.push(`${path}: multi_select_person must be inside a form`);
        const values = ((node.options as { value: string }[] | undefined) ?? []).map((o) => o.value);
        checkUnique(values, `${path}.options`, issues);
        if (values.length > 0) {
          for (const v of (node.selected_values as string[] | undefined) ?? []) {
            if (!values.includes(v)) issues.push(`${path}: selected value "${v}" is not among the options`);
          }
        }
        return;
      }
      case 'multi_select_static': {
        if (!inForm) issues.push(`${path}: multi_select_static must be inside a form`);
        const values = (node.options as { value: string }[]).map((o) => o.value);
        checkUnique(values, `${path}.options`, issues);
        for (const v of (node.selected_values as string[] | undefined) ?? []) {
          if (!values.includes(v)) issues.push(`${path}: selected value "${v}" is not among the options`);
        }
        return;
      }
      case 'select_static': {
        const values = (node.options as { value: string }[]).map((o) => o.value);
        checkUnique(values, `${path}.options`, issues);
        if (typeof node.initial_option === 'string' && !values.includes(node.initial_option)) {
          issues.push(`${path}: initial_option "${node.initial_option}" is not among the options`);
        }
        return;
      }
      case 'select_person': {
        const values = ((node.options as { value: string }[] | undefined) ?? []).map((o) => o.value);
        checkUnique(values, `${path}.options`, issues);
        if (values.length > 0 && typeof node.initial_option === 'string' && !values.includes(node.initial_option)) {
          issues.push(`${path}: initial_option "${node.initial_option}" is not among the options`);
        }
        return;
      }
      case 'input':
        if (typeof node.default_value === 'string' && Array.from(node.default_value).length > (node.max_length as number)) {
          issues.push(`${path}: default_value is longer than max_length`);
        }
        return;
      default:
        return;
    }
  };

  (parsed.data.body.elements as Node[]).forEach((el, i) =>
    visit(el, { path: `body.elements.${i}`, form: undefined, atRoot: true, depth: 1 }),
  );

  const size = cardContentByteSize(card);
  if (size > CARD_MAX_BYTES) issues.push(`card is ${size} bytes as message content, more than ${CARD_MAX_BYTES}`);
  return issues;
}

function containsSubmit(nodes: Node[]): boolean {
  return nodes.some((n) => {
    if (n.tag === 'button') return n.form_action_type === 'submit';
    if (n.tag === 'column_set') return (n.columns as Node[]).some((c) => containsSubmit(c.elements as Node[]));
    return false;
  });
}

function checkUnique(values: string[], path: string, issues: string[]): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) issues.push(`${path}: duplicate value "${v}"`);
    seen.add(v);
  }
}

/** Throws with every issue listed when the card is not valid JSON 2.0 (our subset). */
export function assertValidCard(card: unknown, opts: CardCheckOptions = {}): void {
  const issues = cardIssues(card, opts);
  if (issues.length > 0) throw new Error(`invalid card:\n- ${issues.join('\n- ')}`);
}
