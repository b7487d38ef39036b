/**
 * Every deadline the bot tracks, with a stable id, its due date from the engine, its legal source and
 * its status on `today`:
 * - a case's deadlines (`caseDeadlines`): 办案期限, 法制审核时限 per review request, 送达, publication,
 *   withdrawal, and the party's periods from service;
 * - certificate expiry per certificate holder (`certificateDeadlines`);
 * - the implementation plan's dated tasks (`planTaskDeadlines`).
 *
 * The id never contains a date: when a deadline moves (a corrected service date, a newly announced
 * holiday calendar, an override) it keeps its id, and its reminders are replaced, not duplicated.
 */
import * as z from 'zod/mini';
import { CASE_ID_PATTERN } from '../case/case-number.ts';
import { CASE_TYPES } from '../case/types.ts';
import type { HolidayCalendar } from '../deadlines/calendar.ts';
import { type DeadlineResult, computeDeadline } from '../deadlines/compute.ts';
import { type LocalDate, type WeekdayName, isLocalDate, weekdayName } from '../deadlines/local-date.ts';
import type { PlanTask } from '../deadlines/plan-tasks.ts';
import { type Rule, requireRule, sourceText } from '../deadlines/rules.ts';
import { publicationDuty, withdrawalDuty } from '../disclosure/duty.ts';
import { WITHDRAWAL_KINDS } from '../disclosure/withdrawal.ts';
import type { Person } from '../roster/types.ts';
import { partyPeriodRuleIds } from '../service/deadlines.ts';

export const DEADLINE_KINDS = [
  'case_time_limit',
  'legal_review',
  'service',
  'publication',
  'withdrawal',
  'fine_payment',
  'admin_review',
  'lawsuit',
  'certificate_expiry',
  'plan_task',
  'inspection_task',
  'inspection_result_publication',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export type DeadlineStatus = 'open' | 'met' | 'overdue';

export type DeadlineSubject =
  | { type: 'case'; caseId: string; caseNumber: string; decisionId?: string }
  | { type: 'person'; openId: string; name: string }
  | { type: 'plan_task'; taskId: string }
  /** One drawn target's inspection (双随机): its draw, and the target by name and credit code. */
  | { type: 'draw_task'; drawId: string; planId: string; creditCode: string; targetName: string };

export interface TrackedDeadline {
  /** Stable: subject + kind + trigger (never a date). Safe characters only: [0-9A-Za-z._-]. */
  id: string;
  kind: DeadlineKind;
  /** The rule in data/rules.json; null for plan tasks (their limit is a date in the plan). */
  ruleId: string | null;
  ruleName: string;
  /** What must be done by the due date, in words. */
  what: string;
  subject: DeadlineSubject;
  /** The trigger date the engine counted from; null for fixed dates. */
  startDate: LocalDate | null;
  dueDate: LocalDate;
  weekday: WeekdayName;
  source: string;
  obligor: 'bureau' | 'party';
  status: DeadlineStatus;
  statusText: string;
  metOn?: LocalDate;
  /** Met after the due date. */
  late?: boolean;
  /** The due date depends on a calendar year not yet announced. */
  provisional: boolean;
  provisionalReason?: string;
  /** How the due date was counted (the engine's steps). */
  explanation: string[];
  /**
   * People this deadline concerns directly: the case's officers, the certificate holder, a drawn
   * target's inspectors, or the draw's organiser (its results' publication).
   */
  people: string[];
  /** 责任科室 of a plan task. */
  department?: string;
}

/** A deadline that no longer applies (reminders are removed because it is not listed). */
export interface LapsedDeadline {
  id: string;
  kind: DeadlineKind;
  ruleName: string;
  reason: string;
}

/** A deadline that applies but waits for its trigger (e.g. the party's periods until service). */
export interface PendingDeadline {
  id: string;
  kind: DeadlineKind;
  ruleName: string;
  text: string;
}

export interface DeadlineList {
  /** Sorted by due date, then id. */
  deadlines: TrackedDeadline[];
  lapsed: LapsedDeadline[];
  pending: PendingDeadline[];
}

// ---- input: what a case holds --------------------------------------------------------------------

const date = z.string().check(z.refine(isLocalDate, '日期须为有效的 YYYY-MM-DD'));
const token = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/, '只能含字母、数字、下划线和连字符，最多 40 个'));

export const reviewFactsSchema = z.object({
  /** 1-based round of legal review (a returned case is resubmitted as the next round). */
  round: z.int().check(z.minimum(1), z.maximum(99)),
  requestedOn: date,
  /** The day the review result (any: pass, fail, return) was recorded. */
  completedOn: z.optional(date),
});

