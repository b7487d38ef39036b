/**
 * The review workflow of one case as a pure state machine: request → review (同意 / 不同意 / 退回补充)
 * → resubmission rounds → 集体讨论 where 重大 → the head's 批准 / 不批准.
 *
 * Each transition takes the state read from the store, returns the next state (version + 1) and the
 * record entries to append; the integrator writes both in one transaction conditioned on the version it
 * read. On a version conflict it re-reads and runs the transition again: the loser of a race then gets
 * the `closed` answer naming the outcome that stands. Failures carry `entries` too (an unauthorised tap
 * is itself a record entry); then the state is unchanged and only the entries are written.
 *
 * THE GATE: `decisionGate` is the one check every path that records a decision must pass; `decide`
 * calls it, and so must anything added later.
 */
import { isCaseOfficer } from '../case/access.ts';
import type { Case } from '../case/types.ts';
import type { HolidayCalendar } from '../deadlines/calendar.ts';
import { isWorkingDay } from '../deadlines/calendar.ts';
import { computeDeadline } from '../deadlines/compute.ts';
import { addDays, compareDates, type LocalDate, shanghaiDate, type WeekdayName, weekdayName } from '../deadlines/local-date.ts';
import { type Rule, requireRule } from '../deadlines/rules.ts';
import type { Person } from '../roster/types.ts';
import { type ReviewCatalogue, type ReviewClassification, catalogueSourceText, classifyReview } from './catalogue.ts';
import { type Checklist, type OfficerQualification, checklistProblems, officerQualifications, parseReviewForm } from './checklist.ts';
import { parseDiscussionForm, parseRefusalReason } from './discussion.ts';
import { formatYuan, toFen } from './money.ts';
import type { Result } from './result.ts';
import { type Proposal, type ProposalChange, diffProposals, parseProposalForm, proposalHash } from './proposal.ts';
import { type HeadVerdict, REVIEW_OUTCOME_LABELS, type ReviewOutcome } from './vocabulary.ts';

/** The `法制审核时限` rule in data/rules.json. */
export const REVIEW_TIME_LIMIT_RULE_ID = 'legal_review';

/** Record-log actions of this workflow, past tense, with the label the record view shows. */
export const REVIEW_RECORD_ACTIONS = {
  'review.requested': '申请法制审核',
  'review.resubmitted': '重新提交法制审核',
  'review.approved': '法制审核：同意',
  'review.rejected': '法制审核：不同意',
  'review.returned': '法制审核：退回补充',
  'review.unauthorised_attempt': '无权限的审核操作',
  'discussion.recorded': '录入集体讨论记录',
  'decision.approved': '负责人批准',
  'decision.refused': '负责人不批准',
} as const;
export type ReviewRecordAction = keyof typeof REVIEW_RECORD_ACTIONS;

/** A record entry without its sequence number: the record log numbers and chains it. */
export interface ReviewRecordEntry {
  caseId: string;
  at: string; // ISO instant
  actor: string; // open_id
  action: ReviewRecordAction;
  detail: Record<string, unknown>;
}

/** A person as named at the time of the act: the trail does not depend on today's roster. */
export interface ActorRef {
  openId: string;
  name: string;
}

export type RoundStatus = 'open' | ReviewOutcome;

export interface RoundReview {
  outcome: ReviewOutcome;
  reviewer: ActorRef;
  at: string;
  date: LocalDate;
  checklist: Checklist;
  opinion: string | null;
  /** The certificate check the card showed, as of the review date. */
  qualifications: OfficerQualification[];
}

export interface CollectiveDiscussion {
  date: LocalDate;
  participants: string[];
  conclusion: string;
  recordedBy: ActorRef;
  recordedAt: string;
}

export interface ReviewRound {
  round: number; // 1-based
  previousRound: number | null;
  submission: 'requested' | 'resubmitted';
  requestedBy: ActorRef;
  requestedAt: string;
  requestDate: LocalDate;
  /** The case's officers when submitted: 承办 of this round. */
  handlingOfficers: ActorRef[];
  proposal: Proposal;
  proposalHash: string;
  classification: ReviewClassification;
  /** Against the previous round's proposal; empty for round 1. */
  changes: ProposalChange[];
  /** 法制审核时限, counted from the submission date. */
  dueDate: LocalDate;
  dueProvisional: boolean;
  status: RoundStatus;
  review: RoundReview | null;
  discussion: CollectiveDiscussion | null;
}

