import { describe, expect, it } from 'vitest';
import type { Case } from '../../../functions/domain/case/types.ts';
import { deadlinesForCase } from '../../../functions/domain/deadlines/index.ts';
import {
  type CaseView,
  REVIEW_RECORD_ACTIONS,
  type ReviewRecordEntry,
  type ReviewState,
  type Transition,
  decide,
  decidedStageFacts,
  decisionGate,
  emptyReviewState,
  latestRound,
  parseProposalForm,
  recordDiscussion,
  recordedDecision,
  recordReviewOutcome,
  requestReview,
  reviewTimeLimit,
} from '../../../functions/domain/review/index.ts';
import type { Person } from '../../../functions/domain/roster/types.ts';
import { checkDetail } from '../../../functions/domain/record/actions.ts';
import { canonicalJson } from '../../../functions/domain/record/canonical.ts';
import {
  EVIDENCE,
  cal,
  catalogue,
  catalogueWith,
  li,
  makeCase,
  officerOf,
  proposalForm,
  qian,
  reviewForm,
  roster,
  rules,
  sun,
  wang,
  wu,
  zhang,
  zhao,
} from './helpers.ts';

// 10:00 in Shanghai on each day.
const at = (date: string, hour = 10) => `${date}T${String(hour - 8).padStart(2, '0')}:00:00Z`;

/** Every entry a committed transition produced, across the file: the actions must cover the list. */
const seenActions = new Set<string>();

/** Every entry the workflow produces must seal into the record log: its detail has the action's shape in canonical JSON. */
function sealable(e: ReviewRecordEntry): void {
  const text = canonicalJson(e.detail);
  if (!text.ok) throw new Error(`${e.action}: ${text.errors.join('; ')}`);
  const checked = checkDetail(e.action, JSON.parse(text.value));
  if (!checked.ok) throw new Error(`${e.action}: ${checked.errors.join('; ')}`);
}

function commit(t: Transition): { state: ReviewState; entries: ReviewRecordEntry[] } {
  if (!t.ok) throw new Error(`expected ok, got ${t.reason}: ${t.errors.join(' | ')}`);
  for (const e of t.entries) {
    seenActions.add(e.action);
    sealable(e);
  }
  return { state: t.state, entries: t.entries };
}
function failure(t: Transition) {
  if (t.ok) throw new Error(`expected a failure, got ok: ${t.message}`);
  for (const e of t.entries) {
    seenActions.add(e.action);
    sealable(e);
  }
  return t;
}

const request = (s: ReviewState, c: CaseView, over: Partial<Parameters<typeof requestReview>[2]> = {}) =>
  requestReview(s, c, {
    actor: zhang,
    now: at('2026-09-29'),
    form: proposalForm(),
    caseEvidenceIds: EVIDENCE,
    catalogue,
    calendar: cal,
    rules,
    ...over,
  });
const review = (s: ReviewState, c: CaseView, over: Partial<Parameters<typeof recordReviewOutcome>[2]> = {}) =>
  recordReviewOutcome(s, c, {
    actor: zhao,
    now: at('2026-09-30'),
    round: latestRound(s)?.round ?? 1,
    outcome: 'approved',
    form: reviewForm(),
    roster,
    ...over,
  });
const discuss = (s: ReviewState, c: CaseView, over: Partial<Parameters<typeof recordDiscussion>[2]> = {}) =>
  recordDiscussion(s, c, {
    actor: qian,
    now: at('2026-10-09'),
    round: latestRound(s)?.round ?? 1,
    form: { discussion_date: '2026-10-09', participants: '钱局长、孙副局长、李副局长', conclusion: '同意吊销' },
    catalogue,
    ...over,
  });
const decideAs = (s: ReviewState, c: CaseView, over: Partial<Parameters<typeof decide>[2]> = {}) =>
  decide(s, c, {
    actor: qian,
    now: at('2026-10-13', 15),
    verdict: 'approved',
    round: latestRound(s)?.round ?? null,
    form: {},
    catalogue,
    ...over,
  });

const c = makeCase();
const s0 = emptyReviewState(c.caseId);

function approvedState(caseView: CaseView = c, form = proposalForm()): ReviewState {
  const r1 = commit(request(s0, caseView, { form })).state;
  return commit(review(r1, caseView)).state;
}

