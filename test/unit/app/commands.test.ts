import { describe, expect, it } from 'vitest';
import { cleanText, HELP_COMMANDS, parseCommand } from '../../../functions/app/commands.ts';

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
    expect(parseCommand(t)).toEqual({ name: 'help' });
  });

  it('recognises 立案 and 我的案件', () => {
    expect(parseCommand('立案')).toEqual({ name: 'file' });
    expect(parseCommand('立案 随便')).toEqual({ name: 'file' });
    expect(parseCommand('我的案件')).toEqual({ name: 'mine' });
    expect(parseCommand(' 我的案件 ')).toEqual({ name: 'mine' });
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
    expect(parseCommand(t)).toEqual({ name: 'show', arg });
  });

  it('passes the deadline arguments through', () => {
    expect(parseCommand('算期限 处罚决定公开 2026-09-28')).toEqual({ name: 'deadline', arg: '处罚决定公开 2026-09-28' });
    expect(parseCommand('算期限')).toEqual({ name: 'deadline', arg: '' });
  });

  it.each(['', '你好', 'hello world', '立案了吗', '我的', '帮帮我'])('%j → unknown', (t) => {
    expect(parseCommand(t)).toEqual({ name: 'unknown', text: t.trim() });
  });

  it('works on what cleanText leaves of a group message', () => {
    expect(parseCommand(cleanText('@_user_1 案件\u3000甘经信立〔2026〕3号'))).toEqual({ name: 'show', arg: '甘经信立〔2026〕3号' });
    expect(parseCommand(cleanText('@_user_1\t帮助'))).toEqual({ name: 'help' });
    expect(parseCommand(cleanText('@_user_1'))).toEqual({ name: 'unknown', text: '' });
  });

  it('every command in the help list parses to a known command', () => {
    for (const { command } of HELP_COMMANDS) {
      const example = command.replace(/<[^>]+>/g, 'x');
      expect(parseCommand(example).name, command).not.toBe('unknown');
    }
  });
});
