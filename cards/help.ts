/** 使用帮助 card: greets the user and lists the commands the bot understands. */
import { type Card, card, cardHeader, escapeMd, markdown, truncate } from './common.ts';
import type { HelpCardView } from './types.ts';

/** How evidence gets in: not a command, so the help card says it in a line of its own. */
export const HELP_EVIDENCE_HINT = '保存证据：在案件卡片上点「设为当前案件」或直接回复案件卡片，发送照片、视频、录音或文件（单个不超过 100 MB）。';

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
      markdown(HELP_EVIDENCE_HINT, 'notation'),
    ],
  });
}