describe('request (申请法制审核)', () => {
  it('a handling officer submits: round 1, the 5-working-day limit, one entry, version 1', () => {
    const t = request(s0, c);
    const { state, entries } = commit(t);
    expect(state.version).toBe(1);
    expect(state.rounds).toHaveLength(1);
    const r = state.rounds[0];
    expect(r).toMatchObject({
      round: 1,
      previousRound: null,
      submission: 'requested',
      requestedBy: { openId: zhang.openId, name: '张三' },
      requestDate: '2026-09-29',
      handlingOfficers: [
        { openId: zhang.openId, name: '张三' },
        { openId: li.openId, name: '李四' },
      ],
      // 9-30 (1), 10-1…10-7 国庆, 10-8 (2), 10-9 (3), 10-10 调休 Saturday (4), 10-12 (5)
      dueDate: '2026-10-12',
      dueProvisional: false,
      status: 'open',
      review: null,
      discussion: null,
      changes: [],
    });
    expect(r?.classification).toMatchObject({ required: true, major: false });
    expect(t.ok && t.message).toBe('已提交法制审核（第 1 轮），审核时限：2026-10-12（星期一）前');
    expect(entries).toEqual([
      {
        caseId: c.caseId,
        at: at('2026-09-29'),
        actor: zhang.openId,
        action: 'review.requested',
        detail: expect.objectContaining({ round: 1, previousRound: null, required: true, major: false, dueDate: '2026-10-12', changes: [] }),
      },
    ]);
    expect(entries[0]?.detail.proposalHash).toBe(r?.proposalHash);
  });

  it('the time limit follows a bureau override of 法制审核时限 (data/rules.json via the deadline engine)', async () => {
    const { loadRules } = await import('../../../functions/adapters/calendar/index.ts');
    const ten = loadRules({ overrides: { legal_review: { amount: 10 } } });
    const { state } = commit(request(s0, c, { rules: ten }));
    expect(state.rounds[0]?.dueDate).toBe('2026-10-19');
  });

  it('only a handling officer: anyone else is an unauthorised attempt, recorded, nothing changes', () => {
    for (const actor of [zhao, qian, wang]) {
      const t = failure(request(s0, c, { actor }));
      expect(t.reason).toBe('unauthorised');
      expect(t.errors).toEqual(['只有本案承办人员可以申请法制审核']);
      expect(t.entries).toEqual([
        {
          caseId: c.caseId,
          at: at('2026-09-29'),
          actor: actor.openId,
          action: 'review.unauthorised_attempt',
          detail: { attempted: 'review.request', why: 'not_officer', round: null, name: actor.name },
        },
      ]);
    }
  });

  it('a wrong form is answered field by field, nothing written', () => {
    const t = failure(request(s0, c, { form: proposalForm({ amount: '', facts: '' }) }));
    expect(t).toEqual({ ok: false, reason: 'invalid', errors: ['认定的事实：不能为空', '金额（元）：“罚款”须填写金额'], entries: [] });
    expect(failure(request(s0, c, { form: proposalForm({ evidence: ['not-ours'] }) })).reason).toBe('invalid');
  });

  it('simple procedure: over the limit must go ordinary; within it, no review', () => {
    const simple = makeCase({ procedure: 'simple', party: { name: '某人', type: 'person', idNumber: 'x' } });
    const over = failure(request(emptyReviewState(simple.caseId), simple, { form: proposalForm({ amount: '201' }) }));
    expect(over.reason).toBe('refused');
    expect(over.errors).toEqual([
      '简易程序对自然人罚款不得超过 200 元（《中华人民共和国行政处罚法》第五十一条），本案拟罚款 201 元，须按普通程序办理',
    ]);
    const within = failure(request(emptyReviewState(simple.caseId), simple, { form: proposalForm({ amount: '200' }) }));
    expect(within.reason).toBe('refused');
    expect(within.errors[0]).toMatch(/^本案适用简易程序，当场作出的决定不在法制审核范围内/);
  });

  it('not while a round is open: the same proposal is a duplicate, another is refused', () => {
    const s1 = commit(request(s0, c)).state;
    const dup = failure(request(s1, c, { actor: li }));
    expect(dup).toEqual({ ok: false, reason: 'duplicate', errors: ['已提交第 1 轮法制审核，正在等待审核（时限 2026-10-12）'], entries: [] });
    const other = failure(request(s1, c, { form: proposalForm({ amount: '6000' }) }));
    expect(other).toMatchObject({ reason: 'refused', errors: ['第 1 轮法制审核尚未完成，不能再次提交；请等待审核结果'] });
  });

  it('not while the passed review awaits the head', () => {
    const t = failure(request(approvedState(), c, { form: proposalForm({ amount: '6000' }) }));
    expect(t.errors).toEqual(['第 1 轮法制审核已通过，正在等待负责人决定；如需修改，须负责人先作出不批准决定']);
  });

  it('not on a closed case', () => {
    expect(failure(request(s0, makeCase({ status: 'closed' })))).toMatchObject({ reason: 'refused', errors: ['本案已结案，不能再进行审核或决定'] });
  });

  it('a state of another case is a programming error', () => {
    expect(() => request(emptyReviewState('2026-000002'), c)).toThrow(/used with case/);
  });
});

