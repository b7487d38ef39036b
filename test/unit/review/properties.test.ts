/**
 * Random walks through the workflow: random people tap random buttons on random (also stale and
 * forged) rounds with good and bad forms. Whatever happens, the invariants hold — above all, no
 * decision is ever recorded that the gate would refuse.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../functions/domain/deadlines/index.ts';
import {
  type ReviewState,
  type Transition,
  decide,
  decisionGate,
  emptyReviewState,
  latestRound,
  proposalHash,
  recordDiscussion,
  recordedDecision,
  recordReviewOutcome,
  requestReview,
  requestUnavailable,
} from '../../../functions/domain/review/index.ts';
import type { Person } from '../../../functions/domain/roster/types.ts';
import { EVIDENCE, cal, catalogue, li, makeCase, prng, proposalForm, qian, randInt, reviewForm, roster, rules, sun, wang, wu, zhang, zhao } from './helpers.ts';

const c = makeCase();
const actors: Person[] = [zhang, li, zhao, sun, wu, qian, wang];
const forms = [
  proposalForm(),
  proposalForm({ amount: '8000' }),
  proposalForm({ amount: '150000' }), // 重大 for an organisation
  proposalForm({ decision_type: '吊销许可证', amount: '' }),
  proposalForm({ hearing_held: 'yes' }),
  proposalForm({ discretion: '从轻', evidence: EVIDENCE }),
  proposalForm({ facts: '' }), // invalid
];
const reviewForms = [
  reviewForm(),
  reviewForm({ evidence: '缺少笔录' }, '请补充'),
  reviewForm({ law: '条款错误', facts: '不清' }, '不同意'),
  reviewForm({ evidence: '' }, '缺说明'), // invalid
];

const reviewPairs = [
  ['approved', reviewForms[0]],
  ['approved', reviewForms[0]],
  ['returned', reviewForms[1]],
  ['rejected', reviewForms[2]],
] as const;
const eligible = {
  request: [zhang, li],
  resubmit: [zhang, li],
  review: [zhao, sun, wu],
  discuss: [qian],
  decide: [qian],
  refuse: [qian],
};

const isOfficer = (p: Person) => p.openId === c.filedBy || c.officers.some((o) => o.openId === p.openId);

function checkState(s: ReviewState): void {
  s.rounds.forEach((r, i) => {
    expect(r.round).toBe(i + 1);
    expect(r.previousRound).toBe(i === 0 ? null : i);
    if (i < s.rounds.length - 1) expect(r.status).not.toBe('open');
    expect(r.status === 'open').toBe(r.review === null);
    if (r.discussion) expect(r.status).toBe('approved');
    if (i > 0) expect(r.changes.length).toBeGreaterThan(0);
  });
  const approved = s.headDecisions.filter((d) => d.verdict === 'approved');
  expect(approved.length).toBeLessThanOrEqual(1);
  for (const d of s.headDecisions) {
    const r = s.rounds.find((x) => x.round === d.round);
    expect(r?.status).toBe('approved');
    expect(d.proposalHash).toBe(r?.proposalHash);
  }
  const decision = approved[0];
  if (decision) {
    const last = latestRound(s);
    expect(decision.round).toBe(last?.round);
    if (last?.classification.major) expect(last.discussion).not.toBeNull();
    expect(proposalHash(decision.proposal)).toBe(last?.proposalHash);
  }
}

describe('random walks through the review workflow', () => {
  it('300 walks of 40 taps keep every invariant', () => {
    const rand = prng(58);
    const pick = <T>(xs: readonly T[]) => xs[randInt(rand, 0, xs.length - 1)] as T;
    const counts: Record<string, number> = {};
    for (let walk = 0; walk < 300; walk++) {
      let s = emptyReviewState(c.caseId);
      let day = '2026-07-01';
      for (let step = 0; step < 40; step++) {
        if (rand() < 0.4) day = addDays(day, 1);
        const now = `${day}T0${randInt(rand, 1, 9)}:00:00Z`;
        const kind = pick(['request', 'resubmit', 'review', 'review', 'discuss', 'decide', 'refuse'] as const);
        // Mostly the right people, sometimes anyone.
        const actor = rand() < 0.15 ? pick(actors) : pick(eligible[kind]);
        const latest = latestRound(s)?.round ?? 0;
        const round = rand() < 0.8 ? latest : randInt(rand, 0, latest + 1);
        let t: Transition;
        let allowed: boolean;
        switch (kind) {
          case 'request':
          case 'resubmit':
            allowed = isOfficer(actor);
            t = requestReview(s, c, {
              actor,
              now,
              form: pick(forms),
              caseEvidenceIds: EVIDENCE,
              catalogue,
              calendar: cal,
              rules,
              ...(kind === 'resubmit' ? { fromRound: round } : {}),
            });
            break;
          case 'review':
            allowed = actor.roles.includes('reviewer') && !isOfficer(actor);
            {
              const [outcome, form] = rand() < 0.8 ? pick(reviewPairs) : [pick(['approved', 'rejected', 'returned'] as const), pick(reviewForms)];
              t = recordReviewOutcome(s, c, { actor, now, round, outcome, form, roster });
            }
            break;
          case 'discuss':
            allowed = actor.roles.includes('head');
            t = recordDiscussion(s, c, {
              actor,
              now,
              round,
              form: { discussion_date: day, participants: rand() < 0.8 ? '甲、乙、丙' : '甲', conclusion: '同意' },
              catalogue,
            });
            break;
          default:
            allowed = actor.roles.includes('head');
            t = decide(s, c, {
              actor,
              now,
              verdict: kind === 'decide' ? 'approved' : 'refused',
              round: rand() < 0.05 ? null : round,
              form: { reason: rand() < 0.8 ? '理由' : '' },
              catalogue,
            });
        }
        const key = t.ok ? `${kind}:ok` : `${kind}:${t.reason}`;
        counts[key] = (counts[key] ?? 0) + 1;
        if ((kind === 'request' || kind === 'resubmit') && allowed && requestUnavailable(s, c) !== null) {
          // What the case card and the form's opening promise: no submission gets through then.
          expect(t.ok).toBe(false);
          counts['request:unavailable'] = (counts['request:unavailable'] ?? 0) + 1;
        }

        if (!allowed) {
          expect(t.ok).toBe(false);
          if (!t.ok) {
            expect(t.reason).toBe('unauthorised');
            expect(t.entries).toHaveLength(1);
            expect(t.entries[0]).toMatchObject({ action: 'review.unauthorised_attempt', actor: actor.openId, caseId: c.caseId, at: now });
          }
          continue;
        }
        if (!t.ok) {
          expect(t.reason).not.toBe('unauthorised');
          expect(t.entries).toEqual([]);
          expect(t.errors.length).toBeGreaterThan(0);
          continue;
        }
        expect(t.state.version).toBe(s.version + 1);
        expect(t.entries).toHaveLength(1);
        expect(t.entries[0]).toMatchObject({ actor: actor.openId, caseId: c.caseId, at: now });
        if (kind === 'decide') {
          // THE GATE: an approval happened only where the gate, asked beforehand, agreed.
          expect(decisionGate(s, c, catalogue).ok).toBe(true);
          expect(recordedDecision(s)).toBeUndefined();
          expect(recordedDecision(t.state)).toBeDefined();
        }
        checkState(t.state);
        s = t.state;
      }
    }
    // The walks reached every kind of answer (a walk that never gets anywhere proves nothing).
    for (const k of [
      'request:ok', 'resubmit:ok', 'review:ok', 'discuss:ok', 'decide:ok', 'refuse:ok',
      'request:duplicate', 'request:refused', 'request:invalid', 'request:unavailable', 'resubmit:stale',
      'review:stale', 'review:closed', 'review:invalid', 'decide:refused', 'decide:closed', 'discuss:invalid',
    ]) {
      expect(counts[k], k).toBeGreaterThan(0);
    }
  });
});