export interface HeadDecision {
  verdict: HeadVerdict;
  /** The round decided on; null when no review was required. */
  round: number | null;
  by: ActorRef;
  at: string;
  /** Asia/Shanghai date of the act: for 批准 this is 作出决定之日, the trigger of later deadlines. */
  date: LocalDate;
  reason: string | null;
  proposal: Proposal;
  proposalHash: string;
}

export interface ReviewState {
  caseId: string;
  /** Optimistic lock: 0 before anything was stored; each change adds 1. */
  version: number;
  rounds: ReviewRound[];
  headDecisions: HeadDecision[];
}

export type CaseView = Pick<Case, 'caseId' | 'status' | 'procedure' | 'party' | 'officers' | 'filedBy'>;

export interface Acting {
  actor: Person;
  /** ISO instant with offset; dates derive from it in Asia/Shanghai. */
  now: string;
}

export type FailureReason =
  /** The form or the card's values are wrong: say what to fix. */
  | 'invalid'
  /** A rule forbids it now (gate, limits, state). */
  | 'refused'
  /** The actor may not do this; `entries` holds the attempt. */
  | 'unauthorised'
  /** A card of a superseded round. */
  | 'stale'
  /** The round (or the case) already has its outcome; the message names it. */
  | 'closed'
  /** The same proposal was already submitted and is under review. */
  | 'duplicate';

export type Transition =
  | { ok: true; state: ReviewState; entries: ReviewRecordEntry[]; message: string }
  | { ok: false; reason: FailureReason; errors: string[]; entries: ReviewRecordEntry[] };

export function emptyReviewState(caseId: string): ReviewState {
  return { caseId, version: 0, rounds: [], headDecisions: [] };
}

export function latestRound(state: ReviewState): ReviewRound | undefined {
  return state.rounds[state.rounds.length - 1];
}

/** The approved decision (批准), if any. */
export function recordedDecision(state: ReviewState): HeadDecision | undefined {
  return state.headDecisions.find((d) => d.verdict === 'approved');
}

function refusalOf(state: ReviewState, round: number | null): HeadDecision | undefined {
  return state.headDecisions.find((d) => d.verdict === 'refused' && d.round === round);
}

const ref = (p: Pick<Person, 'openId' | 'name'>): ActorRef => ({ openId: p.openId, name: p.name });

/** `2026-07-06 15:04` in Asia/Shanghai. */
export function shanghaiDateTime(instant: string): string {
  const date = shanghaiDate(instant);
  const ms = Date.parse(instant) + 8 * 3_600_000;
  const t = new Date(ms).toISOString().slice(11, 16);
  return `${date} ${t}`;
}

/**
 * Record entries are hashed in canonical JSON, which takes integers only: an amount goes into an entry
 * as a decimal string in yuan (`5000.50`), never as a float.
 */
export function amountText(yuan: number | null): string | null {
  return yuan === null ? null : (toFen(yuan) / 100).toFixed(2);
}

/** The proposal as a record entry carries it (the amount as a decimal string). */
export function proposalRecord(p: Proposal): Omit<Proposal, 'amount'> & { amount: string | null } {
  return { ...p, amount: amountText(p.amount) };
}

function fail(reason: FailureReason, errors: string[], entries: ReviewRecordEntry[] = []): Transition {
  return { ok: false, reason, errors, entries };
}

function assertCase(state: ReviewState, c: CaseView): void {
  // A mismatch is a programming error in the caller, not a user's mistake.
  if (state.caseId !== c.caseId) throw new Error(`review state ${state.caseId} used with case ${c.caseId}`);
}

function unauthorised(
  state: ReviewState,
  a: Acting,
  attempted: string,
  why: 'not_officer' | 'not_reviewer' | 'officer_of_case' | 'not_head',
  round: number | null,
  message: string,
): Transition {
  return fail(
    'unauthorised',
    [message],
    [
      {
        caseId: state.caseId,
        at: a.now,
        actor: a.actor.openId,
        action: 'review.unauthorised_attempt',
        detail: { attempted, why, round, name: a.actor.name },
      },
    ],
  );
}

