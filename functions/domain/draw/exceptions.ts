/**
 * No quiet re-draws: a re-draw, a recusal after the draw, or a target struck off goes through a
 * recorded exception that the head approves. An approved exception's effect is computed from the
 * committed seed (so it is fixed in advance and anyone can re-check it) and shown beside the result.
 */
import * as z from 'zod/mini';
import type { Person } from '../roster/types.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';
import type { DrawRecordEntry, Outcome } from './draw.ts';
import { importedText } from './library.ts';
import {
  addConflict,
  assigned,
  conflictIndex,
  drawOrder,
  eligibleInspectorsOf,
  exceptionLabel,
  inspectorAssigner,
} from './sampling.ts';
import { wordStream } from './stream.ts';
import {
  type AppliedException,
  type DrawFile,
  type DrawnTarget,
  type EffectiveResult,
  EXCEPTION_KIND_LABELS,
  EXCEPTION_KINDS,
  type ExceptionEffect,
  type ExceptionKind,
} from './types.ts';

export type ExceptionStatus = 'requested' | 'approved' | 'rejected';

/** The internal record of an exception (the reason and the people stay internal). */
export interface DrawException {
  id: string;
  drawId: string;
  kind: ExceptionKind;
  creditCode?: string;
  certificateNumber?: string;
  reason: string;
  requestedBy: { openId: string; name: string };
  requestedAt: string;
  status: ExceptionStatus;
  decidedBy?: { openId: string; name: string };
  decidedAt?: string;
  decisionNote?: string;
  /** Set on approval: its place among the draw's applied exceptions. */
  seq?: number;
}

/** The draw file fields an exception's effect depends on. */
export type DrawCore = Pick<DrawFile, 'libraries' | 'commitment' | 'seed' | 'result'>;

/**
 * Applies approved exceptions in order (README.md, "Exceptions"). Recusal: the inspector leaves the
 * target and the least-loaded eligible inspector not on it and not in conflict with it replaces them,
 * picked with stream `exception:<seq>`. Struck off: the target leaves; the next target of the
 * committed order takes its place, staffed the same way. Re-draw: flagged; the new draw names it.
 * Loads are the number of current targets each inspector is on.
 */
export function applyExceptions(draw: DrawCore, exceptions: readonly AppliedException[]): EffectiveResult {
  const { libraries, seed } = draw;
  const params = draw.commitment.params;
  const m = params.inspectorsPerTarget;
  const struck = exceptions.filter((e) => e.kind === 'struck_off').length;
  // The committed order is needed only for reserves.
  const { order, targetCount } = struck > 0 ? drawOrder(libraries, params, seed, struck) : { order: [], targetCount: 0 };
  const eligible = eligibleInspectorsOf(libraries.inspectors, params.drawDate, params.inspectorSpecialties);
  const excluded = conflictIndex(libraries.conflicts);
  let targets: DrawnTarget[] = draw.result.targets.map((t) => ({ ...t, inspectors: [...t.inspectors] }));
  let next = targetCount; // index in `order` of the next reserve
  const effects: ExceptionEffect[] = [];
  let redrawApproved = false;

  const assigner = inspectorAssigner(eligible, excluded);

  for (const e of exceptions) {
    const stream = wordStream(seed, exceptionLabel(e.seq));
    if (e.kind === 'redraw') {
      redrawApproved = true;
      effects.push({ seq: e.seq, kind: 'redraw' });
      continue;
    }
    const index = targets.findIndex((t) => t.creditCode === e.creditCode);
    const target = targets[index];
    if (!target) throw new ExceptionNotApplicable(`例外 #${e.seq}：检查对象 ${e.creditCode ?? ''} 不在当前抽取结果中`);
    if (e.kind === 'recusal') {
      const slot = target.inspectors.findIndex((i) => i.certificateNumber === e.certificateNumber);
      const removed = target.inspectors[slot];
      if (!removed) throw new ExceptionNotApplicable(`例外 #${e.seq}：检查人员 ${e.certificateNumber ?? ''} 不在该检查对象的检查组中`);
      addConflict(excluded, removed.certificateNumber, target.creditCode);
      const rest = target.inspectors.filter((_, i) => i !== slot);
      // The leaving inspector's load drops before the replacement is picked.
      targets = targets.map((t, i) => (i === index ? { ...t, inspectors: rest } : t));
      assigner.countFrom(targets);
      const [pick] = assigner.pick(target.creditCode, rest.map((i) => i.certificateNumber), 1, stream);
      const added = pick ? assigned(pick) : null;
      const inspectors = [...rest];
      if (added) inspectors.splice(slot, 0, added);
      targets = targets.map((t, i) => (i === index ? { ...t, inspectors } : t));
      effects.push({ seq: e.seq, kind: 'recusal', creditCode: target.creditCode, removed, added });
      continue;
    }
    // struck_off
    const remaining = targets.filter((_, i) => i !== index);
    targets = remaining;
    const reserve = order[next];
    let added: DrawnTarget | null = null;
    if (reserve) {
      next++;
      assigner.countFrom(targets);
      const picks = assigner.pick(reserve.creditCode, [], m, stream);
      added = { position: next, creditCode: reserve.creditCode, name: reserve.name, inspectors: picks.map(assigned) };
      targets = [...remaining.slice(0, index), added, ...remaining.slice(index)];
    }
    effects.push({ seq: e.seq, kind: 'struck_off', removed: { creditCode: target.creditCode, name: target.name }, added });
  }
  const understaffed = targets.filter((t) => t.inspectors.length < m).map((t) => t.creditCode);
  const body = { targets, effects, understaffed, redrawApproved };
  return { ...body, hash: sha256Hex(canonicalJson(body)) };
}

