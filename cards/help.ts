/** 使用帮助 card: greets the user and lists the commands the bot understands. */
import { type Card, card, cardHeader, escapeMd, markdown, truncate } from './common.ts';
import type { HelpCardView } from './types.ts';

export function helpCard(view: HelpCardView): Card {
  const name = escapeMd(truncate(view.userName, 40));
  const commands =
    view.commands.length === 0
      ? '暂无可用命令。'
      : view.commands.map((c) => `- **${escapeMd(truncate(c.command, 20))}**：${escapeMd(truncate(c.description, 100))}`).join('\n');
  return card({
    header: cardHeader('执法助手 — 使用帮助', 'blue'),
    summary: '执法助手使用帮助',
    elements: [
      markdown(`${name === '' ? '您好！' : `您好，${name}！`}发送以下命令即可使用：`),
      markdown(commands),
      markdown('证据材料上传等更多功能陆续开放。', 'notation'),
    ],
  });
}
