import { describe, expect, it } from 'vitest';
import { cleanText, COMMANDS, HELP_COMMANDS, parseCommand } from '../../../functions/app/commands.ts';

describe('cleanText', () => {
  it('removes mention placeholders and normalises spaces', () => {
    expect(cleanText('@_user_1 立案')).toBe('立案');
    expect(cleanText('@_user_1  @_user_12\t案件  甘经信立〔2026〕1号 ')).toBe('案件 甘经信立〔2026〕1号');
    expect(cleanText('@_all 帮助')).toBe('帮助');
    expect(cleanText('帮助@_user_2')).toBe('帮助');
    expect(cleanText('\u3000我的案件\u3000\u3000')).toBe('我的案件');
    expect(cleanText('案件\n甘经信立〔2026〕1号')).toBe('案件 甘经信立〔2026〕1号');
    expect(cleanText('')).toBe('');
    expect(cleanText('   ')).toBe('');
  });

  it('removes the given mention keys, even ones that look like regex', () => {
    expect(cleanText('@bot 立案', ['@bot'])).toBe('立案');
    expect(cleanText('@_user_1 @a.b+ 帮助', ['@a.b+'])).toBe('帮助');
    expect(cleanText('x@bot.y', ['@bot'])).toBe('x .y');
  });

  it('keeps ordinary @ text', () => {
    expect(cleanText('email a@b.c')).toBe('email a@b.c');
    expect(cleanText('@_user_x 立案')).toBe('@_user_x 立案');
  });
});

describe('parseCommand', () => {
  it.each(['帮助', 'help', 'HELP', 'Help', '/help', '?', '？', ' 帮助 ', '帮助 一下'])('%j → help', (t) => {
    expect(parseCommand(t).name).toBe('help.show');
  });

  it('recognises 立案 and 我的案件', () => {
    expect(parseCommand('立案')).toEqual({ name: 'case.file', arg: '' });
    expect(parseCommand('立案 随便')).toEqual({ name: 'case.file', arg: '随便' });
    expect(parseCommand('我的案件')).toEqual({ name: 'case.list', arg: '' });
    expect(parseCommand(' 我的案件 ')).toEqual({ name: 'case.list', arg: '' });
  });

  it.each([
    ['案件 甘经信立〔2026〕1号', '甘经信立〔2026〕1号'],
    ['查案件 甘经信立〔2026〕1号', '甘经信立〔2026〕1号'],
    ['案件甘经信立〔2026〕1号', '甘经信立〔2026〕1号'],
    ['案件 甘经信立 〔2026〕 1号', '甘经信立 〔2026〕 1号'],
    ['案件 XX市监罚字[2026]第7号', 'XX市监罚字[2026]第7号'],
    ['案件', ''],
    ['案件 ', ''],
  ])('%j → show %j', (t, arg) => {
    expect(parseCommand(t)).toEqual({ name: 'case.show', arg });
  });

  it('passes the deadline arguments through', () => {
    expect(parseCommand('算期限 处罚决定公开 2026-09-28')).toEqual({ name: 'deadlines.compute', arg: '处罚决定公开 2026-09-28' });
    expect(parseCommand('算期限')).toEqual({ name: 'deadlines.compute', arg: '' });
  });

  it.each(['', '你好', 'hello world', '立案了吗', '我的', '帮帮我'])('%j → unknown', (t) => {
    expect(parseCommand(t)).toEqual({ name: 'unknown', text: t.trim() });
  });

  it('works on what cleanText leaves of a group message', () => {
    expect(parseCommand(cleanText('@_user_1 案件\u3000甘经信立〔2026〕3号'))).toEqual({ name: 'case.show', arg: '甘经信立〔2026〕3号' });
    expect(parseCommand(cleanText('@_user_1\t帮助'))).toEqual({ name: 'help.show', arg: '' });
    expect(parseCommand(cleanText('@_user_1'))).toEqual({ name: 'unknown', text: '' });
  });

  it('every command in the help list parses to a known command', () => {
    for (const { command } of HELP_COMMANDS) {
      const example = command.replace(/<[^>]+>/g, 'x');
      expect(parseCommand(example).name, command).not.toBe('unknown');
    }
  });

  it('lists the commands in the table order, each once, as the help card shows them', () => {
    expect(HELP_COMMANDS.map((c) => c.command)).toEqual([
      '帮助',
      '立案',
      '我的案件',
      '案件 <案件编号>',
      '记录 <内容>',
      '证据 <案件编号>',
      '案卷 <案件编号>',
      '文书 <案件编号>',
      '校验 <案件编号>',
      '归档 <案件编号>',
      '申请法制审核 <案件编号>',
      '审核记录 <案件编号>',
      '算期限 <规则> <起算日>',
      '清单',
      '抽查',
      '抽查结果',
      '期限 <案件编号>',
      '我的期限',
      '送达 <案件编号>',
      '缴款 <案件编号> <金额> [日期]',
      '撤销决定 <案件编号>',
      '统计 [期间]',
      '导出统计 [期间]',
    ]);
  });

  it('finds each command by each of its words and no word starts two commands', () => {
    const words = Object.values(COMMANDS).flatMap((c) => c.words.map((w) => w.toLowerCase()));
    expect(new Set(words).size).toBe(words.length);
    for (const [name, c] of Object.entries(COMMANDS)) {
      for (const word of c.words) expect(parseCommand(`${word} x`), word).toEqual({ name, arg: 'x' });
    }
  });
});
