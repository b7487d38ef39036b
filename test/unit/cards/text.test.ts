import { describe, expect, it } from 'vitest';
import { textMessage } from '../../../cards/text.ts';

describe('textMessage', () => {
  it.each([
    ['<at user_id="all"></at>', '＜at user_id="all"＞＜/at＞'],
    ['<at user_id="ou_x">张三</at>', '＜at user_id="ou_x"＞张三＜/at＞'],
    ['<b>粗</b><i>斜</i><u>下</u><s>删</s>', '＜b＞粗＜/b＞＜i＞斜＜/i＞＜u＞下＜/u＞＜s＞删＜/s＞'],
    ['[点我领奖](https://evil.example)', '［点我领奖］(https://evil.example)'],
  ])('keeps Feishu text markup from acting: %s', (typed, shown) => {
    expect(textMessage(typed)).toBe(shown);
  });

  it('leaves ordinary text, full-width brackets and line breaks alone', () => {
    const text = '案件 甘经信立〔2026〕1号：\n算期限 处罚决定公开 2026-09-28（星期一） a*b_c (x)';
    expect(textMessage(text)).toBe(text);
  });

  it('drops invisible characters that could hide or reorder what is shown', () => {
    expect(textMessage('a\u202eb\u2066c\ufeffd\u0000e\tf\r\ng')).toBe('abcde\tf\ng');
  });
});
