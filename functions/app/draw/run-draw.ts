/**
 * Job `draw.run`: everything a draw still owes, in order, each step once (every step reads the state
 * it starts from, so Lambda's retries and the tick's hand-offs repeat only what is left):
 *
 * 1. pending → committed: freeze the libraries as they are now (targets; the roster's officers certified
 *    on the draw date, with their specialties; the recorded conflicts), check the draw (the domain), take
 *    a seed from the CSPRNG and record the commitment (failed, with the reasons, if it cannot be made);
 * 2. committed: post the commitment to the office (role `office`, and the office group if configured)
 *    and the operator, publish it on the site — and only then reveal: the seed, the result, recorded;
 * 3. revealed: apply the head's pending decisions on exceptions, keep the inspection tasks in step with
 *    the current result, send each inspector their task cards, ask the heads about new exception
 *    requests and tell requesters the decisions, publish the draw (page, verification file, index) with
 *    the results recorded so far, keep the draw's tracked deadlines and their reminder schedules in step
 *    (each task's inspection, each result's publication: `deadlines.sync` of `draw:<id>`, run here
 *    because the worker does not invoke itself), and post the result to the operator and the office once.
 */
import * as z from 'zod/mini';
import { drawCard, exceptionDecisionCard, taskCard } from '../../../cards/draw.ts';
import type { Card } from '../../../cards/common.ts';
import { textMessage } from '../../../cards/text.ts';
import {
  buildInspectorLibrary,
  commitDraw,
  conflictPairs,
  decideException,
  type DrawFile,
  type DrawIndexEntry,
  drawFilePath,
  drawPagePath,
  DRAWS_INDEX_PATH,
  EXCEPTION_KIND_LABELS,
  type InspectionTask,
  prepareDraw,
  publicCommitment,
  publicDraw,
  publicResults,
  renderDrawIndex,
  renderDrawPage,
  revealDraw,
} from '../../domain/draw/index.ts';
import type { Person } from '../../domain/roster/types.ts';
import { shanghaiDate } from '../../domain/shared/time.ts';
import { isPermanentDeliveryFailure } from '../../ports/errors.ts';
import type { CommittedDraw, DrawMeta } from '../../ports/draws.ts';
import { syncDeadlines } from '../deadlines/sync.ts';
import { job } from '../intents.ts';
import { SITE, withIndex } from '../public-site.ts';
import { sendUuid, type WorkerServices } from '../services.ts';
import { DRAW_CONFIG, drawCardView, drawIdSchema, taskCardView } from './views.ts';

export const runDrawJob = job({
  payload: z.object({ drawId: drawIdSchema }),
  async run({ drawId }, s) {
    const owed = await s.outbox.get(`draw:${drawId}`);
    let meta = await s.draws.get(drawId);
    if (!meta) {
      s.log.error('draw.run for a missing draw', { drawId });
      return;
    }
    if (meta.status === 'pending') meta = await commitStep(meta, s);
    if (meta.status === 'failed') await announceFailure(meta, s);
    if (meta.status === 'committed') meta = await revealStep(meta, s);
    if (meta.status === 'revealed') await afterReveal(meta, s);
    if (owed) await s.outbox.complete(owed.subject, owed.rev);
  },
});

async function reread(drawId: string, s: WorkerServices): Promise<DrawMeta> {
  const m = await s.draws.get(drawId);
  if (!m) throw new Error(`draw ${drawId} disappeared`);
  return m;
}

/** Sends, tolerating a recipient Feishu refuses for good (logged); a temporary failure fails the job. */
async function deliver(s: WorkerServices, what: string, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (err) {
    if (!isPermanentDeliveryFailure(err)) throw err;
    s.log.warn('draw message refused by Feishu', { what, err });
  }
}