export class ExceptionNotApplicable extends Error {
  override name = 'ExceptionNotApplicable';
}

export const exceptionRequestSchema = z.object({
  kind: z.enum(EXCEPTION_KINDS, { error: `例外类型应为：${EXCEPTION_KINDS.map((k) => EXCEPTION_KIND_LABELS[k]).join('、')}` }),
  creditCode: z.optional(z.string().check(z.trim())),
  certificateNumber: z.optional(z.string().check(z.trim())),
  reason: importedText(500),
});

const EXCEPTION_LABELS: Record<string, string> = {
  kind: '例外类型',
  creditCode: '检查对象',
  certificateNumber: '检查人员',
  reason: '理由',
};

/** The head, 行政审批科 and section heads (who run draws) may ask for any exception. */
const isHeadOrAdmin = (p: Person) => p.roles.includes('head') || p.roles.includes('admin') || p.roles.includes('section_head');

/**
 * Records a request for an exception against the draw's current (effective) result. Who may ask:
 * the head, section heads and 行政审批科 for any kind; an inspector for their own recusal (行政处罚法第四十三条) and for
 * a target of their own that was struck off. A reason is always required. One pending request per
 * kind, target and inspector.
 */
export function requestException(args: {
  draw: DrawFile;
  /** Exceptions already recorded for this draw (any status). */
  existing: readonly DrawException[];
  input: unknown;
  requester: Person;
  id: string;
  at: string;
}): Outcome<{ exception: DrawException; entries: DrawRecordEntry[]; warnings: string[] }> {
  const { draw, requester } = args;
  const parsed = exceptionRequestSchema.safeParse(args.input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const key = String(first?.path[0] ?? '');
    return { ok: false, errors: [`${EXCEPTION_LABELS[key] ?? '例外申请'}：${first?.message ?? '内容无法识别'}`] };
  }
  const v = parsed.data;
  const ownCert = requester.certificate?.number;
  const warnings: string[] = [];
  const current = draw.effective.targets;
  const exception: DrawException = {
    id: args.id,
    drawId: draw.drawId,
    kind: v.kind,
    reason: v.reason,
    requestedBy: { openId: requester.openId, name: requester.name },
    requestedAt: args.at,
    status: 'requested',
  };
  if (v.kind === 'redraw') {
    if (!isHeadOrAdmin(requester)) return { ok: false, errors: ['只有负责人、科室负责人和行政审批科可以申请重新抽取'] };
    if (draw.effective.redrawApproved) return { ok: false, errors: ['本次抽取的重新抽取已经批准，请直接重新抽取'] };
  } else {
    const target = current.find((t) => t.creditCode === v.creditCode);
    if (!target) return { ok: false, errors: ['检查对象：不在本次抽取的当前结果中'] };
    exception.creditCode = target.creditCode;
    const onTeam = ownCert !== undefined && target.inspectors.some((i) => i.certificateNumber === ownCert);
    if (v.kind === 'recusal') {
      const inspector = target.inspectors.find((i) => i.certificateNumber === v.certificateNumber);
      if (!inspector) return { ok: false, errors: [`检查人员：不在「${target.name}」的检查组中`] };
      exception.certificateNumber = inspector.certificateNumber;
      if (!isHeadOrAdmin(requester) && ownCert !== inspector.certificateNumber) {
        return { ok: false, errors: ['只有检查人员本人、负责人、科室负责人或行政审批科可以申请回避'] };
      }
      if (!hasReplacement(draw, target, inspector.certificateNumber)) {
        warnings.push(`目前没有可替换 ${inspector.name} 的检查人员，批准后「${target.name}」的检查人员将不足`);
      }
    } else if (!isHeadOrAdmin(requester) && !onTeam) {
      return { ok: false, errors: ['只有该检查对象的检查人员、负责人、科室负责人或行政审批科可以报告注销或吊销'] };
    }
  }
  const duplicate = args.existing.some(
    (e) =>
      e.status === 'requested' &&
      e.kind === exception.kind &&
      e.creditCode === exception.creditCode &&
      e.certificateNumber === exception.certificateNumber,
  );
  if (duplicate) return { ok: false, errors: ['已有相同的例外申请等待负责人批准'] };
  return { ok: true, exception, entries: [entry(exception, 'draw.exception_requested', requester.openId, args.at)], warnings };
}