describe('review outcome (同意 / 不同意 / 退回补充)', () => {
  const s1 = commit(request(s0, c)).state;

  it('同意: the round closes with the checklist, the certificates and the reviewer', () => {
    const t = review(s1, c);
    const { state, entries } = commit(t);
    expect(state.version).toBe(2);
    const r = state.rounds[0];
    expect(r?.status).toBe('approved');
    expect(r?.review).toMatchObject({ outcome: 'approved', reviewer: { openId: zhao.openId, name: '赵六' }, date: '2026-09-30', opinion: null });
    expect(r?.review?.qualifications.map((q) => q.status)).toEqual(['valid', 'valid']);
    expect(entries).toEqual([
      {
        caseId: c.caseId,
        at: at('2026-09-30'),
        actor: zhao.openId,
        action: 'review.approved',
        detail: expect.objectContaining({ round: 1, opinion: null, problems: [], onTime: true }),
      },
    ]);
    expect(t.ok && t.message).toBe('已审核：同意（第 1 轮）');
  });

  it.each([
    ['rejected', 'review.rejected', '不同意'],
    ['returned', 'review.returned', '退回补充'],
  ] as const)('%s: needs a problem with a note and an opinion; the entry lists the problems', (outcome, action, label) => {
    const bad = failure(review(s1, c, { outcome, form: reviewForm() }));
    expect(bad.reason).toBe('invalid');
    const { state, entries } = commit(review(s1, c, { outcome, form: reviewForm({ evidence: '缺少现场笔录' }, '请补充') }));
    expect(state.rounds[0]?.status).toBe(outcome);
    expect(entries[0]?.action).toBe(action);
    expect(entries[0]?.detail).toMatchObject({ problems: [{ key: 'evidence', note: '缺少现场笔录' }], opinion: '请补充' });
    expect(failure(review(state, c)).errors).toEqual([`第 1 轮已由 赵六 于 2026-09-30 10:00 审核：${label}`]);
  });

  it('the reviewer must have role reviewer and must not be an officer (or the filer) of the case', () => {
    const cases: [Person, Case, string][] = [
      [zhang, c, 'not_reviewer'],
      [qian, c, 'not_reviewer'],
      [wu, makeCase({ officers: [officerOf(zhang), officerOf(wu)] }), 'officer_of_case'],
      [wu, makeCase({ filedBy: wu.openId }), 'officer_of_case'],
    ];
    for (const [actor, kase, why] of cases) {
      const s = commit(request(emptyReviewState(kase.caseId), kase)).state;
      const t = failure(review(s, kase, { actor }));
      expect(t.reason).toBe('unauthorised');
      expect(t.errors).toEqual([why === 'not_reviewer' ? '只有法制审核人员可以审核' : '本案承办人员不能审核本案']);
      expect(t.entries).toEqual([
        expect.objectContaining({ action: 'review.unauthorised_attempt', actor: actor.openId, detail: expect.objectContaining({ attempted: 'review.approved', why, round: 1 }) }),
      ]);
    }
    // A reviewer who is not on this case may review it.
    expect(review(s1, c, { actor: wu }).ok).toBe(true);
  });

  it('an expired certificate of a handling officer blocks 同意', () => {
    const kase = makeCase({ officers: [officerOf(zhang), officerOf(wang)] });
    const s = commit(request(emptyReviewState(kase.caseId), kase)).state;
    const t = failure(review(s, kase));
    expect(t.errors).toEqual(['执法人员具备资格：王五：执法证 川执wang 已于 2025-12-31 到期，不能标为“通过”']);
    expect(commit(review(s, kase, { outcome: 'returned', form: reviewForm({ qualification: '王五证件过期' }, '更换承办人员') })).state.rounds[0]?.status).toBe(
      'returned',
    );
  });

  it('forged or broken round values are invalid, not stale', () => {
    for (const round of [0, 2, 99, -1, 1.5, Number.NaN]) {
      expect(failure(review(s1, c, { round })).reason).toBe('invalid');
    }
    expect(failure(review(s0, c, { round: 1 })).reason).toBe('invalid');
  });

  it('20 reviewers tap at once: one outcome stands, the 19 others are told which', () => {
    const reviewers: Person[] = Array.from({ length: 20 }, (_, i) => ({ ...zhao, openId: `ou_rev${i}`, name: `审核员${i}` }));
    // Each tap computes on the state it read (version 1); the store accepts the first write only.
    const taps = reviewers.map((actor, i) =>
      review(s1, c, {
        actor,
        outcome: i % 2 === 0 ? 'approved' : 'returned',
        form: i % 2 === 0 ? reviewForm() : reviewForm({ facts: '不清' }, '补充'),
      }),
    );
    expect(taps.every((t) => t.ok && t.state.version === 2)).toBe(true);
    const winner = commit(taps[0] as Transition).state;
    // The losers' conditional writes fail (expected version 1, found 2); they re-read and run again.
    const reruns = reviewers.slice(1).map((actor, i) => review(winner, c, { actor, outcome: i % 2 === 0 ? 'returned' : 'approved', form: reviewForm({ facts: '不清' }, '补充') }));
    for (const t of reruns) {
      expect(t).toEqual({ ok: false, reason: 'closed', errors: ['第 1 轮已由 审核员0 于 2026-09-30 10:00 审核：同意'], entries: [] });
    }
    expect(winner.rounds[0]?.review?.reviewer.name).toBe('审核员0');
  });

  it('one reviewer tapping twice: the second tap gets the outcome that stands', () => {
    const once = commit(review(s1, c)).state;
    expect(failure(review(once, c))).toMatchObject({ reason: 'closed', entries: [] });
  });
});

