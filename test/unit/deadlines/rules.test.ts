import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../../functions/adapters/calendar/index.ts';
import {
  RuleDataError,
  RuleOverrideError,
  applyOverrides,
  buildRules,
  computeDeadline,
  emptyCalendar,
  findRuleByName,
  ruleNames,
} from '../../../functions/domain/deadlines/index.ts';
import { cal, ruleById, ruleByName, rules } from './helpers.ts';

describe('the rules table (data/rules.json)', () => {
  it.each([
    ['办案期限', 'case_time_limit', 'filing', 'calendar_days', 90, '第六十条', true],
    ['处罚决定公开', 'penalty_publication', 'decision', 'working_days', 7, undefined, true],
    ['许可决定公开', 'permit_publication', 'decision', 'working_days', 7, undefined, true],
    ['其他决定公开', 'other_decision_publication', 'decision', 'working_days', 20, undefined, true],
    ['撤回公开', 'publication_withdrawal', 'revocation', 'working_days', 3, '第四十八条', false],
    ['听证申请', 'hearing_request', 'notice_served', 'working_days', 5, '第六十四条', false],
    ['送达', 'service', 'decision', 'working_days', 7, '第六十一条', false],
    ['缴纳罚款', 'fine_payment', 'decision_received', 'calendar_days', 15, '第六十七条', false],
    ['起诉期限', 'lawsuit', 'party_knew', 'months', 6, '第四十六条', false],
    ['复议期限', 'admin_review', 'party_knew', 'calendar_days', 60, '第二十条', false],
    ['法制审核时限', 'legal_review', 'review_requested', 'working_days', 5, undefined, true],
    ['证件到期提醒', 'certificate_expiry_reminder', 'certificate_valid_until', 'days_before', 30, undefined, true],
    ['抽查结果公示', 'inspection_result_publication', 'inspection_ended', 'working_days', 20, undefined, true],
  ] as const)('%s: %s from %s, %s %i', (name, id, key, unit, amount, article, overridable) => {
    const r = ruleByName(name);
    expect(r.id).toBe(id);
    expect(r.countedFrom.key).toBe(key);
    expect(r.period).toEqual({ unit, amount });
    if (article !== undefined) expect(r.source.article).toContain(article);
    expect(r.overridable).toBe(overridable);
  });

  it('年度统计公开: 31 January of the next year, 118号, not overridable', () => {
    const r = ruleByName('年度统计公开');
    expect(r.period).toEqual({ unit: 'fixed_next_year_date', month: 1, day: 31 });
    expect(r.countedFrom.key).toBe('calendar_year');
    expect(r.source.law).toContain('118号');
    expect(r.overridable).toBe(false);
  });

  it('cites the right law for each rule', () => {
    for (const id of ['case_time_limit', 'publication_withdrawal', 'hearing_request', 'service', 'fine_payment']) {
      expect(ruleById(id).source.law).toContain('行政处罚法');
      expect(ruleById(id).confidence).toBe('C');
    }
    expect(ruleById('lawsuit').source.law).toContain('行政诉讼法');
    expect(ruleById('admin_review').source.law).toContain('行政复议法');
    for (const id of ['penalty_publication', 'permit_publication', 'other_decision_publication']) {
      expect(ruleById(id).source.law).toBe('国办发〔2018〕118号');
    }
    expect(ruleById('legal_review').confidence).toBe('L');
  });

  it('has 14 rules with unique ids and names', () => {
    expect(rules).toHaveLength(14);
    expect(new Set(rules.map((r) => r.id)).size).toBe(14);
  });

  it('refuses malformed rule data', () => {
    const one = ruleById('service');
    expect(() => buildRules({ rules: [one, one] })).toThrow(/重复/);
    expect(() => buildRules({ rules: [{ ...one, period: { unit: 'weeks', amount: 1 } }] })).toThrow(RuleDataError);
    expect(() => buildRules({ rules: [] })).toThrow(RuleDataError);
    expect(() => buildRules({ rules: [{ ...one, overrideMax: 3 }] })).toThrow(/overrideMax/);
  });
});