function hasReplacement(draw: DrawFile, target: DrawnTarget, leaving: string): boolean {
  const params = draw.commitment.params;
  const eligible = eligibleInspectorsOf(draw.libraries.inspectors, params.drawDate, params.inspectorSpecialties);
  const excluded = conflictIndex(draw.libraries.conflicts).get(target.creditCode);
  const on = new Set(target.inspectors.map((i) => i.certificateNumber));
  return eligible.some((i) => i.certificateNumber !== leaving && !on.has(i.certificateNumber) && !excluded?.has(i.certificateNumber));
}

function entry(e: DrawException, action: DrawRecordEntry['action'], actor: string, at: string): DrawRecordEntry {
  const detail: Record<string, unknown> = { exceptionId: e.id, kind: e.kind, reason: e.reason };
  if (e.creditCode !== undefined) detail.creditCode = e.creditCode;
  if (e.certificateNumber !== undefined) detail.certificateNumber = e.certificateNumber;
  if (e.seq !== undefined) detail.seq = e.seq;
  if (e.decisionNote !== undefined) detail.note = e.decisionNote;
  return { drawId: e.drawId, action, actor, at, detail };
}

/**
 * The head decides. Only role `head`, never on their own request; a rejection needs a note. An approval
 * appends the exception to the draw file and recomputes the effective result; it is refused when an
 * earlier exception already changed what it refers to.
 */
export function decideException(args: {
  draw: DrawFile;
  exception: DrawException;
  decision: 'approve' | 'reject';
  approver: Person;
  at: string;
  note?: string;
}): Outcome<{ exception: DrawException; draw: DrawFile; entries: DrawRecordEntry[] }> {
  const { draw, exception: e, approver, at } = args;
  if (!approver.roles.includes('head')) return { ok: false, errors: ['只有负责人可以批准或驳回抽取例外'] };
  if (e.drawId !== draw.drawId) throw new Error('exception of another draw');
  if (e.status !== 'requested') {
    return { ok: false, errors: [`该申请已${e.status === 'approved' ? '批准' : '驳回'}，不能再次处理`] };
  }
  if (e.requestedBy.openId === approver.openId) return { ok: false, errors: ['不能批准或驳回本人提出的申请'] };
  const note = args.note?.normalize('NFC').trim() ?? '';
  if (args.decision === 'reject' && note === '') return { ok: false, errors: ['驳回时请写明理由'] };
  const decided: DrawException = {
    ...e,
    status: args.decision === 'approve' ? 'approved' : 'rejected',
    decidedBy: { openId: approver.openId, name: approver.name },
    decidedAt: at,
  };
  if (note !== '') decided.decisionNote = note;
  if (args.decision === 'reject') {
    return { ok: true, exception: decided, draw, entries: [entry(decided, 'draw.exception_rejected', approver.openId, at)] };
  }
  decided.seq = draw.exceptions.length + 1;
  const applied: AppliedException = { seq: decided.seq, id: e.id, kind: e.kind, approvedAt: at };
  if (e.creditCode !== undefined) applied.creditCode = e.creditCode;
  if (e.certificateNumber !== undefined) applied.certificateNumber = e.certificateNumber;
  const exceptions = [...draw.exceptions, applied];
  let effective: EffectiveResult;
  try {
    effective = applyExceptions(draw, exceptions);
  } catch (err) {
    if (err instanceof ExceptionNotApplicable) {
      return { ok: false, errors: ['该申请所涉的检查对象或检查人员已被先前批准的例外改变，请驳回后按当前结果重新申请'] };
    }
    throw err;
  }
  return {
    ok: true,
    exception: decided,
    draw: { ...draw, exceptions, effective },
    entries: [entry(decided, 'draw.exception_approved', approver.openId, at)],
  };
}
