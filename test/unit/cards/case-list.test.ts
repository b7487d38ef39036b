import { describe, expect, it } from 'vitest';
import { caseListCard } from '../../../cards/index.ts';
import { assertValidCard, CARD_MAX_BYTES, cardContentByteSize, cardIssues } from '../../../local/card-validator.ts';
import { assertNoInjectedMarkup, findByTag, listItem, listView, MALICIOUS, markdownContents } from './views.ts';

type Button = { text: { content: string }; behaviors: { type: string; value: unknown }[] };

describe('caseListCard', () => {
  it('has the exact structure for one item on the last page', () => {
    expect(caseListCard(listView({ items: [listItem(7)] }))).toEqual({
      schema: '2.0',
      config: { update_multi: true, summary: { content: '我的案件（第1页）：1 件' } },
      header: { title: { tag: 'plain_text', content: '我的案件（第1页）' }, template: 'blue' },
      body: {
        elements: [
          {
            tag: 'column_set',
            flex_mode: 'none',
            columns: [
              {
                tag: 'column',
                width: 'weighted',
                weight: 4,
                vertical_align: 'center',
                elements: [
                  {
                    tag: 'markdown',
                    content: '**甘经信立〔2026〕7号**\n当事人7 · 行政处罚 · 已立案 · 立案 2026&#45;01&#45;05',
                  },
                ],
              },
              {
                tag: 'column',
                width: 'auto',
                vertical_align: 'center',
                elements: [
                  {
                    tag: 'button',
                    text: { tag: 'plain_text', content: '查看' },
                    type: 'default',
                    size: 'small',
                    behaviors: [{ type: 'callback', value: { action: 'case.show', case_id: 'case-INVENTED-0007' } }],
                  },
                ],
              },
            ],
          },
        ],
      },
    });
  });

  it('gives every item a 查看 button whose value round-trips the case id', () => {
    const items = [listItem(1), listItem(2, { caseId: 'id "with" \\ quotes/和中文' })];
    const built = JSON.parse(JSON.stringify(caseListCard(listView({ items }))));
    assertValidCard(built);
    const views = (findByTag(built, 'button') as unknown as Button[]).filter((b) => b.text.content === '查看');
    expect(views.map((b) => b.behaviors)).toEqual(
      items.map((item) => [{ type: 'callback', value: { action: 'case.show', case_id: item.caseId } }]),
    );
  });

  it('adds a 下一页 button carrying the cursor when there is a next page', () => {
    const cursor = 'eyJwayI6IkNBU0UjMSJ9+/=';
    const built = JSON.parse(JSON.stringify(caseListCard(listView({ pageNumber: 2, nextCursor: cursor }))));
    assertValidCard(built);
    expect(built.header.title.content).toBe('我的案件（第2页）');
    const next = (findByTag(built, 'button') as unknown as Button[]).find((b) => b.text.content === '下一页');
    expect(next?.behaviors).toEqual([{ type: 'callback', value: { action: 'case.list', cursor } }]);
  });

  it('has no 下一页 button on the last page', () => {
    const built = caseListCard(listView());
    expect((findByTag(built, 'button') as unknown as Button[]).map((b) => b.text.content)).toEqual(['查看', '查看']);
  });

  it('explains an empty first page and an empty later page', () => {
    const empty = caseListCard(listView({ items: [] }));
    assertValidCard(empty);
    expect(empty.body.elements).toEqual([
      { tag: 'markdown', content: '您目前没有未结案件。发送「立案」登记新案件。' },
    ]);
    expect(empty.config.summary?.content).toBe('我的案件（第1页）');
    const later = caseListCard(listView({ items: [], pageNumber: 3 }));
    expect(later.body.elements).toEqual([{ tag: 'markdown', content: '没有更多案件了。' }]);
  });

  it('escapes party names and other item texts', () => {
    const built = caseListCard(
      listView({ items: [listItem(1, { partyName: MALICIOUS, caseNumber: '<at id=all></at>', statusLabel: '**x**' })] }),
    );
    assertValidCard(built);
    for (const content of markdownContents(built)) {
      const [heading = '', details = ''] = content.split('\n');
      expect(heading.startsWith('**') && heading.endsWith('**')).toBe(true);
      assertNoInjectedMarkup(heading.slice(2, -2));
      assertNoInjectedMarkup(details);
    }
  });

  it('stays valid and under 30 KB with 20 items of long, markup-heavy text', () => {
    const items = Array.from({ length: 20 }, (_, i) =>
      listItem(i, { partyName: '*'.repeat(500), caseNumber: `${'〔'.repeat(100)}${i}`, caseId: `case-${'x'.repeat(60)}-${i}` }),
    );
    const built = caseListCard(listView({ items, nextCursor: 'c'.repeat(500), pageNumber: 9 }));
    expect(cardIssues(built)).toEqual([]);
    expect(cardContentByteSize(built)).toBeLessThanOrEqual(CARD_MAX_BYTES);
    // Party names are cut to 30 characters ending with …
    const details = markdownContents(built)[0]?.split('\n')[1] ?? '';
    expect(details.startsWith(`${'&#42;'.repeat(29)}…`)).toBe(true);
  });
});
