/**
 * Opening a figure of the 统计 card: `查看案件` hands a job that sends the first page of the cases behind
 * it to the person privately (the statistics card stays as it is); `下一页` on that list answers inline.
 * Both check on the server who may open figures and every case again (views.ts), whatever the card offered.
 */
import * as z from 'zod/mini';
import { figureCasesCard } from '../../../cards/statistics.ts';
import { textMessage } from '../../../cards/text.ts';
import { cardAction, job } from '../intents.ts';
import { errorToast, sendUuid } from '../services.ts';
import { figureCasesPage } from './views.ts';

const periodId = z.string().check(z.regex(/^\d{4}(-Q[1-4]|-\d{2})?$/));
const figure = z.string().check(z.minLength(1), z.maxLength(80));

export const openFigureAction = cardAction({
  value: z.object({ period: periodId, figure }),
  async handle({ period, figure: f }, { operator, tap, s }) {
    // The same checks as the job's, so a refusal is said at once.
    const first = await figureCasesPage(s, operator, period, f, { number: 1 });
    if (!first.ok) return errorToast(first.text);
    await s.jobs.submit({ kind: 'stats.cases', openId: operator.openId, period, figure: f, tapId: tap.eventId ?? `${tap.messageId ?? ''}:${operator.openId}:${period}:${f}` });
    return { toast: { type: 'success', content: '案件清单已通过单聊发送给您。' } };
  },
});

export const figureCasesPageAction = cardAction({
  value: z.object({ period: periodId, figure, cursor: z.string().check(z.regex(/^[\w-]{1,600}$/)), page: z.int().check(z.minimum(2), z.maximum(10_000)) }),
  async handle({ period, figure: f, cursor, page }, { operator, s }) {
    const next = await figureCasesPage(s, operator, period, f, { cursor, number: page });
    if (!next.ok) return errorToast(next.text);
    return { card: figureCasesCard(next.view) };
  },
});

export const figureCasesJob = job({
  payload: z.object({ openId: z.string(), period: periodId, figure, tapId: z.string() }),
  async run({ openId, period, figure: f, tapId }, s) {
    const person = await s.roster.get(openId);
    if (!person) return;
    const first = await figureCasesPage(s, person, period, f, { number: 1 });
    if (!first.ok) {
      await s.messenger.sendText(openId, textMessage(first.text), sendUuid('stats.cases', tapId));
      return;
    }
    await s.messenger.sendCard(openId, figureCasesCard(first.view), sendUuid('stats.cases', tapId));
  },
});