describe('rounds: return, amend, resubmit', () => {
  const s1 = commit(request(s0, c)).state;
  const returned = commit(review(s1, c, { outcome: 'returned', form: reviewForm({ evidence: '缺少现场检查笔录' }, '请补充现场检查笔录并核实金额') })).state;
  const amended = proposalForm({ amount: '8000', evidence: ['ev-001', 'ev-002', 'ev-003'] });

  it('重新提交 creates round 2 linked to round 1, with the changes', () => {
    const t = request(returned, c, { now: at('2026-10-08'), form: amended, fromRound: 1 });
    const { state, entries } = commit(t);
    const r2 = state.rounds[1];
    expect(state.rounds).toHaveLength(2);
    expect(state.rounds[0]?.status).toBe('returned');
    expect(r2).toMatchObject({ round: 2, previousRound: 1, submission: 'resubmitted', status: 'open', requestDate: '2026-10-08', dueDate: '2026-10-14' });
    expect(r2?.changes).toEqual([
      { field: 'amount', label: '金额（元）', before: '5,000 元', after: '8,000 元' },
      { field: 'evidence', label: '所依据的证据', before: 'ev-001、ev-002', after: 'ev-001、ev-002、ev-003', added: ['ev-003'], removed: [] },
    ]);
    expect(entries[0]).toMatchObject({ action: 'review.resubmitted', detail: { round: 2, previousRound: 1, changes: ['amount', 'evidence'] } });
    expect(t.ok && t.message).toBe('已重新提交法制审核（第 2 轮），审核时限：2026-10-14（星期三）前');

    // Round 1's review card is now stale; round 2 is reviewed normally.
    expect(failure(review(state, c, { round: 1 }))).toEqual({ ok: false, reason: 'stale', errors: ['此卡片是第 1 轮的，已被第 2 轮取代，操作无效；请使用最新的卡片'], entries: [] });
    const passed = commit(review(state, c, { round: 2, now: at('2026-10-09') })).state;
    expect(passed.rounds.map((r) => r.status)).toEqual(['returned', 'approved']);
    // And a 重新提交 button of round 1 pressed again is stale too.
    expect(failure(request(passed, c, { form: amended, fromRound: 1 })).reason).toBe('stale');
  });

  it('the same proposal again is refused: something must change', () => {
    expect(failure(request(returned, c, { form: proposalForm(), fromRound: 1 }))).toMatchObject({
      reason: 'refused',
      errors: ['与第 1 轮提交的内容相同，请按审核或决定意见修改、补充后再提交'],
    });
  });

  it('the command path (no fromRound) also resubmits after 退回补充', () => {
    const { state } = commit(request(returned, c, { form: amended }));
    expect(state.rounds[1]?.submission).toBe('resubmitted');
  });

  it('after 不同意 a new proposal is a new request, still linked', () => {
    const rejected = commit(review(s1, c, { outcome: 'rejected', form: reviewForm({ law: '适用条款错误' }, '不同意') })).state;
    const { state, entries } = commit(request(rejected, c, { form: proposalForm({ legal_provisions: '《节约能源法》第七十条' }) }));
    expect(state.rounds[1]).toMatchObject({ round: 2, previousRound: 1, submission: 'requested' });
    expect(entries[0]?.action).toBe('review.requested');
    // 重新提交 is only for 退回补充.
    expect(failure(request(rejected, c, { form: amended, fromRound: 1 })).errors).toEqual(['第 1 轮不是退回补充，不能重新提交']);
  });

  it('fromRound that does not exist is invalid', () => {
    expect(failure(request(returned, c, { form: amended, fromRound: 7 })).reason).toBe('invalid');
    expect(failure(request(s0, c, { fromRound: 1 })).reason).toBe('invalid');
  });
});