function next(state: ReviewState, patch: Partial<Omit<ReviewState, 'caseId' | 'version'>>): ReviewState {
  return { ...state, ...patch, version: state.version + 1 };
}

function replaceRound(state: ReviewState, round: ReviewRound): ReviewRound[] {
  return state.rounds.map((r) => (r.round === round.round ? round : r));
}

function closedCase(c: CaseView): string | null {
  return c.status === 'closed' ? '本案已结案，不能再进行审核或决定' : null;
}

function decidedText(d: HeadDecision): string {
  return `本案已由 ${d.by.name} 于 ${shanghaiDateTime(d.at)} 批准作出决定（决定日期 ${d.date}）`;
}

/** The outcome that stands on a closed round, for the toast of a late or second tap. */
export function roundOutcomeText(r: ReviewRound): string {
  if (!r.review) return `第 ${r.round} 轮正在审核中`;
  return `第 ${r.round} 轮已由 ${r.review.reviewer.name} 于 ${shanghaiDateTime(r.review.at)} 审核：${REVIEW_OUTCOME_LABELS[r.review.outcome]}`;
}

function staleText(cardRound: number, latest: number): string {
  return `此卡片是第 ${cardRound} 轮的，已被第 ${latest} 轮取代，操作无效；请使用最新的卡片`;
}

/** Finds the card's round: unknown → invalid (a forged or broken value), older → stale. */
function cardRound(state: ReviewState, round: unknown): { ok: true; round: ReviewRound } | { ok: false; t: Transition } {
  const latest = latestRound(state);
  const found = Number.isInteger(round) ? state.rounds.find((r) => r.round === round) : undefined;
  if (!found || !latest) return { ok: false, t: fail('invalid', ['卡片内容无法识别，请重新打开案件卡片']) };
  if (found.round !== latest.round) return { ok: false, t: fail('stale', [staleText(found.round, latest.round)]) };
  return { ok: true, round: found };
}

// ---------------------------------------------------------------------------------------------------
// Request / resubmit

export interface RequestInput extends Acting {
  /** The submitted proposed-decision form (`form_value`). */
  form: unknown;
  /** Ids of the case's evidence: the proposal may only rely on these. */
  caseEvidenceIds: readonly string[];
  catalogue: ReviewCatalogue;
  calendar: HolidayCalendar;
  rules: readonly Rule[];
  /** Set by `重新提交` on a returned round's card: that round's number. */
  fromRound?: number;
}

/** A round still waiting for the reviewer or, approved, for the head: why no new one can be asked for yet. */
function roundInProgress(state: ReviewState): string | null {
  const latest = latestRound(state);
  if (latest?.status === 'open') return `第 ${latest.round} 轮法制审核尚未完成，不能再次提交；请等待审核结果`;
  if (latest?.status === 'approved' && !refusalOf(state, latest.round)) {
    return `第 ${latest.round} 轮法制审核已通过，正在等待负责人决定；如需修改，须负责人先作出不批准决定`;
  }
  return null;
}

/**
 * Why no proposal can be submitted now, whatever it says (the case is closed, decided, or a round is
 * in progress), or null. The case card leaves 申请法制审核 out and the form is not opened, so nobody
 * fills one in to be refused; `requestReview` refuses the same on submission, with more checks.
 */
export function requestUnavailable(state: ReviewState, c: CaseView): string | null {
  const closed = closedCase(c);
  if (closed) return closed;
  const decided = recordedDecision(state);
  if (decided) return `${decidedText(decided)}，不能再申请法制审核`;
  return roundInProgress(state);
}

/**
 * 申请法制审核 / 重新提交. Only a handling officer of the case; not while a round is open or awaiting the
 * head; not after the decision. A new round after 退回补充 is `review.resubmitted`, otherwise
 * `review.requested`; each later round links to the one before and lists what changed — a round with
 * no change is refused. The time limit (法制审核时限) counts from the submission date.
 */
