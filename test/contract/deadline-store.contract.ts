/**
 * The DeadlineStore contract, run against the DynamoDB store (on DynamoDB Local) and the in-memory
 * one (deadline-store.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrackedDeadline } from '../../functions/domain/reminders/deadlines.ts';
import type { CaseStore, DeadlineStore, StoredDeadline } from '../../functions/ports/index.ts';
import { filingRequest } from '../helpers/factories.ts';

let n = 0;

function deadline(o: { id: string; due: string; status?: TrackedDeadline['status'] }): TrackedDeadline {
  return {
    id: o.id,
    kind: 'case_time_limit',
    ruleId: 'case_time_limit',
    ruleName: '办案期限',
    what: '作出行政处罚决定',
    subject: { type: 'case', caseId: '2026-000001', caseNumber: '甘经信立〔2026〕1号' },
    startDate: '2026-03-02',
    dueDate: o.due,
    weekday: '星期一',
    source: '行政处罚法第六十条',
    obligor: 'bureau',
    status: o.status ?? 'open',
    statusText: '未到期',
    provisional: false,
    explanation: [],
    people: ['ou_a'],
  };
}

const stored = (scope: StoredDeadline['scope'], d: TrackedDeadline, schedules: StoredDeadline['schedules'] = []): StoredDeadline => ({ scope, deadline: d, schedules, ended: false });

export function deadlineStoreContract(name: string, make: () => Promise<{ store: DeadlineStore; cases: CaseStore }>): void {
  describe(`DeadlineStore contract: ${name}`, () => {
    let store: DeadlineStore;
    let cases: CaseStore;
    beforeAll(async () => {
      ({ store, cases } = await make());
    });

    it('stores a scope’s deadlines with their schedules and reads them back consistently', async () => {
      const scope = `plan` as const;
      const a = stored(scope, deadline({ id: 'plan.1.plan_task', due: '2030-06-30' }), [{ name: 's1', expression: 'at(2030-06-23T09:00:00)', sendKey: 'k1', deadlineId: 'plan.1.plan_task' }]);
      expect(await store.replace(scope, [a])).toBe(true);
      expect(await store.list(scope)).toEqual([a]);
      expect(await store.get(scope, 'plan.1.plan_task')).toEqual(a);
      expect(await store.get(scope, 'plan.2.plan_task')).toBeNull();
    });

    it('keeps each draw’s deadlines in a scope of their own, in the same due-date index', async () => {
      const one = 'draw:D20320301-aaaaaaaaaaaa' as const;
      const two = 'draw:D20320301-bbbbbbbbbbbb' as const;
      const task = (scope: string, code: string) => deadline({ id: `draw.${scope.slice(5)}.${code}.inspection`, due: '2032-03-31' });
      await store.replace(one, [stored(one, task(one, '91513300000000001A')), stored(one, task(one, '91513300000000002B'))]);
      await store.replace(two, [stored(two, task(two, '91513300000000001A'))]);
      expect((await store.list(one)).map((d) => d.deadline.id)).toEqual([`draw.${one.slice(5)}.91513300000000001A.inspection`, `draw.${one.slice(5)}.91513300000000002B.inspection`]);
      expect((await store.dueBetween('2032-03-31', '2032-03-31')).map((d) => d.scope)).toEqual([one, one, two]);
      // A struck-off target's task is no longer computed: ended, off the index; the other draw is untouched.
      await store.replace(one, [stored(one, task(one, '91513300000000002B'))]);
      expect((await store.get(one, `draw.${one.slice(5)}.91513300000000001A.inspection`))?.ended).toBe(true);
      expect((await store.dueBetween('2032-03-31', '2032-03-31')).map((d) => d.deadline.id)).toEqual([
        `draw.${one.slice(5)}.91513300000000002B.inspection`,
        `draw.${two.slice(5)}.91513300000000001A.inspection`,
      ]);
    });

    it('finds open deadlines by due date (inclusive range), soonest first; met and ended ones are not in the index', async () => {
      const scope = 'certificates' as const;
      const ids = ['person.ou_x1.certificate_expiry', 'person.ou_x2.certificate_expiry', 'person.ou_x3.certificate_expiry', 'person.ou_x4.certificate_expiry'];
      await store.replace(scope, [
        stored(scope, deadline({ id: ids[0]!, due: '2031-01-12' })),
        stored(scope, deadline({ id: ids[1]!, due: '2031-01-10' })),
        stored(scope, deadline({ id: ids[2]!, due: '2031-01-11', status: 'met' })),
        stored(scope, deadline({ id: ids[3]!, due: '2031-01-20' })),
      ]);
      expect((await store.dueBetween('2031-01-10', '2031-01-12')).map((d) => d.deadline.id)).toEqual([ids[1], ids[0]]);
      // ids[0] is no longer computed: ended, kept, off the index.
      await store.replace(scope, [stored(scope, deadline({ id: ids[1]!, due: '2031-01-10' })), stored(scope, deadline({ id: ids[3]!, due: '2031-01-21' }))]);
      expect((await store.dueBetween('2031-01-01', '2031-01-31')).map((d) => [d.deadline.id, d.deadline.dueDate])).toEqual([
        [ids[1], '2031-01-10'],
        [ids[3], '2031-01-21'],
      ]);
      expect((await store.get(scope, ids[0]!))?.ended).toBe(true);
    });

    it('writes a case’s deadlines only while the case is at the record head they were computed from', async () => {
      n += 1;
      const { case: c } = await cases.fileCase(filingRequest({ formId: `dl-contract-${n}-${name}`, year: 2026 }));
      const scope = `case:${c.caseId}` as const;
      const d = stored(scope, deadline({ id: `case.${c.caseId}.case_time_limit`, due: '2026-06-01' }));
      expect(await store.replace(scope, [d], { caseLogSeq: 1 })).toBe(true);
      await cases.appendRecord(c.caseId, { at: '2026-03-03T02:00:00.000Z', actor: 'ou_a', action: 'dossier.viewed', detail: { score: 1, grade: '优', vetoFailures: 0, missing: 0 } });
      const moved = stored(scope, deadline({ id: `case.${c.caseId}.case_time_limit`, due: '2026-06-02' }));
      expect(await store.replace(scope, [moved], { caseLogSeq: 1 })).toBe(false);
      expect((await store.get(scope, d.deadline.id))?.deadline.dueDate).toBe('2026-06-01');
      expect(await store.replace(scope, [moved], { caseLogSeq: 2 })).toBe(true);
      expect((await store.get(scope, d.deadline.id))?.deadline.dueDate).toBe('2026-06-02');
    });

    it('claims a send-once key once: new, then unsent until marked sent, then sent', async () => {
      n += 1;
      const key = `case.2026-000001.case_time_limit#d0#2026-06-01#${n}`;
      expect(await store.isClaimed(key)).toBe(false);
      expect(await store.claim(key, '2026-06-01T01:00:00.000Z', { deadlineId: 'd', pointId: 'd0' })).toEqual({ state: 'new', claimedAt: '2026-06-01T01:00:00.000Z' });
      expect(await store.isClaimed(key)).toBe(true);
      expect(await store.claim(key, '2026-06-01T01:05:00.000Z', { deadlineId: 'd', pointId: 'd0' })).toEqual({ state: 'unsent', claimedAt: '2026-06-01T01:00:00.000Z' });
      await store.markSent(key, '2026-06-01T01:00:01.000Z', ['ou_a']);
      expect((await store.claim(key, '2026-06-02T01:00:00.000Z', { deadlineId: 'd', pointId: 'd0' })).state).toBe('sent');
      await expect(store.markSent(`${key}-never-claimed`, '2026-06-01T01:00:01.000Z', [])).rejects.toThrow();
    });
  });
}