describe('every rule computes a hand-checked date', () => {
  it.each([
    // 2026-07-05 + 90 days = 10/3 (国庆) → 10/8
    ['办案期限', '2026-07-05', '2026-10-08', '星期四'],
    // see count.test.ts: 9/29, 9/30, 10/8, 10/9, 10/10 (调休), 10/12, 10/13
    ['处罚决定公开', '2026-09-28', '2026-10-13', '星期二'],
    // 2/13, 2/14 (调休), 2/24–2/27, 2/28 (调休)
    ['许可决定公开', '2026-02-12', '2026-02-28', '星期六'],
    ['其他决定公开', '2026-09-21', '2026-10-26', '星期一'],
    // the same 20 working days, counted from the day the inspection ended
    ['抽查结果公示', '2026-09-21', '2026-10-26', '星期一'],
    // 10/1–10/8 off; 10/9, 10/10, 10/11 (调休 Saturday)
    ['撤回公开', '2025-09-30', '2025-10-11', '星期六'],
    // 1/28–2/4 off; 2/5, 2/6, 2/7, 2/8 (调休), 2/10
    ['听证申请', '2025-01-27', '2025-02-10', '星期一'],
    // 5/1–5/5 off; 5/6–5/9, 5/12–5/14
    ['送达', '2025-04-30', '2025-05-14', '星期三'],
    // 9/23 + 15 = 10/8 (off) → 10/9
    ['缴纳罚款', '2025-09-23', '2025-10-09', '星期四'],
    // 8/31 + 6 months → no 2/31 → 2/28, a 调休 working Saturday
    ['起诉期限', '2025-08-31', '2026-02-28', '星期六'],
    // 2025-12-18 + 60 = 2/16 (春节) → 2/24
    ['复议期限', '2025-12-18', '2026-02-24', '星期二'],
    // 9/19 Sat off, 9/20 Sun worked (1), 9/21–9/24 (2–5)
    ['法制审核时限', '2026-09-18', '2026-09-24', '星期四'],
    // 11/1 − 30 = 10/2 (国庆) → 9/30
    ['证件到期提醒', '2026-11-01', '2026-09-30', '星期三'],
    // 2025 statistics → 2026-01-31 (Saturday, kept)
    ['年度统计公开', '2025-03-15', '2026-01-31', '星期六'],
  ])('%s from %s → %s %s', (name, start, due, weekday) => {
    const r = computeDeadline(ruleByName(name), start, cal);
    expect(r.dueDate).toBe(due);
    expect(r.weekday).toBe(weekday);
    expect(r.provisional).toBe(false);
    expect(r.provisionalReason).toBeUndefined();
    expect(r.source.length).toBeGreaterThan(0);
    expect(r.explanation.length).toBeGreaterThan(1);
    expect(r.explanation).toEqual(r.steps.map((s) => s.text));
  });

  it('result carries rule, source and explanation', () => {
    const r = computeDeadline(ruleByName('处罚决定公开'), '2026-09-28', cal);
    expect(r).toMatchObject({
      ruleId: 'penalty_publication',
      ruleName: '处罚决定公开',
      startDate: '2026-09-28',
      dueDate: '2026-10-13',
      weekday: '星期二',
      period: '7个工作日',
      provisional: false,
    });
    expect(r.source).toContain('国办发〔2018〕118号');
    expect(r.explanation[0]).toBe('起算日：2026-09-28（星期一），即作出行政处罚决定之日；当日不计入，自次日起算');
    expect(r.explanation).toContain('2026-10-01 至 2026-10-07 国庆节放假，不计');
    expect(r.explanation).toContain('2026-10-10（星期六）调休上班（国庆节），计入，为第5个工作日');
  });

  it('年度统计公开 on a rest day suggests the previous working day', () => {
    const r = computeDeadline(ruleByName('年度统计公开'), '2024-01-01', cal);
    expect(r.dueDate).toBe('2025-01-31');
    expect(r.suggestedDate).toBe('2025-01-27');
    expect(r.explanation.join('\n')).toContain('不顺延');
  });
});

describe('provisional results', () => {
  it('a 2030 date is counted with weekends only and flagged', () => {
    // 2030-01-01 Tue → 1/2–1/4 (1–3), 1/5–1/6 weekend, 1/7–1/10 (4–7)
    const r = computeDeadline(ruleByName('处罚决定公开'), '2030-01-01', cal);
    expect(r.dueDate).toBe('2030-01-10');
    expect(r.provisional).toBe(true);
    expect(r.provisionalReason).toContain('2030年');
  });

  it('a period that crosses into an unloaded year is flagged; one that stays in 2026 is not', () => {
    expect(computeDeadline(ruleByName('其他决定公开'), '2026-12-10', cal).provisional).toBe(true);
    expect(computeDeadline(ruleByName('处罚决定公开'), '2026-12-14', cal)).toMatchObject({
      dueDate: '2026-12-23',
      provisional: false,
    });
    // 2026-12-21 Mon → 22, 23, 24, 25 (1–4), 26–27 weekend, 28, 29, 30 (5–7): late December waits for 2027's notice
    const late = computeDeadline(ruleByName('处罚决定公开'), '2026-12-21', cal);
    expect(late).toMatchObject({ dueDate: '2026-12-30', provisional: true });
    expect(late.provisionalReason).toContain('2027年');
  });

  it('a calendar-day period ending in an unloaded year is flagged', () => {
    const r = computeDeadline(ruleByName('复议期限'), '2026-12-01', cal);
    expect(r.dueDate).toBe('2027-02-01'); // 1/30 Sat → 2/1 Mon, weekends only
    expect(r.provisional).toBe(true);
  });

  it('年度统计公开 for 2026: the date is fixed but its rest-day status is provisional', () => {
    const r = computeDeadline(ruleByName('年度统计公开'), '2026-05-01', cal);
    expect(r.dueDate).toBe('2027-01-31');
    expect(r.suggestedDate).toBe('2027-01-29');
    expect(r.provisional).toBe(true);
    expect(r.provisionalReason).toContain('固定日期');
  });

  it('everything is provisional on an empty calendar', () => {
    const r = computeDeadline(ruleByName('处罚决定公开'), '2026-09-28', emptyCalendar());
    expect(r.provisional).toBe(true);
    expect(r.dueDate).toBe('2026-10-07'); // weekends only: 9/29–10/2 (1–4), 10/5–10/7 (5–7)
  });
});

