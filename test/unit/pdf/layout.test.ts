import { describe, expect, it } from 'vitest';
import { breakLines, cleanText } from '../../../functions/adapters/pdf/layout.ts';

/** Chinese characters and full-width punctuation 1 em, ASCII half. */
const width = (ch: string) => (/^[\x20-\x7e]$/.test(ch) ? 0.5 : 1);
const texts = (text: string, max: number, indent = 0) => breakLines(text, max, width, indent).map((l) => l.text);

describe('breaking Chinese lines', () => {
  it('breaks between any two characters, filling each line', () => {
    expect(texts('一二三四五六七八九十', 4)).toEqual(['一二三四', '五六七八', '九十']);
  });

  it('避头: closing punctuation never starts a line, it stays with the character before', () => {
    expect(texts('一二三四。五六', 4)).toEqual(['一二三', '四。五六']);
    expect(texts('一二三四）〕。五', 4)).toEqual(['一二三', '四）〕。', '五']);
    expect(texts('一二三四，、五', 4)).toEqual(['一二三', '四，、五']);
  });

  it('避尾: opening punctuation never ends a line, it goes with the character after', () => {
    expect(texts('一二三〔四五', 4)).toEqual(['一二三', '〔四五']);
    expect(texts('一二三（《四', 5)).toEqual(['一二三', '（《四']);
  });

  it('letters and digits stay together: codes, numbers, file names', () => {
    expect(texts('代码91620100MA71ABCDE0号', 8)).toEqual(['代码', '91620100MA71ABCD', 'E0号']);
    expect(texts('罚款150,000元', 5)).toEqual(['罚款', '150,000元']);
  });

  it('a word longer than a line is split where it must be', () => {
    expect(texts('abcdefghij', 2)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('the first line of each paragraph is indented; newlines end paragraphs', () => {
    const lines = breakLines('一二三四五六\n七八', 4, width, 2);
    expect(lines.map((l) => [l.text, l.offset, l.justify])).toEqual([
      ['一二', 2, true],
      ['三四五六', 0, false],
      ['七八', 2, false],
    ]);
  });

  it('every line but a paragraph’s last is justified; trailing spaces do not count', () => {
    const lines = breakLines('ab cd ef', 2.4, width);
    expect(lines.map((l) => [l.text, l.width, l.justify])).toEqual([
      ['ab', 1, true],
      ['cd', 1, true],
      ['ef', 1, false],
    ]);
  });

  it('control characters go, CRLF and tabs become newline and space', () => {
    expect(cleanText('a\r\nb\tc\u0000d\u200be')).toBe('a\nb cde');
    expect(texts('一\r\n二', 4)).toEqual(['一', '二']);
  });
});
