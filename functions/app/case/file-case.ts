/**
 * Filing a case (立案): the command sends the filing form; its 提交 button files the case — a gapless
 * number, the case card in place of the form, and a `case.filed` job for what the filing still owes
 * (the co-officers' notices, the form message turned into the case card).
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { caseCard, filingFormCard } from '../../../cards/index.ts';
import { canViewCase } from '../../domain/case/access.ts';
import { assignOfficers, buildCase, type FilingFieldName, parseFilingForm } from '../../domain/case/filing.ts';
import { FILING_RECORD_SEQ, filingFollowUp } from '../../domain/case/follow-up.ts';
import type { NewRecord } from '../../domain/case/record.ts';
import type { Person } from '../../domain/roster/types.ts';
import { shanghaiDate, shanghaiYear } from '../../domain/shared/time.ts';
import type { CardActionResult, CardTap } from '../../ports/index.ts';
import { cardAction, command, type Requirement } from '../intents.ts';
import { errorToast, MESSAGES, officerOptions, sendUuid, type Services } from '../services.ts';
import { caseCardView } from './views.ts';

const officersOnly: Requirement = { role: 'officer', refusal: MESSAGES.officerOnly };

export const fileCaseCommand = command({
  words: ['立案'],
  help: { command: '立案', description: '填写立案登记表，提交后生成案件编号' },
  requires: officersOnly,
  async run({ person, message, privateCard, s }) {
    return privateCard(
      filingFormCard({
        // One form per message: a re-delivered 立案 makes the same form, so it can file one case only.
        formId: `F${sendUuid('form', message.eventId).slice(0, 32)}`,
        filerOpenId: person.openId,
        officerOptions: await officerOptions(s.roster, person),
      }),
    );
  },
});

export const fileCaseAction = cardAction({
  value: z.object({ form_id: z.string().check(z.regex(/^[\w-]{1,100}$/)) }),
  legacy: ['file_case'],
  /**
   * A filing form submitted without its value (a card from before form ids, or a client that drops
   * the value) is still one form: its message id keys it.
   */
  fallback: (tap) =>
    tap.formValue && 'party_name' in tap.formValue && tap.messageId
      ? { form_id: `M${createHash('sha256').update(tap.messageId).digest('hex').slice(0, 32)}` }
      : undefined,
  requires: officersOnly,
  handle: ({ form_id }, { operator, tap, s }) => fileCase(operator, form_id, tap, s),
});

async function fileCase(operator: Person, formId: string, tap: CardTap, s: Services): Promise<CardActionResult> {
  const form = parseFilingForm(tap.formValue);
  if (!form.ok) return rejectForm(operator, formId, tap, form.errors, s);

  const now = s.now();
  const filedAt = now.toISOString();
  const filingDate = shanghaiDate(now);
  const year = shanghaiYear(now);
  const roster = await s.roster.getMany(form.value.officerOpenIds);
  const officers = assignOfficers(operator, form.value.officerOpenIds, roster, filingDate);
  if (!officers.ok) return rejectForm(operator, formId, tap, officers.errors, s);

  const { created, case: c } = await s.cases.fileCase({
    formId,
    year,
    build: (seq) => {
      const built = buildCase({
        form: form.value,
        officers: officers.value,
        filedBy: operator.openId,
        filedAt,
        year,
        seq,
        caseNumberFormat: s.caseNumberFormat,
      });
      const record: NewRecord = {
        caseId: built.caseId,
        at: filedAt,
        actor: operator.openId,
        action: 'case.filed',
        detail: {
          caseNumber: built.caseNumber,
          officers: built.officers.map((o) => ({ openId: o.openId, certificateNumber: o.certificateNumber })),
          formId,
        },
      };
      return { case: built, record, followUp: filingFollowUp(built, tap.messageId) };
    },
  });
  // A form id is not a key to someone else's case: answer as for a card that no longer works.
  if (!created && !canViewCase(operator, c)) {
    s.log.warn('filing form of another filer submitted', { caseId: c.caseId, operator: operator.openId });
    return errorToast(MESSAGES.staleAction);
  }
  // The follow-up was written with the case; a repeated tap hands on whatever is still owed.
  if (created || (await s.cases.getFollowUp({ caseId: c.caseId, recordSeq: FILING_RECORD_SEQ }))?.status === 'pending') {
    await s.jobs
      .submit({ kind: 'case.filed', caseId: c.caseId })
      .catch((err) => s.log.error('case.filed job not submitted; the scheduled run will hand it on', { caseId: c.caseId, err }));
  }
  const notice = created ? `✅ 立案成功：${c.caseNumber}` : `该表单已提交过，案件编号 ${c.caseNumber}`;
  // The form's message now shows the case: a file sent as a reply to it goes to this case.
  if (tap.messageId) await s.chat.rememberCard(tap.messageId, c.caseId);
  return {
    toast: { type: created ? 'success' : 'info', content: notice },
    card: caseCard(caseCardView(c, operator, { deadlines: s.deadlinesFor(c), notice })),
  };
}

/** The form again, filled in as submitted, with the problems in red. */
async function rejectForm(operator: Person, formId: string, tap: CardTap, errors: string[], s: Services): Promise<CardActionResult> {
  return {
    toast: { type: 'error', content: errors[0] ?? '请检查表单' },
    card: filingFormCard({
      formId,
      filerOpenId: operator.openId,
      officerOptions: await officerOptions(s.roster, operator),
      initial: initialValues(tap.formValue),
      errors,
    }),
  };
}

function initialValues(formValue: Record<string, unknown> | undefined) {
  const initial: Partial<Record<FilingFieldName, string | string[]>> = {};
  for (const [k, v] of Object.entries(formValue ?? {})) {
    if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) {
      initial[k as FilingFieldName] = v as string | string[];
    }
  }
  return initial;
}
