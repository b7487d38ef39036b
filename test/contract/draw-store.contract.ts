/**
 * The DrawStore and InspectionLibraryStore contracts, run against the DynamoDB stores (on DynamoDB
 * Local, blobs cut into chunks) and the in-memory ones (draw-store.test.ts): a plan's draws, the
 * revision every change is conditioned on, commit then reveal with what was committed, a re-draw
 * marking the draw it replaces, exceptions and their decisions, tasks kept in step with the result,
 * results recorded once, gapless record numbers and the owed job.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  commitDraw,
  decideException,
  type DrawFile,
  prepareDraw,
  requestException,
  revealDraw,
} from '../../functions/domain/draw/index.ts';
import type { InspectionTask } from '../../functions/domain/draw/inspection.ts';
import type { DrawMeta, DrawStore, InspectionLibraryStore, WorkOutbox } from '../../functions/ports/index.ts';
import { AT, admin, head, request, seed, target } from '../unit/draw/helpers.ts';

const LATER = '2026-09-02T02:00:00.000Z';

function meta(drawId: string, planId = '2026年第三季度安全生产抽查'): DrawMeta {
  return {
    drawId,
    planId,
    listItemName: '工业企业安全生产检查',
    drawDate: '2026-09-01',
    status: 'pending',
    operator: { openId: admin.openId, name: admin.name },
    request: { planId, listItem: { name: '工业企业安全生产检查', kind: '重点', listVersion: 1 }, drawDate: '2026-09-01', sampleSize: { count: 3 }, inspectorsPerTarget: 2 },
    deadline: '2026-09-30',
    requestedAt: AT,
    rev: 1,
    posted: [],
  };
}

/** Committed and revealed with the domain, as the draw's job does. */
function domainDraw(drawId: string, supersedes?: { drawId: string; exceptionId: string }) {
  const prep = prepareDraw({ ...request({ drawId }), ...(supersedes ? { supersedes } : {}) });
  if (!prep.ok) throw new Error(prep.errors.join());
  const c = commitDraw(prep.prepared, seed(1), AT, admin.openId);
  const r = revealDraw(prep.prepared, c.commitment, seed(1), AT, admin.openId);
  return { prepared: prep.prepared, commitment: c.commitment, committedEntries: c.entries, file: r.draw, revealedEntries: r.entries };
}

const task = (file: DrawFile, i: number, drawId = file.drawId): InspectionTask => {
  const t = file.effective.targets[i]!;
  return {
    drawId,
    planId: file.commitment.params.planId,
    listItem: file.commitment.params.listItem.name,
    creditCode: t.creditCode,
    name: t.name,
    targetType: 'enterprise',
    position: t.position,
    inspectors: t.inspectors.map((x) => ({ openId: `ou_${x.certificateNumber}`, name: x.name, certificateNumber: x.certificateNumber })),
    deadline: '2026-09-30',
    status: 'open',
  };
};

