/** 帮助: the help card, listing the commands of the command table. */
import { helpCard } from '../../../cards/index.ts';
import { command } from '../intents.ts';

export const showHelpCommand = command({
  words: ['帮助', 'help', '/help', '?', '？'],
  help: { command: '帮助', description: '查看执法助手能做什么' },
  run: ({ person, help, reply }) => reply.card(helpCard({ userName: person.name, commands: help })),
});