async function commitStep(meta: DrawMeta, s: WorkerServices): Promise<DrawMeta> {
  const at = s.now().toISOString();
  const people = await s.roster.listActive();
  const operator: Person = people.find((p) => p.openId === meta.operator.openId) ?? {
    openId: meta.operator.openId,
    name: meta.operator.name,
    department: '',
    roles: [],
    certificate: null,
  };
  const specialties = Object.fromEntries(people.map((p) => [p.openId, p.specialties ?? []]));
  const lib = buildInspectorLibrary(people, specialties, meta.drawDate);
  const targets = await s.library.targets();
  const conflicts = conflictPairs(await s.library.conflicts(), lib.openIdByCertificate);
  const prep = prepareDraw({
    drawId: meta.drawId,
    params: meta.request,
    targets,
    inspectors: lib.inspectors,
    conflicts,
    ...(meta.supersedes ? { supersedes: meta.supersedes } : {}),
    operator,
    config: DRAW_CONFIG,
  });
  if (!prep.ok) {
    if (!(await s.draws.fail(meta.drawId, meta.rev, prep.errors, at))) s.log.info('draw moved on meanwhile', { drawId: meta.drawId });
    return reread(meta.drawId, s);
  }
  const seed = s.seeds.next();
  const c = commitDraw(prep.prepared, seed, at, meta.operator.openId);
  const committed: CommittedDraw = { commitment: c.commitment, seed, libraries: prep.prepared.libraries, openIds: lib.openIdByCertificate };
  if (!(await s.draws.commit(meta.drawId, meta.rev, { ...committed, entries: c.entries, at }))) {
    s.log.info('draw committed by another run', { drawId: meta.drawId });
  }
  return reread(meta.drawId, s);
}

async function announceFailure(meta: DrawMeta, s: WorkerServices): Promise<void> {
  if (meta.posted.includes('failure')) return;
  await deliver(s, 'failure', () =>
    s.messenger.sendCard(meta.operator.openId, drawCard(drawCardView(meta, { notice: '未能抽取：没有作出承诺，名录库和结果均未产生' })), sendUuid('draw-failed', meta.drawId)),
  );
  await s.draws.markPosted(meta.drawId, 'failure');
}

/** The office: everyone with role `office`, and the office's group chat when one is configured. */
async function toOffice(s: WorkerServices, key: string, card: Card, also: string[] = []): Promise<void> {
  const people = await s.roster.listActive();
  const to = new Set([...people.filter((p) => p.roles.includes('office')).map((p) => p.openId), ...also]);
  for (const openId of to) await deliver(s, key, () => s.messenger.sendCard(openId, card, sendUuid(key, openId)));
  if (s.officeChatId) {
    const chat = s.officeChatId;
    await deliver(s, key, () => s.messenger.sendCardToChat(chat, card, sendUuid(key, 'chat', chat)));
  }
}

async function revealStep(meta: DrawMeta, s: WorkerServices): Promise<DrawMeta> {
  const committed = await s.draws.committed(meta.drawId);
  if (!committed) throw new Error(`draw ${meta.drawId}: committed without its commitment`);
  // The commitment goes out before the draw is made: to the office and the operator, and the site.
  if (!meta.posted.includes('commitment')) {
    const card = drawCard(drawCardView(meta, { commitment: committed.commitment, notice: '抽取承诺：抽取前公布，结果随后公布，可据此复核' }));
    await toOffice(s, `draw-commitment:${meta.drawId}`, card, [meta.operator.openId]);
    await s.draws.markPosted(meta.drawId, 'commitment');
  }
  await publishDraw(meta, s, { commitment: committed });
  const at = s.now().toISOString();
  const prepared = {
    drawId: meta.drawId,
    params: committed.commitment.params,
    libraries: committed.libraries,
    hashes: committed.commitment.libraryHashes,
    populationSize: 0,
    eligibleInspectors: 0,
    targetCount: 0,
  };
  const r = revealDraw(prepared, committed.commitment, committed.seed, at, meta.operator.openId);
  if (!(await s.draws.reveal(meta.drawId, meta.rev, { file: r.draw, entries: r.entries, at }))) {
    const now = await reread(meta.drawId, s);
    // Another run revealed it: carry on from there. Anything else (a conflict) is worth a retry.
    if (now.status !== 'revealed') throw new Error(`draw ${meta.drawId}: reveal did not settle`);
    return now;
  }
  return reread(meta.drawId, s);
}