export const decisionFactsSchema = z.object({
  /** Unique within the case; a changed decision (变更) is a new decision with a new id. */
  decisionId: token,
  /** The kind of decision: 行政处罚 / 行政许可 decide the 7-working-day publication, others 20. */
  type: z.enum(CASE_TYPES),
  date,
  hasFine: z.optional(z.boolean()),
  /** Handed over on the spot after it was announced (行政处罚法第六十一条): no 7-day service duty. */
  partyPresent: z.optional(z.boolean()),
  /** Not to be published at all (state secret etc., 118号). */
  confidential: z.optional(z.boolean()),
  servedOn: z.optional(date),
  paidOn: z.optional(date),
  publishedOn: z.optional(date),
  withdrawal: z.optional(
    z.object({
      kind: z.enum(WITHDRAWAL_KINDS),
      recordedOn: date,
      /** The day the public page was withdrawn. */
      withdrawnOn: z.optional(date),
    }),
  ),
  adminReviewAppliedOn: z.optional(date),
  lawsuitFiledOn: z.optional(date),
});

export const caseFactsSchema = z.object({
  caseId: z.string().check(z.regex(CASE_ID_PATTERN, '案件标识格式应为 YYYY-NNNNNN')),
  caseNumber: z.string().check(z.minLength(1)),
  caseType: z.enum(CASE_TYPES),
  filingDate: date,
  officerOpenIds: z.array(z.string()),
  reviews: z.optional(z.array(reviewFactsSchema)),
  decisions: z.optional(z.array(decisionFactsSchema)),
  /** Closed without (or after) a decision. */
  closedOn: z.optional(date),
});

export type ReviewFacts = z.infer<typeof reviewFactsSchema>;
export type DecisionFacts = z.infer<typeof decisionFactsSchema>;
export type CaseFacts = z.infer<typeof caseFactsSchema>;

export interface DeadlineContext {
  /** Today in Asia/Shanghai. */
  today: LocalDate;
  calendar: HolidayCalendar;
  rules: readonly Rule[];
}

// ---- status --------------------------------------------------------------------------------------

export function statusOf(dueDate: LocalDate, metOn: LocalDate | undefined, today: LocalDate): DeadlineStatus {
  if (metOn !== undefined) return 'met';
  return today > dueDate ? 'overdue' : 'open';
}

const PARTY_REMEDY: ReadonlySet<DeadlineKind> = new Set(['admin_review', 'lawsuit']);

/** The status in words, as the 期限 list shows it; a party's period "ends" rather than being "overdue". */
export function statusText(kind: DeadlineKind, status: DeadlineStatus, late: boolean, dueToday: boolean): string {
  if (kind === 'certificate_expiry') return status === 'overdue' ? '已过期' : dueToday ? '今日到期' : '有效';
  if (kind === 'fine_payment') {
    return status === 'met' ? (late ? '已缴纳（逾期）' : '已缴纳') : status === 'overdue' ? '逾期未缴纳' : '缴纳期内';
  }
  if (PARTY_REMEDY.has(kind)) {
    return status === 'met' ? '当事人已提出' : status === 'overdue' ? '期间已届满' : '期间中';
  }
  if (status === 'met') return late ? '已完成（逾期）' : '已完成';
  if (status === 'overdue') return '已逾期';
  return dueToday ? '今日到期' : '未到期';
}

const WHAT: Record<Exclude<DeadlineKind, 'legal_review' | 'plan_task' | 'certificate_expiry' | 'inspection_task' | 'inspection_result_publication'>, string> = {
  case_time_limit: '作出行政处罚决定',
  service: '将行政处罚决定书送达当事人',
  publication: '公开执法决定信息',
  withdrawal: '撤回已公开的决定信息并公开说明理由',
  fine_payment: '当事人缴纳罚款',
  admin_review: '当事人申请行政复议的期间届满',
  lawsuit: '当事人提起行政诉讼的期间届满',
};

export function fromResult(
  id: string,
  kind: DeadlineKind,
  what: string,
  subject: DeadlineSubject,
  result: DeadlineResult,
  metOn: LocalDate | undefined,
  people: readonly string[],
  today: LocalDate,
): TrackedDeadline {
  const status = statusOf(result.dueDate, metOn, today);
  const late = metOn !== undefined && metOn > result.dueDate;
  const d: TrackedDeadline = {
    id,
    kind,
    ruleId: result.ruleId,
    ruleName: result.ruleName,
    what,
    subject,
    startDate: result.startDate,
    dueDate: result.dueDate,
    weekday: result.weekday,
    source: result.source,
    obligor: result.rule.obligor,
    status,
    statusText: statusText(kind, status, late, today === result.dueDate),
    provisional: result.provisional,
    explanation: result.explanation,
    people: [...people],
  };
  if (metOn !== undefined) {
    d.metOn = metOn;
    d.late = late;
  }
  if (result.provisionalReason !== undefined) d.provisionalReason = result.provisionalReason;
  return d;
}

