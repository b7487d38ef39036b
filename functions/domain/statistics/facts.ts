/**
 * What statistics read: each case's record log (with the three META fields the log does not hold)
 * and each draw's log. `readCaseLog` turns a log into the dated facts every figure is counted from;
 * both the direct count (figures.ts) and the counters (counters.ts) start from it, so a counter and
 * the count it must agree with read the same facts in the same way.
 *
 * Only the fields a figure needs are read (lenient objects: an entry may carry more). An entry of a
 * counted action whose fields are unreadable is skipped and reported in `problems` (for the rebuild
 * command's report), never thrown: one bad entry must not take the statistics down.
 */
import * as z from 'zod/mini';
import { CASE_ID_PATTERN } from '../case/case-number.ts';
import { CASE_TYPES, type CaseType, PROCEDURES, type Procedure } from '../case/types.ts';
import { type LocalDate, compareDates, isLocalDate, shanghaiDate } from '../deadlines/local-date.ts';
import { WITHDRAWAL_KINDS, type WithdrawalKind } from '../disclosure/withdrawal.ts';
import { ACTIVITIES, type Activity, MEDIA_KINDS, type MediaKind, SERVICE_METHODS, type ServiceMethod } from '../dossier/vocabulary.ts';
import { toFen } from '../review/money.ts';
import { DECISION_TYPES, type DecisionType, REVIEW_OUTCOMES, type ReviewOutcome } from '../review/vocabulary.ts';

/** One record-log entry as stored (hash fields and storage attributes may be present; they are ignored). */
export interface LogFact {
  seq?: number;
  at: string;
  actor?: string;
  action: string;
  detail: Record<string, unknown>;
}

/** A case's log with the META fields statistics need (the log itself does not carry them). */
export interface CaseLog {
  caseId: string;
  caseType: CaseType;
  procedure: Procedure;
  /** Asia/Shanghai filing date (META `filingDate`). */
  filingDate: LocalDate;
  /** The record log in sequence order. */
  entries: readonly LogFact[];
}

/** A random-inspection draw's own log (draw/ writes `draw.*`; inspection results are `inspection.recorded`). */
export interface DrawLog {
  drawId: string;
  entries: readonly LogFact[];
}

export const caseLogSchema = z.object({
  caseId: z.string().check(z.regex(CASE_ID_PATTERN)),
  caseType: z.enum(CASE_TYPES),
  procedure: z.enum(PROCEDURES),
  filingDate: z.string().check(z.refine(isLocalDate, 'not a date')),
  entries: z.array(z.object({ seq: z.optional(z.int()), at: z.string(), actor: z.optional(z.string()), action: z.string(), detail: z.record(z.string(), z.unknown()) })),
});

/**
 * The results an inspection of a drawn target can have (双随机 结果公示). The task card's results are
 * written as the first three (functions/domain/draw/inspection.ts RECORDED_RESULT_LABELS).
 */