export function requestReview(state: ReviewState, c: CaseView, input: RequestInput): Transition {
  assertCase(state, c);
  const today = shanghaiDate(input.now);
  if (!isCaseOfficer(input.actor.openId, c)) {
    return unauthorised(state, input, 'review.request', 'not_officer', input.fromRound ?? null, '只有本案承办人员可以申请法制审核');
  }
  const closed = closedCase(c);
  if (closed) return fail('refused', [closed]);
  const decided = recordedDecision(state);
  if (decided) return fail('closed', [`${decidedText(decided)}，不能再申请法制审核`]);

  const latest = latestRound(state);
  if (input.fromRound !== undefined) {
    if (!latest || !state.rounds.some((r) => r.round === input.fromRound)) {
      return fail('invalid', ['卡片内容无法识别，请重新发送「申请法制审核 案件编号」']);
    }
    if (input.fromRound !== latest.round) return fail('stale', [staleText(input.fromRound, latest.round)]);
  }

  const parsed = parseProposalForm(input.form, input.caseEvidenceIds);
  // The same proposal again while its round is open: a double tap or a re-delivery.
  if (latest?.status === 'open' && parsed.ok && proposalHash(parsed.value) === latest.proposalHash) {
    return fail('duplicate', [`已提交第 ${latest.round} 轮法制审核，正在等待审核（时限 ${latest.dueDate}）`]);
  }
  const waiting = roundInProgress(state);
  if (waiting) return fail('refused', [waiting]);
  if (input.fromRound !== undefined && latest?.status !== 'returned') {
    return fail('refused', [`第 ${input.fromRound} 轮不是退回补充，不能重新提交`]);
  }
  if (!parsed.ok) return fail('invalid', parsed.errors);
  const proposal = parsed.value;

  const classified = classifyReview(proposal, c.party, c.procedure, input.catalogue);
  if (!classified.ok) return fail('refused', classified.errors);
  if (c.procedure === 'simple') {
    return fail('refused', [
      `本案适用简易程序，当场作出的决定不在法制审核范围内（${catalogueSourceText(input.catalogue.scope.source)}；${catalogueSourceText(input.catalogue.simpleProcedure.source)}）`,
    ]);
  }

  const changes = latest ? diffProposals(latest.proposal, proposal) : [];
  if (latest && changes.length === 0) {
    return fail('refused', [`与第 ${latest.round} 轮提交的内容相同，请按审核或决定意见修改、补充后再提交`]);
  }

  const due = computeDeadline(requireRule(input.rules, REVIEW_TIME_LIMIT_RULE_ID), today, input.calendar);
  const hash = proposalHash(proposal);
  const round: ReviewRound = {
    round: (latest?.round ?? 0) + 1,
    previousRound: latest?.round ?? null,
    submission: latest?.status === 'returned' ? 'resubmitted' : 'requested',
    requestedBy: ref(input.actor),
    requestedAt: input.now,
    requestDate: today,
    handlingOfficers: c.officers.map(ref),
    proposal,
    proposalHash: hash,
    classification: classified.value,
    changes,
    dueDate: due.dueDate,
    dueProvisional: due.provisional,
    status: 'open',
    review: null,
    discussion: null,
  };
  const action = round.submission === 'resubmitted' ? 'review.resubmitted' : 'review.requested';
  return {
    ok: true,
    state: next(state, { rounds: [...state.rounds, round] }),
    entries: [
      {
        caseId: state.caseId,
        at: input.now,
        actor: input.actor.openId,
        action,
        detail: {
          round: round.round,
          previousRound: round.previousRound,
          proposal: proposalRecord(proposal),
          proposalHash: hash,
          required: round.classification.required,
          major: round.classification.major,
          reasons: round.classification.reasons.map((r) => r.code),
          changes: changes.map((ch) => ch.field),
          dueDate: round.dueDate,
        },
      },
    ],
    message: `已${action === 'review.resubmitted' ? '重新提交' : '提交'}法制审核（第 ${round.round} 轮${round.classification.major ? '，重大执法决定' : ''}），审核时限：${round.dueDate}（${weekdayName(round.dueDate)}）前`,
  };
}

// ---------------------------------------------------------------------------------------------------
// Review outcome