export function byDue(a: TrackedDeadline, b: TrackedDeadline): number {
  return a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function earliest(...dates: (LocalDate | undefined)[]): LocalDate | undefined {
  return dates.filter((d): d is LocalDate => d !== undefined).sort()[0];
}

// ---- ids -----------------------------------------------------------------------------------------

/** `case.2026-000001.publication.d1`, `person.ou_x.certificate_expiry`, `plan.1-1-1.plan_task`. */
export function caseDeadlineId(caseId: string, kind: DeadlineKind, trigger?: string): string {
  return trigger === undefined ? `case.${caseId}.${kind}` : `case.${caseId}.${kind}.${trigger}`;
}

// ---- a case --------------------------------------------------------------------------------------

const PUBLICATION_LAPSE_CONFIDENTIAL = '决定依法不予公开（涉及国家秘密等），不产生公开期限';

/**
 * Lists every deadline of a case from what the case holds. The 办案期限 of 行政处罚法第六十条 applies to
 * penalty cases only; a decision or closing meets it.
 */
export function caseDeadlines(facts: CaseFacts, ctx: DeadlineContext): DeadlineList {
  const { today, calendar, rules } = ctx;
  const deadlines: TrackedDeadline[] = [];
  const lapsed: LapsedDeadline[] = [];
  const pending: PendingDeadline[] = [];
  const caseSubject = { type: 'case' as const, caseId: facts.caseId, caseNumber: facts.caseNumber };
  const people = facts.officerOpenIds;
  const decisions = [...(facts.decisions ?? [])].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const ids = new Set<string>();
  const claim = (id: string) => {
    if (ids.has(id)) throw new RangeError(`案件 ${facts.caseId} 的期限标识重复：${id}（决定或审核轮次重复）`);
    ids.add(id);
    return id;
  };

  if (facts.caseType === '行政处罚') {
    const r = computeDeadline(requireRule(rules, 'case_time_limit'), facts.filingDate, calendar);
    const metOn = earliest(decisions[0]?.date, facts.closedOn);
    deadlines.push(fromResult(claim(caseDeadlineId(facts.caseId, 'case_time_limit')), 'case_time_limit', WHAT.case_time_limit, caseSubject, r, metOn, people, today));
  }

  for (const review of facts.reviews ?? []) {
    const r = computeDeadline(requireRule(rules, 'legal_review'), review.requestedOn, calendar);
    const id = claim(caseDeadlineId(facts.caseId, 'legal_review', `r${review.round}`));
    deadlines.push(fromResult(id, 'legal_review', `完成第${review.round}轮法制审核`, caseSubject, r, review.completedOn, people, today));
  }

  for (const d of decisions) {
    const subject = { ...caseSubject, decisionId: d.decisionId };
    const trigger = `d${d.decisionId}`;
    const w = d.withdrawal;
    const setAside = w !== undefined ? `决定${w.kind === '变更' ? '已被变更' : w.kind === '撤销' ? '已被撤销' : `已被${w.kind}`}` : '';

    const pubId = claim(caseDeadlineId(facts.caseId, 'publication', trigger));
    const pubRule = publicationDuty(d, calendar, rules);
    if (d.confidential === true) {
      lapsed.push({ id: pubId, kind: 'publication', ruleName: pubRule.ruleName, reason: PUBLICATION_LAPSE_CONFIDENTIAL });
    } else if (w !== undefined && d.publishedOn === undefined) {
      lapsed.push({ id: pubId, kind: 'publication', ruleName: pubRule.ruleName, reason: `${setAside}，公开前即不再公开` });
    } else {
      deadlines.push(fromResult(pubId, 'publication', WHAT.publication, subject, pubRule, d.publishedOn, people, today));
    }

    if (w !== undefined && d.publishedOn !== undefined) {
      const r = withdrawalDuty(w.recordedOn, calendar, rules);
      deadlines.push(fromResult(claim(caseDeadlineId(facts.caseId, 'withdrawal', trigger)), 'withdrawal', WHAT.withdrawal, subject, r, w.withdrawnOn, people, today));
    }

    if (d.type === '行政处罚' && d.partyPresent !== true) {
      const id = claim(caseDeadlineId(facts.caseId, 'service', trigger));
      const r = computeDeadline(requireRule(rules, 'service'), d.date, calendar);
      if (w !== undefined && d.servedOn === undefined) {
        lapsed.push({ id, kind: 'service', ruleName: r.ruleName, reason: `${setAside}，不再送达` });
      } else {
        deadlines.push(fromResult(id, 'service', WHAT.service, subject, r, d.servedOn, people, today));
      }
    }

    for (const ruleId of partyPeriodRuleIds(d.type, d.hasFine === true)) {
      const rule = requireRule(rules, ruleId);
      const id = claim(caseDeadlineId(facts.caseId, ruleId, trigger));
      if (w !== undefined) {
        // A decision set aside no longer drives the party's periods; a changed decision is a new one.
        lapsed.push({ id, kind: ruleId, ruleName: rule.name, reason: `${setAside}，不再跟踪该期间` });
      } else if (d.servedOn === undefined) {
        pending.push({ id, kind: ruleId, ruleName: rule.name, text: '待登记送达后计算（自当事人收到决定书之日起算）' });
      } else {
        const r = computeDeadline(rule, d.servedOn, calendar);
        const metOn = ruleId === 'fine_payment' ? d.paidOn : ruleId === 'admin_review' ? d.adminReviewAppliedOn : d.lawsuitFiledOn;
        deadlines.push(fromResult(id, ruleId, WHAT[ruleId], subject, r, metOn, people, today));
      }
    }
  }

  deadlines.sort(byDue);
  return { deadlines, lapsed, pending };
}

// ---- certificates --------------------------------------------------------------------------------

/**
 * One deadline per certificate holder: due on the certificate's last valid day (行政处罚法第四十二条:
 * only certified officers enforce). The id is per person, so a renewal moves the deadline. The
 * reminder points (by default 30 days before, from the rule 证件到期提醒) are in the reminder config.
 */
export function certificateDeadlines(people: readonly Person[], ctx: Pick<DeadlineContext, 'today' | 'rules'>): TrackedDeadline[] {
  const rule = requireRule(ctx.rules, 'certificate_expiry_reminder');
  const out: TrackedDeadline[] = [];
  for (const p of people) {
    const cert = p.certificate;
    if (!cert) continue;
    const status = statusOf(cert.validUntil, undefined, ctx.today);
    out.push({
      id: `person.${p.openId}.certificate_expiry`,
      kind: 'certificate_expiry',
      ruleId: rule.id,
      ruleName: rule.name,
      what: `${p.name}的行政执法证（${cert.number}）有效期至 ${cert.validUntil}，请在到期前办理换证`,
      subject: { type: 'person', openId: p.openId, name: p.name },
      startDate: null,
      dueDate: cert.validUntil,
      weekday: weekdayName(cert.validUntil),
      source: sourceText(rule),
      obligor: 'bureau',
      status,
      statusText: statusText('certificate_expiry', status, false, ctx.today === cert.validUntil),
      provisional: false,
      explanation: [`证件有效期截止日：${cert.validUntil}（当日仍有效）`],
      people: [p.openId],
    });
  }
  return out.sort(byDue);
}

// ---- plan tasks ----------------------------------------------------------------------------------

export const DEFAULT_PLAN_SOURCE = '本局三项制度实施方案任务分解表';

/**
 * The plan's dated tasks (standing tasks, 长期执行, have no deadline). The date is the one written in the
 * plan, never rolled (a fixed date, not a period). `completed` maps a task id to the day it was done.
 */
export function planTaskDeadlines(
  tasks: readonly PlanTask[],
  options: { today: LocalDate; completed?: Readonly<Record<string, LocalDate>>; planSource?: string },
): TrackedDeadline[] {
  const out: TrackedDeadline[] = [];
  for (const t of tasks) {
    if (t.limit.kind !== 'dated') continue;
    const due = t.limit.deadline;
    const metOn = options.completed?.[t.id];
    const status = statusOf(due, metOn, options.today);
    const late = metOn !== undefined && metOn > due;
    const d: TrackedDeadline = {
      id: `plan.${t.id}.plan_task`,
      kind: 'plan_task',
      ruleId: null,
      ruleName: '任务分解表',
      what: `${t.task}：${t.measure}`,
      subject: { type: 'plan_task', taskId: t.id },
      startDate: null,
      dueDate: due,
      weekday: weekdayName(due),
      source: `${options.planSource ?? DEFAULT_PLAN_SOURCE}（任务 ${t.id}，完成时限：${t.timeLimit}）`,
      obligor: 'bureau',
      status,
      statusText: statusText('plan_task', status, late, options.today === due),
      provisional: false,
      explanation: [`完成时限“${t.timeLimit}”为固定日期 ${due}，不顺延`],
      people: [],
      department: t.responsible,
    };
    if (metOn !== undefined) {
      d.metOn = metOn;
      d.late = late;
    }
    out.push(d);
  }
  return out.sort(byDue);
}

/** Soonest first, then by id: the order of `期限` and `我的期限`. */
export function sortDeadlines(list: readonly TrackedDeadline[]): TrackedDeadline[] {
  return [...list].sort(byDue);
}

