/**
 * Reminders end to end on the offline stack: deadlines stored in DynamoDB Local, their one-time
 * schedules in the local stand-in for EventBridge Scheduler, `POST /_dev/tick {"now"}` running what
 * the Scheduler would fire at that instant and the reconciliation run, the worker sending through
 * the real Feishu SDK client to the fake Open API. The business clock follows each tick.
 */
import { describe, expect, it } from 'vitest';
import type { Case } from '../../functions/domain/case/types.ts';
import type { SimMessage } from '../../local/feishu-sim.ts';
import { decideInTable, decision } from '../helpers/decision.ts';
import { filingRequest, officer } from '../helpers/factories.ts';
import { USERS } from '../helpers/feishu.ts';
import { useTestStack } from '../helpers/stack.ts';

let clock = new Date('2026-03-02T02:00:00.000Z');
const getStack = useTestStack({ now: () => clock });

let forms = 0;
async function penaltyCase(): Promise<Case> {
  forms += 1;
  const { case: c } = await getStack().services.cases.fileCase(
    filingRequest({
      formId: `rem-${forms}`,
      year: 2026,
      caseType: '行政处罚',
      filedAt: '2026-03-02T02:00:00.000Z',
      officers: [{ ...officer(USERS.zhang, '张三') }, { ...officer(USERS.li, '李四') }],
    }),
  );
  return c;
}

async function sync(job: { scope: 'case'; caseId: string } | { scope: 'certificates' }) {
  await getStack().jobs.submit({ kind: 'deadlines.sync', ...job });
  await getStack().jobs.idle();
}

interface TickAnswer {
  now: string;
  ran: { task: string; done: string[] }[];
  failed: unknown[];
  schedules: { fired: string[]; retrying: string[]; deadLettered: string[]; outcomes: { fired?: { schedule: string; result: string } }[] };
}

async function tick(iso: string): Promise<TickAnswer> {
  clock = new Date(iso);
  const res = await fetch(`${getStack().botUrl}/_dev/tick`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: iso }) });
  expect(res.status).toBe(200);
  const answer = (await res.json()) as TickAnswer;
  await getStack().jobs.idle();
  expect(answer.failed).toEqual([]);
  return answer;
}

const reminders = (text: string): SimMessage[] =>
  getStack()
    .sim.messages()
    .filter((m) => m.msg_type === 'interactive' && /期限提醒|逾期提醒/.test(JSON.stringify(m.content)) && JSON.stringify(m.content).includes(text));

const schedulesOf = async (deadlineId: string) => (await getStack().scheduler.pending()).filter((s) => s.payload.deadlineId === deadlineId);

