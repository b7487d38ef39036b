import { describe, expect, it } from 'vitest';
import { CASE_CARD_LIMITS, caseCard } from '../../../cards/index.ts';
import { assertValidCard, CARD_MAX_BYTES, cardContentByteSize } from '../../../local/card-validator.ts';
import { assertNoInjectedMarkup, caseView, decodeEntities, MALICIOUS, markdownContents } from './views.ts';

const allMarkdown = (card: unknown) => markdownContents(card).join('\n');

describe('caseCard', () => {
  it('has the exact structure for a filed case with a notice', () => {
    expect(caseCard(caseView({ notice: '✅ 立案成功' }))).toEqual({
      schema: '2.0',
      config: { update_multi: true, summary: { content: '✅ 立案成功 甘经信立〔2026〕1号' } },
      header: {
        title: { tag: 'plain_text', content: '甘经信立〔2026〕1号' },
        subtitle: { tag: 'plain_text', content: '某某商贸有限公司 · 已立案' },
        template: 'blue',
      },
      body: {
        elements: [
          { tag: 'markdown', content: '**✅ 立案成功**', text_size: 'heading' },
          {
            tag: 'markdown',
            content:
              '**案件类型**：行政处罚\n**程序**：普通程序\n**当事人**：某某商贸有限公司（法人或其他组织）\n**证件号码**：9162&#42;&#42;&#42;&#42;&#42;&#42;&#42;&#42;&#42;&#42;123X',
          },
          { tag: 'markdown', content: '**案情摘要**\n当事人在未取得许可的情况下从事经营活动。' },
          { tag: 'markdown', content: '**案件来源**：投诉举报' },
          { tag: 'markdown', content: '**立案依据**\n《中华人民共和国行政处罚法》第五十四条' },
          {
            tag: 'markdown',
            content: '**承办人员**\n- 张三（执法证号：62010012345）\n- 李四（执法证号：62010012346）',
          },
          { tag: 'markdown', content: '**立案人**：张三\n**立案日期**：2026&#45;01&#45;05' },
          { tag: 'hr' },
          {
            tag: 'markdown',
            content:
              '**期限**\n- 办案期限：2026&#45;04&#45;03（星期五），依据：行政处罚法第六十条\n- 法制审核：2027&#45;01&#45;08（星期五），依据：本机关规定（暂定：该年度节假日安排未公布）',
          },
          {
            tag: 'column_set',
            flex_mode: 'flow',
            horizontal_spacing: 'small',
            columns: [
              {
                tag: 'column',
                width: 'auto',
                elements: [
                  {
                    tag: 'button',
                    text: { tag: 'plain_text', content: '设为当前案件' },
                    type: 'primary',
                    size: 'small',
                    behaviors: [{ type: 'callback', value: { action: 'case.current', case_id: 'case-INVENTED-0001' } }],
                  },
                ],
              },
              {
                tag: 'column',
                width: 'auto',
                elements: [
                  {
                    tag: 'button',
                    text: { tag: 'plain_text', content: '证据清单' },
                    type: 'default',
                    size: 'small',
                    behaviors: [{ type: 'callback', value: { action: 'evidence.list', case_id: 'case-INVENTED-0001', cursor: '' } }],
                  },
                ],
              },
              {
                tag: 'column',
                width: 'auto',
                elements: [
                  {
                    tag: 'button',
                    text: { tag: 'plain_text', content: '申请法制审核' },
                    type: 'default',
                    size: 'small',
                    behaviors: [{ type: 'callback', value: { action: 'review.open', case_id: 'case-INVENTED-0001' } }],
                  },
                ],
              },
            ],
          },
        ],
      },
    });
  });

  it('is valid for every status, with and without deadlines', () => {
    assertValidCard(caseCard(caseView()));
    assertValidCard(caseCard(caseView({ status: 'closed', statusLabel: '已结案', deadlines: [], officers: [] })));
  });

  it('colours the header by status: filed blue, closed grey', () => {
    expect(caseCard(caseView({ status: 'filed' })).header.template).toBe('blue');
    expect(caseCard(caseView({ status: 'closed', statusLabel: '已结案' })).header).toMatchObject({
      template: 'grey',
      subtitle: { content: '某某商贸有限公司 · 已结案' },
    });
  });

  it('shows 暂无 when there are no deadlines, and no notice line without a notice', () => {
    const built = caseCard(caseView({ deadlines: [] }));
    expect(markdownContents(built)).toContain('**期限**\n暂无');
    expect(markdownContents(built).some((c) => c.includes('立案成功'))).toBe(false);
    expect(built.config.summary?.content).toBe('甘经信立〔2026〕1号 某某商贸有限公司');
  });

  it('marks only provisional deadlines', () => {
    const deadlines = markdownContents(caseCard(caseView())).find((c) => c.startsWith('**期限**')) ?? '';
    const [, first, second] = deadlines.split('\n');
    expect(first).not.toContain('暂定');
    expect(second).toContain('（暂定：该年度节假日安排未公布）');
  });

  it('escapes every user-provided field', () => {
    const built = caseCard(
      caseView({
        partyName: MALICIOUS,
        summary: `${MALICIOUS}\n# 标题\n- 列表`,
        source: MALICIOUS,
        legalBasis: MALICIOUS,
        officers: [{ name: MALICIOUS, certificateNumber: '[x](https://evil.example)' }],
        filedByName: MALICIOUS,
        notice: MALICIOUS,
        deadlines: [{ name: MALICIOUS, dueDate: '2026-01-01', weekday: '星期四', source: MALICIOUS, provisional: false }],
      }),
    );
    assertValidCard(built);
    for (const content of markdownContents(built)) {
      // Escaped text contains no raw '*' or line-start '- ': removing the template's bold markers
      // and list bullets must leave nothing a renderer would act on.
      const userParts = content.replaceAll('**', '').replace(/^- /gm, '');
      assertNoInjectedMarkup(userParts);
    }
    expect(allMarkdown(built)).not.toMatch(/<(at|font|a|link)\b/);
    // Plain-text header fields are shown literally by Feishu; they are not escaped.
    expect(built.header.subtitle?.content.startsWith('**粗体**')).toBe(true);
  });

  it('truncates long texts with … at the documented limits and stays under 30 KB', () => {
    const built = caseCard(
      caseView({
        partyName: '名'.repeat(300),
        summary: '*'.repeat(1000),
        legalBasis: '<'.repeat(1000),
        source: '['.repeat(500),
        officers: Array.from({ length: 30 }, (_, i) => ({ name: `人员${i}`, certificateNumber: `6201${i}` })),
        deadlines: Array.from({ length: 30 }, (_, i) => ({
          name: `期限${i}`,
          dueDate: '2026-01-01',
          weekday: '星期四',
          source: '依据'.repeat(50),
          provisional: true,
        })),
      }),
    );
    assertValidCard(built);
    expect(cardContentByteSize(built)).toBeLessThanOrEqual(CARD_MAX_BYTES);
    const summary = markdownContents(built).find((c) => c.startsWith('**案情摘要**')) ?? '';
    const shown = decodeEntities(summary.slice('**案情摘要**\n'.length));
    expect(Array.from(shown)).toHaveLength(CASE_CARD_LIMITS.summary);
    expect(shown.endsWith('…')).toBe(true);
    expect(built.header.subtitle?.content).toBe(`${'名'.repeat(CASE_CARD_LIMITS.subtitlePartyName - 1)}… · 已立案`);
    expect(allMarkdown(built)).toContain('- 等共 30 人');
    expect(allMarkdown(built)).toContain('- 另有 10 项期限未显示');
  });

  it('keeps summary line breaks but not indentation', () => {
    const built = caseCard(caseView({ summary: '第一行\n    第二行' }));
    expect(markdownContents(built)).toContain('**案情摘要**\n第一行\n第二行');
  });
});
