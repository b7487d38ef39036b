/**
 * Deadlines as stored items and their reminders: the sync job (schedules created, replaced, removed),
 * the fired schedule and the reconciliation run deciding the same way, the worker sending each
 * reminder once to the people it is for.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { syncDeadlinesJob } from '../../../../functions/app/deadlines/sync.ts';
import { scheduleName } from '../../../../functions/domain/reminders/ids.ts';
import { emptyReviewState, latestRound, requestReview } from '../../../../functions/domain/review/workflow.ts';
import { decideInMemory, decision } from '../../../helpers/decision.ts';
import { catalogue, EVIDENCE, proposalForm } from '../../review/helpers.ts';
import { cardText, NOW, PEOPLE, useWorker, type WorkerHarness } from '../harness.ts';
import { handleFiredReminder, reconcileReminders } from '../../../../functions/app/deadlines/reminders.ts';
import { fire, firedEvent, fireTime, HEAD, penaltyCase, reconcile, reminderCards, runSubmitted, scheduleOf } from './helpers.ts';

const worker = useWorker();
let h: WorkerHarness;
beforeEach(async () => {
  h = worker();
  await h.roster.replaceAll([...Object.values(PEOPLE), HEAD], NOW.toISOString());
});

const sync = (caseId: string) => syncDeadlinesJob.run({ scope: 'case', caseId }, h.s);
const limitId = (caseId: string) => `case.${caseId}.case_time_limit`;

describe('Job: deadlines.sync', () => {
  it('stores a penalty case’s 办案期限 in the due-date index with its reminders as one-time schedules at 09:00 Shanghai', async () => {
    const c = await penaltyCase(h);
    await sync(c.caseId);
    const stored = await h.deadlines.list(`case:${c.caseId}`);
    expect(stored.map((d) => [d.deadline.kind, d.ended])).toEqual([['case_time_limit', false]]);
    const limit = stored[0]!.deadline;
    expect(limit.startDate).toBe('2026-03-02');
    expect(await h.deadlines.dueBetween(limit.dueDate, limit.dueDate)).toHaveLength(1);
    // 7 days before, 1 working day before, on the day, the escalation: each its own schedule.
    const schedules = [...h.scheduler.schedules.values()];
    expect(schedules.map((s) => s.payload.pointId).sort()).toEqual(['d0', 'd7', 'esc', 'w1']);
    for (const s of schedules) {
      expect(s.timeZone).toBe('Asia/Shanghai');
      expect(s.expression).toMatch(/^at\(2026-0[56]-\d\dT09:00:00\)$/);
      expect(s.name).toBe(scheduleName(limit.id, s.payload.pointId));
    }
    expect(stored[0]!.schedules.map((s) => s.name).sort()).toEqual(schedules.map((s) => s.name).sort());
  });

  it('changes nothing when run again (re-delivered jobs, retries)', async () => {
    const c = await penaltyCase(h);
    await sync(c.caseId);
    const calls = h.scheduler.calls.length;
    await sync(c.caseId);
    expect(h.scheduler.calls.length).toBe(calls);
  });

  it('a decision meets 办案期限 (its schedules deleted) and starts publication and service; the party’s periods wait for service', async () => {
    const c = await penaltyCase(h);
    await sync(c.caseId);
    const before = [...h.scheduler.schedules.keys()];
    decideInMemory(h.cases, c.caseId, decision({ date: '2026-03-10' }));
    h.s.now = () => new Date('2026-03-10T03:00:00Z');
    await sync(c.caseId);
    expect(h.scheduler.calls.filter((x) => x.op === 'remove').map((x) => x.name).sort()).toEqual(before.sort());
    const stored = await h.deadlines.list(`case:${c.caseId}`);
    const byKind = Object.fromEntries(stored.map((d) => [d.deadline.kind, d]));
    expect(byKind.case_time_limit?.deadline.status).toBe('met');
    expect(byKind.case_time_limit?.schedules).toEqual([]);
    expect(byKind.publication?.deadline.dueDate).toBe('2026-03-19');
    expect(byKind.service?.deadline.dueDate).toBe('2026-03-19');
    expect(Object.keys(byKind).sort()).toEqual(['case_time_limit', 'publication', 'service']);
    // Met deadlines leave the index: only the open ones are read by the reconciliation.
    expect((await h.deadlines.dueBetween('2026-01-01', '2027-12-31')).map((d) => d.deadline.kind).sort()).toEqual(['publication', 'service']);
  });

  it('loadReview: the open round’s request date yields the 法制审核时限 (5 working days), with reminders to officers and reviewers', async () => {
    const c = await penaltyCase(h);
    const t = requestReview(emptyReviewState(c.caseId), c, {
      actor: PEOPLE.zhang,
      now: '2026-03-02T02:00:00Z',
      form: proposalForm(),
      caseEvidenceIds: EVIDENCE,
      catalogue,
      calendar: h.s.reminders.settings.calendar,
      rules: h.s.reminders.settings.rules,
    });
    if (!t.ok) throw new Error(t.errors.join('; '));
    h.reviewStates.set(c.caseId, t.state);
    await sync(c.caseId);
    const review = await h.deadlines.get(`case:${c.caseId}`, `case.${c.caseId}.legal_review.r1`);
    expect(review?.deadline.dueDate).toBe(latestRound(t.state)?.dueDate);
    expect(review?.deadline.dueDate).toBe('2026-03-09');
    expect(review?.schedules.length).toBeGreaterThan(0);
  });

  it('certificates: one deadline per holder, reminded 30 days before; the plan’s dated tasks', async () => {
    await syncDeadlinesJob.run({ scope: 'certificates' }, h.s);
    const certs = await h.deadlines.list('certificates');
    expect(certs.map((d) => d.deadline.subject.type === 'person' && d.deadline.subject.name).sort()).toEqual(['张三', '李四', '王五', '陈七'].sort());
    await syncDeadlinesJob.run({ scope: 'plan' }, h.s);
    expect((await h.deadlines.list('plan')).length).toBeGreaterThan(0);
  });

  it('a case that does not exist stores nothing', async () => {
    await syncDeadlinesJob.run({ scope: 'case', caseId: '2026-999999' }, h.s);
    expect(await h.deadlines.list('case:2026-999999')).toEqual([]);
    expect(h.scheduler.calls).toEqual([]);
  });
});

describe('Reminders: fired schedule, reconciliation, Job: reminder.send', () => {
  it('a fired schedule sends the card to the case’s officers, once, however often it or the reconciliation runs', async () => {
    const c = await penaltyCase(h);
    await sync(c.caseId);
    const d0 = scheduleOf(h, limitId(c.caseId), 'd0');
    expect(await fire(h, d0)).toMatchObject({ result: 'handed on' });
    const cards = reminderCards(h);
    expect(cards.map((m) => m.receive_id).sort()).toEqual([PEOPLE.li.openId, PEOPLE.zhang.openId].sort());
    const text = cardText(cards[0]);
    expect(text).toContain('办案期限');
    expect(text).toContain(c.caseNumber);
    expect(text).toContain('今日到期');
    expect(text).toContain('行政处罚法');
    expect(text).toContain('"action":"case.show"');
    // The schedule again (at-least-once delivery), and the reconciliation later that morning.
    expect(await fire(h, d0)).toMatchObject({ result: 'already_sent' });
    await reconcile(h, new Date(d0.payload.dueDate + 'T02:30:00Z'));
    expect(reminderCards(h)).toHaveLength(2);
  });

  it('the schedule and the reconciliation both hand it on before either sent: the worker’s claim sends it once', async () => {
    const c = await penaltyCase(h);
    await sync(c.caseId);
    const d0 = scheduleOf(h, limitId(c.caseId), 'd0');
    const at = fireTime(d0);
    h.s.now = () => at;
    const deps = { deadlines: h.deadlines, settings: h.s.reminders.settings, jobs: h.s.jobs, log: h.s.log };
    const from = h.submitted.length;
    await handleFiredReminder(firedEvent(d0), at, deps);
    await reconcileReminders(deps).run(at);
    expect(h.submitted.slice(from).map((j) => j.kind)).toEqual(['reminder.send', 'reminder.send']);
    await runSubmitted(h, from);
    expect(reminderCards(h).map((m) => m.receive_id).sort()).toEqual([PEOPLE.li.openId, PEOPLE.zhang.openId].sort());
  });

  it('the reconciliation sends what a lost schedule missed, and the late schedule then finds it sent', async () => {
    const c = await penaltyCase(h);
    await sync(c.caseId);
    const w1 = scheduleOf(h, limitId(c.caseId), 'w1');
    const at = new Date(new Date(w1.expression.slice(3, 13) + 'T01:30:00Z'));
    expect(await reconcile(h, at)).toHaveLength(1);
    expect(reminderCards(h)).toHaveLength(2);
    expect(await fire(h, w1, new Date(at.getTime() + 60_000))).toMatchObject({ result: 'already_sent' });
    expect(reminderCards(h)).toHaveLength(2);
  });

  it('nothing is sent at night or on a rest day; the next working morning sends the point then due', async () => {
    const c = await penaltyCase(h);
    await sync(c.caseId);
    // 办案期限 due Monday 2026-06-01; "1 working day before" is Friday 05-29 09:00. Its schedule is lost.
    expect(scheduleOf(h, limitId(c.caseId), 'w1').expression).toBe('at(2026-05-29T09:00:00)');
    expect(await reconcile(h, new Date('2026-05-29T12:00:00Z'))).toEqual([]); // Friday 20:00
    expect(await reconcile(h, new Date('2026-05-30T02:00:00Z'))).toEqual([]); // Saturday 10:00
    expect(await reconcile(h, new Date('2026-05-31T03:00:00Z'))).toEqual([]); // Sunday 11:00
    expect(reminderCards(h)).toHaveLength(0);
    // Monday 09:30: the due day's reminder (nearer the due date) supersedes Friday's.
    expect(await reconcile(h, new Date('2026-06-01T01:30:00Z'))).toEqual([`reminder case.${c.caseId}.case_time_limit#d0#2026-06-01`]);
    expect(reminderCards(h)).toHaveLength(2);
  });

  it('a met deadline is not reminded: the old schedule firing late sends nothing', async () => {
    const c = await penaltyCase(h);
    await sync(c.caseId);
    const d7 = scheduleOf(h, limitId(c.caseId), 'd7');
    decideInMemory(h.cases, c.caseId, decision({ date: '2026-03-10' }));
    h.s.now = () => new Date('2026-03-10T03:00:00Z');
    await sync(c.caseId);
    expect(await fire(h, d7)).toMatchObject({ result: 'met' });
    expect(reminderCards(h)).toHaveLength(0);
  });

  it('the overdue escalation goes to the head only', async () => {
    const c = await penaltyCase(h);
    await sync(c.caseId);
    const esc = scheduleOf(h, limitId(c.caseId), 'esc');
    await fire(h, esc);
    const cards = reminderCards(h);
    expect(cards.map((m) => m.receive_id)).toEqual([HEAD.openId]);
    expect(cardText(cards[0])).toContain('逾期提醒');
    expect(cardText(cards[0])).toContain('已逾期');
  });

  it('a service deadline’s reminder offers 登记送达 (the action that meets it)', async () => {
    const c = await penaltyCase(h);
    decideInMemory(h.cases, c.caseId, decision({ date: '2026-03-10' }));
    h.s.now = () => new Date('2026-03-10T03:00:00Z');
    await sync(c.caseId);
    await fire(h, scheduleOf(h, `case.${c.caseId}.service.d1`, 'd0'));
    const cards = reminderCards(h).filter((m) => cardText(m).includes('送达'));
    expect(cards.map((m) => m.receive_id).sort()).toEqual([PEOPLE.li.openId, PEOPLE.zhang.openId].sort());
    expect(cardText(cards[0])).toContain('"action":"service.open"');
    expect(cardText(cards[0])).toContain('登记送达');
  });

  it('a publication deadline’s reminder offers 立即公开, to the officers and the office', async () => {
    const c = await penaltyCase(h);
    decideInMemory(h.cases, c.caseId, decision({ date: '2026-03-10' }));
    h.s.now = () => new Date('2026-03-10T03:00:00Z');
    await sync(c.caseId);
    await fire(h, scheduleOf(h, `case.${c.caseId}.publication.d1`, 'd0'));
    const cards = reminderCards(h).filter((m) => cardText(m).includes('公开执法决定信息'));
    expect(cards.map((m) => m.receive_id).sort()).toEqual([PEOPLE.li.openId, PEOPLE.sun.openId, PEOPLE.zhang.openId].sort());
    expect(cardText(cards[0])).toContain('"action":"disclosure.publish_now"');
  });

  it('a forged or stale payload (a due date the deadline no longer has) is not sent', async () => {
    const c = await penaltyCase(h);
    await sync(c.caseId);
    const d0 = scheduleOf(h, limitId(c.caseId), 'd0');
    const moved = { ...d0, payload: { ...d0.payload, dueDate: '2026-05-01', sendKey: `${limitId(c.caseId)}#d0#2026-05-01` } };
    expect(await fire(h, moved, new Date('2026-05-01T01:00:00Z'))).toMatchObject({ result: 'moved' });
    const other = { ...d0, payload: { ...d0.payload, deadlineId: 'case.2026-999999.case_time_limit', sendKey: 'x' } };
    expect(await fire(h, other)).toMatchObject({ result: 'gone' });
    expect(reminderCards(h)).toHaveLength(0);
  });
});
