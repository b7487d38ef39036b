/**
 * `证据 <案件编号>`: the case's evidence newest first, a page at a time, each with 查看 — to the case's
 * officers, reviewers, heads and admins; anyone else is answered as for a case that does not exist.
 * The case card's 证据清单 button and 下一页 are the card action `evidence.list`.
 */
import * as z from 'zod/mini';
import { evidenceListCard } from '../../../cards/index.ts';
import type { Case } from '../../domain/case/types.ts';
import { canSeeEvidence } from '../../domain/dossier/evidence.ts';
import { InvalidCursorError } from '../../ports/errors.ts';
import { caseFromArg } from '../case/find-case.ts';
import { CASE_ID, cardAction, command } from '../intents.ts';
import { decodePageCursor, encodePageCursor, errorToast, MESSAGES, PAGE_SIZE, type Services } from '../services.ts';
import { evidenceListItem } from './views.ts';

export const listEvidenceCommand = command({
  words: ['证据'],
  prefix: true,
  help: { command: '证据 <案件编号>', description: '查看案件的证据清单（最新的在前），点「查看」取得 30 分钟内有效的链接' },
  async run(ctx) {
    const c = await caseFromArg(ctx, '证据', canSeeEvidence);
    if (!c) return;
    const sent = await ctx.privateCard(await listCard(c, 1, undefined, ctx.s));
    if (sent) await ctx.s.chat.rememberCard(sent, c.caseId);
  },
});

export const listEvidenceAction = cardAction({
  // An empty cursor is the first page (the case card's button).
  value: z.object({ case_id: CASE_ID, cursor: z.string().check(z.maxLength(2100)) }),
  async handle({ case_id, cursor }, { operator, s }) {
    const c = await s.cases.get(case_id);
    if (!c || !canSeeEvidence(operator, c)) return errorToast(MESSAGES.caseNotFound(case_id));
    const decoded = cursor === '' ? { page: 1, storeCursor: undefined } : decodePageCursor(cursor);
    if (!decoded) return errorToast(MESSAGES.staleAction);
    const card = await listCard(c, decoded.page, decoded.storeCursor, s).catch((err: unknown) => {
      if (err instanceof InvalidCursorError) return null;
      throw err;
    });
    // The case card's button opens the list in place of the card; 下一页 replaces the page.
    return card ? { card } : errorToast(MESSAGES.staleAction);
  },
});

async function listCard(c: Case, page: number, storeCursor: string | undefined, s: Services) {
  const res = await s.cases.listEvidence(c.caseId, { limit: PAGE_SIZE, ...(storeCursor ? { cursor: storeCursor } : {}) });
  return evidenceListCard({
    caseId: c.caseId,
    caseNumber: c.caseNumber,
    items: res.items.map(evidenceListItem),
    pageNumber: page,
    ...(res.nextCursor ? { nextCursor: encodePageCursor(page + 1, res.nextCursor) } : {}),
  });
}
