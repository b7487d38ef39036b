/**
 * Follow-up work that a state change owes (an outbox): recorded in the same transaction as the change,
 * then done part by part, each on its own, so one refused recipient does not hold up the others and a
 * retry repeats only what is left. Pure: which parts a change owes, their order, when all is settled.
 */
import { type NewRecord, SYSTEM_ACTOR } from './record.ts';
import type { Case } from './types.ts';

export type FollowUpAction = 'case.filed';

/**
 * `pending` → `sent`, or `failed` when Feishu refuses it for good (then recorded in the case log);
 * a failed notice → `reported` once the filer has been told. A form that cannot be updated needs no report.
 */
export type FollowUpPartState = 'pending' | 'sent' | 'failed' | 'reported';

export interface FollowUp {
  caseId: string;
  /** The record entry whose change owes this work (filing: entry 1). */
  recordSeq: number;
  action: FollowUpAction;
  createdAt: string; // ISO instant, UTC
  status: 'pending' | 'done';
  /** The filing form's message, to be turned into the case card. */
  formMessageId?: string;
  parts: Record<string, FollowUpPartState>;
}

/** Filing writes the case's first record entry; its follow-up is keyed by it. */
export const FILING_RECORD_SEQ = 1;

export const FORM_PART = 'form';
const NOTICE_PREFIX = 'notice:';

export function noticePart(openId: string): string {
  return `${NOTICE_PREFIX}${openId}`;
}

/** The co-officer a notice part is for; null for other parts. */
export function noticeRecipient(part: string): string | null {
  return part.startsWith(NOTICE_PREFIX) ? part.slice(NOTICE_PREFIX.length) : null;
}

/** What filing owes: the form turned into the case card, and a notice to every co-officer. */
export function filingFollowUp(c: Pick<Case, 'caseId' | 'filedAt' | 'filedBy' | 'officers'>, formMessageId?: string): FollowUp {
  const parts: Record<string, FollowUpPartState> = {};
  if (formMessageId) parts[FORM_PART] = 'pending';
  for (const o of c.officers) if (o.openId !== c.filedBy) parts[noticePart(o.openId)] = 'pending';
  return {
    caseId: c.caseId,
    recordSeq: FILING_RECORD_SEQ,
    action: 'case.filed',
    createdAt: c.filedAt,
    status: Object.keys(parts).length > 0 ? 'pending' : 'done',
    ...(formMessageId ? { formMessageId } : {}),
    parts,
  };
}

/** The order the parts go out in: the form first, then the notices in the case's officer order. */
export function filingPartOrder(parts: Record<string, FollowUpPartState>, c: Pick<Case, 'officers'>): string[] {
  const order = [FORM_PART, ...c.officers.map((o) => noticePart(o.openId))];
  const rest = Object.keys(parts)
    .filter((p) => !order.includes(p))
    .sort();
  return [...order.filter((p) => p in parts), ...rest];
}

/** Settled: nothing is left to send, and every refused notice has been reported to the filer. */
export function isSettled(parts: Record<string, FollowUpPartState>): boolean {
  return Object.entries(parts).every(
    ([part, state]) => state === 'sent' || state === 'reported' || (state === 'failed' && noticeRecipient(part) === null),
  );
}

/** The case-log entry for a notice Feishu refused to deliver (its sequence number is the store's). */
export function noticeFailedRecord(input: {
  caseId: string;
  at: string;
  notice: FollowUpAction;
  recipient: { openId: string; name: string };
  code?: number;
}): NewRecord {
  return {
    caseId: input.caseId,
    at: input.at,
    actor: SYSTEM_ACTOR,
    action: 'notice.failed',
    detail: {
      notice: input.notice,
      recipient: input.recipient.openId,
      name: input.recipient.name,
      ...(input.code === undefined ? {} : { code: input.code }),
    },
  };
}
