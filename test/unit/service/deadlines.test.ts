import { describe, expect, it } from 'vitest';
import { CASE_TYPES } from '../../../functions/domain/case/types.ts';
import { addDays, computeDeadline, requireRule } from '../../../functions/domain/deadlines/index.ts';
import { partyPeriodRuleIds, partyPeriods } from '../../../functions/domain/service/index.ts';
import { cal, prng, randInt, rules } from '../deadlines/helpers.ts';

describe('partyPeriods', () => {
  it('a penalty with a fine, served 2025-09-23: 缴纳罚款, 复议期限, 起诉期限 by the engine, soonest first', () => {
    const got = partyPeriods({ servedOn: '2025-09-23', decisionType: '行政处罚', hasFine: true }, cal, rules);
    expect(got.map((d) => [d.ruleName, d.dueDate, d.source])).toEqual([
      // 9/23 + 15 = 10/8, inside 国庆 → 10/9
      ['缴纳罚款', '2025-10-09', '《中华人民共和国行政处罚法》第六十七条第三款'],
      // 9/23 + 60 = 11/22 Saturday → 11/24
      ['复议期限', '2025-11-24', '《中华人民共和国行政复议法》（2023年修订）第二十条第一款'],
      // same date six months later
      ['起诉期限', '2026-03-23', '《中华人民共和国行政诉讼法》第四十六条第一款'],
    ]);
    expect(got.every((d) => d.startDate === '2025-09-23')).toBe(true);
  });

  it('no fine, or not a penalty: no 缴纳罚款', () => {
    expect(partyPeriodRuleIds('行政处罚', false)).toEqual(['admin_review', 'lawsuit']);
    for (const t of CASE_TYPES.filter((t) => t !== '行政处罚')) {
      expect(partyPeriodRuleIds(t, true)).toEqual(['admin_review', 'lawsuit']);
    }
    expect(partyPeriodRuleIds('行政处罚', true)).toEqual(['fine_payment', 'admin_review', 'lawsuit']);
  });

  it('a period reaching into a year not yet announced is provisional', () => {
    const got = partyPeriods({ servedOn: '2026-11-10', decisionType: '行政许可', hasFine: false }, cal, rules);
    const lawsuit = got.find((d) => d.ruleId === 'lawsuit');
    expect(lawsuit?.dueDate.startsWith('2027-05')).toBe(true);
    expect(lawsuit?.provisional).toBe(true);
  });

  it('property: every period equals the engine counted from the service date, and sorting holds', () => {
    const rand = prng(11);
    for (let i = 0; i < 200; i++) {
      const servedOn = addDays('2024-01-01', randInt(rand, 0, 1000));
      const got = partyPeriods({ servedOn, decisionType: '行政处罚', hasFine: true }, cal, rules);
      for (const d of got) expect(d.dueDate).toBe(computeDeadline(requireRule(rules, d.ruleId), servedOn, cal).dueDate);
      expect(got.map((d) => d.dueDate)).toEqual([...got.map((d) => d.dueDate)].sort());
      expect(got.every((d) => d.dueDate > servedOn)).toBe(true);
    }
  });
});
