/** `审核记录 <案件编号>`: who handled, who reviewed each round with the opinion, who approved (承办、审核、批准). */
import { reviewTrailCard } from '../../../cards/review.ts';
import { canViewCase } from '../../domain/case/access.ts';
import { reviewTrail } from '../../domain/review/trail.ts';
import { caseFromArg } from '../case/find-case.ts';
import { command } from '../intents.ts';

export const showTrailCommand = command({
  words: ['审核记录'],
  help: { command: '审核记录 <案件编号>', description: '查看法制审核记录：承办人员、每一轮的审核人员及意见、批准人' },
  async run(ctx) {
    const c = await caseFromArg(ctx, '审核记录', canViewCase);
    if (!c) return;
    const state = await ctx.s.reviews.get(c.caseId);
    if (state.rounds.length === 0 && state.headDecisions.length === 0) return ctx.reply.text(`案件 ${c.caseNumber} 尚未申请法制审核。`);
    return ctx.privateCard(reviewTrailCard({ caseNumber: c.caseNumber, lines: reviewTrail(state, c).lines }));
  },
});
