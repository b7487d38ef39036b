import { describe, expect, it } from 'vitest';
import {
  QUERY_EXAMPLE,
  answerDeadlineQuery,
  computeDeadline,
  formatDeadlineAnswer,
  formatDeadlineHeadline,
  parseDeadlineQuery,
} from '../../../functions/domain/deadlines/index.ts';
import { cal, ruleByName, rules } from './helpers.ts';

describe('算期限 answers', () => {
  it('answers 处罚决定公开 2026-09-28 with date, weekday, source and the skipped days', () => {
    const a = answerDeadlineQuery('处罚决定公开 2026-09-28', cal, rules);
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    expect(a.result.dueDate).toBe('2026-10-13');
    const lines = a.text.split('\n');
    expect(lines[0]).toBe('【处罚决定公开】期限届满日：2026-10-13（星期二）');
    expect(a.text).toContain('依据：国办发〔2018〕118号');
    expect(a.text).toContain('期间：7个工作日，自作出行政处罚决定之日起算（由本机关履行）');
    expect(a.text).toContain('· 2026-10-01 至 2026-10-07 国庆节放假，不计');
    expect(a.text).toContain('· 2026-10-10（星期六）调休上班（国庆节），计入，为第5个工作日');
    expect(a.text).not.toContain('推算');
  });

  it.each([
    '处罚决定公开 2026-9-28',
    '处罚决定公开 2026/09/28',
    '处罚决定公开 2026年9月28日',
    '  处罚决定公开   2026-09-28  ',
    '处罚决定公开\u30002026-09-28',
    '处罚决定公开 ２０２６－０９－２８',
    '处罚决定公开2026-09-28',
    '算期限 处罚决定公开 2026-09-28',
  ])('accepts %j', (args) => {
    const a = answerDeadlineQuery(args, cal, rules);
    expect(a.ok && a.result.dueDate).toBe('2026-10-13');
  });

  it('an unknown rule gets the list of names', () => {
    const a = answerDeadlineQuery('罚款期限 2026-09-28', cal, rules);
    expect(a).toMatchObject({ ok: false, reason: 'unknown_rule' });
    expect(a.text).toContain('没有名为“罚款期限”的期限规则');
    for (const r of rules) expect(a.text).toContain(r.name);
  });

  it('a missing date gets an example', () => {
    const a = answerDeadlineQuery('处罚决定公开', cal, rules);
    expect(a).toMatchObject({ ok: false, reason: 'missing_date' });
    expect(a.text).toContain(QUERY_EXAMPLE);
  });

  it.each(['2026-02-30', '明天', '9月28日', '0226-09-28', '2026-09'])('a bad date (%s) gets an example', (d) => {
    const a = answerDeadlineQuery(`处罚决定公开 ${d}`, cal, rules);
    expect(a).toMatchObject({ ok: false, reason: 'bad_date' });
    expect(a.text).toContain('算期限 处罚决定公开 2026-09-28');
  });

  it('empty input gets usage and names', () => {
    const a = answerDeadlineQuery('   ', cal, rules);
    expect(a).toMatchObject({ ok: false, reason: 'empty' });
    expect(a.text).toContain('用法');
    expect(a.text).toContain('年度统计公开');
  });

  it('年度统计公开 also takes a bare year', () => {
    for (const y of ['2025', '2025年', '2025年度', '2025-06-30']) {
      const a = answerDeadlineQuery(`年度统计公开 ${y}`, cal, rules);
      expect(a.ok && a.result.dueDate).toBe('2026-01-31');
    }
    const a = answerDeadlineQuery('年度统计公开 2025', cal, rules);
    expect(a.text).toContain('截止日期：2026-01-31（星期六）');
    expect(a.text).toContain('建议在 2026-01-30（星期五）前完成');
    // a bare year is not a date for other rules
    expect(answerDeadlineQuery('处罚决定公开 2025', cal, rules)).toMatchObject({ ok: false, reason: 'bad_date' });
  });

  it('a provisional answer says so', () => {
    const a = answerDeadlineQuery('处罚决定公开 2030-01-01', cal, rules);
    expect(a.ok).toBe(true);
    expect(a.text.split('\n')[1]).toMatch(/^⚠ 推算结果：2030年/);
  });

  it('reminders read 提醒日 and count backwards', () => {
    const a = answerDeadlineQuery('证件到期提醒 2026-11-01', cal, rules);
    expect(a.text.split('\n')[0]).toBe('【证件到期提醒】提醒日：2026-09-30（星期三）');
    expect(a.text).toContain('以行政执法证件有效期截止日为准向前推算');
  });

  it('parseDeadlineQuery separates rule and date', () => {
    expect(parseDeadlineQuery('送达 2026-01-05', rules)).toMatchObject({ ok: true, startDate: '2026-01-05' });
    expect(parseDeadlineQuery('送达 x y', rules)).toMatchObject({ ok: false, reason: 'unknown_rule', ruleText: '送达 x' });
  });

  it('headline and full formatter', () => {
    const r = computeDeadline(ruleByName('缴纳罚款'), '2025-09-23', cal);
    expect(formatDeadlineHeadline(r)).toBe('缴纳罚款：期限届满日 2025-10-09（星期四）');
    const text = formatDeadlineAnswer(r);
    expect(text).toContain('由当事人履行');
    expect(text).toContain('2025-10-08（星期三）国庆节放假，期间最后一日为休息日');
    expect(text).toContain('顺延至休息日后的第一个工作日 2025-10-09（星期四）');
  });
});
