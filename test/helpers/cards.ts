/** Reading the cards the bot sent, as a person would: a button by its text, and what it sends back. */

type Json = Record<string, unknown>;

function walk(node: unknown, visit: (n: Json) => void): void {
  if (Array.isArray(node)) for (const x of node) walk(x, visit);
  else if (node && typeof node === 'object') {
    visit(node as Json);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

/** Every button's text and the value its callback sends back. */
export function buttons(card: unknown): { text: string; value: Record<string, unknown> }[] {
  const out: { text: string; value: Record<string, unknown> }[] = [];
  walk(card, (n) => {
    if (n.tag !== 'button') return;
    const text = (n.text as { content?: string } | undefined)?.content ?? '';
    const behavior = (n.behaviors as { value?: Record<string, unknown> }[] | undefined)?.[0];
    if (behavior?.value) out.push({ text, value: behavior.value });
  });
  return out;
}

/** The value of the button with this text (the first one); throws when the card has none. */
export function buttonValue(card: unknown, text: string): Record<string, unknown> {
  const b = buttons(card).find((x) => x.text === text);
  if (!b) throw new Error(`no button 「${text}」 on the card; it has: ${buttons(card).map((x) => x.text).join('、') || 'none'}`);
  return b.value;
}

/** A form's prefilled values: each input's default_value and each select's initial_option, by name. */
export function prefilled(card: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  walk(card, (n) => {
    if (typeof n.name !== 'string') return;
    if (typeof n.default_value === 'string') out[n.name] = n.default_value;
    if (typeof n.initial_option === 'string') out[n.name] = n.initial_option;
  });
  return out;
}
