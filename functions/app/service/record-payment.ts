/**
 * 缴款 <案件编号> <金额> [日期]: an officer of the case or the head records that the party paid (part
 * of) the decided fine. The case's `finePaid` and its `fine.paid` entry are written in one transaction,
 * once per message (a re-delivered event or a retried job adds nothing), never past the decided amount.
 * The answer is the case card (privately in a group) with what is paid and what is still owed.
 */
import { canViewCase } from '../../domain/case/access.ts';
import { shanghaiDate } from '../../domain/deadlines/local-date.ts';
import { shanghaiYear } from '../../domain/shared/time.ts';
import { canRecordPayment, checkPayment, decidedFineFen, formatFen, PAYMENT_MESSAGES, PAYMENT_RECORD_ACTION, paymentRecordDetail, splitPaymentArgs } from '../../domain/service/payment.ts';
import { caseCardFor } from '../case/case-card.ts';
import { caseFromArg } from '../case/find-case.ts';
import { DECISION_ID } from '../deadlines/facts.ts';
import { command } from '../intents.ts';
import { MESSAGES } from '../services.ts';
import { syncDeadlines } from '../deadlines/sync.ts';

export const recordPaymentCommand = command({
  words: ['缴款'],
  prefix: true,
  help: { command: '缴款 <案件编号> <金额> [日期]', description: '登记当事人缴纳罚款（元，可分次缴纳，不写日期即为今天）；案件卡片显示已缴和未缴金额。本案承办人员或负责人登记' },
  async run(ctx) {
    const now = ctx.s.now();
    const split = splitPaymentArgs(ctx.arg);
    if (!split) return ctx.reply.text(PAYMENT_MESSAGES.usage(`${shanghaiYear(now)}-1`));
    const c = await caseFromArg({ ...ctx, arg: split.caseArg }, '缴款', canViewCase);
    if (!c) return;
    if (!canRecordPayment(ctx.person, c)) return ctx.reply.text(PAYMENT_MESSAGES.notAllowed);
    if (c.status === 'archived') return ctx.reply.text(MESSAGES.archived(c.caseNumber));
    const checked = checkPayment(split, { caseNumber: c.caseNumber, decision: c.decision, paid: c.finePaid, today: shanghaiDate(now) });
    if (!checked.ok) {
      // What is owed is case data: it goes with the case card, privately.
      if (checked.owed) return ctx.privateCard(await caseCardFor(c, ctx.s, checked.message));
      return ctx.reply.text(checked.message);
    }
    const limitFen = decidedFineFen(c.decision) as number;
    const out = await ctx.s.cases.recordPayment(
      c.caseId,
      // The message is the payment: Feishu's re-delivery and the worker's retry carry the same message id.
      { paymentId: ctx.message.messageId, amountFen: checked.value.amountFen, limitFen, paidOn: checked.value.paidOn },
      { at: now.toISOString(), actor: ctx.person.openId, action: PAYMENT_RECORD_ACTION, detail: paymentRecordDetail(DECISION_ID, checked.value) },
    );
    if (!out.ok) {
      if (out.reason === 'not_found') return ctx.reply.text(MESSAGES.caseNotFound(split.caseArg));
      if (out.reason === 'archived') return ctx.reply.text(MESSAGES.archived(c.caseNumber));
      if (out.reason === 'archiving') return ctx.reply.text(MESSAGES.archiving(c.caseNumber));
      // Another payment landed in between: what is owed now.
      const latest = (await ctx.s.cases.get(c.caseId)) ?? c;
      return ctx.privateCard(await caseCardFor(latest, ctx.s, PAYMENT_MESSAGES.tooMuch(formatFen(Math.max(0, limitFen - out.paid!.fen)))));
    }
    const latest = (await ctx.s.cases.get(c.caseId)) ?? c;
    const notice = out.created ? `已登记缴款 ${formatFen(checked.value.amountFen)}（${checked.value.paidOn}）` : '这笔缴款已登记';
    const sent = await ctx.privateCard(await caseCardFor(latest, ctx.s, notice));
    if (sent) await ctx.s.chat.rememberCard(sent, c.caseId);
    // Paid in full meets the party's 缴纳罚款 period: its reminders go (a part payment changes no
    // deadline). Inline, as the worker cannot hand a job to itself on Lambda; the daily refresh
    // repeats it if this fails, and so does a re-delivery of this message.
    if (out.paid.fen >= limitFen) {
      try {
        await syncDeadlines(`case:${c.caseId}`, ctx.s);
      } catch (err) {
        ctx.s.log.error('deadlines not synced after a payment', { caseId: c.caseId, err });
      }
    }
  },
});
