/** The case a command names (`证据 <案件编号>` and the like), for someone who may see it. */
import type { Case } from '../../domain/case/types.ts';
import { caseIdFor, caseNumberExamples, readCaseNumber } from '../../domain/case/filing.ts';
import type { Person } from '../../domain/roster/types.ts';
import { shanghaiYear } from '../../domain/shared/time.ts';
import type { CommandContext } from '../intents.ts';
import { MESSAGES } from '../services.ts';

/**
 * Reads the number after the command word (every way `案件` reads it) and loads the case. An unreadable
 * number is answered with examples; a case that does not exist and one the person may not see get the
 * same answer, so a stranger learns nothing. Null when answered.
 */
export async function caseFromArg(ctx: CommandContext, word: string, may: (person: Person, c: Case) => boolean): Promise<Case | null> {
  const year = shanghaiYear(ctx.s.now());
  const parsed = readCaseNumber(ctx.s.caseNumberFormat, ctx.arg, year);
  if (!parsed) {
    await ctx.reply.text(MESSAGES.caseNumberFormat(caseNumberExamples(ctx.s.caseNumberFormat, year), word));
    return null;
  }
  const c = await ctx.s.cases.get(caseIdFor(parsed.year, parsed.seq));
  if (!c || !may(ctx.person, c)) {
    await ctx.reply.text(MESSAGES.caseNotFound(ctx.arg));
    return null;
  }
  return c;
}
