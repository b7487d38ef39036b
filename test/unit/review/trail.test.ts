import { describe, expect, it } from 'vitest';
import {
  type ReviewState,
  type Transition,
  decide,
  emptyReviewState,
  recordDiscussion,
  recordReviewOutcome,
  requestReview,
  reviewTrail,
} from '../../../functions/domain/review/index.ts';
import { EVIDENCE, cal, catalogue, li, makeCase, proposalForm, qian, reviewForm, roster, rules, sun, zhang, zhao } from './helpers.ts';

const at = (date: string, hm: string) => {
  const [h, m] = hm.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), h - 8, m)).toISOString();
};
const ok = (t: Transition): ReviewState => {
  if (!t.ok) throw new Error(t.errors.join(' | '));
  return t.state;
};

const c = makeCase();
const base = { caseEvidenceIds: EVIDENCE, catalogue, calendar: cal, rules };

// Round 1 returned, round 2 (重大 after a hearing) approved, discussed, refused once, round 3 approved and decided.
function history(): ReviewState {
  let s = emptyReviewState(c.caseId);
  s = ok(requestReview(s, c, { ...base, actor: zhang, now: at('2026-07-06', '09:30'), form: proposalForm() }));
  s = ok(
    recordReviewOutcome(s, c, {
      actor: zhao,
      now: at('2026-07-07', '16:05'),
      round: 1,
      outcome: 'returned',
      form: reviewForm({ evidence: '缺少现场检查笔录', law: '未引用处罚条款' }, '请补充后重新提交'),
      roster,
    }),
  );
  s = ok(
    requestReview(s, c, {
      ...base,
      actor: li,
      now: at('2026-07-08', '10:00'),
      form: proposalForm({ amount: '120000', evidence: EVIDENCE, hearing_held: 'yes' }),
      fromRound: 1,
    }),
  );
  s = ok(recordReviewOutcome(s, c, { actor: sun, now: at('2026-07-09', '11:00'), round: 2, outcome: 'approved', form: reviewForm({}, '同意'), roster }));
  s = ok(
    recordDiscussion(s, c, {
      actor: qian,
      now: at('2026-07-10', '17:00'),
      round: 2,
      form: { discussion_date: '2026-07-10', participants: ['钱局长', '孙副局长', '李副局长'], conclusion: '同意罚款 12 万元' },
      catalogue,
    }),
  );
  s = ok(decide(s, c, { actor: qian, now: at('2026-07-13', '09:00'), verdict: 'refused', round: 2, form: { reason: '请核实违法所得' }, catalogue }));
  s = ok(requestReview(s, c, { ...base, actor: zhang, now: at('2026-07-14', '09:00'), form: proposalForm({ amount: '9000' }) }));
  s = ok(recordReviewOutcome(s, c, { actor: zhao, now: at('2026-07-15', '09:00'), round: 3, outcome: 'approved', form: reviewForm(), roster }));
  s = ok(decide(s, c, { actor: qian, now: at('2026-07-16', '10:20'), verdict: 'approved', round: 3, form: {}, catalogue }));
  return s;
}