async function afterReveal(start: DrawMeta, s: WorkerServices): Promise<void> {
  let meta = start;
  if (!meta.posted.includes('commitment')) {
    // Revealed by a run that then failed before it noted the post: the uuid keeps it single.
    const c = await s.draws.committed(meta.drawId, { targets: false });
    if (c) await toOffice(s, `draw-commitment:${meta.drawId}`, drawCard(drawCardView(meta, { commitment: c.commitment })), [meta.operator.openId]);
    await s.draws.markPosted(meta.drawId, 'commitment');
  }
  meta = await applyDecisions(meta, s);
  const full = await s.draws.file(meta.drawId);
  if (!full) throw new Error(`draw ${meta.drawId}: revealed without its file`);
  await syncTasks(meta, full, s);
  await sendTasks(meta, s);
  await announceExceptions(meta, full.file, s);
  await publishDraw(meta, s, { file: full.file });
  // After the tasks and the site: a recorded result is met by its publication just above.
  await syncDeadlines(`draw:${meta.drawId}`, s);
  if (!meta.posted.includes('result')) {
    const card = drawCard(drawCardView(meta, { file: full.file, notice: '抽取结果已公布；检查任务已发给检查人员' }));
    await toOffice(s, `draw-result:${meta.drawId}`, card, [meta.operator.openId]);
    await s.draws.markPosted(meta.drawId, 'result');
  }
}

/** The heads' decisions taken on cards, applied with the whole draw file (the domain decides). */
async function applyDecisions(start: DrawMeta, s: WorkerServices): Promise<DrawMeta> {
  let meta = start;
  const pending = (await s.draws.exceptions(meta.drawId)).filter((e) => e.pendingDecision);
  if (pending.length === 0) return meta;
  let file = (await s.draws.file(meta.drawId))?.file;
  if (!file) throw new Error(`draw ${meta.drawId}: no file for its exceptions`);
  const people = await s.roster.listActive();
  for (const e of pending.sort((a, b) => (a.pendingDecision!.at < b.pendingDecision!.at ? -1 : 1))) {
    const d = e.pendingDecision!;
    const approver = people.find((p) => p.openId === d.approver.openId) ?? { openId: d.approver.openId, name: d.approver.name, department: '', roles: [], certificate: null };
    const { pendingDecision: _p, decisionErrors: _e, notified: _n, ...exception } = e;
    const out = decideException({ draw: file, exception, decision: d.decision, approver, at: d.at, ...(d.note ? { note: d.note } : {}) });
    if (!out.ok) {
      await s.draws.refuseDecision(meta.drawId, e.id, out.errors);
      await deliver(s, 'decision-refused', () =>
        s.messenger.sendText(approver.openId, textMessage(`抽取 ${meta.drawId} 的例外申请未能处理：${out.errors.join('；')}`), sendUuid('draw-decision-refused', e.id, d.at)),
      );
      continue;
    }
    const approved = out.exception.status === 'approved';
    const ok = await s.draws.decide(meta.drawId, meta.rev, {
      exception: out.exception,
      entries: out.entries,
      ...(approved ? { file: out.draw } : {}),
      ...(approved && out.exception.kind === 'redraw' ? { approvedRedraw: out.exception.id } : {}),
    });
    if (!ok) throw new Error(`draw ${meta.drawId}: decision on ${e.id} did not settle`);
    file = out.draw;
    meta = await reread(meta.drawId, s);
  }
  return meta;
}

/** The tasks the current result says (none once a re-draw replaced the draw). */
async function syncTasks(meta: DrawMeta, full: CommittedDraw & { file: DrawFile }, s: WorkerServices): Promise<void> {
  if (meta.supersededBy) return s.draws.syncTasks(meta.drawId, [], 'superseded');
  const types = new Map(full.file.libraries.targets.map((t) => [t.creditCode, t.type]));
  const tasks: InspectionTask[] = full.file.effective.targets.map((t) => ({
    drawId: meta.drawId,
    planId: meta.planId,
    listItem: meta.listItemName,
    creditCode: t.creditCode,
    name: t.name,
    targetType: types.get(t.creditCode) ?? 'enterprise',
    position: t.position,
    inspectors: t.inspectors.map((i) => ({ openId: full.openIds[i.certificateNumber] ?? '', name: i.name, certificateNumber: i.certificateNumber })),
    deadline: meta.deadline,
    status: 'open',
  }));
  return s.draws.syncTasks(meta.drawId, tasks, 'removed');
}

async function sendTasks(meta: DrawMeta, s: WorkerServices): Promise<void> {
  for (const t of await s.draws.tasks(meta.drawId)) {
    if (t.status !== 'open') continue;
    for (const i of t.inspectors) {
      if (i.openId === '' || t.notified.includes(i.openId)) continue;
      await deliver(s, 'task', () => s.messenger.sendCard(i.openId, taskCard(taskCardView(t, '您被随机抽中为该检查对象的检查人员')), sendUuid('task', meta.drawId, t.creditCode, i.openId)));
      await s.draws.markTaskNotified(meta.drawId, t.creditCode, i.openId);
    }
  }
}