export const INSPECTION_RESULTS = ['未发现问题', '发现问题已责令改正', '发现问题已立案查处', '无法联系', '其他'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

/**
 * Every action a figure counts, and the module that writes it. Actions marked `proposed` are not
 * written by any module yet; their names and fields are what this module expects (README).
 */
export const COUNTED_ACTIONS = {
  'review.requested': 'review/',
  'review.resubmitted': 'review/',
  'review.approved': 'review/',
  'review.rejected': 'review/',
  'review.returned': 'review/',
  'decision.approved': 'review/',
  'decision.refused': 'review/',
  'decision.served': 'service/',
  'decision.withdrawal_ordered': 'disclosure/',
  'disclosure.published': 'disclosure/ (detail proposed: decisionId?, publishedOn?)',
  'disclosure.withdrawn': 'disclosure/ (detail proposed: decisionId?, withdrawnOn?)',
  'fine.paid': 'service/ (缴款: decisionId, amount in yuan, paidOn)',
  'evidence.attached': 'record/',
  'note.recorded': 'record/',
  'evidence.activity_changed': 'record/',
  'case.archived': 'record/',
  'draw.revealed': 'draw/',
  'inspection.recorded': 'draw/',
} as const;

// ---- the facts ------------------------------------------------------------------------------------

export interface ReviewRoundFact {
  round: number;
  requestedOn: LocalDate;
  resubmitted: boolean;
  result?: { outcome: ReviewOutcome; on: LocalDate };
}

export interface DecisionFact {
  /** `detail.decisionId` when the entry has one, else the decision's ordinal in the case (`1`, `2` …). */
  decisionId: string;
  date: LocalDate;
  decisionType: DecisionType;
  /** Integer fen; null when the decision carries no amount. */
  amountFen: number | null;
  major: boolean;
  confidential: boolean;
  partyPresent: boolean;
  servedOn?: LocalDate;
  serviceMethod?: ServiceMethod;
  publishedOn?: LocalDate;
  withdrawal?: { kind: WithdrawalKind; recordedOn: LocalDate; withdrawnOn?: LocalDate };
}

export interface PaymentFact {
  decisionId: string;
  date: LocalDate;
  amountFen: number;
}

export interface EvidenceFact {
  evidenceId: string;
  date: LocalDate;
  mediaKind: MediaKind;
  size: number;
  /** The activity it is filed under now (after any `evidence.activity_changed`). */
  activity: Activity;
}

export interface CaseHistory {
  caseId: string;
  caseNumber: string;
  caseType: CaseType;
  procedure: Procedure;
  filingDate: LocalDate;
  reviews: ReviewRoundFact[];
  decisions: DecisionFact[];
  /** Dates of the head's 不批准. */
  refusals: LocalDate[];
  payments: PaymentFact[];
  evidence: EvidenceFact[];
  closedOn?: LocalDate;
}

export interface DrawFact {
  drawId: string;
  date: LocalDate;
  targets: number;
}

export interface InspectionFact {
  drawId: string;
  creditCode: string;
  date: LocalDate;
  result: InspectionResult;
}

export interface DrawHistory {
  drawId: string;
  draws: DrawFact[];
  inspections: InspectionFact[];
}

// ---- reading --------------------------------------------------------------------------------------

const dateField = z.string().check(z.refine(isLocalDate, 'not a date'));
const round = z.int().check(z.minimum(1));
const yuan = z.union([z.number().check(z.positive()), z.string().check(z.regex(/^\d+(\.\d{1,2})?$/))]);
const token = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/));

const READERS = {
  round: z.object({ round }),
  decision: z.object({
    decisionId: z.optional(token),
    decisionDate: z.optional(dateField),
    decisionType: z.enum(DECISION_TYPES),
    amount: z.nullable(z.optional(yuan)),
    major: z.optional(z.boolean()),
    confidential: z.optional(z.boolean()),
    partyPresent: z.optional(z.boolean()),
  }),
  served: z.object({ decision_id: z.optional(z.string()), served_on: dateField, method: z.enum(SERVICE_METHODS) }),
  // The disclosure module writes snake_case (decision_id, published_on, withdrawn_on); both are read.
  withdrawalOrdered: z.object({ decisionId: z.optional(z.string()), decision_id: z.optional(z.string()), kind: z.enum(WITHDRAWAL_KINDS) }),
  published: z.object({ decisionId: z.optional(z.string()), decision_id: z.optional(z.string()), publishedOn: z.optional(dateField), published_on: z.optional(dateField) }),
  withdrawn: z.object({ decisionId: z.optional(z.string()), decision_id: z.optional(z.string()), withdrawnOn: z.optional(dateField), withdrawn_on: z.optional(dateField) }),
  paid: z.object({ decisionId: z.optional(z.string()), amount: yuan, paidOn: z.optional(dateField) }),
  evidence: z.object({ evidenceId: z.string(), size: z.int().check(z.minimum(0)), mediaKind: z.enum(MEDIA_KINDS), activity: z.enum(ACTIVITIES) }),
  note: z.object({ evidenceId: z.string(), size: z.int().check(z.minimum(0)), activity: z.enum(ACTIVITIES) }),
  activityChanged: z.object({
    evidenceId: z.string(),
    changes: z.array(z.object({ field: z.string(), after: z.optional(z.unknown()) })),
  }),
  filed: z.object({ caseNumber: z.string() }),
  revealed: z.object({ targets: z.array(z.unknown()) }),
  inspection: z.object({ creditCode: z.string(), result: z.enum(INSPECTION_RESULTS), inspectedOn: z.optional(dateField) }),
} as const;

