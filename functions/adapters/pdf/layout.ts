/**
 * Line breaking for Chinese text (pure: widths come from a function). A line may break between any
 * two Chinese characters, but not inside a run of Latin letters and digits (a credit code, a number,
 * a word), and not before closing punctuation or after opening punctuation (避头尾: a line never
 * starts with ，。、）〕》” nor ends with （〔《“). Lines other than a paragraph's last are justified.
 */

/** Never at the start of a line. */
const NO_START = new Set([...'，。、；：？！）〕】》〉」』”’…—·％‰℃,.;:?!)]}%']);
/** Never at the end of a line. */
const NO_END = new Set([...'（〔【《〈「『“‘([{']);
/** Kept together: letters, digits and the ASCII marks inside numbers, codes and addresses. */
const WORD = /^[\x21-\x7e]$/;

export interface Line {
  text: string;
  /** Natural width (sum of character widths), without justification. */
  width: number;
  /** Where the line starts: the indent for a paragraph's first line, else 0. */
  offset: number;
  /** Stretch to the full width: every line of a paragraph but its last and those ending at a newline. */
  justify: boolean;
}

/** Control characters other than newline are dropped; CRLF and tabs become newline and space. */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f\u200b\ufeff]/g, '');
}

/** Groups that must stay on one line. */
function groups(paragraph: string): string[] {
  const units: string[] = [];
  for (const ch of paragraph) {
    const last = units.length - 1;
    if (WORD.test(ch) && last >= 0 && [...(units[last] as string)].every((c) => WORD.test(c))) units[last] += ch;
    else units.push(ch);
  }
  const out: string[] = [];
  for (const u of units) {
    const prev = out[out.length - 1];
    const first = [...u][0] as string;
    const prevLast = prev === undefined ? undefined : ([...prev].pop() as string);
    if (prev !== undefined && u !== ' ' && prev !== ' ' && (NO_START.has(first) || NO_END.has(prevLast as string))) {
      out[out.length - 1] = prev + u;
    } else out.push(u);
  }
  return out;
}

/**
 * Breaks `text` into lines no wider than `maxWidth`; the first line of each paragraph (text between
 * newlines) starts `indent` in. A group wider than a whole line is split between characters.
 */
export function breakLines(text: string, maxWidth: number, widthOf: (ch: string) => number, indent = 0): Line[] {
  const lines: Line[] = [];
  const measure = (s: string) => [...s].reduce((w, ch) => w + widthOf(ch), 0);
  for (const paragraph of cleanText(text).split('\n')) {
    let current = '';
    let width = 0;
    let start = indent;
    const push = (justify: boolean) => {
      const trimmed = current.replace(/ +$/, '');
      lines.push({ text: trimmed, width: width - measure(current.slice(trimmed.length)), offset: start, justify });
      current = '';
      width = 0;
      start = 0;
    };
    const room = () => maxWidth - start;
    for (const g of groups(paragraph)) {
      if (g === ' ' && current === '') continue;
      const w = measure(g);
      if (width + w <= room() + 1e-6) {
        current += g;
        width += w;
        continue;
      }
      if (current !== '') push(true);
      if (g === ' ') continue;
      if (w <= room() + 1e-6) {
        current = g;
        width = w;
        continue;
      }
      // Longer than a line: split it where it must be.
      for (const ch of g) {
        const cw = widthOf(ch);
        if (width + cw > room() + 1e-6 && current !== '') push(true);
        current += ch;
        width += cw;
      }
    }
    push(false);
  }
  return lines;
}