async function announceExceptions(meta: DrawMeta, file: DrawFile, s: WorkerServices): Promise<void> {
  const exceptions = await s.draws.exceptions(meta.drawId);
  if (exceptions.length === 0) return;
  const people = await s.roster.listActive();
  const targetName = (code: string | undefined) => (code ? (file.result.targets.find((t) => t.creditCode === code) ?? file.effective.targets.find((t) => t.creditCode === code))?.name ?? code : undefined);
  for (const e of exceptions) {
    if (e.status === 'requested' && !e.pendingDecision && !e.notified.includes('requested')) {
      const inspector = e.certificateNumber ? file.libraries.inspectors.find((i) => i.certificateNumber === e.certificateNumber) : undefined;
      const name = targetName(e.creditCode);
      const card = exceptionDecisionCard({
        drawId: meta.drawId,
        exceptionId: e.id,
        kindLabel: EXCEPTION_KIND_LABELS[e.kind],
        ...(name ? { target: `${name}（${e.creditCode}）` } : {}),
        ...(inspector ? { inspector: `${inspector.name}（${inspector.certificateNumber}）` } : {}),
        reason: e.reason,
        requester: e.requestedBy.name,
      });
      for (const head of people.filter((p) => p.roles.includes('head') && p.openId !== e.requestedBy.openId)) {
        await deliver(s, 'exception-requested', () => s.messenger.sendCard(head.openId, card, sendUuid('exception-requested', e.id, head.openId)));
      }
      await s.draws.markExceptionNotified(meta.drawId, e.id, 'requested');
    }
    if (e.status !== 'requested' && !e.notified.includes('decided')) {
      const verdict = e.status === 'approved' ? '已批准' : `已驳回（${e.decisionNote ?? ''}）`;
      const text = textMessage(`抽取 ${meta.drawId} 的${EXCEPTION_KIND_LABELS[e.kind]}申请${verdict}。${e.status === 'approved' ? '抽取结果和检查任务已按例外更新，并与原结果一并公示。' : ''}`);
      for (const to of new Set([e.requestedBy.openId, meta.operator.openId])) {
        await deliver(s, 'exception-decided', () => s.messenger.sendText(to, text, sendUuid('exception-decided', e.id, to)));
      }
      await s.draws.markExceptionNotified(meta.drawId, e.id, 'decided');
    }
  }
}

/** The draw's page (commitment, or result and results), its verification file, the draws' index. */
async function publishDraw(meta: DrawMeta, s: WorkerServices, o: { commitment?: CommittedDraw; file?: DrawFile }): Promise<void> {
  const put = new Map<string, string>();
  // The results this page shows: they, and only they, are published once it is written.
  const tasks = o.file ? await s.draws.tasks(meta.drawId) : [];
  if (o.file) {
    put.set(
      drawPagePath(meta.drawId),
      renderDrawPage(SITE, {
        state: 'revealed',
        draw: publicDraw(o.file),
        results: publicResults(tasks),
        ...(meta.supersededBy ? { supersededBy: meta.supersededBy } : {}),
      }),
    );
    put.set(drawFilePath(meta.drawId), `${JSON.stringify(o.file)}\n`);
  } else if (o.commitment) {
    put.set(drawPagePath(meta.drawId), renderDrawPage(SITE, { state: 'committed', commitment: publicCommitment(o.commitment.commitment) }));
  }
  const entries: DrawIndexEntry[] = (await s.draws.list())
    .filter((d) => d.status === 'committed' || d.status === 'revealed')
    .map((d) => ({
      drawId: d.drawId,
      planId: d.planId,
      listItem: d.listItemName,
      drawDate: d.drawDate,
      state: d.status === 'revealed' ? 'revealed' : 'committed',
      ...(d.supersededBy ? { supersededBy: d.supersededBy } : {}),
    }));
  put.set(DRAWS_INDEX_PATH, renderDrawIndex(SITE, entries));
  await s.site.apply({ put: await withIndex(s.site, put), remove: [] });
  if (o.file) {
    const today = shanghaiDate(s.now());
    for (const t of tasks) {
      if (t.status === 'done' && t.result && t.result.publishedOn === undefined) await s.draws.markResultPublished(meta.drawId, t.creditCode, today);
    }
  }
}
