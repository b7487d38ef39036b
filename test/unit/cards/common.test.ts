import { describe, expect, it } from 'vitest';
import {
  callbackButton,
  card,
  cardByteSize,
  cardHeader,
  escapeMd,
  escapeMdMultiline,
  markdown,
  truncate,
} from '../../../cards/common.ts';
import { assertValidCard } from '../../../local/card-validator.ts';
import { assertNoInjectedMarkup, decodeEntities, MALICIOUS } from './views.ts';

describe('escapeMd', () => {
  it('neutralises emphasis, mentions, links, HTML tags, emoji codes and autolinks', () => {
    const escaped = escapeMd(MALICIOUS);
    assertNoInjectedMarkup(escaped);
    expect(escaped).not.toMatch(/[<>*_~`[\]()]/);
  });

  it('loses nothing: decoding the entities gives the original text back', () => {
    expect(decodeEntities(escapeMd(MALICIOUS))).toBe(MALICIOUS);
    expect(decodeEntities(escapeMd('A&B &lt;at id=all&gt; 5 > 3'))).toBe('A&B &lt;at id=all&gt; 5 > 3');
  });

  it('escapes a user-typed entity so it shows literally instead of decoding to markup', () => {
    expect(escapeMd('&lt;at id=all&gt;')).toBe('&#38;lt;at id&#61;all&#38;gt;');
  });

  it('uses the numeric references from the official rich-text escape table', () => {
    expect(escapeMd('*x*')).toBe('&#42;x&#42;');
    expect(escapeMd('[a](b)')).toBe('&#91;a&#93;&#40;b&#41;');
    expect(escapeMd('<at id=all></at>')).toBe('&#60;at id&#61;all&#62;&#60;&#47;at&#62;');
  });

  it('flattens newlines and blocks line-start syntax (headings, lists, quotes, code)', () => {
    const escaped = escapeMd('# 标题\n- 列表\n1. 有序\n> 引用\n    缩进代码\n```\n---');
    expect(escaped).not.toContain('\n');
    // Outside the numeric references, no syntax character is left.
    expect(escaped.replace(/&#\d+;/g, '')).not.toMatch(/[#>`\-.]/);
  });

  it('leaves ordinary Chinese text untouched and strips controls and bidi overrides', () => {
    expect(escapeMd('某某商贸有限公司（分公司）')).toBe('某某商贸有限公司（分公司）');
    expect(escapeMd('  张\u202e三\u0000  ')).toBe('张三');
  });
});

describe('escapeMdMultiline', () => {
  it('keeps line breaks, trims indentation and collapses blank lines', () => {
    expect(escapeMdMultiline('第一行\r\n    第二行\n\n\n\n第三行\n\n')).toBe('第一行\n第二行\n\n第三行');
  });

  it('escapes every line', () => {
    const escaped = escapeMdMultiline('**a**\n<at id=all></at>\n# h');
    assertNoInjectedMarkup(escaped);
    expect(escaped.split('\n')).toHaveLength(3);
    expect(escaped).not.toMatch(/^#/m);
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text to max characters ending with …', () => {
    expect(truncate('短文本', 10)).toBe('短文本');
    expect(truncate('一二三四五六', 6)).toBe('一二三四五六');
    expect(truncate('一二三四五六七', 6)).toBe('一二三四五…');
    expect(Array.from(truncate('😀'.repeat(10), 5))).toHaveLength(5);
  });
});

describe('builders', () => {
  it('builds a JSON 2.0 card with update_multi, a summary and a callback button (no 1.0 value/action)', () => {
    const built = card({
      header: cardHeader('标题', 'blue', '副标题'),
      summary: '  预览\n文本  ',
      elements: [
        markdown('正文', 'notation'),
        callbackButton({ text: '查看', value: { action: 'case.show', case_id: 'c1' }, confirm: { title: '确认', text: '确定？' } }),
      ],
    });
    expect(built).toEqual({
      schema: '2.0',
      config: { update_multi: true, summary: { content: '预览 文本' } },
      header: {
        title: { tag: 'plain_text', content: '标题' },
        subtitle: { tag: 'plain_text', content: '副标题' },
        template: 'blue',
      },
      body: {
        elements: [
          { tag: 'markdown', content: '正文', text_size: 'notation' },
          {
            tag: 'button',
            text: { tag: 'plain_text', content: '查看' },
            type: 'default',
            confirm: { title: { tag: 'plain_text', content: '确认' }, text: { tag: 'plain_text', content: '确定？' } },
            behaviors: [{ type: 'callback', value: { action: 'case.show', case_id: 'c1' } }],
          },
        ],
      },
    });
    assertValidCard(built);
    expect(cardByteSize(built)).toBe(new TextEncoder().encode(JSON.stringify(built)).length);
  });
});
