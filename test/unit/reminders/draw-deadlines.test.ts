import { describe, expect, it } from 'vitest';
import type { InspectionResult, InspectionTask } from '../../../functions/domain/draw/inspection.ts';
import { applyOverrides } from '../../../functions/domain/deadlines/index.ts';
import {
  type DrawDeadlineFacts,
  deadlinesForPerson,
  drawTaskDeadlines,
  resolveRecipients,
} from '../../../functions/domain/reminders/index.ts';
import type { Person } from '../../../functions/domain/roster/types.ts';
import { cal, config, rules } from './helpers.ts';

const DRAW = 'D20260302-1a2b3c4d5e6f';
const A = '91513300000000001A';
const B = '91513300000000002B';
const ctx = (today: string, r = rules) => ({ today, calendar: cal, rules: r });

const inspector = (openId: string, name: string) => ({ openId, name, certificateNumber: `62000${openId.length}` });
const result = (endedOn: string, publishedOn?: string): InspectionResult => ({
  outcome: 'no_problem',
  recordedBy: { openId: 'ou_zhang', name: '张三' },
  recordedAt: `${endedOn}T02:00:00.000Z`,
  endedOn,
  publishBy: '2099-01-01', // as stored at the time; the engine recounts it
  publishSource: 'x',
  ...(publishedOn ? { publishedOn } : {}),
});
const task = (creditCode: string, over: Partial<InspectionTask> = {}): DrawDeadlineFacts['tasks'][number] => ({
  creditCode,
  name: creditCode === A ? '甘孜州企业甲有限公司' : '甘孜州企业乙有限公司',
  deadline: '2026-03-31',
  status: 'open',
  inspectors: [inspector('ou_zhang', '张三'), inspector('ou_li', '李四')],
  ...over,
});
const facts = (tasks: DrawDeadlineFacts['tasks']): DrawDeadlineFacts => ({
  drawId: DRAW,
  planId: '2026年第一季度安全生产抽查',
  listItem: '工业企业安全生产检查',
  organiserOpenId: 'ou_wu',
  tasks,
});
const brief = (l: ReturnType<typeof drawTaskDeadlines>) => l.deadlines.map((d) => [d.id, d.dueDate, d.status, d.people]);

