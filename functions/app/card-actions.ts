/** Card button taps, answered inline within Feishu's 3 s (DynamoDB only; no Open API calls). */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { caseCard, caseListCard, filingFormCard } from '../../cards/index.ts';
import type { FilingFieldName } from '../../cards/types.ts';
import { InvalidCursorError } from '../adapters/dynamodb/case-store.ts';
import type { CardAction } from '../adapters/feishu/inbound.ts';
import { canViewCase } from '../domain/case/access.ts';
import { assignOfficers, buildCase, parseFilingForm } from '../domain/case/filing.ts';
import { FILING_RECORD_SEQ, filingFollowUp } from '../domain/case/follow-up.ts';
import type { RecordEntry } from '../domain/case/record.ts';
import type { Person } from '../domain/roster/types.ts';
import { shanghaiDate, shanghaiYear } from '../domain/shared/time.ts';
import { caseCardView, caseListView } from './views.ts';
import type { CardActionResult } from './webhook.ts';
import { decodePageCursor, encodePageCursor, MESSAGES, officerOptions, PAGE_SIZE, type Services } from './services.ts';

const actionValue = z.discriminatedUnion('action', [
  z.object({ action: z.literal('file_case'), form_id: z.string().check(z.regex(/^[\w-]{1,100}$/)) }),
  z.object({ action: z.literal('list_cases'), cursor: z.string().check(z.maxLength(2100)) }),
  z.object({ action: z.literal('show_case'), case_id: z.string().check(z.regex(/^\d{4}-\d{6}$/)) }),
]);

const error = (content: string): CardActionResult => ({ toast: { type: 'error', content } });

/**
 * The button's value says what was tapped. A filing form submitted without it (a card from before
 * form ids, or a client that drops the value) is still one form: its message id keys it.
 */
function readValue(action: CardAction) {
  const value = actionValue.safeParse(typeof action.value === 'string' ? safeJson(action.value) : action.value);
  if (value.success || !action.formValue || !('party_name' in action.formValue) || !action.messageId) return value;
  return actionValue.safeParse({ action: 'file_case', form_id: `M${createHash('sha256').update(action.messageId).digest('hex').slice(0, 32)}` });
}

export async function handleCardAction(action: CardAction, s: Services): Promise<CardActionResult> {
  const value = readValue(action);
  if (!value.success) {
    s.log.warn('unknown card action', { value: action.value });
    return error(MESSAGES.staleAction);
  }
  const operator = await s.roster.get(action.operatorOpenId);
  if (!operator) return error(MESSAGES.notOnRoster);

  switch (value.data.action) {
    case 'file_case':
      return fileCase(operator, value.data.form_id, action, s);
    case 'list_cases': {
      const decoded = decodePageCursor(value.data.cursor);
      if (!decoded) return error(MESSAGES.staleAction);
      const page = await s.cases
        .listOpenForUser(operator.openId, { limit: PAGE_SIZE, cursor: decoded.storeCursor })
        .catch((err: unknown) => {
          if (err instanceof InvalidCursorError) return null;
          throw err;
        });
      if (!page) return error(MESSAGES.staleAction);
      const next = page.nextCursor ? encodePageCursor(decoded.page + 1, page.nextCursor) : undefined;
      return { card: caseListCard(caseListView(page.items, decoded.page, next)) };
    }
    case 'show_case': {
      const c = await s.cases.get(value.data.case_id);
      if (!c || !canViewCase(operator, c)) return error(MESSAGES.caseNotFound(value.data.case_id));
      return { card: caseCard(caseCardView(c, { deadlines: s.deadlinesFor(c) })) };
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
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

async function rejectForm(operator: Person, formId: string, action: CardAction, errors: string[], s: Services) {
  return {
    toast: { type: 'error' as const, content: errors[0] ?? '请检查表单' },
    card: filingFormCard({
      formId,
      filerOpenId: operator.openId,
      officerOptions: await officerOptions(s.roster, operator),
      initial: initialValues(action.formValue),
      errors,
    }),
  };
}

async function fileCase(operator: Person, formId: string, action: CardAction, s: Services): Promise<CardActionResult> {
  if (!operator.roles.includes('officer')) return error(MESSAGES.officerOnly);
  const form = parseFilingForm(action.formValue);
  if (!form.ok) return rejectForm(operator, formId, action, form.errors, s);

  const now = s.now();
  const filedAt = now.toISOString();
  const filingDate = shanghaiDate(now);
  const year = shanghaiYear(now);
  const roster = await s.roster.getMany(form.value.officerOpenIds);
  const officers = assignOfficers(operator, form.value.officerOpenIds, roster, filingDate);
  if (!officers.ok) return rejectForm(operator, formId, action, officers.errors, s);

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
      const record: RecordEntry = {
        caseId: built.caseId,
        seq: 1,
        at: filedAt,
        actor: operator.openId,
        action: 'case.filed',
        detail: {
          caseNumber: built.caseNumber,
          officers: built.officers.map((o) => ({ openId: o.openId, certificateNumber: o.certificateNumber })),
          formId,
        },
      };
      return { case: built, record, followUp: filingFollowUp(built, action.messageId) };
    },
  });
  // A form id is not a key to someone else's case: answer as for a card that no longer works.
  if (!created && !canViewCase(operator, c)) {
    s.log.warn('filing form of another filer submitted', { caseId: c.caseId, operator: operator.openId });
    return error(MESSAGES.staleAction);
  }
  // The follow-up was written with the case; a repeated tap hands on whatever is still owed.
  if (created || (await s.cases.getFollowUp({ caseId: c.caseId, recordSeq: FILING_RECORD_SEQ }))?.status === 'pending') {
    await s.jobs
      .submit({ kind: 'case.filed', caseId: c.caseId })
      .catch((err) => s.log.error('case.filed job not submitted; the scheduled run will hand it on', { caseId: c.caseId, err }));
  }
  const notice = created ? `✅ 立案成功：${c.caseNumber}` : `该表单已提交过，案件编号 ${c.caseNumber}`;
  return {
    toast: { type: created ? 'success' : 'info', content: notice },
    card: caseCard(caseCardView(c, { deadlines: s.deadlinesFor(c), notice })),
  };
}
