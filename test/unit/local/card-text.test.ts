import { describe, expect, it } from 'vitest';
import { caseCard, caseListCard, filingFormCard, helpCard } from '../../../cards/index.ts';
import { cardToText, messageToText, plainMarkdown } from '../../../local/card-text.ts';
import { caseView, filingView, helpView, listView, MALICIOUS } from '../cards/views.ts';

describe('Function: cardToText (what `npm run say` prints)', () => {
  it('shows the help card as a person reads it: header, greeting, commands', () => {
    const text = cardToText(helpCard(helpView()));
    const lines = text.split('\n');
    expect(lines[0]).toBe('【执法助手 — 使用帮助】');
    expect(text).toContain('您好，张三！');
    expect(text).toContain('- 立案：登记新案件');
    expect(text).not.toMatch(/[{}"]|&#\d+;|\*\*/);
  });

  it('shows a form with its fields, choices and buttons in brackets', () => {
    const text = cardToText(filingFormCard(filingView()));
    expect(text).toContain('当事人名称：____');
    expect(text).toMatch(/\( 自然人 \| 法人或其他组织 \)/);
    expect(text).toContain('(选择人员');
    expect(text).toMatch(/^ {2}\[提交\]/m);
  });

  it('shows the case card and the list with their buttons', () => {
    const c = cardToText(caseCard(caseView()));
    expect(c.split('\n')[0]).toMatch(/^【.+】/);
    const list = cardToText(caseListCard(listView()));
    expect(list).toMatch(/\[[^\]]+\]/);
  });

  it('prints user text literally: escaped markup reads as typed, not as markup', () => {
    const text = cardToText(helpCard(helpView({ userName: '<at id=all></at>' })));
    expect(text).toContain('您好，<at id=all></at>！');
  });

  it('reads a component it does not know by its text and children', () => {
    const text = cardToText({
      schema: '2.0',
      body: { elements: [{ tag: 'collapsible_panel', header: {}, elements: [{ tag: 'markdown', content: '折叠内容' }] }] },
    });
    expect(text).toContain('折叠内容');
  });
});

describe('Function: plainMarkdown', () => {
  it('drops emphasis and colour, keeps link targets, decodes entities', () => {
    expect(plainMarkdown("**粗** <font color='red'>红</font> [点我](https://x.example) &#60;a&#62; &amp;")).toBe(
      '粗 红 点我 (https://x.example) <a> &',
    );
  });
  it('does not throw on anything', () => {
    expect(() => plainMarkdown(MALICIOUS)).not.toThrow();
  });
});

describe('Function: messageToText', () => {
  it('prints text messages as their text and files by name', () => {
    expect(messageToText({ msg_type: 'text', content: { text: '案件信息已通过单聊发送给您。' } })).toBe('案件信息已通过单聊发送给您。');
    expect(messageToText({ msg_type: 'file', content: { file_key: 'k', file_name: '决定书.pdf' } })).toBe('[file] 决定书.pdf');
  });
});