describe('THE GATE and the head’s decision', () => {
  it('批准 after a passed review records the decision and its date; it feeds the deadline engine', () => {
    const s = approvedState();
    const t = decideAs(s, c);
    const { state, entries } = commit(t);
    expect(state.version).toBe(3);
    expect(recordedDecision(state)).toMatchObject({ verdict: 'approved', round: 1, date: '2026-10-13', by: { name: '钱局长' }, reason: null });
    expect(entries).toEqual([
      {
        caseId: c.caseId,
        at: at('2026-10-13', 15),
        actor: qian.openId,
        action: 'decision.approved',
        detail: expect.objectContaining({ round: 1, decisionDate: '2026-10-13', decisionType: '罚款', amount: '5000.00', reviewed: true, major: false }),
      },
    ]);
    expect(t.ok && t.message).toBe('已批准：罚款 5,000 元，决定日期 2026-10-13');

    const facts = decidedStageFacts(state);
    expect(facts).toEqual({ decisionDate: '2026-10-13', hasFine: true });
    const d = deadlinesForCase({ stage: 'decided', caseType: c.caseType, ...(facts as NonNullable<typeof facts>) }, cal, rules);
    expect(d.deadlines.map((x) => x.ruleName)).toContain('处罚决定公开');
    expect(decidedStageFacts(s)).toBeUndefined();
  });

  it('a decision is made once: every later path is closed', () => {
    const decided = commit(decideAs(approvedState(), c)).state;
    const again = failure(decideAs(decided, c));
    expect(again).toEqual({ ok: false, reason: 'closed', errors: ['本案已由 钱局长 于 2026-10-13 15:00 批准作出决定（决定日期 2026-10-13）'], entries: [] });
    expect(failure(request(decided, c, { form: proposalForm({ amount: '1' }) })).reason).toBe('closed');
    expect(failure(discuss(decided, c)).reason).toBe('closed');
    expect(decisionGate(decided, c, catalogue)).toMatchObject({ ok: false });
  });

  it('20 concurrent 批准 taps: one decision, the others are told it stands', () => {
    const s = approvedState();
    const heads: Person[] = Array.from({ length: 20 }, (_, i) => ({ ...qian, openId: `ou_head${i}`, name: `负责人${i}` }));
    const taps = heads.map((actor) => decideAs(s, c, { actor }));
    expect(taps.every((t) => t.ok)).toBe(true);
    const winner = commit(taps[0] as Transition).state;
    const reruns = heads.slice(1).map((actor) => decideAs(winner, c, { actor }));
    expect(reruns.every((t) => !t.ok && t.reason === 'closed' && t.entries.length === 0)).toBe(true);
    expect(winner.headDecisions).toHaveLength(1);
  });

  it('no decision without a passed review: open, returned, rejected, never submitted', () => {
    const s1 = commit(request(s0, c)).state;
    expect(failure(decideAs(s1, c))).toMatchObject({ reason: 'refused', errors: ['第 1 轮法制审核尚未通过，不得作出决定（行政处罚法第五十八条）'] });
    expect(decisionGate(s1, c, catalogue)).toEqual({ ok: false, errors: ['第 1 轮法制审核尚未完成，不得作出决定（行政处罚法第五十八条）'] });
    const returned = commit(review(s1, c, { outcome: 'returned', form: reviewForm({ facts: '不清' }, '补充') })).state;
    expect(decisionGate(returned, c, catalogue)).toEqual({
      ok: false,
      errors: ['第 1 轮法制审核未通过（退回补充），不得作出决定（行政处罚法第五十八条）；请修改后重新提交审核'],
    });
    expect(failure(decideAs(returned, c)).reason).toBe('refused');
    expect(decisionGate(s0, c, catalogue)).toEqual({ ok: false, errors: ['本案尚未提交法制审核，不得作出决定（行政处罚法第五十八条）'] });
    const p = parseProposalForm(proposalForm(), EVIDENCE);
    if (!p.ok) throw new Error('fixture');
    const gate = decisionGate(s0, c, catalogue, { proposal: p.value });
    expect(gate.ok).toBe(false);
    if (!gate.ok) expect(gate.errors[0]).toMatch(/^本案拟作出的决定须经法制审核，审核通过后才能作出决定（行政处罚法第五十八条；/);
    // decide() with no round and a proposal goes through the same gate.
    expect(failure(decideAs(s0, c, { round: null, proposal: p.value })).reason).toBe('refused');
  });

  it('the decision must be the proposal reviewed', () => {
    const s = approvedState();
    const other = parseProposalForm(proposalForm({ amount: '4000' }), EVIDENCE);
    const same = parseProposalForm(proposalForm({ evidence: ['ev-002', 'ev-001'] }), EVIDENCE);
    if (!other.ok || !same.ok) throw new Error('fixture');
    expect(decisionGate(s, c, catalogue, { proposal: other.value })).toEqual({
      ok: false,
      errors: ['拟作出的决定与第 1 轮审核通过的内容不一致，须重新提交法制审核（行政处罚法第五十八条）'],
    });
    expect(decisionGate(s, c, catalogue, { proposal: same.value }).ok).toBe(true);
    expect(decisionGate(s, c, catalogue, { round: 2 })).toEqual({ ok: false, errors: ['第 2 轮不是最新的审核轮次（最新为第 1 轮）'] });
  });

  it('simple procedure within the limits: no review, the gate lets the decision through', () => {
    const simple = makeCase({ procedure: 'simple', party: { name: '某人', type: 'person', idNumber: 'x' } });
    const warning = parseProposalForm(proposalForm({ decision_type: '警告', amount: '' }), EVIDENCE);
    const big = parseProposalForm(proposalForm({ amount: '500' }), EVIDENCE);
    if (!warning.ok || !big.ok) throw new Error('fixture');
    const s = emptyReviewState(simple.caseId);
    expect(decisionGate(s, simple, catalogue, { proposal: warning.value })).toMatchObject({ ok: true, value: { reviewed: false, round: null } });
    expect(decisionGate(s, simple, catalogue, { proposal: big.value })).toMatchObject({ ok: false });
    expect(decisionGate(s, simple, catalogue, { round: 1, proposal: warning.value })).toEqual({ ok: false, errors: ['本案没有第 1 轮法制审核'] });
    const { state, entries } = commit(decideAs(s, simple, { round: null, proposal: warning.value }));
    expect(recordedDecision(state)).toMatchObject({ round: null, proposal: warning.value });
    expect(entries[0]?.detail).toMatchObject({ reviewed: false, round: null });
    // A round value on a case without rounds is a broken card.
    expect(failure(decideAs(s, simple, { round: 1, proposal: warning.value })).reason).toBe('invalid');
  });

  it('重大 (吊销许可证): 批准 needs the 集体讨论 record first', () => {
    const s = approvedState(c, proposalForm({ decision_type: '吊销许可证', amount: '' }));
    expect(s.rounds[0]?.classification.major).toBe(true);
    expect(failure(decideAs(s, c)).errors).toEqual([
      '重大执法决定须经负责人集体讨论决定（《中华人民共和国行政处罚法》第五十七条第二款），请先录入集体讨论记录',
    ]);
    const t = discuss(s, c);
    const { state, entries } = commit(t);
    expect(state.rounds[0]?.discussion).toMatchObject({
      date: '2026-10-09',
      participants: ['钱局长', '孙副局长', '李副局长'],
      conclusion: '同意吊销',
      recordedBy: { name: '钱局长' },
    });
    expect(entries[0]).toMatchObject({ action: 'discussion.recorded', detail: { round: 1, date: '2026-10-09' } });
    expect(t.ok && t.message).toBe('已录入集体讨论记录（第 1 轮，2026-10-09）');
    expect(failure(discuss(state, c)).reason).toBe('closed');
    const decided = commit(decideAs(state, c));
    expect(decided.entries[0]?.detail).toMatchObject({ major: true });
  });

  it('a catalogue made stricter after the review still demands the discussion', () => {
    const s = approvedState();
    expect(decisionGate(s, c, catalogue).ok).toBe(true);
    const stricter = catalogueWith((d) => {
      const org = d.majorCriteria.find((x) => x.id === 'large_fine_organization');
      if (org) org.when.amountAtLeast = 1000;
    });
    expect(decisionGate(s, c, stricter)).toMatchObject({ ok: false, errors: [expect.stringMatching(/^重大执法决定须经负责人集体讨论/)] });
  });

  it('集体讨论: role head, on a passed round, dated between the review and today, enough people', () => {
    const s = approvedState(c, proposalForm({ decision_type: '责令停产停业', amount: '' }));
    const unauth = failure(discuss(s, c, { actor: zhao }));
    expect(unauth).toMatchObject({ reason: 'unauthorised', errors: ['只有负责人可以录入集体讨论记录'] });
    expect(unauth.entries[0]?.detail).toMatchObject({ attempted: 'discussion.record', why: 'not_head' });
    const form = (over: Record<string, unknown>) => ({ discussion_date: '2026-10-09', participants: ['甲', '乙', '丙'], conclusion: '同意', ...over });
    expect(failure(discuss(s, c, { form: form({ discussion_date: '2026-10-10' }) })).errors).toEqual(['讨论日期：不能晚于今天（2026-10-09）']);
    expect(failure(discuss(s, c, { form: form({ discussion_date: '2026-09-29' }) })).errors).toEqual(['讨论日期：不能早于法制审核通过之日（2026-09-30）']);
    expect(failure(discuss(s, c, { form: form({ discussion_date: '2026-02-30' }) })).errors).toEqual(['讨论日期：不是有效日期，请写作 2026-07-10 或 2026年7月10日']);
    expect(failure(discuss(s, c, { form: form({ participants: '甲，乙' }) })).errors).toEqual([
      '参加人员：负责人集体讨论至少 3 人参加，当前 2 人（行政处罚法第五十七条第二款；本局目录清单）',
    ]);
    expect(failure(discuss(s, c, { form: form({ participants: ['甲', '乙', '甲', '丙'] }) })).errors).toEqual(['参加人员：有重复的姓名']);
    expect(failure(discuss(s, c, { form: form({ conclusion: ' ' }) })).errors).toEqual(['讨论结论：不能为空']);
    expect(commit(discuss(s, c, { form: form({ discussion_date: '2026年10月9日', participants: '甲 乙　丙' }) })).state.rounds[0]?.discussion?.participants).toEqual(['甲', '乙', '丙']);
    const open = commit(request(s0, c)).state;
    expect(failure(discuss(open, c)).errors).toEqual(['第 1 轮法制审核尚未通过，不能录入集体讨论记录']);
  });

  it('不批准 needs a reason; then the officers may submit a new round; the old card is closed', () => {
    const s = approvedState();
    expect(failure(decideAs(s, c, { verdict: 'refused', form: { reason: '  ' } }))).toMatchObject({
      reason: 'invalid',
      errors: ['不批准理由：不批准时须填写理由'],
    });
    const t = decideAs(s, c, { verdict: 'refused', form: { reason: '罚款数额偏高' } });
    const { state, entries } = commit(t);
    expect(entries[0]).toMatchObject({ action: 'decision.refused', detail: { round: 1, reason: '罚款数额偏高' } });
    expect(t.ok && t.message).toBe('已不批准（第 1 轮），承办人员可修改后重新提交');
    expect(recordedDecision(state)).toBeUndefined();
    expect(failure(decideAs(state, c))).toEqual({
      ok: false,
      reason: 'closed',
      errors: ['第 1 轮已由 钱局长 于 2026-10-13 15:00 不批准：罚款数额偏高'],
      entries: [],
    });
    expect(decisionGate(state, c, catalogue)).toEqual({ ok: false, errors: ['负责人已对第 1 轮作出不批准决定；请修改后重新提交法制审核'] });
    const r2 = commit(request(state, c, { now: at('2026-10-14'), form: proposalForm({ amount: '3000' }) })).state;
    expect(r2.rounds[1]).toMatchObject({ round: 2, previousRound: 1, submission: 'requested' });
    expect(failure(decideAs(r2, c, { round: 1 })).reason).toBe('stale');
  });

  it('不批准 before the review passed is refused', () => {
    const s1 = commit(request(s0, c)).state;
    expect(failure(decideAs(s1, c, { verdict: 'refused', form: { reason: '理由' } })).reason).toBe('refused');
  });

  it('only role head decides; the attempt is recorded', () => {
    const s = approvedState();
    for (const actor of [zhao, zhang, sun]) {
      const t = failure(decideAs(s, c, { actor }));
      expect(t).toMatchObject({ reason: 'unauthorised', errors: ['只有负责人可以作出决定'] });
      expect(t.entries[0]).toMatchObject({ action: 'review.unauthorised_attempt', detail: { attempted: 'decision.approved', why: 'not_head', round: 1 } });
    }
  });

  it('a closed case takes no review action and no decision', () => {
    const s = approvedState();
    const closed = makeCase({ status: 'closed' });
    expect(failure(decideAs(s, closed)).errors).toEqual(['本案已结案，不能再进行审核或决定']);
    expect(failure(review(commit(request(s0, c)).state, closed)).reason).toBe('refused');
    expect(decisionGate(s, closed, catalogue)).toEqual({ ok: false, errors: ['本案已结案，不能再进行审核或决定'] });
  });
});

