/** `清单`: the three 事前公开 lists; 查看 (list.show) shows one with the buttons this person may use. */
import * as z from 'zod/mini';
import { listsOverviewCard } from '../../../cards/lists.ts';
import { LIST_KINDS } from '../../domain/lists/index.ts';
import { cardAction, command } from '../intents.ts';
import { listAnswer, listKind, summaryView } from './views.ts';

export const showListsCommand = command({
  words: ['清单', '事前公开'],
  help: { command: '清单', description: '事前公开的执法事项清单、随机抽查事项清单、执法人员名录：起草、审核、批准、发布' },
  async run({ reply, s }) {
    const heads = await Promise.all(LIST_KINDS.map((k) => s.lists.head(k)));
    return reply.card(listsOverviewCard(heads.map(summaryView)));
  },
});

export const showListAction = cardAction({
  value: z.object({ kind: listKind }),
  async handle({ kind }, { operator, s }) {
    return { card: await listAnswer(kind, operator, s) };
  },
});