/** Integer fen of an amount as entries carry it: yuan as a number (review/) or a decimal string. */
export function yuanToFen(v: number | string): number {
  if (typeof v === 'number') return toFen(v);
  const [whole = '0', cents = ''] = v.split('.');
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
}

function entryDate(e: LogFact): LocalDate | null {
  try {
    return shanghaiDate(e.at);
  } catch {
    return null;
  }
}

export interface ReadResult<T> {
  value: T;
  /** One line per entry that could not be read: `2026-000001 #7 decision.approved: …`. */
  problems: string[];
}

/** The decision a later fact refers to: by id when it names one, else the latest decision before it. */
function findDecision(decisions: DecisionFact[], id: string | undefined): DecisionFact | undefined {
  if (id !== undefined) return decisions.find((d) => d.decisionId === id);
  return decisions[decisions.length - 1];
}

export function readCaseLog(log: CaseLog): ReadResult<CaseHistory> {
  const problems: string[] = [];
  const h: CaseHistory = {
    caseId: log.caseId,
    caseNumber: log.caseId,
    caseType: log.caseType,
    procedure: log.procedure,
    filingDate: log.filingDate,
    reviews: [],
    decisions: [],
    refusals: [],
    payments: [],
    evidence: [],
  };
  log.entries.forEach((e, i) => {
    const where = `${log.caseId} #${e.seq ?? i + 1} ${e.action}`;
    const bad = (why: string) => problems.push(`${where}: ${why}`);
    const date = entryDate(e);
    if (date === null) return bad('unreadable time');
    const read = <S extends z.ZodMiniType>(schema: S): z.infer<S> | null => {
      const r = schema.safeParse(e.detail);
      if (r.success) return r.data;
      bad(r.error.issues.map((x) => `${x.path.map(String).join('.')} ${x.message}`).join('; '));
      return null;
    };
    switch (e.action) {
      case 'case.filed': {
        const d = READERS.filed.safeParse(e.detail);
        if (d.success && d.data.caseNumber !== '') h.caseNumber = d.data.caseNumber;
        return;
      }
      case 'review.requested':
      case 'review.resubmitted': {
        const d = read(READERS.round);
        if (d === null) return;
        if (h.reviews.some((r) => r.round === d.round)) return bad(`round ${d.round} requested twice`);
        h.reviews.push({ round: d.round, requestedOn: date, resubmitted: e.action === 'review.resubmitted' });
        return;
      }
      case 'review.approved':
      case 'review.rejected':
      case 'review.returned': {
        const d = read(READERS.round);
        if (d === null) return;
        const r = h.reviews.find((x) => x.round === d.round);
        if (r === undefined) return bad(`round ${d.round} was never requested`);
        if (r.result !== undefined) return bad(`round ${d.round} already has a result`);
        const outcome = e.action.slice('review.'.length) as ReviewOutcome;
        if (!REVIEW_OUTCOMES.includes(outcome)) return;
        r.result = { outcome, on: date };
        return;
      }
      case 'decision.approved': {
        const d = read(READERS.decision);
        if (d === null) return;
        const decisionId = d.decisionId ?? String(h.decisions.length + 1);
        if (h.decisions.some((x) => x.decisionId === decisionId)) return bad(`decision ${decisionId} recorded twice`);
        h.decisions.push({
          decisionId,
          date: d.decisionDate ?? date,
          decisionType: d.decisionType,
          amountFen: d.amount === undefined || d.amount === null ? null : yuanToFen(d.amount),
          major: d.major === true,
          confidential: d.confidential === true,
          partyPresent: d.partyPresent === true,
        });
        return;
      }
      case 'decision.refused':
        h.refusals.push(date);
        return;
      case 'decision.served': {
        const d = read(READERS.served);
        if (d === null) return;
        const decision = findDecision(h.decisions, d.decision_id);
        if (decision === undefined) return bad('no decision to serve');
        decision.servedOn = d.served_on;
        decision.serviceMethod = d.method;
        return;
      }
      case 'decision.withdrawal_ordered': {
        const d = read(READERS.withdrawalOrdered);
        if (d === null) return;
        const decision = findDecision(h.decisions, d.decisionId ?? d.decision_id);
        if (decision === undefined) return bad('no decision to withdraw');
        decision.withdrawal = { kind: d.kind, recordedOn: date };
        return;
      }
      case 'disclosure.published': {
        const d = read(READERS.published);
        if (d === null) return;
        const decision = findDecision(h.decisions, d.decisionId ?? d.decision_id);
        if (decision === undefined) return bad('no decision to publish');
        decision.publishedOn ??= d.publishedOn ?? d.published_on ?? date;
        return;
      }
      case 'disclosure.withdrawn': {
        const d = read(READERS.withdrawn);
        if (d === null) return;
        const decision = findDecision(h.decisions, d.decisionId ?? d.decision_id);
        if (decision?.withdrawal === undefined) return bad('no withdrawal ordered');
        decision.withdrawal.withdrawnOn ??= d.withdrawnOn ?? d.withdrawn_on ?? date;
        return;
      }
      case 'fine.paid': {
        const d = read(READERS.paid);
        if (d === null) return;
        const decision = findDecision(h.decisions, d.decisionId);
        if (decision === undefined) return bad('no decision for the payment');
        h.payments.push({ decisionId: decision.decisionId, date: d.paidOn ?? date, amountFen: yuanToFen(d.amount) });
        return;
      }
      case 'evidence.attached': {
        const d = read(READERS.evidence);
        if (d === null) return;
        h.evidence.push({ evidenceId: d.evidenceId, date, mediaKind: d.mediaKind, size: d.size, activity: d.activity });
        return;
      }
      case 'note.recorded': {
        const d = read(READERS.note);
        if (d === null) return;
        h.evidence.push({ evidenceId: d.evidenceId, date, mediaKind: 'note', size: d.size, activity: d.activity });
        return;
      }
      case 'evidence.activity_changed': {
        const d = read(READERS.activityChanged);
        if (d === null) return;
        const item = h.evidence.find((x) => x.evidenceId === d.evidenceId);
        const after = d.changes.find((c) => c.field === 'activity')?.after;
        if (item === undefined) return bad(`unknown evidence ${d.evidenceId}`);
        if (typeof after === 'string' && (ACTIVITIES as readonly string[]).includes(after)) item.activity = after as Activity;
        return;
      }
      case 'case.archived':
        h.closedOn ??= date;
        return;
      default:
        return;
    }
  });
  return { value: h, problems };
}