export interface OutcomeInput extends Acting {
  /** The round on the card that was tapped. */
  round: number;
  outcome: ReviewOutcome;
  /** The review card's `form_value`. */
  form: unknown;
  /** Active roster, for the officers' certificates on the review date. */
  roster: ReadonlyMap<string, Person>;
}

/**
 * 同意 / 不同意 / 退回补充 on the current open round. The reviewer has role `reviewer` and is not an
 * officer (or the filer) of the case. A superseded round's card is stale; a closed round answers with
 * the outcome that stands.
 */
export function recordReviewOutcome(state: ReviewState, c: CaseView, input: OutcomeInput): Transition {
  assertCase(state, c);
  const attempted = `review.${input.outcome}`;
  if (!input.actor.roles.includes('reviewer')) {
    return unauthorised(state, input, attempted, 'not_reviewer', input.round, '只有法制审核人员可以审核');
  }
  if (isCaseOfficer(input.actor.openId, c)) {
    return unauthorised(state, input, attempted, 'officer_of_case', input.round, '本案承办人员不能审核本案');
  }
  const closed = closedCase(c);
  if (closed) return fail('refused', [closed]);
  const found = cardRound(state, input.round);
  if (!found.ok) return found.t;
  const round = found.round;
  if (round.status !== 'open') return fail('closed', [roundOutcomeText(round)]);

  const date = shanghaiDate(input.now);
  const qualifications = officerQualifications(c.officers, input.roster, date);
  const parsed = parseReviewForm(input.form, input.outcome, qualifications);
  if (!parsed.ok) return fail('invalid', parsed.errors);
  const verdict = parsed.value;

  const updated: ReviewRound = {
    ...round,
    status: verdict.outcome,
    review: {
      outcome: verdict.outcome,
      reviewer: ref(input.actor),
      at: input.now,
      date,
      checklist: verdict.checklist,
      opinion: verdict.opinion,
      qualifications,
    },
  };
  const problems = checklistProblems(verdict.checklist);
  return {
    ok: true,
    state: next(state, { rounds: replaceRound(state, updated) }),
    entries: [
      {
        caseId: state.caseId,
        at: input.now,
        actor: input.actor.openId,
        action: `review.${verdict.outcome}`,
        detail: {
          round: round.round,
          proposalHash: round.proposalHash,
          opinion: verdict.opinion,
          problems: problems.map((p) => ({ key: p.key, note: p.note })),
          checklist: Object.fromEntries(Object.entries(verdict.checklist).map(([k, v]) => [k, v.result])),
          qualifications: qualifications.map((q) => ({ openId: q.openId, status: q.status })),
          onTime: compareDates(date, round.dueDate) <= 0,
        },
      },
    ],
    message: `已审核：${REVIEW_OUTCOME_LABELS[verdict.outcome]}（第 ${round.round} 轮）`,
  };
}

// ---------------------------------------------------------------------------------------------------
// The gate

export interface GateInput {
  /** The round the decision is based on (the card's); omitted → the latest. */
  round?: number | null;
  /** The decision to be recorded; must equal the reviewed proposal. Required when no round exists. */
  proposal?: Proposal;
}

export interface GatePass {
  round: number | null;
  proposal: Proposal;
  proposalHash: string;
  /** True when a review passed; false when none was required (simple procedure, or major_only scope). */
  reviewed: boolean;
  major: boolean;
  classification: ReviewClassification;
}

export type GateResult = Result<GatePass>;

const ART58 = '行政处罚法第五十八条';

/**
 * THE GATE (行政处罚法第五十八条; the plan: 未经法制审核或审核未通过的，不得作出决定). A decision may be
 * recorded only when the case is open and undecided and either
 * - the latest round passed review (同意), the head has not refused it, the decision is the proposal
 *   reviewed, and — when 重大 by the round's classification or by today's catalogue — a 集体讨论 is
 *   recorded on that round (第五十七条第二款); or
 * - no round exists and the proposal, classified now, needs no review.
 */
