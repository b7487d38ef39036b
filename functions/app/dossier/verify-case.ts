/**
 * `校验 <案件编号>`: checks the whole record log and re-hashes every evidence object, and answers that
 * the case is intact or exactly which entry or object does not match and how. The check is itself
 * recorded (`case.verified`), so the dossier's "record intact" item reads the latest one.
 */
import { noticeCard } from '../../../cards/index.ts';
import { describeVerification, verifiedDetail } from '../../domain/dossier/integrity.ts';
import { canSeeEvidence } from '../../domain/dossier/evidence.ts';
import { caseFromArg } from '../case/find-case.ts';
import { command } from '../intents.ts';
import { verifyCaseState } from './verification.ts';

export const verifyCaseCommand = command({
  words: ['校验'],
  prefix: true,
  help: { command: '校验 <案件编号>', description: '核对全过程记录的哈希链并重新计算每个证据文件的 SHA-256，发现改动会指出是哪一条、哪一个文件' },
  async run(ctx) {
    const c = await caseFromArg(ctx, '校验', canSeeEvidence);
    if (!c) return;
    const { verification } = await verifyCaseState(c, ctx.s);
    const recorded = await ctx.s.cases.appendRecord(
      c.caseId,
      { at: ctx.s.now().toISOString(), actor: ctx.person.openId, action: 'case.verified', detail: verifiedDetail(verification) },
      { once: `verify:${ctx.message.eventId}` },
    );
    if (!recorded.ok) ctx.s.log.error('case.verified not recorded', { caseId: c.caseId, reason: recorded.reason });
    if (!verification.intact) ctx.s.log.warn('case record does not verify', { caseId: c.caseId, problems: verification.problems.map((p) => p.kind) });
    const text = describeVerification(verification, c.caseNumber);
    await ctx.privateCard(noticeCard({ title: verification.intact ? '校验通过' : '校验未通过', subtitle: c.caseNumber, text, template: verification.intact ? 'green' : 'red' }));
  },
});