describe('reviewTrail (承办、审核、批准)', () => {
  it('names who handled, who reviewed each round with the opinion and outcome, and who approved', () => {
    const t = reviewTrail(history(), c);
    expect(t.handling).toEqual([
      { openId: zhang.openId, name: '张三' },
      { openId: li.openId, name: '李四' },
    ]);
    expect(t.approver).toEqual({ openId: qian.openId, name: '钱局长' });
    expect(t.rounds.map((r) => [r.round, r.previousRound, r.submission, r.requestedBy.name, r.reviewer?.name, r.outcome, r.major])).toEqual([
      [1, null, '申请', '张三', '赵六', '退回补充', false],
      [2, 1, '重新提交', '李四', '孙审', '同意', true],
      [3, 2, '申请', '张三', '赵六', '同意', false],
    ]);
    expect(t.rounds[0]?.problems).toEqual([
      { label: '证据合法充分', note: '缺少现场检查笔录' },
      { label: '适用法律正确', note: '未引用处罚条款' },
    ]);
    expect(t.rounds[1]?.changed).toEqual(['金额（元）', '所依据的证据', '是否经过听证']);
    expect(t.decisions.map((d) => [d.verdict, d.round, d.by.name, d.reason])).toEqual([
      ['不批准', 2, '钱局长', '请核实违法所得'],
      ['批准', 3, '钱局长', null],
    ]);
    expect(t.lines).toEqual([
      '审核记录 甘经信立〔2026〕1号',
      '承办：张三、李四',
      '第 1 轮：张三 2026-07-06 09:30 申请',
      '  审核：赵六 2026-07-07 16:05 退回补充；意见：请补充后重新提交；问题：证据合法充分（缺少现场检查笔录）；适用法律正确（未引用处罚条款）',
      '第 2 轮（重大）：李四 2026-07-08 10:00 重新提交，修改：金额（元）、所依据的证据、是否经过听证',
      '  审核：孙审 2026-07-09 11:00 同意；意见：同意',
      '  集体讨论：2026-07-10，参加：钱局长、孙副局长、李副局长；结论：同意罚款 12 万元',
      '  负责人：钱局长 2026-07-13 09:00 不批准；理由：请核实违法所得',
      '第 3 轮：张三 2026-07-14 09:00 申请，修改：金额（元）、所依据的证据、是否经过听证',
      '  审核：赵六 2026-07-15 09:00 同意',
      '  负责人：钱局长 2026-07-16 10:20 批准',
      '批准：钱局长，决定日期 2026-07-16（罚款 9,000 元）',
    ]);
  });

  it('before anything is submitted, and while a round is open', () => {
    expect(reviewTrail(emptyReviewState(c.caseId), c).lines).toEqual([
      '审核记录 甘经信立〔2026〕1号',
      '承办：张三、李四',
      '审核：尚未提交法制审核',
      '批准：尚未作出决定',
    ]);
    const open = ok(requestReview(emptyReviewState(c.caseId), c, { ...base, actor: zhang, now: at('2026-07-06', '09:30'), form: proposalForm() }));
    const t = reviewTrail(open, c);
    expect(t.rounds[0]).toMatchObject({ reviewer: null, outcome: '待审核', reviewedAt: null });
    expect(t.lines.slice(2)).toEqual(['第 1 轮：张三 2026-07-06 09:30 申请', '  审核：待审核（时限 2026-07-13）', '批准：尚未作出决定']);
    expect(t.approver).toBeNull();
  });

  it('names stay as recorded at the time of each act, whatever the roster says today', () => {
    const s = history();
    const renamed = makeCase({ officers: c.officers.map((o) => ({ ...o, name: `${o.name}（已调离）` })) });
    const t = reviewTrail(s, renamed);
    expect(t.handling.map((h) => h.name)).toEqual(['张三（已调离）', '李四（已调离）']);
    expect(t.rounds[0]?.requestedBy.name).toBe('张三');
  });

  it('a decision without review (simple procedure) is listed as such', () => {
    const simple = makeCase({ procedure: 'simple', party: { name: '某人', type: 'person', idNumber: 'x' } });
    const s = ok(
      decide(emptyReviewState(simple.caseId), simple, {
        actor: qian,
        now: at('2026-07-06', '11:00'),
        verdict: 'approved',
        round: null,
        form: {},
        catalogue,
        proposal: {
          decisionType: '警告',
          amount: null,
          facts: '事实',
          evidenceIds: [],
          legalProvisions: '依据',
          discretion: '一般',
          hearingHeld: false,
          defence: '无异议',
        },
      }),
    );
    expect(reviewTrail(s, simple).lines.slice(2)).toEqual([
      '审核：未经法制审核（依目录清单无须审核）',
      '负责人：钱局长 2026-07-06 11:00 批准',
      '批准：钱局长，决定日期 2026-07-06（警告）',
    ]);
  });
});
