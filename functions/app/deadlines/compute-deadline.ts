/** 算期限 <规则> <起算日>: the due date on the official working-day calendar, with its legal source. */
import { command } from '../intents.ts';

export const computeDeadlineCommand = command({
  words: ['算期限'],
  help: { command: '算期限 <规则> <起算日>', description: '按法定工作日历计算期限，例如：算期限 处罚决定公开 2026-09-28' },
  run: ({ arg, reply, s }) => reply.text(s.answerDeadline(arg)),
});