describe('rule lookup by Chinese name', () => {
  it('exact, tolerant of surrounding spaces', () => {
    expect(findRuleByName(rules, '送达')?.id).toBe('service');
    expect(findRuleByName(rules, '  送达 ')?.id).toBe('service');
    expect(findRuleByName(rules, '\u3000起诉期限\u3000')?.id).toBe('lawsuit');
    expect(findRuleByName(rules, '送 达')).toBeUndefined();
    expect(findRuleByName(rules, '公开')).toBeUndefined();
  });

  it('lists the names', () => {
    expect(ruleNames(rules)).toContain('年度统计公开');
    expect(ruleNames(rules)).toHaveLength(14);
  });
});

describe('bureau overrides', () => {
  it('changes an overridable period and records it', () => {
    const changed = applyOverrides(rules, { legal_review: { amount: 10, source: '市场监督管理行政处罚程序规定' } });
    const r = changed.find((x) => x.id === 'legal_review');
    expect(r?.period).toEqual({ unit: 'working_days', amount: 10 });
    expect(r?.overridden).toEqual({ originalAmount: 5, source: '市场监督管理行政处罚程序规定' });
    expect(ruleById('legal_review').period).toEqual({ unit: 'working_days', amount: 5 }); // original untouched
    const result = computeDeadline(r!, '2026-09-18', cal);
    // 9/20 (调休), 9/21–24, 9/28–30 (6–8), 10/8, 10/9 (9–10)
    expect(result.dueDate).toBe('2026-10-09');
    expect(result.source).toContain('本局覆盖为10个工作日');
  });

  it('allows shortening a 118号 publication period, never lengthening it', () => {
    expect(applyOverrides(rules, { penalty_publication: { amount: 5 } }).find((r) => r.id === 'penalty_publication')?.period)
      .toEqual({ unit: 'working_days', amount: 5 });
    expect(() => applyOverrides(rules, { penalty_publication: { amount: 10 } })).toThrow(/只能缩短/);
  });

  it('refuses overrides of statutory periods', () => {
    for (const id of ['fine_payment', 'hearing_request', 'service', 'publication_withdrawal', 'lawsuit', 'admin_review', 'annual_statistics_publication']) {
      expect(() => applyOverrides(rules, { [id]: { amount: 30 } })).toThrow(RuleOverrideError);
    }
  });

  it('needs a legal source to change 办案期限', () => {
    expect(() => applyOverrides(rules, { case_time_limit: { amount: 120 } })).toThrow(/source/);
    const r = applyOverrides(rules, { case_time_limit: { amount: 120, source: '某部门规章第X条' } });
    expect(r.find((x) => x.id === 'case_time_limit')?.period).toEqual({ unit: 'calendar_days', amount: 120 });
  });

  it('refuses unknown ids and bad amounts, listing every problem', () => {
    try {
      applyOverrides(rules, { nope: { amount: 3 }, legal_review: { amount: 0 }, fine_payment: { amount: 20 } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(RuleOverrideError);
      expect((err as RuleOverrideError).problems).toHaveLength(3);
    }
    expect(() => applyOverrides(rules, { legal_review: { amount: 2.5 } })).toThrow(RuleOverrideError);
  });

  it('loadRules applies overrides from options and from a file', () => {
    expect(loadRules()).toBe(loadRules());
    expect(loadRules({ overrides: { legal_review: { amount: 8 } } }).find((r) => r.id === 'legal_review')?.period).toEqual({
      unit: 'working_days',
      amount: 8,
    });
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const file = join(dir, 'overrides.json');
    writeFileSync(file, JSON.stringify({ certificate_expiry_reminder: { amount: 60 } }));
    expect(loadRules({ overridesPath: file }).find((r) => r.id === 'certificate_expiry_reminder')?.period).toEqual({
      unit: 'days_before',
      amount: 60,
    });
    writeFileSync(file, JSON.stringify({ fine_payment: { amount: 60 } }));
    expect(() => loadRules({ overridesPath: file })).toThrow(RuleOverrideError);
  });
});