describe('法制审核时限 as the cards show it', () => {
  const s1 = commit(request(s0, c)).state;
  const r = s1.rounds[0];
  if (!r) throw new Error('fixture');

  it.each([
    ['2026-09-29', 'pending', 5, '审核时限：2026-10-12（星期一）前，还剩 5 个工作日'],
    ['2026-10-03', 'pending', 4, '审核时限：2026-10-12（星期一）前，还剩 4 个工作日'], // 10-8, 10-9, 10-10 调休, 10-12
    ['2026-10-09', 'pending', 2, '审核时限：2026-10-12（星期一）前，还剩 2 个工作日'],
    ['2026-10-12', 'due_today', 0, '审核时限：2026-10-12（星期一）前，今日到期'],
    ['2026-10-13', 'overdue', -1, '审核时限：2026-10-12（星期一）前，已超过时限 1 个工作日'],
    ['2026-10-17', 'overdue', -4, '审核时限：2026-10-12（星期一）前，已超过时限 4 个工作日'], // 10-13…10-16; Saturday not counted
  ])('open round on %s: %s', (today, status, left, text) => {
    expect(reviewTimeLimit(r, today, cal)).toEqual({
      dueDate: '2026-10-12',
      weekday: '星期一',
      status,
      workingDaysLeft: left,
      provisional: false,
      text,
    });
  });

  it('closed rounds say whether the limit was met', () => {
    const met = commit(review(s1, c, { now: at('2026-10-12') })).state.rounds[0];
    const missed = commit(review(s1, c, { now: at('2026-10-13') })).state.rounds[0];
    if (!met || !missed) throw new Error('fixture');
    expect(reviewTimeLimit(met, '2026-12-01', cal)).toMatchObject({ status: 'met', workingDaysLeft: null, text: '审核时限：2026-10-12（星期一）前，已于 2026-10-12 审核' });
    expect(reviewTimeLimit(missed, '2026-12-01', cal)).toMatchObject({ status: 'missed', text: '审核时限：2026-10-12（星期一）前，已于 2026-10-13 审核（超过时限）' });
  });

  it('a limit in a year whose holidays are not loaded is marked as an estimate', () => {
    const late = commit(request(s0, c, { now: at('2026-12-29') })).state.rounds[0];
    if (!late) throw new Error('fixture');
    expect(late.dueProvisional).toBe(true);
    expect(reviewTimeLimit(late, '2026-12-29', cal).text).toMatch(/（推算）/);
  });
});

