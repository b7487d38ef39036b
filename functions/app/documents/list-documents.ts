/**
 * `文书 <案件编号>`: the case's enforcement documents — kind, number, version, date, hash — each version
 * with 查看 (a 30-minute link, recorded), the latest with 更正 for the case's officers. For the people who
 * may see the evidence; anyone else is answered as for a case that does not exist.
 */
import { documentListCard } from '../../../cards/index.ts';
import { canSeeEvidence } from '../../domain/dossier/evidence.ts';
import { caseFromArg } from '../case/find-case.ts';
import { command } from '../intents.ts';
import { documentVersionViews, mayCorrect } from './views.ts';

export const listDocumentsCommand = command({
  words: ['文书'],
  prefix: true,
  help: { command: '文书 <案件编号>', description: '查看案件的执法文书（编号、版本、日期、哈希），可「查看」或「更正」' },
  async run(ctx) {
    const c = await caseFromArg(ctx, '文书', canSeeEvidence);
    if (!c) return;
    const docs = await ctx.s.cases.documentVersions(c.caseId);
    const sent = await ctx.privateCard(documentListCard({ caseId: c.caseId, caseNumber: c.caseNumber, versions: documentVersionViews(docs, mayCorrect(ctx.person, c)) }));
    if (sent) await ctx.s.chat.rememberCard(sent, c.caseId);
  },
});
