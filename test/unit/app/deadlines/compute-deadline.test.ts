/** 算期限 <规则> <起算日>: the due date on the official calendar, with its legal source. */
import { describe, expect, it } from 'vitest';
import { runJob } from '../../../../functions/app/jobs.ts';
import { messageJob, PEOPLE, textOf, useWorker } from '../harness.ts';

describe('Command: 算期限', () => {
  const h = useWorker();

  it('answers with the due date, its weekday, the legal source and the days skipped', async () => {
    await runJob(messageJob(h(), { from: PEOPLE.sun.openId, text: '算期限 处罚决定公开 2026-09-28' }), h().s);
    const text = textOf(h().sent()[0]);
    expect(text).toContain('2026-10-13（星期二）');
    expect(text).toContain('国办发〔2018〕118号');
    expect(text).toContain('国庆节放假，不计');
  });

  it('lists the rules for a rule it does not know, and shows an example for a bad date', async () => {
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, text: '算期限 不存在的规则 2026-09-28' }), h().s);
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, text: '算期限 处罚决定公开 明天' }), h().s);
    const [rule, date] = h().sent().map(textOf);
    expect(rule).toContain('处罚决定公开');
    expect(date).toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
