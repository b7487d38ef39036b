/**
 * Job `review.notify`: what a review step owes other people, done by the worker (Open API calls never
 * run inside a card callback), then the step's documents and the case's deadlines. Each step is a case:
 * - requested: a review card to every reviewer (role reviewer, not an officer of the case); the
 *   previous round's cards now say they are superseded;
 * - reviewed: every copy of the review card and the officer's submitted card show the outcome, who and
 *   when (PATCH); each handling officer gets the result card (重新提交 after 退回补充); after 同意 each
 *   head gets the decision card;
 * - discussed / decided / refused: every copy of the decision card is updated; after 批准 / 不批准 the
 *   officers are told.
 * Documents: 法制审核意见书 per reviewed round, 事先告知书 after 同意, 集体讨论记录, 行政处罚决定书 after 批准.
 * Every send carries a uuid derived from the step and the recipient, so a retried job sends nothing
 * twice; a recipient Feishu refuses for good is logged and skipped, a retryable failure fails the job.
 */
import * as z from 'zod/mini';
import type { Card } from '../../../cards/common.ts';
import { decisionCard, reviewCard, reviewResultCard } from '../../../cards/review.ts';
import { textMessage } from '../../../cards/text.ts';
import { isCaseOfficer } from '../../domain/case/access.ts';
import { formatYuan } from '../../domain/review/money.ts';
import { recordedDecision } from '../../domain/review/workflow.ts';
import { isPermanentDeliveryFailure } from '../../ports/errors.ts';
import type { ReviewCardKind } from '../../ports/index.ts';
import { syncDeadlines } from '../deadlines/sync.ts';
import { draftDocument } from '../documents/draft-document.ts';
import { CASE_ID, job } from '../intents.ts';
import { sendUuid, type WorkerServices } from '../services.ts';
import { decisionView, evidenceOptions, type RoundContext, roundView } from './views.ts';

export const REVIEW_STEPS = ['requested', 'reviewed', 'discussed', 'decided', 'refused'] as const;

export const reviewNotifyJob = job({
  payload: z.object({
    caseId: CASE_ID,
    round: z.int().check(z.minimum(1)),
    step: z.enum(REVIEW_STEPS),
  }),
  async run({ caseId, round, step }, s) {
    const [c, state] = await Promise.all([s.cases.get(caseId), s.reviews.get(caseId)]);
    const r = state.rounds.find((x) => x.round === round);
    if (!c || !r) {
      s.log.error('review.notify for a missing case or round', { caseId, round, step });
      return;
    }
    const roster = new Map((await s.roster.listActive()).map((p) => [p.openId, p]));
    const ev = await evidenceOptions(s, caseId);
    const ctx: RoundContext = { c, state, round: r, evidence: ev.options, now: s.now(), s, roster };
    const d = new Deliveries(s, caseId, round, step);

    switch (step) {
      case 'requested': {
        const reviewers = [...roster.values()].filter((p) => p.roles.includes('reviewer') && !isCaseOfficer(p.openId, c));
        if (reviewers.length === 0) {
          await d.text(r.requestedBy.openId, `案件 ${c.caseNumber} 已提交法制审核，但名册中没有可以审核本案的法制审核人员（角色 reviewer，且不是本案承办人员）。请联系行政审批科。`);
        }
        const card = reviewCard(roundView(ctx));
        for (const p of reviewers) await d.card(p.openId, 'review', card);
        if (r.previousRound !== null) {
          // The superseded round's cards say so (and lose their buttons).
          const prev = state.rounds.find((x) => x.round === r.previousRound);
          if (prev) {
            const prevCtx = { ...ctx, round: prev };
            await d.update(prev.round, 'review', reviewCard(roundView(prevCtx)));
            const result = reviewResultCard({ ...roundView(prevCtx), canResubmit: false });
            await d.update(prev.round, 'result', result);
            await d.update(prev.round, 'request', result);
          }
        }
        break;
      }
      case 'reviewed': {
        await d.update(round, 'review', reviewCard(roundView(ctx)));
        const result = reviewResultCard({ ...roundView(ctx), canResubmit: r.status === 'returned' });
        await d.update(round, 'request', result);
        for (const o of r.handlingOfficers) await d.card(o.openId, 'result', result);
        if (r.status === 'approved') {
          const heads = [...roster.values()].filter((p) => p.roles.includes('head'));
          const card = decisionCard(decisionView(ctx));
          for (const h of heads) await d.card(h.openId, 'decision', card);
        }
        break;
      }
      case 'discussed':
        await d.update(round, 'decision', decisionCard(decisionView(ctx)));
        break;
      case 'decided':
      case 'refused': {
        await d.update(round, 'decision', decisionCard(decisionView(ctx)));
        const decided = recordedDecision(state);
        const refusal = [...state.headDecisions].reverse().find((x) => x.round === round && x.verdict === 'refused');
        const text =
          step === 'decided' && decided
            ? `案件 ${c.caseNumber}：${decided.by.name} 已批准作出决定（${decided.proposal.decisionType}${decided.proposal.amount === null ? '' : ` ${formatYuan(decided.proposal.amount)}`}），决定日期 ${decided.date}。`
            : `案件 ${c.caseNumber}：${refusal?.by.name ?? '负责人'} 不批准第 ${round} 轮拟作出的决定，理由：${refusal?.reason ?? ''}。请修改后重新申请法制审核（申请法制审核 ${c.caseNumber}）。`;
        for (const o of r.handlingOfficers) await d.text(o.openId, text);
        break;
      }
    }
    // The step's documents (法制审核意见书 per reviewed round, the 事先告知书 once a round passes, the
    // 集体讨论记录, the 决定书 on 批准), then the case's deadlines: a request starts the 法制审核时限, an
    // outcome meets it, 批准 starts the decided stage's. Done here, not handed on (the worker does not
    // invoke itself); each is idempotent, so a retried job repeats nothing.
    if (step === 'reviewed') {
      await draftDocument({ caseId, kind: 'legal_review_opinion', round }, s);
      if (r.status === 'approved') await draftDocument({ caseId, kind: 'prior_notice' }, s);
    }
    if (step === 'discussed') await draftDocument({ caseId, kind: 'collective_discussion', round }, s);
    if (step === 'decided') await draftDocument({ caseId, kind: 'penalty_decision' }, s);
    if (step !== 'discussed') await syncDeadlines(`case:${caseId}`, s);
    d.finish();
  },
});

