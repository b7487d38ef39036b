import { describe, expect, it } from 'vitest';
import { loadPlanTasks } from '../../../functions/adapters/calendar/index.ts';
import { CASE_TYPES } from '../../../functions/domain/case/types.ts';
import { addDays, applyOverrides } from '../../../functions/domain/deadlines/index.ts';
import {
  type CaseFacts,
  caseDeadlines,
  caseFactsSchema,
  certificateDeadlines,
  planTaskDeadlines,
  sortDeadlines,
  statusOf,
} from '../../../functions/domain/reminders/index.ts';
import type { Person } from '../../../functions/domain/roster/types.ts';
import { cal, prng, randInt, rules } from './helpers.ts';

const base: CaseFacts = {
  caseId: '2026-000007',
  caseNumber: '甘经信立〔2026〕7号',
  caseType: '行政处罚',
  filingDate: '2026-07-06',
  officerOpenIds: ['ou_zhang', 'ou_li'],
};
const ctx = (today: string, r = rules) => ({ today, calendar: cal, rules: r });
const row = (d: ReturnType<typeof caseDeadlines>['deadlines'][number]) => [d.id, d.dueDate, d.status];

describe('caseDeadlines: every deadline of a case', () => {
  const full: CaseFacts = {
    ...base,
    reviews: [
      { round: 1, requestedOn: '2026-09-01', completedOn: '2026-09-07' },
      { round: 2, requestedOn: '2026-09-14', completedOn: '2026-09-22' },
    ],
    decisions: [{ decisionId: '1', type: '行政处罚', date: '2026-09-28', hasFine: true, servedOn: '2026-09-30' }],
  };

  it('a penalty case from filing to service, on 2026-10-14', () => {
    const { deadlines, lapsed, pending } = caseDeadlines(full, ctx('2026-10-14'));
    expect(deadlines.map(row)).toEqual([
      // 5 working days after Tue 09-01
      ['case.2026-000007.legal_review.r1', '2026-09-08', 'met'],
      // after Mon 09-14: 15–18, then Sun 09-20 is a 调休 working day
      ['case.2026-000007.legal_review.r2', '2026-09-20', 'met'],
      // 07-06 + 90 = 10-04, inside 国庆 → Thu 10-08
      ['case.2026-000007.case_time_limit', '2026-10-08', 'met'],
      // 7 working days after Mon 09-28, over 国庆 and the 10-10 调休 Saturday
      ['case.2026-000007.publication.d1', '2026-10-13', 'overdue'],
      ['case.2026-000007.service.d1', '2026-10-13', 'met'],
      // from service on 09-30: +15 = Thu 10-15
      ['case.2026-000007.fine_payment.d1', '2026-10-15', 'open'],
      // +60 = Sun 11-29 → Mon 11-30
      ['case.2026-000007.admin_review.d1', '2026-11-30', 'open'],
      // +6 months; 2027 is not announced yet
      ['case.2026-000007.lawsuit.d1', '2027-03-30', 'open'],
    ]);
    expect(lapsed).toEqual([]);
    expect(pending).toEqual([]);
  });

  it('carries rule, source, status text, late flag, provisional flag and the counting steps', () => {
    const { deadlines } = caseDeadlines(full, ctx('2026-10-14'));
    const by = (id: string) => deadlines.find((d) => d.id === id);
    expect(by('case.2026-000007.legal_review.r2')).toMatchObject({
      kind: 'legal_review',
      ruleId: 'legal_review',
      ruleName: '法制审核时限',
      what: '完成第2轮法制审核',
      startDate: '2026-09-14',
      metOn: '2026-09-22',
      late: true,
      statusText: '已完成（逾期）',
      obligor: 'bureau',
    });
    expect(by('case.2026-000007.case_time_limit')).toMatchObject({ metOn: '2026-09-28', late: false, statusText: '已完成', source: '《中华人民共和国行政处罚法》第六十条' });
    expect(by('case.2026-000007.publication.d1')).toMatchObject({
      ruleId: 'penalty_publication',
      statusText: '已逾期',
      subject: { type: 'case', caseId: '2026-000007', caseNumber: '甘经信立〔2026〕7号', decisionId: '1' },
      people: ['ou_zhang', 'ou_li'],
    });
    expect(by('case.2026-000007.publication.d1')?.explanation.length).toBeGreaterThan(2);
    expect(by('case.2026-000007.fine_payment.d1')).toMatchObject({ obligor: 'party', statusText: '缴纳期内' });
    const lawsuit = by('case.2026-000007.lawsuit.d1');
    expect(lawsuit?.provisional).toBe(true);
    expect(lawsuit?.provisionalReason).toContain('2027年');
    expect(by('case.2026-000007.admin_review.d1')?.provisional).toBe(false);
  });

  it('statuses move with today: open through the due date, overdue after it; a party period "ends"', () => {
    const at = (today: string) => Object.fromEntries(caseDeadlines(full, ctx(today)).deadlines.map((d) => [d.kind, d.statusText]));
    expect(at('2026-10-13').publication).toBe('今日到期');
    expect(at('2026-10-12').publication).toBe('未到期');
    expect(at('2026-10-16').fine_payment).toBe('逾期未缴纳');
    expect(at('2026-12-01').admin_review).toBe('期间已届满');
    const paid = caseDeadlines({ ...full, decisions: [{ ...full.decisions![0]!, paidOn: '2026-10-16', publishedOn: '2026-10-09' }] }, ctx('2026-10-20'));
    expect(paid.deadlines.find((d) => d.kind === 'fine_payment')).toMatchObject({ status: 'met', statusText: '已缴纳（逾期）' });
    expect(paid.deadlines.find((d) => d.kind === 'publication')).toMatchObject({ status: 'met', late: false });
  });

  it('the party exercising a remedy meets that period', () => {
    const d = caseDeadlines(
      { ...full, decisions: [{ ...full.decisions![0]!, adminReviewAppliedOn: '2026-10-20', lawsuitFiledOn: '2026-11-02' }] },
      ctx('2026-12-01'),
    ).deadlines;
    expect(d.find((x) => x.kind === 'admin_review')).toMatchObject({ status: 'met', statusText: '当事人已提出' });
    expect(d.find((x) => x.kind === 'lawsuit')).toMatchObject({ status: 'met', metOn: '2026-11-02' });
  });

  it('until service is recorded, the party periods are pending; the 7-working-day service duty runs', () => {
    const r = caseDeadlines({ ...base, decisions: [{ decisionId: '1', type: '行政处罚', date: '2026-09-28', hasFine: true }] }, ctx('2026-09-29'));
    expect(r.deadlines.map((d) => d.kind)).toEqual(['case_time_limit', 'publication', 'service']);
    expect(r.pending.map((p) => [p.id, p.text])).toEqual([
      ['case.2026-000007.fine_payment.d1', '待登记送达后计算（自当事人收到决定书之日起算）'],
      ['case.2026-000007.admin_review.d1', '待登记送达后计算（自当事人收到决定书之日起算）'],
      ['case.2026-000007.lawsuit.d1', '待登记送达后计算（自当事人收到决定书之日起算）'],
    ]);
  });

  it('no service duty when the decision was handed over on the spot; no 缴纳罚款 without a fine', () => {
    const r = caseDeadlines(
      { ...base, decisions: [{ decisionId: '1', type: '行政处罚', date: '2026-09-28', partyPresent: true, servedOn: '2026-09-28' }] },
      ctx('2026-09-28'),
    );
    expect(r.deadlines.map((d) => d.kind).sort()).toEqual(['admin_review', 'case_time_limit', 'lawsuit', 'publication']);
  });

  it('办案期限 (行政处罚法第六十条) applies to penalty cases only; other decisions publish within 20 working days', () => {
    for (const caseType of CASE_TYPES.filter((t) => t !== '行政处罚')) {
      const r = caseDeadlines({ ...base, caseType, decisions: [{ decisionId: 'a', type: caseType, date: '2026-09-21' }] }, ctx('2026-09-21'));
      expect(r.deadlines.map((d) => d.kind)).toEqual(['publication']);
      const pub = r.deadlines[0];
      // 09-22…24, 09-28…30, then 国庆 and 中秋 skipped → Thu 10-08 is the 7th working day.
      if (caseType === '行政许可') expect([pub?.ruleId, pub?.dueDate]).toEqual(['permit_publication', '2026-10-08']);
      else expect([pub?.ruleId, pub?.dueDate]).toEqual(['other_decision_publication', '2026-10-26']);
      expect(r.pending.map((p) => p.kind)).toEqual(['admin_review', 'lawsuit']);
    }
    // A penalty case closed without a decision meets its 办案期限 on the closing day.
    const closed = caseDeadlines({ ...base, closedOn: '2026-08-01' }, ctx('2026-12-01'));
    expect(closed.deadlines.map((d) => [d.kind, d.status, d.metOn])).toEqual([['case_time_limit', 'met', '2026-08-01']]);
    const open = caseDeadlines(base, ctx('2026-10-09'));
    expect(open.deadlines.map((d) => [d.kind, d.status])).toEqual([['case_time_limit', 'overdue']]);
  });

  it('a bureau override counts (a shorter publication period, a longer review limit)', () => {
    const r2 = applyOverrides(rules, { penalty_publication: { amount: 5 }, legal_review: { amount: 10 } });
    const r = caseDeadlines({ ...base, reviews: [{ round: 1, requestedOn: '2026-09-01' }], decisions: [{ decisionId: '1', type: '行政处罚', date: '2026-09-28' }] }, ctx('2026-09-28', r2));
    // 09-29, 09-30, 10-08, 10-09, and the 调休 Saturday 10-10.
    expect(r.deadlines.find((d) => d.kind === 'publication')?.dueDate).toBe('2026-10-10');
    expect(r.deadlines.find((d) => d.kind === 'legal_review')?.dueDate).toBe('2026-09-15');
  });

  describe('withdrawal (行政处罚法第四十八条第二款)', () => {
    const decided = { decisionId: '1', type: '行政处罚' as const, date: '2026-09-28', hasFine: true, servedOn: '2026-09-30' };
    it('a published decision set aside: withdraw within 3 working days of recording it; party periods stop', () => {
      const r = caseDeadlines(
        { ...base, decisions: [{ ...decided, publishedOn: '2026-10-09', withdrawal: { kind: '撤销', recordedOn: '2026-11-06' } }] },
        ctx('2026-11-06'),
      );
      // Fri 11-06 → Mon 9, Tue 10, Wed 11
      expect(r.deadlines.find((d) => d.kind === 'withdrawal')).toMatchObject({
        id: 'case.2026-000007.withdrawal.d1',
        ruleId: 'publication_withdrawal',
        startDate: '2026-11-06',
        dueDate: '2026-11-11',
        status: 'open',
        source: '《中华人民共和国行政处罚法》第四十八条第二款、第八十五条',
      });
      expect(r.lapsed.map((l) => [l.kind, l.reason])).toEqual([
        ['fine_payment', '决定已被撤销，不再跟踪该期间'],
        ['admin_review', '决定已被撤销，不再跟踪该期间'],
        ['lawsuit', '决定已被撤销，不再跟踪该期间'],
      ]);
      const done = caseDeadlines(
        { ...base, decisions: [{ ...decided, publishedOn: '2026-10-09', withdrawal: { kind: '变更', recordedOn: '2026-11-06', withdrawnOn: '2026-11-09' } }] },
        ctx('2026-11-20'),
      );
      expect(done.deadlines.find((d) => d.kind === 'withdrawal')).toMatchObject({ status: 'met', late: false });
    });

    it('set aside before publication: nothing to publish or withdraw; unserved: no service either', () => {
      const r = caseDeadlines(
        { ...base, decisions: [{ decisionId: '1', type: '行政处罚', date: '2026-09-28', withdrawal: { kind: '确认违法', recordedOn: '2026-09-29' } }] },
        ctx('2026-09-29'),
      );
      expect(r.deadlines.map((d) => d.kind)).toEqual(['case_time_limit']);
      expect(r.lapsed.map((l) => [l.kind, l.reason])).toEqual([
        ['publication', '决定已被确认违法，公开前即不再公开'],
        ['service', '决定已被确认违法，不再送达'],
        ['admin_review', '决定已被确认违法，不再跟踪该期间'],
        ['lawsuit', '决定已被确认违法，不再跟踪该期间'],
      ]);
    });

    it('a changed decision is a new decision with its own deadlines', () => {
      const r = caseDeadlines(
        {
          ...base,
          decisions: [
            { ...decided, publishedOn: '2026-10-09', withdrawal: { kind: '变更', recordedOn: '2026-11-06' } },
            { decisionId: '2', type: '行政处罚', date: '2026-11-06', hasFine: false },
          ],
        },
        ctx('2026-11-06'),
      );
      expect(r.deadlines.map((d) => d.id).filter((id) => id.endsWith('.d2'))).toEqual([
        'case.2026-000007.publication.d2',
        'case.2026-000007.service.d2',
      ]);
      // The 办案期限 is met by the first decision.
      expect(r.deadlines.find((d) => d.kind === 'case_time_limit')?.metOn).toBe('2026-09-28');
    });
  });

  it('a confidential decision has no publication deadline (118号: not published), listed as lapsed', () => {
    const r = caseDeadlines({ ...base, decisions: [{ decisionId: '1', type: '行政许可', date: '2026-09-28', confidential: true }] }, ctx('2026-09-28'));
    expect(r.deadlines.map((d) => d.kind)).toEqual(['case_time_limit']);
    expect(r.lapsed).toEqual([
      { id: 'case.2026-000007.publication.d1', kind: 'publication', ruleName: '许可决定公开', reason: '决定依法不予公开（涉及国家秘密等），不产生公开期限' },
    ]);
  });

  it('ids are stable when a deadline moves, and unique; a repeated decision or round is refused', () => {
    const a = caseDeadlines(full, ctx('2026-10-14')).deadlines;
    const moved = caseDeadlines({ ...full, decisions: [{ ...full.decisions![0]!, servedOn: '2026-10-09' }] }, ctx('2026-10-14')).deadlines;
    const ids = (l: typeof a) => l.map((d) => d.id).sort();
    expect(ids(moved)).toEqual(ids(a));
    expect(moved.find((d) => d.kind === 'fine_payment')?.dueDate).not.toBe(a.find((d) => d.kind === 'fine_payment')?.dueDate);
    expect(new Set(ids(a)).size).toBe(a.length);
    for (const id of ids(a)) expect(id).toMatch(/^[0-9A-Za-z._-]+$/);
    expect(() => caseDeadlines({ ...full, reviews: [...full.reviews!, { round: 1, requestedOn: '2026-09-20' }] }, ctx('2026-10-14'))).toThrow('重复');
    expect(() => caseDeadlines({ ...full, decisions: [...full.decisions!, ...full.decisions!] }, ctx('2026-10-14'))).toThrow('重复');
  });

  it('property: sorted by due date, every status consistent with today and metOn', () => {
    const rand = prng(31);
    for (let i = 0; i < 150; i++) {
      const filing = addDays('2025-01-01', randInt(rand, 0, 600));
      const decision = addDays(filing, randInt(rand, 1, 120));
      const served = addDays(decision, randInt(rand, 0, 10));
      const today = addDays(filing, randInt(rand, 0, 400));
      const facts: CaseFacts = {
        ...base,
        filingDate: filing,
        reviews: [{ round: 1, requestedOn: addDays(filing, 10) }],
        decisions: [{ decisionId: '1', type: '行政处罚', date: decision, hasFine: true, servedOn: served }],
      };
      const { deadlines } = caseDeadlines(facts, ctx(today));
      expect(deadlines.map((d) => d.dueDate)).toEqual([...deadlines.map((d) => d.dueDate)].sort());
      for (const d of deadlines) expect(d.status).toBe(statusOf(d.dueDate, d.metOn, today));
    }
  });
});