export function drawStoreContract(name: string, make: () => Promise<{ store: DrawStore; outbox: WorkOutbox; library: InspectionLibraryStore }>): void {
  describe(`DrawStore contract: ${name}`, () => {
    let store: DrawStore;
    let outbox: WorkOutbox;
    beforeAll(async () => {
      ({ store, outbox } = await make());
    });
    const d1 = domainDraw('D1');

    it('starts one draw per plan revision, and lists it', async () => {
      expect(await store.plan(meta('D1').planId)).toEqual({ rev: 0, draws: [] });
      expect(await store.start(meta('D1'), 0)).toBe(true);
      expect(await store.start(meta('D1b'), 0)).toBe(false);
      expect(await store.start(meta('D1'), 1)).toBe(false);
      expect(await store.plan(meta('D1').planId)).toMatchObject({ rev: 1, draws: [{ drawId: 'D1', status: 'pending', rev: 1 }] });
      expect(await store.get('D1')).toEqual(meta('D1'));
      expect(await store.get('nope')).toBeNull();
      expect((await store.list()).map((d) => d.drawId)).toEqual(['D1']);
      expect(await outbox.get('draw:D1')).toMatchObject({ job: { kind: 'draw.run', drawId: 'D1' }, rev: 1 });
    });

    it('commits with the frozen libraries and reveals what was committed', async () => {
      const committed = {
        commitment: d1.commitment,
        seed: seed(1),
        libraries: d1.prepared.libraries,
        openIds: { 甘执0001: 'ou_1' },
      };
      expect(await store.committed('D1')).toBeNull();
      expect(await store.commit('D1', 2, { ...committed, entries: d1.committedEntries, at: AT })).toBe(false);
      expect(await store.commit('D1', 1, { ...committed, entries: d1.committedEntries, at: AT })).toBe(true);
      expect(await store.commit('D1', 2, { ...committed, entries: d1.committedEntries, at: AT })).toBe(false);
      expect(await store.get('D1')).toMatchObject({ status: 'committed', rev: 2, commitmentHash: d1.commitment.hash });
      expect(await store.committed('D1')).toEqual(committed);
      expect(await store.committed('D1', { targets: false })).toEqual({ ...committed, libraries: { ...committed.libraries, targets: [] } });
      expect(await store.file('D1')).toBeNull();
      expect(await store.reveal('D1', 2, { file: d1.file, entries: d1.revealedEntries, at: AT })).toBe(true);
      expect(await store.reveal('D1', 3, { file: d1.file, entries: d1.revealedEntries, at: AT })).toBe(false);
      expect((await store.file('D1'))?.file).toEqual(d1.file);
      const light = await store.file('D1', { targets: false });
      expect(light?.file.libraries.targets).toEqual([]);
      expect(light?.file.result).toEqual(d1.file.result);
      expect((await store.records('D1')).map((r) => [r.seq, r.action])).toEqual([
        [1, 'draw.committed'],
        [2, 'draw.revealed'],
      ]);
      await store.markPosted('D1', 'commitment');
      await store.markPosted('D1', 'commitment');
      expect((await store.get('D1'))?.posted).toEqual(['commitment']);
    });

    it('keeps tasks in step with the result, records a result once, and lists open tasks by deadline', async () => {
      const tasks = [0, 1, 2].map((i) => task(d1.file, i));
      await store.syncTasks('D1', tasks, 'removed');
      await store.syncTasks('D1', tasks, 'removed');
      expect((await store.tasks('D1')).map((t) => [t.creditCode, t.status, t.notified])).toEqual(tasks.map((t) => [t.creditCode, 'open', []]));
      // A new team for the first, the third no longer drawn.
      const changed = { ...tasks[0]!, inspectors: [...tasks[0]!.inspectors].reverse() };
      await store.syncTasks('D1', [changed, tasks[1]!], 'removed');
      expect((await store.task('D1', tasks[0]!.creditCode))?.inspectors).toEqual(changed.inspectors);
      expect((await store.task('D1', tasks[2]!.creditCode))?.status).toBe('removed');
      await store.markTaskNotified('D1', tasks[1]!.creditCode, 'ou_a');
      await store.markTaskNotified('D1', tasks[1]!.creditCode, 'ou_a');
      expect((await store.task('D1', tasks[1]!.creditCode))?.notified).toEqual(['ou_a']);
      expect((await store.openTasks('2026-09-30', 10)).map((t) => t.creditCode).sort()).toEqual([tasks[0]!.creditCode, tasks[1]!.creditCode].sort());
      expect(await store.openTasks('2026-09-29', 10)).toEqual([]);

      const result = {
        outcome: 'no_problem' as const,
        recordedBy: { openId: 'ou_a', name: '检查员1' },
        recordedAt: LATER,
        endedOn: '2026-09-02',
        publishBy: '2026-09-30',
        publishSource: '国办发〔2015〕58号',
      };
      const entry = { drawId: 'D1', action: 'draw.exception_requested' as const, actor: 'ou_a', at: LATER, detail: { creditCode: tasks[1]!.creditCode } };
      const rev = (await store.get('D1'))!.rev;
      expect(await store.recordResult('D1', tasks[1]!.creditCode, result, entry)).toBe(true);
      expect(await store.recordResult('D1', tasks[1]!.creditCode, result, entry)).toBe(false);
      expect(await store.recordResult('D1', tasks[2]!.creditCode, result, entry)).toBe(false);
      expect(await store.task('D1', tasks[1]!.creditCode)).toMatchObject({ status: 'done', result });
      expect((await store.get('D1'))?.rev).toBe(rev + 1);
      expect((await store.records('D1')).map((r) => r.seq)).toEqual([1, 2, 3]);
      expect((await store.openTasks('2026-12-31', 10)).map((t) => t.creditCode)).toEqual([tasks[0]!.creditCode]);
      await store.markResultPublished('D1', tasks[1]!.creditCode, '2026-09-02');
      await store.markResultPublished('D1', tasks[1]!.creditCode, '2026-09-03');
      expect((await store.task('D1', tasks[1]!.creditCode))?.result?.publishedOn).toBe('2026-09-02');
    });

    it('records an exception, takes a head’s decision once, and applies it with the new draw file', async () => {
      const asked = requestException({ draw: d1.file, existing: [], input: { kind: 'redraw', reason: '抽查范围有误' }, requester: admin, id: 'E1', at: LATER });
      if (!asked.ok) throw new Error(asked.errors.join());
      const rev = (await store.get('D1'))!.rev;
      expect(await store.requestException('D1', rev - 1, asked.exception, asked.entries)).toBe(false);
      expect(await store.requestException('D1', rev, asked.exception, asked.entries)).toBe(true);
      expect(await store.exceptions('D1')).toEqual([{ ...asked.exception, notified: [] }]);
      await store.markExceptionNotified('D1', 'E1', 'requested');
      const decision = { decision: 'approve' as const, approver: { openId: head.openId, name: head.name }, at: LATER };
      expect(await store.markDecision('D1', 'E1', decision)).toBe(true);
      expect(await store.markDecision('D1', 'E1', decision)).toBe(false);
      await store.refuseDecision('D1', 'E1', ['不能处理']);
      expect((await store.exceptions('D1'))[0]).toMatchObject({ decisionErrors: ['不能处理'], notified: ['requested'] });
      expect((await store.exceptions('D1'))[0]?.pendingDecision).toBeUndefined();
      expect(await store.markDecision('D1', 'E1', decision)).toBe(true);
      expect((await store.exceptions('D1'))[0]?.decisionErrors).toBeUndefined();

      const decided = decideException({ draw: d1.file, exception: asked.exception, decision: 'approve', approver: head, at: LATER });
      if (!decided.ok) throw new Error(decided.errors.join());
      const now = (await store.get('D1'))!.rev;
      expect(await store.decide('D1', now, { exception: decided.exception, file: decided.draw, entries: decided.entries, approvedRedraw: 'E1' })).toBe(true);
      expect(await store.decide('D1', now + 1, { exception: decided.exception, file: decided.draw, entries: decided.entries })).toBe(false);
      const [stored] = await store.exceptions('D1');
      expect(stored).toMatchObject({ status: 'approved', seq: 1, notified: ['requested'] });
      expect(stored?.pendingDecision).toBeUndefined();
      expect((await store.file('D1'))?.file.effective.redrawApproved).toBe(true);
      expect(await store.get('D1')).toMatchObject({ approvedRedraw: 'E1' });
    });

    it('reveals a re-draw and marks the draw it replaces, in the same change', async () => {
      const d2 = domainDraw('D2', { drawId: 'D1', exceptionId: 'E1' });
      expect(await store.start(meta('D2'), 1)).toBe(true);
      expect(await store.commit('D2', 1, { commitment: d2.commitment, seed: seed(1), libraries: d2.prepared.libraries, openIds: {}, entries: d2.committedEntries, at: LATER })).toBe(true);
      const before = (await store.get('D1'))!.rev;
      expect(await store.reveal('D2', 2, { file: d2.file, entries: d2.revealedEntries, at: LATER })).toBe(true);
      expect(await store.get('D1')).toMatchObject({ supersededBy: 'D2', rev: before + 1 });
      expect(await store.get('D2')).toMatchObject({ status: 'revealed', supersedes: { drawId: 'D1', exceptionId: 'E1' } });
      expect((await store.plan(meta('D2').planId)).draws.map((d) => d.drawId)).toEqual(['D1', 'D2']);
      expect((await store.list()).map((d) => d.drawId).sort()).toEqual(['D1', 'D2']);
    });

    it('fails a pending draw with its reasons, only from pending', async () => {
      expect(await store.start(meta('D3', '另一个计划'), 0)).toBe(true);
      expect(await store.fail('D3', 1, ['检查对象名录库中没有符合筛选条件的对象'], AT)).toBe(true);
      expect(await store.fail('D3', 2, ['again'], AT)).toBe(false);
      expect(await store.get('D3')).toMatchObject({ status: 'failed', errors: ['检查对象名录库中没有符合筛选条件的对象'] });
    });
  });

  describe(`InspectionLibraryStore contract: ${name}`, () => {
    let library: InspectionLibraryStore;
    beforeAll(async () => {
      ({ library } = await make());
    });

    it('replaces the target library and reads it back in credit-code order', async () => {
      const a = { ...target(2), address: '康定市炉城镇' };
      expect(await library.replaceTargets([a, target(1)], AT)).toEqual({ written: 2, removed: 0 });
      expect(await library.targets()).toEqual([target(1), a]);
      expect(await library.replaceTargets([target(3), target(1)], AT)).toEqual({ written: 2, removed: 1 });
      expect((await library.targets()).map((t) => t.creditCode)).toEqual([target(1).creditCode, target(3).creditCode]);
    });

    it('records conflicts with their reasons, replaces one recorded again, removes one', async () => {
      const c = { openId: 'ou_li', creditCode: target(1).creditCode, reason: '配偶任该企业财务负责人', recordedBy: 'ou_admin', recordedAt: AT };
      await library.addConflict(c);
      await library.addConflict({ ...c, reason: '近亲属任职' });
      await library.addConflict({ ...c, openId: 'ou_zhang' });
      expect(await library.conflicts()).toEqual([{ ...c, reason: '近亲属任职' }, { ...c, openId: 'ou_zhang' }]);
      expect(await library.removeConflict('ou_zhang', c.creditCode)).toBe(true);
      expect(await library.removeConflict('ou_zhang', c.creditCode)).toBe(false);
      expect((await library.conflicts()).map((x) => x.openId)).toEqual(['ou_li']);
    });
  });
}
