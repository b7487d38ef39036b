/** One case's card (案件 <案件编号>, and the 查看 button of 我的案件), to those who may see it. */
import * as z from 'zod/mini';
import { canViewCase } from '../../domain/case/access.ts';
import { caseIdFor, caseNumberExamples, readCaseNumber } from '../../domain/case/filing.ts';
import { shanghaiYear } from '../../domain/shared/time.ts';
import { CASE_ID, cardAction, command } from '../intents.ts';
import { errorToast, MESSAGES } from '../services.ts';
import { caseCardFor } from './case-card.ts';

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
    const sent = await privateCard(await caseCardFor(c, person, s));
    // A file sent as a reply to this card goes to this case.
    if (sent) await s.chat.rememberCard(sent, c.caseId);
  },
});

export const showCaseAction = cardAction({
  value: z.object({ case_id: CASE_ID }),
  legacy: ['show_case'],
  async handle({ case_id }, { operator, tap, s }) {
    const c = await s.cases.get(case_id);
    if (!c || !canViewCase(operator, c)) return errorToast(MESSAGES.caseNotFound(case_id));
    // The tapped card now shows this case.
    if (tap.messageId) await s.chat.rememberCard(tap.messageId, c.caseId);
    return { card: await caseCardFor(c, operator, s) };
  },
});
