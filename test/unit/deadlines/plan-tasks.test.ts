import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPlanTasks } from '../../../functions/adapters/calendar/index.ts';
import {
  PlanTaskError,
  buildPlanTasks,
  overduePlanTasks,
  parseTimeLimit,
} from '../../../functions/domain/deadlines/index.ts';

describe('parseTimeLimit', () => {
  it.each([
    ['2020年6月底前', '2020-06-30'],
    ['2020年2月底前', '2020-02-29'], // leap year
    ['2021年2月底前', '2021-02-28'],
    ['2020年12月底前', '2020-12-31'],
    ['2020年6月30日前', '2020-06-30'],
    ['2020年6月1日前', '2020-06-01'],
    ['2020年底前', '2020-12-31'],
    ['２０２０年６月底前', '2020-06-30'],
  ])('%s → %s', (text, deadline) => {
    expect(parseTimeLimit(text)).toEqual({ kind: 'dated', deadline, text });
  });

  it('长期执行 is ongoing', () => {
    expect(parseTimeLimit('长期执行')).toEqual({ kind: 'ongoing', text: '长期执行' });
  });

  it.each(['尽快', '2020年13月底前', '2020年2月30日前', '', '6月底前', '2020年上半年'])('rejects %j', (text) => {
    expect(parseTimeLimit(text)).toBeNull();
  });
});

describe('buildPlanTasks', () => {
  const task = {
    id: 'x-1',
    system: '全面落实行政执法公示制度',
    seq: 1,
    task: '加强事前公开',
    measure: '编制清单。',
    requirement: '要求。',
    responsible: '办公室',
    timeLimit: '尽快完成',
  };

  it('names the task whose time limit cannot be read', () => {
    expect(() => buildPlanTasks({ tasks: [task] })).toThrow(PlanTaskError);
    expect(() => buildPlanTasks({ tasks: [task] })).toThrow(/任务 x-1（加强事前公开：编制清单。）的完成时限“尽快完成”无法识别/);
  });

  it('refuses bad shapes and duplicate ids', () => {
    expect(() => buildPlanTasks({ tasks: [{ ...task, responsible: '' }] })).toThrow(PlanTaskError);
    const ok = { ...task, timeLimit: '长期执行' };
    expect(() => buildPlanTasks({ tasks: [ok, ok] })).toThrow(/重复/);
  });
});

describe('data/plan-tasks.json (the seed plan’s 任务分解表)', () => {
  const tasks = loadPlanTasks();

  it('has the 19 rows, 7 dated (2020-06-30) and 12 ongoing', () => {
    expect(tasks).toHaveLength(19);
    const dated = tasks.filter((t) => t.limit.kind === 'dated');
    expect(dated).toHaveLength(7);
    for (const t of dated) expect(t.limit).toEqual({ kind: 'dated', deadline: '2020-06-30', text: '2020年6月底前' });
    expect(tasks.filter((t) => t.limit.kind === 'ongoing')).toHaveLength(12);
  });

  it('keeps the fields as written', () => {
    expect(tasks[0]).toMatchObject({
      id: '1-1-1',
      system: '全面落实行政执法公示制度',
      task: '加强事前公开',
      measure: '编制、公示《行政执法事项清单》。',
      responsible: '各执法科室',
      timeLimit: '2020年6月底前',
    });
    const av = tasks.find((t) => t.measure === '配备音像记录设备。');
    expect(av).toMatchObject({ system: '全面落实行政执法全过程记录制度', task: '推行音像记录', timeLimit: '2020年6月底前' });
    expect(tasks.find((t) => t.measure === '公布“双随机”抽查情况及查处结果。')?.responsible).toBe('办公室');
    expect(new Set(tasks.map((t) => t.responsible))).toEqual(new Set(['各执法科室', '办公室', '行政审批科']));
  });

  it('overdue dated tasks (ongoing never are)', () => {
    expect(overduePlanTasks(tasks, '2020-06-30')).toHaveLength(0);
    expect(overduePlanTasks(tasks, '2020-07-01')).toHaveLength(7);
  });

  // The seed plan is kept in the repository (data/seed/) so this check always runs.
  const seed = new URL('../../../data/seed/ganzi-three-systems-plan-2021.txt', import.meta.url);
  it('matches the seed table row by row', () => {
    const text = readFileSync(seed, 'utf8');
    const table = text.slice(text.lastIndexOf('全面落实行政执法三项制度任务分解表'));
    const rows = table
      .split('\n')
      .map((l) => l.split('\t'))
      .filter((c) => c.length === 6 && c[0] !== '序号' && c[2] !== ''); // drop header and section-title rows
    expect(rows).toHaveLength(tasks.length);
    rows.forEach((c, i) => {
      const t = tasks[i]!;
      expect([t.measure, t.requirement, t.responsible, t.timeLimit]).toEqual([c[2], c[3], c[4], c[5]]);
      if (c[1] !== '') expect(t.task).toBe(c[1]);
    });
  });
});
