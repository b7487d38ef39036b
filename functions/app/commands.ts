/** Chat commands: what a person types to the bot. */
export type Command =
  | { name: 'help' }
  | { name: 'file' }
  | { name: 'mine' }
  | { name: 'show'; arg: string }
  | { name: 'deadline'; arg: string }
  | { name: 'unknown'; text: string };

export const HELP_COMMANDS = [
  { command: '帮助', description: '查看执法助手能做什么' },
  { command: '立案', description: '填写立案登记表，提交后生成案件编号' },
  { command: '我的案件', description: '查看您承办的未结案件（按立案时间倒序）' },
  { command: '案件 <案件编号>', description: '查看案件详情，例如：案件 甘经信立〔2026〕1号，也可写 〔2026〕1号、2026-1，今年的案件只写 1号' },
  { command: '算期限 <规则> <起算日>', description: '按法定工作日历计算期限，例如：算期限 处罚决定公开 2026-09-28' },
];

/** Removes @-mention placeholders (`@_user_1`, `@_all`) and normalises spaces. */
export function cleanText(text: string, mentionKeys: string[] = []): string {
  let t = text;
  for (const key of mentionKeys) t = t.split(key).join(' ');
  return t.replace(/@_(user_\d+|all)/g, ' ').replace(/[\s\u3000]+/g, ' ').trim();
}

export function parseCommand(text: string): Command {
  const t = text.trim();
  const [head = '', ...rest] = t.split(' ');
  const arg = rest.join(' ').trim();
  switch (head.toLowerCase()) {
    case '帮助':
    case 'help':
    case '/help':
    case '?':
    case '？':
      return { name: 'help' };
    case '立案':
      return { name: 'file' };
    case '我的案件':
      return { name: 'mine' };
    case '算期限':
      return { name: 'deadline', arg };
  }
  if (head === '案件' || head === '查案件') return { name: 'show', arg };
  // "案件甘经信立〔2026〕1号" without a space
  if (t.startsWith('案件') && t.length > 2) return { name: 'show', arg: t.slice(2).trim() };
  return { name: 'unknown', text: t };
}
