/**
 * Job `case.filed`: does what a filing still owes, part by part — the form becomes the case card, each
 * co-officer gets a notice. A part Feishu refuses for good is recorded in the case log and reported to
 * the filer; the others go on. A retryable failure leaves its part pending and makes the job fail at
 * the end, so the retry (Lambda's, or the scheduled run's) repeats only what is left. Then it drafts
 * the 立案审批表 and sends it to the officers as a PDF (documents/draft-document.ts).
 */
import * as z from 'zod/mini';
import { caseCard, textMessage } from '../../../cards/index.ts';
import {
  FILING_RECORD_SEQ,
  filingPartOrder,
  FORM_PART,
  type FollowUpPartState,
  isSettled,
  noticeFailedRecord,
  noticeRecipient,
} from '../../domain/case/follow-up.ts';
import type { Case } from '../../domain/case/types.ts';
import { isPermanentDeliveryFailure } from '../../ports/errors.ts';
import type { FollowUpRef } from '../../ports/index.ts';
import { syncDeadlines } from '../deadlines/sync.ts';
import { draftDocument } from '../documents/draft-document.ts';
import { job } from '../intents.ts';
import { sendUuid, type WorkerServices } from '../services.ts';
import { caseCardView } from './views.ts';

export const caseFiledJob = job({
  // `formMessageId` is from older jobs; the follow-up record now says which message the form is.
  payload: z.object({ caseId: z.string().check(z.minLength(1)), formMessageId: z.optional(z.string()) }),
  run: async ({ caseId }, s) => {
    // The 立案审批表 is drafted whatever the notices do (each side idempotent, each retried by the job).
    let notices: unknown;
    await deliverFilingFollowUp(caseId, s).catch((err: unknown) => {
      notices = err;
    });
    await draftDocument({ caseId, kind: 'filing_approval' }, s);
    if (notices !== undefined) throw notices;
  },
});

async function deliverFilingFollowUp(caseId: string, s: WorkerServices): Promise<void> {
  const c = await s.cases.get(caseId);
  if (!c) {
    s.log.error('case.filed for a missing case', { caseId });
    return;
  }
  // The case's deadlines (办案期限) and their reminder schedules, synced here: the worker does not
  // invoke itself (only the webhook and the tick hand jobs on), and the sync is idempotent.
  await syncDeadlines(`case:${caseId}`, s);
  const ref: FollowUpRef = { caseId, recordSeq: FILING_RECORD_SEQ };
  const followUp = await s.cases.getFollowUp(ref);
  if (!followUp) {
    s.log.warn('case.filed without a recorded follow-up: nothing owed', { caseId });
    return;
  }
  if (followUp.status === 'done') return;

  const parts = { ...followUp.parts };
  let retryLater: unknown;
  for (const part of filingPartOrder(parts, c)) {
    try {
      parts[part] = await advancePart(c, ref, part, parts[part] ?? 'pending', followUp.formMessageId, s);
    } catch (err) {
      s.log.warn('follow-up part not done yet; it will be retried', { caseId, part, err });
      retryLater ??= err;
    }
  }
  if (isSettled(parts)) await s.cases.completeFollowUp(ref);
  if (retryLater !== undefined) throw new Error(`case ${caseId}: follow-up incomplete`, { cause: retryLater });
}

/** Takes one part as far as it goes now; returns its new state. Throws a retryable failure. */
async function advancePart(
  c: Case,
  ref: FollowUpRef,
  part: string,
  state: FollowUpPartState,
  formMessageId: string | undefined,
  s: WorkerServices,
): Promise<FollowUpPartState> {
  if (part === FORM_PART) {
    if (state !== 'pending') return state;
    if (!formMessageId) return settle(ref, part, ['pending'], 'failed', s);
    // The inline answer already replaced the form; this makes it stick for every viewer of the card.
    // The form was the filer's; at filing no action the card offers depends on a role.
    const card = caseCard(caseCardView(c, { openId: c.filedBy, roles: [] }, { deadlines: s.deadlinesFor(c), notice: `✅ 立案成功：${c.caseNumber}` }));
    try {
      await s.messenger.updateCard(formMessageId, card);
    } catch (err) {
      if (!isPermanentDeliveryFailure(err)) throw err;
      // A card Feishu will not update (too old, recalled) must not cost the officers their notice.
      s.log.warn('form card not updated', { caseId: c.caseId, err });
      return settle(ref, part, ['pending'], 'failed', s);
    }
    return settle(ref, part, ['pending'], 'sent', s);
  }
  const recipient = noticeRecipient(part);
  if (recipient === null) return state;
  const name = c.officers.find((o) => o.openId === recipient)?.name ?? recipient;

  if (state === 'pending') {
    const card = caseCard(caseCardView(c, { openId: recipient, roles: [] }, { deadlines: s.deadlinesFor(c), notice: `您已被列为案件 ${c.caseNumber} 的承办人员` }));
    try {
      const sent = await s.messenger.sendCard(recipient, card, sendUuid('assigned', c.caseId, recipient));
      // A file sent as a reply to the notice goes to this case.
      if (sent) await s.chat.rememberCard(sent, c.caseId);
      return await settle(ref, part, ['pending'], 'sent', s);
    } catch (err) {
      if (!isPermanentDeliveryFailure(err)) throw err;
      s.log.warn('notice refused by Feishu; recorded and reported to the filer', { caseId: c.caseId, recipient, err });
      const entry = noticeFailedRecord({
        caseId: c.caseId,
        at: s.now().toISOString(),
        notice: 'case.filed',
        recipient: { openId: recipient, name },
        ...(err.code === undefined ? {} : { code: err.code }),
      });
      if (!(await s.cases.failFollowUpPart(ref, part, entry))) return current(ref, part, s);
      state = 'failed';
    }
  }
  if (state === 'failed') {
    const report = textMessage(`案件 ${c.caseNumber}：承办通知未能送达 ${name}（飞书拒绝投递，对方可能未开通执法助手）。请另行告知本人。`);
    try {
      await s.messenger.sendText(c.filedBy, report, sendUuid('notice-failed', c.caseId, recipient));
    } catch (err) {
      if (!isPermanentDeliveryFailure(err)) throw err;
      // Nobody left to tell; the case log keeps the failure.
      s.log.error('filer could not be told about an undelivered notice', { caseId: c.caseId, recipient, err });
    }
    return settle(ref, part, ['failed'], 'reported', s);
  }
  return state;
}

/** Writes the part's new state; if another run moved it first, takes what that run wrote. */
async function settle(ref: FollowUpRef, part: string, from: FollowUpPartState[], to: FollowUpPartState, s: WorkerServices) {
  return (await s.cases.markFollowUpPart(ref, part, from, to)) ? to : current(ref, part, s);
}

async function current(ref: FollowUpRef, part: string, s: WorkerServices): Promise<FollowUpPartState> {
  return (await s.cases.getFollowUp(ref))?.parts[part] ?? 'pending';
}