describe('Reminders through POST /_dev/tick', () => {
  it('sends a reminder once and only once, whichever of its schedule and the reconciliation fires first, however often', async () => {
    clock = new Date('2026-03-02T02:00:00.000Z');
    const c = await penaltyCase();
    await sync({ scope: 'case', caseId: c.caseId });
    const id = `case.${c.caseId}.case_time_limit`;
    expect((await schedulesOf(id)).map((s) => s.expression)).toEqual([
      'at(2026-05-25T09:00:00)',
      'at(2026-05-29T09:00:00)',
      'at(2026-06-01T09:00:00)',
      'at(2026-06-02T09:00:00)',
    ]);
    // 09:00 Monday 25 May: "7 days before" fires; the reconciliation in the same tick finds it claimed or claims nothing new.
    const first = await tick('2026-05-25T01:00:00.000Z');
    expect(first.schedules.outcomes.map((o) => o.fired?.result)).toContain('handed on');
    expect(reminders(c.caseNumber).map((m) => m.receive_id).sort()).toEqual([USERS.li, USERS.zhang].sort());
    expect(JSON.stringify(reminders(c.caseNumber)[0]?.content)).toContain('还有 7 天');
    // The same instant again (a repeated delivery), then later that day: nothing more.
    await tick('2026-05-25T01:00:00.000Z');
    await tick('2026-05-25T03:00:00.000Z');
    expect(reminders(c.caseNumber)).toHaveLength(2);
  });

  it('is not sent on a rest day: a lost schedule’s reminder waits for the next working morning', async () => {
    clock = new Date('2026-03-02T02:00:00.000Z');
    const c = await penaltyCase();
    await sync({ scope: 'case', caseId: c.caseId });
    const id = `case.${c.caseId}.case_time_limit`;
    // Every schedule of this case is lost: only the reconciliation can send.
    for (const s of await schedulesOf(id)) await getStack().scheduler.remove(s.name);
    await tick('2026-05-30T02:00:00.000Z'); // Saturday 10:00
    await tick('2026-05-31T02:00:00.000Z'); // Sunday 10:00
    expect(reminders(c.caseNumber)).toHaveLength(0);
    await tick('2026-06-01T01:30:00.000Z'); // Monday 09:30, the due day
    const sent = reminders(c.caseNumber);
    expect(sent).toHaveLength(2);
    expect(JSON.stringify(sent[0]?.content)).toContain('今日到期');
  });

  it('disappears when met: a decision removes the schedules of 办案期限, and nothing is sent for it', async () => {
    clock = new Date('2026-03-02T02:00:00.000Z');
    const c = await penaltyCase();
    await sync({ scope: 'case', caseId: c.caseId });
    const id = `case.${c.caseId}.case_time_limit`;
    expect(await schedulesOf(id)).toHaveLength(4);
    clock = new Date('2026-03-10T02:00:00.000Z');
    await decideInTable(getStack().db, getStack().tableName, c.caseId, decision({ date: '2026-03-10' }));
    await sync({ scope: 'case', caseId: c.caseId });
    expect(await schedulesOf(id)).toEqual([]);
    expect((await schedulesOf(`case.${c.caseId}.publication.d1`)).length).toBeGreaterThan(0);
    await tick('2026-06-01T01:00:00.000Z');
    expect(reminders(c.caseNumber).filter((m) => JSON.stringify(m.content).includes('办案期限'))).toEqual([]);
  });

  it('moves when its deadline moves: a renewed certificate’s schedules are replaced in place; the old time sends nothing', async () => {
    clock = new Date('2026-03-02T00:00:00.000Z');
    const roster = getStack().services.roster;
    const people = await roster.listActive();
    const li = people.find((p) => p.openId === USERS.li);
    if (!li) throw new Error('李四 is not on the sample roster');
    await roster.replaceAll(people.map((p) => (p.openId === USERS.li ? { ...p, certificate: { number: '川执5101002', validUntil: '2026-09-30' } } : p)), clock.toISOString());
    // The daily refresh (08:00) recomputes the certificates' deadlines.
    const refresh = await tick('2026-03-03T00:00:00.000Z');
    expect(refresh.ran.find((r) => r.task === 'deadline-refresh')?.done).toContain('deadlines.sync certificates');
    const id = `person.${USERS.li}.certificate_expiry`;
    const before = await schedulesOf(id);
    expect(before.map((s) => s.expression)).toContain('at(2026-08-31T09:00:00)');

    await roster.replaceAll(people.map((p) => (p.openId === USERS.li ? { ...p, certificate: { number: '川执5101099', validUntil: '2026-12-31' } } : p)), clock.toISOString());
    await tick('2026-03-04T00:00:00.000Z');
    const after = await schedulesOf(id);
    expect(after.map((s) => s.name).sort()).toEqual(before.map((s) => s.name).sort());
    expect(after.map((s) => s.expression)).toContain('at(2026-12-01T09:00:00)');
    expect(after.map((s) => s.expression)).not.toContain('at(2026-08-31T09:00:00)');

    await tick('2026-08-31T01:30:00.000Z');
    expect(reminders('李四的行政执法证')).toEqual([]);
    await tick('2026-12-01T01:00:00.000Z');
    // The holder and 行政审批科.
    expect(reminders('李四的行政执法证').map((m) => m.receive_id).sort()).toEqual([USERS.li, USERS.zhao].sort());
  });
});
