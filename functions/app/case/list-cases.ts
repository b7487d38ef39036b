/** 我的案件: the person's open cases, newest first, a page at a time (下一页 is a card action). */
import * as z from 'zod/mini';
import { caseListCard } from '../../../cards/index.ts';
import { InvalidCursorError } from '../../ports/errors.ts';
import { cardAction, command } from '../intents.ts';
import { decodePageCursor, encodePageCursor, errorToast, MESSAGES, PAGE_SIZE } from '../services.ts';
import { caseListView } from './views.ts';

export const listCasesCommand = command({
  words: ['我的案件'],
  help: { command: '我的案件', description: '查看您承办的未结案件（按立案时间倒序）' },
  async run({ person, privateCard, s }) {
    const page = await s.cases.listOpenForUser(person.openId, { limit: PAGE_SIZE });
    const next = page.nextCursor ? encodePageCursor(2, page.nextCursor) : undefined;
    return privateCard(caseListCard(caseListView(page.items, 1, next)));
  },
});

export const listCasesAction = cardAction({
  value: z.object({ cursor: z.string().check(z.maxLength(2100)) }),
  legacy: ['list_cases'],
  async handle({ cursor }, { operator, s }) {
    const decoded = decodePageCursor(cursor);
    if (!decoded) return errorToast(MESSAGES.staleAction);
    const page = await s.cases.listOpenForUser(operator.openId, { limit: PAGE_SIZE, cursor: decoded.storeCursor }).catch((err: unknown) => {
      // Someone else's cursor, or not one of ours: the card it came from is no use.
      if (err instanceof InvalidCursorError) return null;
      throw err;
    });
    if (!page) return errorToast(MESSAGES.staleAction);
    const next = page.nextCursor ? encodePageCursor(decoded.page + 1, page.nextCursor) : undefined;
    return { card: caseListCard(caseListView(page.items, decoded.page, next)) };
  },
});