/** Sends and updates for one step: a permanent refusal is logged and skipped, a retryable one fails the job at the end. */
class Deliveries {
  private retryLater: unknown;
  constructor(
    private readonly s: WorkerServices,
    private readonly caseId: string,
    private readonly round: number,
    private readonly step: string,
  ) {}

  private async guard(what: Record<string, unknown>, f: () => Promise<void>): Promise<void> {
    try {
      await f();
    } catch (err) {
      if (isPermanentDeliveryFailure(err)) {
        this.s.log.warn('review notice refused by Feishu for good', { caseId: this.caseId, round: this.round, step: this.step, ...what, err });
        return;
      }
      this.s.log.warn('review notice not delivered yet; the job will be retried', { caseId: this.caseId, step: this.step, ...what, err });
      this.retryLater ??= err;
    }
  }

  card(openId: string, kind: ReviewCardKind, card: Card): Promise<void> {
    return this.guard({ openId, kind }, async () => {
      const id = await this.s.messenger.sendCard(openId, card, sendUuid('review', this.caseId, String(this.round), this.step, kind, openId));
      if (id) await this.s.reviews.rememberCard(this.caseId, { round: this.round, kind, openId, messageId: id });
    });
  }

  text(openId: string, text: string): Promise<void> {
    return this.guard({ openId }, async () => {
      await this.s.messenger.sendText(openId, textMessage(text), sendUuid('review', this.caseId, String(this.round), this.step, 'text', openId));
    });
  }

  /** Every remembered copy of a round's card of this kind, in place. */
  async update(round: number, kind: ReviewCardKind, card: Card): Promise<void> {
    for (const ref of await this.s.reviews.cards(this.caseId, round, kind)) {
      await this.guard({ messageId: ref.messageId, kind }, () => this.s.messenger.updateCard(ref.messageId, card));
    }
  }

  finish(): void {
    if (this.retryLater !== undefined) throw new Error(`review.notify ${this.caseId} round ${this.round} ${this.step}: incomplete`, { cause: this.retryLater });
  }
}
