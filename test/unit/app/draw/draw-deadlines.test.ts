/**
 * A draw's tracked deadlines, kept by its job (draw.run runs `deadlines.sync` of `draw:<id>` inline):
 * each task's inspection is reminded to its inspectors with the task card itself; a recorded result
 * meets it (and its publication, made at once by the job, meets the result's duty); an approved
 * strike-off ends it; 我的期限 lists it; the daily refresh covers open draws.
 */
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { refreshDeadlines } from '../../../../functions/app/deadlines/reminders.ts';
import { syncDeadlines } from '../../../../functions/app/deadlines/sync.ts';
import { runJob, type Job } from '../../../../functions/app/jobs.ts';
import { cardText, messageJob, PEOPLE, tap, useWorker, type WorkerHarness } from '../harness.ts';
import { drawn, runDraw as run } from './helpers.ts';

const act = (h: WorkerHarness, by: string, value: Record<string, unknown>, formValue?: Record<string, unknown>) =>
  handleCardAction(tap({ by, value, ...(formValue ? { formValue } : {}) }), h.s);

const schedulesOf = (h: WorkerHarness, deadlineId: string) => [...h.scheduler.schedules.values()].filter((s) => s.payload.deadlineId === deadlineId);

describe('Job: draw.run keeps the draw’s deadlines', () => {
  const h = useWorker();

  it('a revealed draw: one tracked inspection deadline per task, due on the plan’s date, with its reminder schedules', async () => {
    const drawId = await drawn(h());
    const tasks = await h().draws.tasks(drawId);
    const stored = await h().deadlines.list(`draw:${drawId}`);
    expect(stored.map((d) => [d.deadline.id, d.deadline.kind, d.deadline.dueDate, d.deadline.status]).sort()).toEqual(
      tasks.map((t) => [`draw.${drawId}.${t.creditCode}.inspection`, 'inspection_task', '2026-03-31', 'open']).sort(),
    );
    for (const t of tasks) {
      const id = `draw.${drawId}.${t.creditCode}.inspection`;
      const d = stored.find((x) => x.deadline.id === id)!;
      expect(d.deadline.people).toEqual(t.inspectors.map((i) => i.openId));
      // 届满前7日 (Tue 24 Mar), 届满前1个工作日 (Mon 30 Mar), 届满当日 (Tue 31 Mar), 逾期报负责人 (Wed 1 Apr), at 09:00.
      expect(schedulesOf(h(), id).map((s) => [s.payload.pointId, s.expression]).sort()).toEqual([
        ['d0', 'at(2026-03-31T09:00:00)'],
        ['d7', 'at(2026-03-24T09:00:00)'],
        ['esc', 'at(2026-04-01T09:00:00)'],
        ['w1', 'at(2026-03-30T09:00:00)'],
      ]);
      expect(d.schedules.map((s) => s.name).sort()).toEqual(schedulesOf(h(), id).map((s) => s.name).sort());
    }
    // In the due-date index, for 我的期限 and the reconciliation.
    expect((await h().deadlines.dueBetween('2026-03-31', '2026-03-31')).map((d) => d.scope)).toEqual([`draw:${drawId}`, `draw:${drawId}`]);
    // A repeated job changes nothing.
    const calls = h().scheduler.calls.length;
    await run(h(), drawId);
    expect(h().scheduler.calls.length).toBe(calls);
  });

  it('recording a result removes that task’s schedules; its publication is made at once, so the result’s duty is met without reminders', async () => {
    const drawId = await drawn(h());
    const [done, other] = await h().draws.tasks(drawId);
    const doneId = `draw.${drawId}.${done!.creditCode}.inspection`;
    const otherId = `draw.${drawId}.${other!.creditCode}.inspection`;
    expect(schedulesOf(h(), doneId)).toHaveLength(4);
    await act(h(), done!.inspectors[0]!.openId, { action: 'inspection.record', draw_id: drawId, credit_code: done!.creditCode, outcome: 'no_problem' });
    await run(h(), drawId);
    expect(schedulesOf(h(), doneId)).toEqual([]);
    expect(schedulesOf(h(), otherId)).toHaveLength(4);
    const inspection = (await h().deadlines.get(`draw:${drawId}`, doneId))!;
    expect(inspection).toMatchObject({ ended: false, schedules: [] });
    expect(inspection.deadline).toMatchObject({ status: 'met', metOn: '2026-03-02' });
    const publication = (await h().deadlines.get(`draw:${drawId}`, `draw.${drawId}.${done!.creditCode}.result_publication`))!;
    // 20 working days after Monday 2 March (the engine's rule), met the same day by the page.
    expect(publication.deadline).toMatchObject({ kind: 'inspection_result_publication', dueDate: '2026-03-30', status: 'met', metOn: '2026-03-02', people: [PEOPLE.wu.openId] });
    expect(publication.schedules).toEqual([]);
    expect((await h().deadlines.dueBetween('2026-01-01', '2026-12-31')).map((d) => d.deadline.id)).toEqual([otherId]);
  });

  it('a result the site has not taken yet stays owed: its publication deadline is open, with reminders to the organiser and the office', async () => {
    const drawId = await drawn(h());
    const [t] = await h().draws.tasks(drawId);
    await act(h(), t!.inspectors[0]!.openId, { action: 'inspection.record', draw_id: drawId, credit_code: t!.creditCode, outcome: 'rectification_ordered' });
    const failing = { ...h().s, site: Object.assign(Object.create(h().s.site) as WorkerHarness['s']['site'], { apply: async () => Promise.reject(new Error('site down')) }) };
    await expect(runJob({ kind: 'draw.run', drawId }, failing)).rejects.toThrow('site down');
    // The next worker run (the tick hands the owed work on) finds the site back: a plain sync first, as the nightly refresh would.
    await runJob({ kind: 'deadlines.sync', scope: 'draw', drawId }, h().s);
    const id = `draw.${drawId}.${t!.creditCode}.result_publication`;
    const open = (await h().deadlines.get(`draw:${drawId}`, id))!;
    expect(open.deadline).toMatchObject({ status: 'open', dueDate: '2026-03-30', people: [PEOPLE.wu.openId] });
    expect(schedulesOf(h(), id).map((s) => s.payload.pointId).sort()).toEqual(['d0', 'd7', 'esc', 'w1']);
    await run(h(), drawId);
    expect((await h().deadlines.get(`draw:${drawId}`, id))!.deadline.status).toBe('met');
    expect(schedulesOf(h(), id)).toEqual([]);
  });

  it('an approved strike-off ends the target’s deadline and removes its schedules', async () => {
    const drawId = await drawn(h());
    const [t] = await h().draws.tasks(drawId);
    const id = `draw.${drawId}.${t!.creditCode}.inspection`;
    await act(h(), t!.inspectors[0]!.openId, { action: 'draw.exception_request', draw_id: drawId, kind: 'struck_off', credit_code: t!.creditCode }, { reason: '该企业已于2026年2月注销' });
    await run(h(), drawId);
    // Requested only: the task stands.
    expect(schedulesOf(h(), id)).toHaveLength(4);
    const [e] = await h().draws.exceptions(drawId);
    await act(h(), PEOPLE.qian.openId, { action: 'draw.exception_decide', draw_id: drawId, exception_id: e!.id, decision: 'approve' }, {});
    await run(h(), drawId);
    expect((await h().draws.task(drawId, t!.creditCode))?.status).toBe('removed');
    expect((await h().deadlines.get(`draw:${drawId}`, id))?.ended).toBe(true);
    expect(schedulesOf(h(), id)).toEqual([]);
    expect((await h().deadlines.dueBetween('2026-01-01', '2026-12-31')).map((d) => d.deadline.id)).not.toContain(id);
  });

  it('a sync computed from tasks that changed meanwhile (two results recorded at once) is computed and written again', async () => {
    const drawId = await drawn(h());
    const [t] = await h().draws.tasks(drawId);
    let reads = 0;
    // Another inspector's result lands between this sync's read of the tasks and its write.
    const draws = Object.assign(Object.create(h().s.draws) as WorkerHarness['s']['draws'], {
      tasks: async (id: string) => {
        const read = await h().draws.tasks(id);
        if (++reads === 1) await act(h(), t!.inspectors[0]!.openId, { action: 'inspection.record', draw_id: drawId, credit_code: t!.creditCode, outcome: 'no_problem' });
        return read;
      },
    });
    await syncDeadlines(`draw:${drawId}`, { ...h().s, draws });
    const id = `draw.${drawId}.${t!.creditCode}.inspection`;
    expect((await h().deadlines.get(`draw:${drawId}`, id))!.deadline.status).toBe('met');
    expect(schedulesOf(h(), id)).toEqual([]);
    expect((await h().deadlines.get(`draw:${drawId}`, `draw.${drawId}.${t!.creditCode}.result_publication`))!.deadline.status).toBe('open');
  });

  it('the reminder is the task card: it names target and draw, and its button records the result', async () => {
    const drawId = await drawn(h());
    const [t] = await h().draws.tasks(drawId);
    const id = `draw.${drawId}.${t!.creditCode}.inspection`;
    const d7 = schedulesOf(h(), id).find((s) => s.payload.pointId === 'd7')!;
    h().sim.reset();
    const job: Job = { kind: 'reminder.send', at: '2026-03-24T01:00:00.000Z', scope: `draw:${drawId}`, ...d7.payload };
    delete (job as { v?: number }).v;
    await runJob(job, h().s);
    const sent = h().sent();
    expect(sent.map((m) => m.receive_id).sort()).toEqual(t!.inspectors.map((i) => i.openId).sort());
    const text = cardText(sent[0]);
    expect(text).toContain('期限提醒：双随机检查任务');
    expect(text).toContain('届满前7日');
    expect(text).toContain(t!.name);
    expect(text).toContain(t!.creditCode);
    expect(text).toContain(drawId);
    expect(text).toContain('还有 7 天');
    expect(text).toContain('"action":"inspection.record"');
    // Its button: the result is recorded, and the next job removes the remaining reminders.
    const button = JSON.parse(text.match(/\{"action":"inspection\.record"[^}]*\}/)![0]) as Record<string, unknown>;
    expect(button.outcome).toBe('no_problem');
    const res = await act(h(), t!.inspectors[1]!.openId, button);
    expect(res.toast?.type).toBe('success');
    await run(h(), drawId);
    expect(schedulesOf(h(), id)).toEqual([]);
    // A reminder still in flight for that task sends nothing.
    h().sim.reset();
    await runJob({ ...job, sendKey: `${id}#w1#2026-03-31`, pointId: 'w1' }, h().s);
    expect(h().sent()).toEqual([]);
  });

  it('when none of the task’s inspectors is on the roster any more, 行政审批科 gets the plain reminder with 查看抽取', async () => {
    const drawId = await drawn(h());
    const [t] = await h().draws.tasks(drawId);
    const d7 = schedulesOf(h(), `draw.${drawId}.${t!.creditCode}.inspection`).find((s) => s.payload.pointId === 'd7')!;
    const gone = new Set(t!.inspectors.map((i) => i.openId));
    await h().roster.replaceAll(Object.values(PEOPLE).filter((p) => !gone.has(p.openId)), '2026-03-20T02:00:00.000Z');
    h().sim.reset();
    const { v: _v, ...payload } = d7.payload;
    await runJob({ kind: 'reminder.send', at: '2026-03-24T01:00:00.000Z', scope: `draw:${drawId}`, ...payload }, h().s);
    const sent = h().sent();
    expect(sent.map((m) => m.receive_id)).toEqual([PEOPLE.zhao.openId]);
    expect(cardText(sent[0])).toContain('期限提醒：双随机抽查检查');
    expect(cardText(sent[0])).toContain('"action":"draw.show"');
    expect(cardText(sent[0])).not.toContain('inspection.record');
  });

  it('我的期限 lists an inspector’s tasks, naming target and draw', async () => {
    const drawId = await drawn(h());
    const [t] = await h().draws.tasks(drawId);
    const who = t!.inspectors[0]!.openId;
    await runJob(messageJob(h(), { from: who, text: '我的期限' }), h().s);
    const text = cardText(h().sent().at(-1));
    expect(text).toContain('双随机抽查检查');
    expect(text).toContain(t!.name);
    // Cards escape what they show (a hyphen as &#45;).
    expect(text).toContain(drawId.replace(/-/g, '&#45;'));
    expect(text).toContain('2026&#45;03&#45;31');
  });

  it('the daily refresh syncs the revealed draws whose tasks may still be open', async () => {
    const drawId = await drawn(h());
    const submitted: Job[] = [];
    const task = refreshDeadlines({ jobs: { submit: async (j: Job) => void submitted.push(j) }, draws: h().draws });
    expect(await task.run(new Date('2026-03-03T00:00:00.000Z'))).toEqual(['deadlines.sync certificates', 'deadlines.sync plan', `deadlines.sync draw:${drawId}`]);
    expect(submitted.at(-1)).toEqual({ kind: 'deadlines.sync', scope: 'draw', drawId });
    // 90 days after the plan’s deadline the draw is left alone.
    expect(await task.run(new Date('2026-06-30T00:00:00.000Z'))).toEqual(['deadlines.sync certificates', 'deadlines.sync plan']);
  });
});
