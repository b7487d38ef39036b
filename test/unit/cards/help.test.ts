import { describe, expect, it } from 'vitest';
import { helpCard } from '../../../cards/index.ts';
import { assertValidCard, cardContentByteSize, CARD_MAX_BYTES } from '../../../local/card-validator.ts';
import { assertNoInjectedMarkup, helpView, MALICIOUS } from './views.ts';

describe('helpCard', () => {
  it('has the exact structure: title, greeting, command list, neutral note', () => {
    expect(helpCard(helpView())).toEqual({
      schema: '2.0',
      config: { update_multi: true, summary: { content: '执法助手使用帮助' } },
      header: { title: { tag: 'plain_text', content: '执法助手 — 使用帮助' }, template: 'blue' },
      body: {
        elements: [
          { tag: 'markdown', content: '您好，张三！发送以下命令即可使用：' },
          {
            tag: 'markdown',
            content: '- **立案**：登记新案件\n- **我的案件**：查看未结案件\n- **帮助**：显示本帮助',
          },
          { tag: 'markdown', content: '保存证据：在案件卡片上点「设为当前案件」或直接回复案件卡片，发送照片、视频、录音或文件（单个不超过 100 MB）。', text_size: 'notation' },
        ],
      },
    });
  });

  it('is a valid JSON 2.0 card', () => {
    assertValidCard(helpCard(helpView()));
    assertValidCard(helpCard(helpView({ commands: [], userName: '' })));
  });

  it('escapes the user name so it cannot mention everyone or inject links', () => {
    const built = helpCard(helpView({ userName: '<at id=all></at>[x](https://evil.example)' }));
    const greeting = (built.body.elements[0] as { content: string }).content;
    assertNoInjectedMarkup(greeting);
    assertValidCard(built);
  });

  it('escapes command text and stays small even with long descriptions', () => {
    const built = helpCard(
      helpView({ commands: Array.from({ length: 30 }, (_, i) => ({ command: `命令${i}`, description: MALICIOUS.repeat(20) })) }),
    );
    const list = (built.body.elements[1] as { content: string }).content;
    for (const line of list.split('\n')) {
      const description = line.slice(line.indexOf('：') + 1);
      assertNoInjectedMarkup(description);
    }
    assertValidCard(built);
    expect(cardContentByteSize(built)).toBeLessThanOrEqual(CARD_MAX_BYTES);
  });
});
