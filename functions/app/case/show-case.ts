/** One case's card (案件 <案件编号>, and the 查看 button of 我的案件), to those who may see it. */
import * as z from 'zod/mini';
import { caseCard } from '../../../cards/index.ts';
import { canViewCase } from '../../domain/case/access.ts';
import { caseIdFor, caseNumberExamples, readCaseNumber } from '../../domain/case/filing.ts';
import { shanghaiYear } from '../../domain/shared/time.ts';
import { cardAction, command } from '../intents.ts';
import { errorToast, MESSAGES } from '../services.ts';
import { caseCardView } from './views.ts';

export const showCaseCommand = command({
  words: ['案件', '查案件'],
  // "案件甘经信立〔2026〕1号", without a space
  prefix: true,
  help: {
    command: '案件 <案件编号>',
    description: '查看案件详情，例如：案件 甘经信立〔2026〕1号，也可写 〔2026〕1号、2026-1，今年的案件只写 1号',
  },
  async run({ person, arg, reply, privateCard, s }) {
    const year = shanghaiYear(s.now());
    const parsed = readCaseNumber(s.caseNumberFormat, arg, year);
    if (!parsed) return reply.text(MESSAGES.caseNumberFormat(caseNumberExamples(s.caseNumberFormat, year)));
    const c = await s.cases.get(caseIdFor(parsed.year, parsed.seq));
    if (!c || !canViewCase(person, c)) return reply.text(MESSAGES.caseNotFound(arg));
    return privateCard(caseCard(caseCardView(c, { deadlines: s.deadlinesFor(c) })));
  },
});

export const showCaseAction = cardAction({
  value: z.object({ case_id: z.string().check(z.regex(/^\d{4}-\d{6}$/)) }),
  legacy: ['show_case'],
  async handle({ case_id }, { operator, s }) {
    const c = await s.cases.get(case_id);
    if (!c || !canViewCase(operator, c)) return errorToast(MESSAGES.caseNotFound(case_id));
    return { card: caseCard(caseCardView(c, { deadlines: s.deadlinesFor(c) })) };
  },
});