describe('caseFactsSchema (for the records the app layer reads back)', () => {
  it('accepts a well-formed case and refuses bad dates, ids and tokens', () => {
    expect(caseFactsSchema.safeParse({ ...base, decisions: [{ decisionId: 'd-1', type: '行政处罚', date: '2026-09-28' }] }).success).toBe(true);
    for (const bad of [
      { ...base, filingDate: '2026-02-30' },
      { ...base, caseId: 'CASE#1' },
      { ...base, decisions: [{ decisionId: 'a.b', type: '行政处罚', date: '2026-09-28' }] },
      { ...base, decisions: [{ decisionId: '1', type: '罚款', date: '2026-09-28' }] },
      { ...base, reviews: [{ round: 0, requestedOn: '2026-09-01' }] },
      { ...base, decisions: [{ decisionId: '1', type: '行政处罚', date: '2026-09-28', withdrawal: { kind: '撤回', recordedOn: '2026-10-01' } }] },
    ]) {
      expect(caseFactsSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe('certificateDeadlines', () => {
  const people: Person[] = [
    { openId: 'ou_a', name: '张三', department: '运行监测科', roles: ['officer'], certificate: { number: '川执5101001', validUntil: '2026-10-31' } },
    { openId: 'ou_b', name: '王五', department: '产业发展科', roles: ['officer'], certificate: { number: '川执5101003', validUntil: '2025-12-31' } },
    { openId: 'ou_c', name: '周九', department: '产业发展科', roles: ['officer'], certificate: null },
  ];
  it('one per certificate holder, due on the last valid day; expired ones are overdue; a renewal moves it', () => {
    const got = certificateDeadlines(people, { today: '2026-09-01', rules });
    expect(got.map((d) => [d.id, d.dueDate, d.status, d.statusText])).toEqual([
      ['person.ou_b.certificate_expiry', '2025-12-31', 'overdue', '已过期'],
      ['person.ou_a.certificate_expiry', '2026-10-31', 'open', '有效'],
    ]);
    expect(got[1]).toMatchObject({
      kind: 'certificate_expiry',
      ruleId: 'certificate_expiry_reminder',
      people: ['ou_a'],
      subject: { type: 'person', openId: 'ou_a', name: '张三' },
      what: '张三的行政执法证（川执5101001）有效期至 2026-10-31，请在到期前办理换证',
      startDate: null,
    });
    expect(certificateDeadlines(people, { today: '2026-10-31', rules })[1]?.statusText).toBe('今日到期');
    const renewed = certificateDeadlines([{ ...people[0]!, certificate: { number: '川执5101001', validUntil: '2029-10-31' } }], { today: '2026-09-01', rules });
    expect(renewed.map((d) => [d.id, d.dueDate])).toEqual([['person.ou_a.certificate_expiry', '2029-10-31']]);
  });
});

describe('planTaskDeadlines', () => {
  const tasks = loadPlanTasks();
  it('the dated tasks of data/plan-tasks.json, due on the date as written, to their 责任科室', () => {
    const got = planTaskDeadlines(tasks, { today: '2020-06-01' });
    const dated = tasks.filter((t) => t.limit.kind === 'dated');
    expect(got).toHaveLength(dated.length);
    expect(got.length).toBeGreaterThan(0);
    for (const d of got) {
      expect(d).toMatchObject({ kind: 'plan_task', ruleId: null, dueDate: '2020-06-30', status: 'open', people: [] });
      expect(['各执法科室', '行政审批科', '办公室']).toContain(d.department);
      expect(d.source).toMatch(/^本局三项制度实施方案任务分解表（任务 [\d-]+，完成时限：2020年6月底前）$/);
    }
    expect(got[0]?.id).toBe(`plan.${dated[0]?.id}.plan_task`);
  });
  it('standing tasks (长期执行) have none; a completed task is met; others overdue after the date', () => {
    const first = tasks.find((t) => t.limit.kind === 'dated')!;
    const got = planTaskDeadlines(tasks, { today: '2026-01-05', completed: { [first.id]: '2020-07-02' }, planSource: '实施方案' });
    const done = got.find((d) => d.id === `plan.${first.id}.plan_task`);
    expect(done).toMatchObject({ status: 'met', late: true, statusText: '已完成（逾期）' });
    expect(done?.source.startsWith('实施方案（')).toBe(true);
    expect(got.filter((d) => d.status === 'overdue')).toHaveLength(got.length - 1);
    expect(got.every((d) => !d.id.includes('长期'))).toBe(true);
  });
});

describe('sortDeadlines', () => {
  it('soonest first, then by id', () => {
    const l = caseDeadlines({ ...base, decisions: [{ decisionId: '1', type: '行政处罚', date: '2026-09-28', servedOn: '2026-09-28' }] }, ctx('2026-09-28')).deadlines;
    const shuffled = [...l].reverse();
    expect(sortDeadlines(shuffled).map((d) => d.id)).toEqual(l.map((d) => d.id));
  });
});
