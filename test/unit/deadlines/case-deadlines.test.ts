import { describe, expect, it } from 'vitest';
import { applyOverrides, deadlinesForCase, publicationRuleId } from '../../../functions/domain/deadlines/index.ts';
import { cal, rules } from './helpers.ts';

describe('deadlinesForCase', () => {
  it('filed → 办案期限 from the filing date', () => {
    const d = deadlinesForCase({ stage: 'filed', filingDate: '2026-07-05' }, cal, rules);
    expect(d.stage).toBe('filed');
    expect(d.pending).toEqual([]);
    expect(d.deadlines).toHaveLength(1);
    expect(d.deadlines[0]).toMatchObject({
      ruleId: 'case_time_limit',
      ruleName: '办案期限',
      obligor: 'bureau',
      dueDate: '2026-10-08', // +90 = 10/3 (国庆) → 10/8
      weekday: '星期四',
      provisional: false,
    });
    expect(d.deadlines[0]?.result.explanation.length).toBeGreaterThan(0);
  });

  it('decided 行政处罚, party absent, receipt not yet known', () => {
    const d = deadlinesForCase(
      { stage: 'decided', caseType: '行政处罚', decisionDate: '2026-09-28', hasFine: true },
      cal,
      rules,
    );
    expect(d.deadlines.map((x) => [x.ruleName, x.dueDate])).toEqual([
      ['处罚决定公开', '2026-10-13'],
      ['送达', '2026-10-13'],
    ]);
    expect(d.pending.map((p) => [p.ruleName, p.waitingFor])).toEqual([
      ['缴纳罚款', 'decision_received'],
      ['复议期限', 'party_knew'],
      ['起诉期限', 'party_knew'],
    ]);
    expect(d.pending[0]?.text).toBe('待录入当事人收到行政处罚决定书之日后计算');
  });

  it('decided 行政处罚 with receipt: all deadlines, sorted by date', () => {
    const d = deadlinesForCase(
      {
        stage: 'decided',
        caseType: '行政处罚',
        decisionDate: '2025-09-19',
        decisionReceivedDate: '2025-09-23',
        hasFine: true,
        partyPresentAtDecision: false,
      },
      cal,
      rules,
    );
    expect(d.pending).toEqual([]);
    expect(d.deadlines.map((x) => [x.ruleName, x.dueDate, x.obligor])).toEqual([
      // 9/19 Fri → 9/22–9/26 (1–5), 9/28 Sun 调休 (6), 9/29 (7)
      ['处罚决定公开', '2025-09-29', 'bureau'],
      ['送达', '2025-09-29', 'bureau'],
      // 9/23 + 15 = 10/8 (国庆) → 10/9
      ['缴纳罚款', '2025-10-09', 'party'],
      // 9/23 + 60 = 11/22 Sat → 11/24 Mon
      ['复议期限', '2025-11-24', 'party'],
      // 9/23 + 6 months = 2026-03-23 Mon
      ['起诉期限', '2026-03-23', 'party'],
    ]);
  });

  it('no 送达 deadline when the decision was handed over on the spot; no fine → no 缴纳罚款', () => {
    const d = deadlinesForCase(
      { stage: 'decided', caseType: '行政处罚', decisionDate: '2026-03-02', partyPresentAtDecision: true, decisionReceivedDate: '2026-03-02' },
      cal,
      rules,
    );
    expect(d.deadlines.map((x) => x.ruleId)).toEqual(['penalty_publication', 'admin_review', 'lawsuit']);
  });

  it('行政许可 → 许可决定公开; other types → 其他决定公开; no 送达 outside 行政处罚', () => {
    const permit = deadlinesForCase({ stage: 'decided', caseType: '行政许可', decisionDate: '2026-02-12' }, cal, rules);
    expect(permit.deadlines.map((x) => [x.ruleId, x.dueDate])).toEqual([['permit_publication', '2026-02-28']]);
    const inspection = deadlinesForCase({ stage: 'decided', caseType: '行政检查', decisionDate: '2026-09-21' }, cal, rules);
    expect(inspection.deadlines.map((x) => [x.ruleId, x.dueDate])).toEqual([['other_decision_publication', '2026-10-26']]);
    expect(publicationRuleId('行政强制')).toBe('other_decision_publication');
    expect(publicationRuleId('行政处罚')).toBe('penalty_publication');
  });

  it('uses the bureau’s overridden rules', () => {
    const shorter = applyOverrides(rules, { penalty_publication: { amount: 5 } });
    const d = deadlinesForCase({ stage: 'decided', caseType: '行政处罚', decisionDate: '2026-09-28', partyPresentAtDecision: true }, cal, shorter);
    // 9/29, 9/30, 10/8, 10/9, 10/10 (调休)
    expect(d.deadlines[0]).toMatchObject({ ruleId: 'penalty_publication', dueDate: '2026-10-10' });
  });
});