describe('drawTaskDeadlines: a drawn target’s inspection and its result’s publication', () => {
  it('one inspection deadline per open task: due on the plan’s date (fixed, even on a rest day), to its inspectors, naming target and draw', () => {
    const l = drawTaskDeadlines(facts([task(A), task(B, { deadline: '2026-04-05', inspectors: [inspector('ou_chen', '陈七'), inspector('ou_li', '李四')] })]), ctx('2026-03-02'));
    expect(brief(l)).toEqual([
      [`draw.${DRAW}.${A}.inspection`, '2026-03-31', 'open', ['ou_zhang', 'ou_li']],
      // 2026-04-05 is 清明节: a fixed date is not rolled (the reminders move before it, never after).
      [`draw.${DRAW}.${B}.inspection`, '2026-04-05', 'open', ['ou_chen', 'ou_li']],
    ]);
    const d = l.deadlines[0]!;
    expect(d).toMatchObject({ kind: 'inspection_task', ruleId: null, weekday: '星期二', provisional: false, obligor: 'bureau', statusText: '未到期' });
    expect(d.subject).toEqual({ type: 'draw_task', drawId: DRAW, planId: '2026年第一季度安全生产抽查', creditCode: A, targetName: '甘孜州企业甲有限公司' });
    expect(d.what).toContain('甘孜州企业甲有限公司');
    expect(d.what).toContain(A);
    expect(d.what).toContain(DRAW);
    expect(d.source).toContain('2026年第一季度安全生产抽查');
    expect(l.lapsed).toEqual([]);
    expect(l.pending).toEqual([]);
  });

  it('overdue after the plan’s date; due today on it', () => {
    expect(drawTaskDeadlines(facts([task(A)]), ctx('2026-03-31')).deadlines[0]).toMatchObject({ status: 'open', statusText: '今日到期' });
    expect(drawTaskDeadlines(facts([task(A)]), ctx('2026-04-01')).deadlines[0]).toMatchObject({ status: 'overdue', statusText: '已逾期' });
  });

  it('a recorded result meets the inspection (late after the date) and starts the publication duty, counted by the engine in working days', () => {
    const l = drawTaskDeadlines(facts([task(A, { status: 'done', result: result('2026-04-02') }), task(B)]), ctx('2026-04-02'));
    const inspection = l.deadlines.find((d) => d.id === `draw.${DRAW}.${A}.inspection`);
    expect(inspection).toMatchObject({ status: 'met', metOn: '2026-04-02', late: true, statusText: '已完成（逾期）' });
    const pub = l.deadlines.find((d) => d.id === `draw.${DRAW}.${A}.result_publication`)!;
    // 20 working days after Thursday 2 April, over 清明 (4–6 April) and 劳动节 (1–5 May): 3 April is the
    // first, 30 April the 19th, Wednesday 6 May the 20th.
    expect(pub).toMatchObject({
      kind: 'inspection_result_publication',
      ruleId: 'inspection_result_publication',
      ruleName: '抽查结果公示',
      startDate: '2026-04-02',
      dueDate: '2026-05-06',
      status: 'open',
      people: ['ou_wu'],
    });
    expect(pub.what).toContain('甘孜州企业甲有限公司');
    expect(pub.what).toContain(DRAW);
    expect(pub.source).toContain('国办发〔2015〕58号');
    // B has no result: no publication duty yet.
    expect(l.deadlines.filter((d) => d.kind === 'inspection_result_publication')).toHaveLength(1);
  });

  it('the publication duty spans holidays and 调休 Saturdays: 国庆 and 春节', () => {
    const due = (endedOn: string) =>
      drawTaskDeadlines(facts([task(A, { status: 'done', result: result(endedOn) })]), ctx(endedOn)).deadlines.find((d) => d.kind === 'inspection_result_publication')!.dueDate;
    // Thu 24 Sep: 中秋 25–27 Sep, 国庆 1–7 Oct, Saturday 10 Oct is a working day → 29 Oct (weekends only would give 22 Oct).
    expect(due('2026-09-24')).toBe('2026-10-29');
    // Fri 13 Feb: Saturday 14 Feb works, 春节 15–23 Feb, Saturday 28 Feb works → 19 Mar.
    expect(due('2026-02-13')).toBe('2026-03-19');
  });

  it('follows a bureau’s shorter override of the rule: never a hard-coded 20', () => {
    const shorter = applyOverrides(rules, { inspection_result_publication: { amount: 10, source: '本局双随机实施细则' } });
    const l = drawTaskDeadlines(facts([task(A, { status: 'done', result: result('2026-04-02') })]), ctx('2026-04-02', shorter));
    expect(l.deadlines.find((d) => d.kind === 'inspection_result_publication')?.dueDate).toBe('2026-04-17');
  });

  it('publication on the site meets the duty (late when after its due date)', () => {
    const on = drawTaskDeadlines(facts([task(A, { status: 'done', result: result('2026-04-02', '2026-04-02') })]), ctx('2026-04-03'));
    expect(on.deadlines.find((d) => d.kind === 'inspection_result_publication')).toMatchObject({ status: 'met', metOn: '2026-04-02', late: false, statusText: '已完成' });
    const late = drawTaskDeadlines(facts([task(A, { status: 'done', result: result('2026-04-02', '2026-05-07') })]), ctx('2026-05-07'));
    expect(late.deadlines.find((d) => d.kind === 'inspection_result_publication')).toMatchObject({ status: 'met', late: true });
  });

  it('a target struck off by an approved exception, and every open task of a superseded draw, lapse: no deadline, a reason', () => {
    const l = drawTaskDeadlines(facts([task(A, { status: 'removed' }), task(B, { status: 'superseded' })]), ctx('2026-03-10'));
    expect(l.deadlines).toEqual([]);
    expect(l.lapsed.map((x) => [x.id, x.kind, x.reason])).toEqual([
      [`draw.${DRAW}.${A}.inspection`, 'inspection_task', '经批准的例外已将该检查对象移出抽取结果，检查任务取消'],
      [`draw.${DRAW}.${B}.inspection`, 'inspection_task', '该次抽取已被重新抽取取代，检查任务取消'],
    ]);
  });

  it('a result recorded before the draw was superseded is still owed to the public', () => {
    // A done task keeps its status when the draw is superseded (only open ones are cancelled).
    const l = drawTaskDeadlines(facts([task(A, { status: 'done', result: result('2026-03-05') }), task(B, { status: 'superseded' })]), ctx('2026-03-10'));
    expect(brief(l)).toEqual([
      [`draw.${DRAW}.${A}.inspection`, '2026-03-31', 'met', ['ou_zhang', 'ou_li']],
      // 20 working days after Thursday 5 March.
      [`draw.${DRAW}.${A}.result_publication`, '2026-04-02', 'open', ['ou_wu']],
    ]);
  });

  it('an approved recusal’s replacement takes over the task: the deadline goes to the new team, same id', () => {
    const before = drawTaskDeadlines(facts([task(A)]), ctx('2026-03-02')).deadlines[0]!;
    const after = drawTaskDeadlines(facts([task(A, { inspectors: [inspector('ou_chen', '陈七'), inspector('ou_li', '李四')] })]), ctx('2026-03-02')).deadlines[0]!;
    expect(after.id).toBe(before.id);
    expect(after.people).toEqual(['ou_chen', 'ou_li']);
    const roster: Person[] = [
      { openId: 'ou_zhang', name: '张三', department: '执法一科', roles: ['officer'], certificate: null },
      { openId: 'ou_li', name: '李四', department: '执法一科', roles: ['officer'], certificate: null },
      { openId: 'ou_chen', name: '陈七', department: '执法二科', roles: ['officer'], certificate: null },
      { openId: 'ou_sun', name: '孙八', department: '办公室', roles: ['office'], certificate: null },
      { openId: 'ou_wu', name: '吴九', department: '执法一科', roles: ['section_head'], certificate: null },
    ];
    // The reminder goes to the team as it is now; 我的期限 lists it for them and not for the one who stood down.
    expect(resolveRecipients(after, config.kinds.inspection_task.audience, roster, config).openIds).toEqual(['ou_li', 'ou_chen']);
    expect(deadlinesForPerson([after], roster[2]!, config)).toHaveLength(1);
    expect(deadlinesForPerson([after], roster[0]!, config)).toHaveLength(0);
    // The publication reminder: the organiser and the office.
    const pub = drawTaskDeadlines(facts([task(A, { status: 'done', result: result('2026-03-05') })]), ctx('2026-03-05')).deadlines.find((d) => d.kind === 'inspection_result_publication')!;
    expect(resolveRecipients(pub, config.kinds.inspection_result_publication.audience, roster, config).openIds).toEqual(['ou_wu', 'ou_sun']);
  });

  it('a task without an inspector reachable (no open_id) still has its deadline; the reminder falls back to 行政审批科', () => {
    const l = drawTaskDeadlines(facts([task(A, { inspectors: [{ openId: '', name: '某', certificateNumber: '1' }] })]), ctx('2026-03-02'));
    expect(l.deadlines[0]?.people).toEqual([]);
    const admin: Person = { openId: 'ou_zhao', name: '赵六', department: '行政审批科', roles: ['admin'], certificate: null };
    expect(resolveRecipients(l.deadlines[0]!, config.kinds.inspection_task.audience, [admin], config)).toMatchObject({ openIds: ['ou_zhao'], usedFallback: true });
  });
});