export function decisionGate(state: ReviewState, c: CaseView, catalogue: ReviewCatalogue, input: GateInput = {}): GateResult {
  assertCase(state, c);
  const closed = closedCase(c);
  if (closed) return { ok: false, errors: [closed] };
  const decided = recordedDecision(state);
  if (decided) return { ok: false, errors: [decidedText(decided)] };

  const latest = latestRound(state);
  if (latest) {
    if (input.round !== undefined && input.round !== latest.round) {
      return { ok: false, errors: [`第 ${String(input.round)} 轮不是最新的审核轮次（最新为第 ${latest.round} 轮）`] };
    }
    if (latest.status === 'open') {
      return { ok: false, errors: [`第 ${latest.round} 轮法制审核尚未完成，不得作出决定（${ART58}）`] };
    }
    if (latest.status !== 'approved') {
      return {
        ok: false,
        errors: [
          `第 ${latest.round} 轮法制审核未通过（${REVIEW_OUTCOME_LABELS[latest.status]}），不得作出决定（${ART58}）；请修改后重新提交审核`,
        ],
      };
    }
    if (refusalOf(state, latest.round)) {
      return { ok: false, errors: [`负责人已对第 ${latest.round} 轮作出不批准决定；请修改后重新提交法制审核`] };
    }
    if (input.proposal !== undefined && proposalHash(input.proposal) !== latest.proposalHash) {
      return { ok: false, errors: [`拟作出的决定与第 ${latest.round} 轮审核通过的内容不一致，须重新提交法制审核（${ART58}）`] };
    }
    const now = classifyReview(latest.proposal, c.party, c.procedure, catalogue);
    if (!now.ok) return { ok: false, errors: now.errors };
    const major = latest.classification.major || now.value.major;
    if (major && !latest.discussion) {
      return {
        ok: false,
        errors: [
          `重大执法决定须经负责人集体讨论决定（${catalogueSourceText(catalogue.collectiveDiscussion.source)}），请先录入集体讨论记录`,
        ],
      };
    }
    return {
      ok: true,
      value: {
        round: latest.round,
        proposal: latest.proposal,
        proposalHash: latest.proposalHash,
        reviewed: true,
        major,
        classification: major === latest.classification.major ? latest.classification : now.value,
      },
    };
  }

  if (input.round !== undefined && input.round !== null) {
    return { ok: false, errors: [`本案没有第 ${input.round} 轮法制审核`] };
  }
  if (input.proposal === undefined) {
    return { ok: false, errors: [`本案尚未提交法制审核，不得作出决定（${ART58}）`] };
  }
  const classified = classifyReview(input.proposal, c.party, c.procedure, catalogue);
  if (!classified.ok) return { ok: false, errors: classified.errors };
  if (classified.value.required) {
    return {
      ok: false,
      errors: [
        `本案拟作出的决定须经法制审核，审核通过后才能作出决定（${ART58}；${catalogueSourceText(catalogue.scope.source)}）`,
      ],
    };
  }
  return {
    ok: true,
    value: {
      round: null,
      proposal: input.proposal,
      proposalHash: proposalHash(input.proposal),
      reviewed: false,
      major: false,
      classification: classified.value,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Collective discussion

export interface DiscussionTransitionInput extends Acting {
  round: number;
  /** `{ discussion_date, participants, conclusion }` */
  form: unknown;
  catalogue: ReviewCatalogue;
}

/**
 * 集体讨论 record, by role `head`, on the latest round once it passed review and before the head decides.
 * Required before 批准 of a 重大 decision; may be recorded for any other case too. Recorded once.
 */
export function recordDiscussion(state: ReviewState, c: CaseView, input: DiscussionTransitionInput): Transition {
  assertCase(state, c);
  if (!input.actor.roles.includes('head')) {
    return unauthorised(state, input, 'discussion.record', 'not_head', input.round, '只有负责人可以录入集体讨论记录');
  }
  const closed = closedCase(c);
  if (closed) return fail('refused', [closed]);
  const decided = recordedDecision(state);
  if (decided) return fail('closed', [decidedText(decided)]);
  const found = cardRound(state, input.round);
  if (!found.ok) return found.t;
  const round = found.round;
  if (round.discussion) {
    const d = round.discussion;
    return fail('closed', [`第 ${round.round} 轮已由 ${d.recordedBy.name} 录入集体讨论记录（${d.date}，${d.participants.join('、')}）`]);
  }
  if (round.status !== 'approved' || !round.review) {
    return fail('refused', [`第 ${round.round} 轮法制审核尚未通过，不能录入集体讨论记录`]);
  }
  const refused = refusalOf(state, round.round);
  if (refused) return fail('closed', [`负责人已对第 ${round.round} 轮作出不批准决定`]);

  const parsed = parseDiscussionForm(input.form, {
    today: shanghaiDate(input.now),
    notBefore: round.review.date,
    minParticipants: input.catalogue.collectiveDiscussion.minParticipants,
  });
  if (!parsed.ok) return fail('invalid', parsed.errors);
  const discussion: CollectiveDiscussion = {
    ...parsed.value,
    recordedBy: ref(input.actor),
    recordedAt: input.now,
  };
  return {
    ok: true,
    state: next(state, { rounds: replaceRound(state, { ...round, discussion }) }),
    entries: [
      {
        caseId: state.caseId,
        at: input.now,
        actor: input.actor.openId,
        action: 'discussion.recorded',
        detail: { round: round.round, date: discussion.date, participants: discussion.participants, conclusion: discussion.conclusion },
      },
    ],
    message: `已录入集体讨论记录（第 ${round.round} 轮，${discussion.date}）`,
  };
}

// ---------------------------------------------------------------------------------------------------
// The head's decision

export interface DecideInput extends Acting {
  verdict: HeadVerdict;
  /** The round on the head's card; null when no review was required. */
  round: number | null;
  /** The decision card's `form_value` (`reason` for 不批准). */
  form: unknown;
  catalogue: ReviewCatalogue;
  /** Only when no round exists (no review required): the decision to record. */
  proposal?: Proposal;
}

/**
 * 批准 / 不批准 by role `head`. 批准 passes THE GATE and records the decision with its date (Asia/Shanghai
 * date of the act). 不批准 needs a reason; afterwards the officers may amend and submit a new round.
 */
export function decide(state: ReviewState, c: CaseView, input: DecideInput): Transition {
  assertCase(state, c);
  const attempted = input.verdict === 'approved' ? 'decision.approved' : 'decision.refused';
  if (!input.actor.roles.includes('head')) {
    return unauthorised(state, input, attempted, 'not_head', input.round, '只有负责人可以作出决定');
  }
  const closed = closedCase(c);
  if (closed) return fail('refused', [closed]);
  const decided = recordedDecision(state);
  if (decided) return fail('closed', [decidedText(decided)]);

  let proposal: Proposal | undefined = input.proposal;
  if (state.rounds.length > 0) {
    const found = cardRound(state, input.round);
    if (!found.ok) return found.t;
    const refused = refusalOf(state, found.round.round);
    if (refused) {
      return fail('closed', [
        `第 ${found.round.round} 轮已由 ${refused.by.name} 于 ${shanghaiDateTime(refused.at)} 不批准：${refused.reason ?? ''}`,
      ]);
    }
    if (found.round.status !== 'approved') {
      return fail('refused', [`第 ${found.round.round} 轮法制审核尚未通过，不得作出决定（${ART58}）`]);
    }
    proposal = found.round.proposal;
  } else if (input.round !== null) {
    return fail('invalid', ['卡片内容无法识别，请重新打开案件卡片']);
  }

  const date = shanghaiDate(input.now);
  if (input.verdict === 'refused') {
    if (proposal === undefined) return fail('refused', [`本案尚无待决定的事项`]);
    const reason = parseRefusalReason(input.form);
    if (!reason.ok) return fail('invalid', reason.errors);
    const decision: HeadDecision = {
      verdict: 'refused',
      round: input.round,
      by: ref(input.actor),
      at: input.now,
      date,
      reason: reason.value,
      proposal,
      proposalHash: proposalHash(proposal),
    };
    return {
      ok: true,
      state: next(state, { headDecisions: [...state.headDecisions, decision] }),
      entries: [
        {
          caseId: state.caseId,
          at: input.now,
          actor: input.actor.openId,
          action: 'decision.refused',
          detail: { round: input.round, reason: reason.value, proposalHash: decision.proposalHash },
        },
      ],
      message: `已不批准${input.round === null ? '' : `（第 ${input.round} 轮）`}，承办人员可修改后重新提交`,
    };
  }

  const gate = decisionGate(state, c, input.catalogue, { round: input.round, proposal });
  if (!gate.ok) return fail('refused', gate.errors);
  const g = gate.value;
  const decision: HeadDecision = {
    verdict: 'approved',
    round: g.round,
    by: ref(input.actor),
    at: input.now,
    date,
    reason: null,
    proposal: g.proposal,
    proposalHash: g.proposalHash,
  };
  return {
    ok: true,
    state: next(state, { headDecisions: [...state.headDecisions, decision] }),
    entries: [
      {
        caseId: state.caseId,
        at: input.now,
        actor: input.actor.openId,
        action: 'decision.approved',
        detail: {
          round: g.round,
          decisionDate: date,
          decisionType: g.proposal.decisionType,
          amount: amountText(g.proposal.amount),
          proposalHash: g.proposalHash,
          reviewed: g.reviewed,
          major: g.major,
        },
      },
    ],
    message: `已批准：${g.proposal.decisionType}${g.proposal.amount === null ? '' : ` ${formatYuan(g.proposal.amount)}`}，决定日期 ${date}`,
  };
}

// ---------------------------------------------------------------------------------------------------
// Time limit and the deadline engine

export type TimeLimitStatus = 'pending' | 'due_today' | 'overdue' | 'met' | 'missed';

export interface ReviewTimeLimit {
  dueDate: LocalDate;
  weekday: WeekdayName;
  status: TimeLimitStatus;
  /** Open rounds: working days after today up to the due date (0 on the day, negative when overdue). */
  workingDaysLeft: number | null;
  provisional: boolean;
  /** `审核时限：2026-10-12（星期一）前，还剩 3 个工作日` */
  text: string;
}

/** Working days in (from, to]; negative with the days in (to, from] when to is earlier. */
function workingDaysBetween(cal: HolidayCalendar, from: LocalDate, to: LocalDate): number {
  const sign = compareDates(to, from);
  if (sign === 0) return 0;
  const [a, b] = sign > 0 ? [from, to] : [to, from];
  let n = 0;
  for (let d = addDays(a, 1); compareDates(d, b) <= 0; d = addDays(d, 1)) if (isWorkingDay(cal, d)) n++;
  return sign > 0 ? n : -n;
}

/** The 法制审核时限 of a round as the case card and the review card show it on `today`. */
export function reviewTimeLimit(round: ReviewRound, today: LocalDate, cal: HolidayCalendar): ReviewTimeLimit {
  const base = `审核时限：${round.dueDate}（${weekdayName(round.dueDate)}）前`;
  const provisional = round.dueProvisional ? '（推算）' : '';
  const common = { dueDate: round.dueDate, weekday: weekdayName(round.dueDate), provisional: round.dueProvisional };
  if (round.review) {
    const met = compareDates(round.review.date, round.dueDate) <= 0;
    return {
      ...common,
      status: met ? 'met' : 'missed',
      workingDaysLeft: null,
      text: `${base}${provisional}，已于 ${round.review.date} 审核${met ? '' : '（超过时限）'}`,
    };
  }
  const left = workingDaysBetween(cal, today, round.dueDate);
  const cmp = compareDates(today, round.dueDate);
  if (cmp > 0) {
    return {
      ...common,
      status: 'overdue',
      workingDaysLeft: left,
      text: `${base}${provisional}，已超过时限${left < 0 ? ` ${-left} 个工作日` : ''}`,
    };
  }
  if (cmp === 0) return { ...common, status: 'due_today', workingDaysLeft: 0, text: `${base}${provisional}，今日到期` };
  return { ...common, status: 'pending', workingDaysLeft: left, text: `${base}${provisional}，还剩 ${left} 个工作日` };
}

/**
 * What the deadline engine needs once the decision is recorded (`deadlinesForCase` stage `decided`):
 * the decision date, and whether it includes a fine (缴纳罚款). Undefined until 批准.
 */
export function decidedStageFacts(state: ReviewState): { decisionDate: LocalDate; hasFine: boolean } | undefined {
  const d = recordedDecision(state);
  if (!d) return undefined;
  return { decisionDate: d.date, hasFine: d.proposal.decisionType === '罚款' };
}