describe('the record entries', () => {
  it('every action of the workflow was produced above, and no other', () => {
    expect(Object.keys(REVIEW_RECORD_ACTIONS).sort()).toEqual(
      [
        'review.requested',
        'review.approved',
        'review.rejected',
        'review.returned',
        'review.resubmitted',
        'review.unauthorised_attempt',
        'discussion.recorded',
        'decision.approved',
        'decision.refused',
      ].sort(),
    );
    expect([...seenActions].sort()).toEqual(Object.keys(REVIEW_RECORD_ACTIONS).sort());
  });

  it('failures never carry a state; the version moves by one per change', () => {
    const states: ReviewState[] = [s0];
    const push = (t: Transition) => states.push(commit(t).state);
    push(request(s0, c));
    push(review(states.at(-1) as ReviewState, c, { outcome: 'returned', form: reviewForm({ facts: '不清' }, '补充') }));
    push(request(states.at(-1) as ReviewState, c, { form: proposalForm({ amount: '7000' }), fromRound: 1 }));
    push(review(states.at(-1) as ReviewState, c));
    push(decideAs(states.at(-1) as ReviewState, c));
    expect(states.map((s) => s.version)).toEqual([0, 1, 2, 3, 4, 5]);
    const bad = failure(review(states.at(-1) as ReviewState, c));
    expect('state' in bad).toBe(false);
    // States are plain JSON: what the store writes is what it reads back.
    const last = states.at(-1) as ReviewState;
    expect(JSON.parse(JSON.stringify(last))).toEqual(last);
  });
});
