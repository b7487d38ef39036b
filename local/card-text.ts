/**
 * A Feishu message as a person would read it, for the terminal (`npm run say`): a card's header, its
 * text, its fields and its buttons (`[提交]`), one block per card. Pure; unknown components are shown by
 * whatever text they carry, so a new card is readable before this file learns about it.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The text of a `plain_text`/`lark_md` object or a bare string. */
function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isObject(v)) return str(v.content);
  return '';
}

/** Lark markdown to plain text: entities decoded, emphasis and colour tags dropped, links as `text (url)`. */
export function plainMarkdown(md: string): string {
  return md
    .replace(/<at\s+(?:id|user_id|email)=["']?([^"'>\s]+)["']?\s*><\/at>/g, '@$1')
    .replace(/<\/?(?:font|text_tag|u|i|b|s)\b[^>]*>/g, '')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1 ($2)')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&(lt|gt|amp|quot|nbsp);/g, (_, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', nbsp: ' ' })[name] ?? '');
}

function fieldLabel(el: Json): string {
  const label = plainMarkdown(textOf(el.label));
  const placeholder = plainMarkdown(textOf(el.placeholder));
  return label || placeholder || str(el.name);
}

function renderElement(el: unknown, out: string[], indent: string): void {
  if (!isObject(el)) return;
  const line = (text: string) => {
    for (const l of text.split('\n')) out.push(`${indent}${l}`);
  };
  switch (el.tag) {
    case 'markdown':
    case 'plain_text':
    case 'lark_md':
      line(plainMarkdown(str(el.content)));
      return;
    case 'div':
      if (el.text) line(plainMarkdown(textOf(el.text)));
      for (const f of Array.isArray(el.fields) ? el.fields : []) if (isObject(f)) line(plainMarkdown(textOf(f.text)));
      return;
    case 'hr':
      line('────────────────────');
      return;
    case 'button':
      line(`[${plainMarkdown(textOf(el.text))}]`);
      return;
    case 'input':
    case 'textarea':
      line(`${fieldLabel(el)}：____${el.default_value ? ` (${str(el.default_value)})` : ''}`);
      return;
    case 'select_static':
    case 'multi_select_static': {
      const options = (Array.isArray(el.options) ? el.options : []).map((o) => (isObject(o) ? plainMarkdown(textOf(o.text)) : ''));
      line(`${fieldLabel(el)}：( ${options.join(' | ')} )`);
      return;
    }
    case 'select_person':
    case 'multi_select_person': {
      const count = Array.isArray(el.options) ? el.options.length : 0;
      line(`${fieldLabel(el)}：(选择人员${count ? `，${count} 人可选` : ''})`);
      return;
    }
    case 'date_picker':
    case 'picker_date':
      line(`${fieldLabel(el)}：(选择日期)`);
      return;
    case 'img':
    case 'image':
      line(`[图片${textOf(el.alt) ? `：${plainMarkdown(textOf(el.alt))}` : ''}]`);
      return;
    case 'column_set': {
      const columns = Array.isArray(el.columns) ? el.columns : [];
      // Buttons side by side read best on one line.
      const buttons = columns.flatMap((c) => (isObject(c) && Array.isArray(c.elements) ? c.elements : []));
      if (buttons.length > 0 && buttons.every((b) => isObject(b) && b.tag === 'button')) {
        line(buttons.map((b) => `[${plainMarkdown(textOf((b as Json).text))}]`).join('  '));
        return;
      }
      for (const c of columns) if (isObject(c)) for (const child of Array.isArray(c.elements) ? c.elements : []) renderElement(child, out, indent);
      return;
    }
    default: {
      // form, collapsible_panel, interactive_container and anything newer: its own text, then its children.
      const own = textOf(el.text) || str(el.content);
      if (own) line(plainMarkdown(own));
      const children = Array.isArray(el.elements) ? el.elements : [];
      for (const child of children) renderElement(child, out, el.tag === 'collapsible_panel' ? `${indent}  ` : indent);
    }
  }
}

/** A card (JSON 2.0, or 1.0's `elements` at the top) as lines of text. */
export function cardToText(card: unknown): string {
  if (!isObject(card)) return '';
  const out: string[] = [];
  const header = isObject(card.header) ? card.header : undefined;
  if (header) {
    const title = plainMarkdown(textOf(header.title));
    const subtitle = plainMarkdown(textOf(header.subtitle));
    out.push(`【${title}】${subtitle ? ` ${subtitle}` : ''}`);
  }
  const body = isObject(card.body) ? card.body : card;
  for (const el of Array.isArray(body.elements) ? body.elements : []) renderElement(el, out, '  ');
  return out.join('\n');
}

/** One message from the fake Open API's log, readable. */
export function messageToText(m: { msg_type: string; content: unknown }): string {
  if (m.msg_type === 'interactive') return cardToText(m.content);
  if (m.msg_type === 'text' && isObject(m.content)) return str(m.content.text);
  if (isObject(m.content) && str(m.content.file_name)) return `[${m.msg_type}] ${str(m.content.file_name)}`;
  return `[${m.msg_type}] ${JSON.stringify(m.content)}`;
}