export function readDrawLog(log: DrawLog): ReadResult<DrawHistory> {
  const problems: string[] = [];
  const h: DrawHistory = { drawId: log.drawId, draws: [], inspections: [] };
  log.entries.forEach((e, i) => {
    const where = `draw ${log.drawId} #${e.seq ?? i + 1} ${e.action}`;
    const date = entryDate(e);
    if (e.action !== 'draw.revealed' && e.action !== 'inspection.recorded') return;
    if (date === null) {
      problems.push(`${where}: unreadable time`);
      return;
    }
    if (e.action === 'draw.revealed') {
      const d = READERS.revealed.safeParse(e.detail);
      if (!d.success) problems.push(`${where}: no targets`);
      else if (h.draws.length > 0) problems.push(`${where}: revealed twice`);
      else h.draws.push({ drawId: log.drawId, date, targets: d.data.targets.length });
      return;
    }
    const d = READERS.inspection.safeParse(e.detail);
    if (!d.success) {
      problems.push(`${where}: ${d.error.issues.map((x) => `${x.path.map(String).join('.')} ${x.message}`).join('; ')}`);
      return;
    }
    // A corrected result replaces the earlier one for the same target.
    const at = d.data.inspectedOn ?? date;
    const previous = h.inspections.findIndex((x) => x.creditCode === d.data.creditCode);
    const fact: InspectionFact = { drawId: log.drawId, creditCode: d.data.creditCode, date: at, result: d.data.result };
    if (previous >= 0) h.inspections[previous] = fact;
    else h.inspections.push(fact);
  });
  return { value: h, problems };
}

/** Earliest of the dates (undefined when none). */
export function earliestDate(dates: readonly LocalDate[]): LocalDate | undefined {
  let best: LocalDate | undefined;
  for (const d of dates) if (best === undefined || compareDates(d, best) < 0) best = d;
  return best;
}
