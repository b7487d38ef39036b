/** Recorded exceptions approved by the head: recusal, struck-off target, re-draw. */
import { describe, expect, it } from 'vitest';
import {
  applyExceptions,
  computeDraw,
  decideException,
  type DrawException,
  type DrawFile,
  requestException,
  runDraw,
  verifyDraw,
} from '../../../functions/domain/draw/index.ts';
import type { Person } from '../../../functions/domain/roster/types.ts';
import { admin, AT, head, head2, inspectors, officer, params, person, request, seed, targets } from './helpers.ts';

const LATER = '2026-09-02T03:00:00.000Z';

function baseDraw(over: Parameters<typeof request>[0] = {}): DrawFile {
  const r = runDraw(request({ targets: targets(12), inspectors: inspectors(6), params: params({ sampleSize: { count: 4 } }), ...over }));
  if (!r.ok) throw new Error(r.errors.join());
  return r.draw;
}

function ask(draw: DrawFile, input: Record<string, unknown>, requester: Person = admin, existing: DrawException[] = [], id = 'e1') {
  return requestException({ draw, existing, input: { reason: '与该企业负责人系亲属', ...input }, requester, id, at: AT });
}

function approved(draw: DrawFile, input: Record<string, unknown>, requester: Person = admin, id = 'e1'): DrawFile {
  const req = ask(draw, input, requester, [], id);
  if (!req.ok) throw new Error(req.errors.join());
  const dec = decideException({ draw, exception: req.exception, decision: 'approve', approver: head, at: LATER });
  if (!dec.ok) throw new Error(dec.errors.join());
  return dec.draw;
}

describe('requestException', () => {
  const draw = baseDraw();
  const first = draw.result.targets[0]!;
  const inspectorOf = (p: string, cert: string): Person => person(p, ['officer'], { certificate: { number: cert, validUntil: '2029-12-31' } });

  it('records a recusal with its reason and a record entry', () => {
    const cert = first.inspectors[0]!.certificateNumber;
    const r = ask(draw, { kind: 'recusal', creditCode: first.creditCode, certificateNumber: cert });
    expect(r).toMatchObject({
      ok: true,
      exception: { id: 'e1', drawId: draw.drawId, kind: 'recusal', creditCode: first.creditCode, certificateNumber: cert, status: 'requested', reason: '与该企业负责人系亲属' },
      entries: [{ action: 'draw.exception_requested', actor: admin.openId, at: AT }],
      warnings: [],
    });
  });

  it('lets an inspector ask for their own recusal and report their own target struck off, nothing else', () => {
    const cert = first.inspectors[0]!.certificateNumber;
    const self = inspectorOf('ou_self', cert);
    expect(ask(draw, { kind: 'recusal', creditCode: first.creditCode, certificateNumber: cert }, self).ok).toBe(true);
    expect(ask(draw, { kind: 'struck_off', creditCode: first.creditCode }, self).ok).toBe(true);
    const other = draw.result.targets.find((t) => !t.inspectors.some((i) => i.certificateNumber === cert))!;
    expect(ask(draw, { kind: 'struck_off', creditCode: other.creditCode }, self)).toEqual({
      ok: false,
      errors: ['只有该检查对象的检查人员、负责人、科室负责人或行政审批科可以报告注销或吊销'],
    });
    const colleague = first.inspectors[1]!.certificateNumber;
    expect(ask(draw, { kind: 'recusal', creditCode: first.creditCode, certificateNumber: colleague }, self)).toEqual({
      ok: false,
      errors: ['只有检查人员本人、负责人、科室负责人或行政审批科可以申请回避'],
    });
    expect(ask(draw, { kind: 'redraw' }, officer)).toEqual({ ok: false, errors: ['只有负责人、科室负责人和行政审批科可以申请重新抽取'] });
  });

  it('refuses what does not fit the current result, a missing reason, and a duplicate pending request', () => {
    const notDrawn = targets(12).find((t) => !draw.result.targets.some((d) => d.creditCode === t.creditCode))!;
    expect(ask(draw, { kind: 'struck_off', creditCode: notDrawn.creditCode })).toEqual({ ok: false, errors: ['检查对象：不在本次抽取的当前结果中'] });
    const absent = draw.libraries.inspectors.find((i) => !first.inspectors.some((x) => x.certificateNumber === i.certificateNumber))!;
    expect(ask(draw, { kind: 'recusal', creditCode: first.creditCode, certificateNumber: absent.certificateNumber })).toEqual({
      ok: false,
      errors: [`检查人员：不在「${first.name}」的检查组中`],
    });
    expect(requestException({ draw, existing: [], input: { kind: 'redraw', reason: ' ' }, requester: admin, id: 'x', at: AT })).toEqual({
      ok: false,
      errors: ['理由：不能为空'],
    });
    expect(ask(draw, { kind: 'other' })).toMatchObject({ ok: false, errors: [expect.stringMatching(/^例外类型：/)] });
    const pending = ask(draw, { kind: 'struck_off', creditCode: first.creditCode });
    if (!pending.ok) throw new Error();
    expect(ask(draw, { kind: 'struck_off', creditCode: first.creditCode }, admin, [pending.exception], 'e2')).toEqual({
      ok: false,
      errors: ['已有相同的例外申请等待负责人批准'],
    });
    const rejected = { ...pending.exception, status: 'rejected' as const };
    expect(ask(draw, { kind: 'struck_off', creditCode: first.creditCode }, admin, [rejected], 'e2').ok).toBe(true);
  });

  it('warns when nobody could replace a recused inspector', () => {
    const tight = baseDraw({ inspectors: inspectors(2), params: params({ sampleSize: { count: 1 } }) });
    const t = tight.result.targets[0]!;
    const r = ask(tight, { kind: 'recusal', creditCode: t.creditCode, certificateNumber: t.inspectors[0]!.certificateNumber });
    expect(r.ok && r.warnings).toEqual([`目前没有可替换 ${t.inspectors[0]!.name} 的检查人员，批准后「${t.name}」的检查人员将不足`]);
  });
});

describe('decideException', () => {
  const draw = baseDraw();
  const t = draw.result.targets[1]!;
  const req = ask(draw, { kind: 'struck_off', creditCode: t.creditCode });
  if (!req.ok) throw new Error();
  const e = req.exception;

  it('only the head decides, never on their own request, and a rejection needs a reason', () => {
    expect(decideException({ draw, exception: e, decision: 'approve', approver: admin, at: LATER })).toEqual({
      ok: false,
      errors: ['只有负责人可以批准或驳回抽取例外'],
    });
    const own = ask(draw, { kind: 'redraw' }, head);
    if (!own.ok) throw new Error();
    expect(decideException({ draw, exception: own.exception, decision: 'approve', approver: head, at: LATER })).toEqual({
      ok: false,
      errors: ['不能批准或驳回本人提出的申请'],
    });
    expect(decideException({ draw, exception: own.exception, decision: 'approve', approver: head2, at: LATER }).ok).toBe(true);
    expect(decideException({ draw, exception: e, decision: 'reject', approver: head, at: LATER, note: '  ' })).toEqual({
      ok: false,
      errors: ['驳回时请写明理由'],
    });
  });

  it('a rejection changes nothing in the draw; an approval appends the exception and records who and when', () => {
    const rej = decideException({ draw, exception: e, decision: 'reject', approver: head, at: LATER, note: '该企业仍在经营' });
    expect(rej).toMatchObject({ ok: true, exception: { status: 'rejected', decisionNote: '该企业仍在经营' }, entries: [{ action: 'draw.exception_rejected', actor: head.openId }] });
    expect(rej.ok && rej.draw).toBe(draw);
    const app = decideException({ draw, exception: e, decision: 'approve', approver: head, at: LATER });
    if (!app.ok) throw new Error();
    expect(app.exception).toMatchObject({ status: 'approved', seq: 1, decidedBy: { openId: head.openId, name: '钱局长' }, decidedAt: LATER });
    expect(app.draw.exceptions).toEqual([{ seq: 1, id: 'e1', kind: 'struck_off', creditCode: t.creditCode, approvedAt: LATER }]);
    expect(app.draw.result).toEqual(draw.result); // the original stays visible
    expect(app.entries).toMatchObject([{ action: 'draw.exception_approved', actor: head.openId, detail: { seq: 1, exceptionId: 'e1' } }]);
    // Double tap: the exception is no longer pending.
    expect(decideException({ draw: app.draw, exception: app.exception, decision: 'approve', approver: head, at: LATER })).toEqual({
      ok: false,
      errors: ['该申请已批准，不能再次处理'],
    });
  });

  it('refuses an approval that an earlier approved exception made moot', () => {
    const recusal = ask(draw, { kind: 'recusal', creditCode: t.creditCode, certificateNumber: t.inspectors[0]!.certificateNumber }, admin, [], 'e2');
    if (!recusal.ok) throw new Error();
    const after = decideException({ draw, exception: e, decision: 'approve', approver: head, at: LATER });
    if (!after.ok) throw new Error();
    expect(decideException({ draw: after.draw, exception: recusal.exception, decision: 'approve', approver: head, at: LATER })).toEqual({
      ok: false,
      errors: ['该申请所涉的检查对象或检查人员已被先前批准的例外改变，请驳回后按当前结果重新申请'],
    });
  });
});

describe('the effects of approved exceptions', () => {
  it('a recusal: the least-loaded eligible inspector not on the target and not in conflict takes the same place', () => {
    for (let i = 0; i < 30; i++) {
      const draw = baseDraw({ seed: seed(i), conflicts: [{ certificateNumber: '甘执0006', creditCode: targets(12)[i % 12]!.creditCode }] });
      const t = draw.result.targets[0]!;
      const leaving = t.inspectors[1]!;
      const after = approved(draw, { kind: 'recusal', creditCode: t.creditCode, certificateNumber: leaving.certificateNumber });
      const now = after.effective.targets[0]!;
      expect(now.creditCode).toBe(t.creditCode);
      expect(now.inspectors[0]).toEqual(t.inspectors[0]);
      const added = now.inspectors[1]!;
      expect(added.certificateNumber).not.toBe(leaving.certificateNumber);
      expect(t.inspectors.map((x) => x.certificateNumber)).not.toContain(added.certificateNumber);
      expect(draw.libraries.conflicts.some((c) => c.creditCode === t.creditCode && c.certificateNumber === added.certificateNumber)).toBe(false);
      // least loaded among the candidates, counting the current result without the leaving inspector
      const loads = new Map<string, number>();
      for (const x of draw.result.targets.flatMap((d) => d.inspectors)) loads.set(x.certificateNumber, (loads.get(x.certificateNumber) ?? 0) + 1);
      loads.set(leaving.certificateNumber, (loads.get(leaving.certificateNumber) ?? 0) - 1);
      const candidates = draw.libraries.inspectors
        .map((x) => x.certificateNumber)
        .filter((c) => !t.inspectors.some((x) => x.certificateNumber === c))
        .filter((c) => !draw.libraries.conflicts.some((k) => k.creditCode === t.creditCode && k.certificateNumber === c));
      const min = Math.min(...candidates.map((c) => loads.get(c) ?? 0));
      expect(loads.get(added.certificateNumber) ?? 0).toBe(min);
      expect(after.effective.effects).toEqual([{ seq: 1, kind: 'recusal', creditCode: t.creditCode, removed: leaving, added }]);
      expect(verifyDraw(after).ok).toBe(true);
    }
  });

  it('a recusal nobody can replace leaves the target understaffed, and says so', () => {
    const draw = baseDraw({ inspectors: inspectors(2), params: params({ sampleSize: { count: 1 } }) });
    const t = draw.result.targets[0]!;
    const after = approved(draw, { kind: 'recusal', creditCode: t.creditCode, certificateNumber: t.inspectors[0]!.certificateNumber });
    expect(after.effective.understaffed).toEqual([t.creditCode]);
    expect(after.effective.targets[0]!.inspectors).toEqual([t.inspectors[1]]);
    expect(after.effective.effects[0]).toMatchObject({ kind: 'recusal', added: null });
  });

  it('a struck-off target is replaced by the next target of the committed order, staffed afresh, in the same place', () => {
    for (let i = 0; i < 20; i++) {
      const draw = baseDraw({ seed: seed(i) });
      const order = computeDraw(draw.libraries, draw.commitment.params, draw.seed, 2).order;
      const gone = draw.result.targets[2]!;
      const once = approved(draw, { kind: 'struck_off', creditCode: gone.creditCode });
      expect(once.effective.targets.map((t) => t.creditCode)).toEqual(
        [...draw.result.targets.slice(0, 2), { creditCode: order[4]!.creditCode }, draw.result.targets[3]!].map((t) => t.creditCode),
      );
      const reserve = once.effective.targets[2]!;
      expect(reserve.position).toBe(5);
      expect(reserve.inspectors).toHaveLength(2);
      // A second one takes the following reserve.
      const twice = approved(once, { kind: 'struck_off', creditCode: draw.result.targets[0]!.creditCode }, admin, 'e2');
      expect(twice.effective.targets[0]!.creditCode).toBe(order[5]!.creditCode);
      expect(twice.effective.targets[0]!.position).toBe(6);
      expect(twice.exceptions.map((e) => e.seq)).toEqual([1, 2]);
      expect(verifyDraw(twice).ok).toBe(true);
    }
  });

  it('when the population is exhausted a struck-off target is removed without replacement', () => {
    const draw = baseDraw({ targets: targets(3), params: params({ sampleSize: { count: 3 } }) });
    const after = approved(draw, { kind: 'struck_off', creditCode: draw.result.targets[1]!.creditCode });
    expect(after.effective.targets).toHaveLength(2);
    expect(after.effective.effects[0]).toMatchObject({ kind: 'struck_off', added: null });
  });

  it('a re-draw is flagged, leaves the result as it is, and cannot be asked for twice', () => {
    const draw = baseDraw();
    const after = approved(draw, { kind: 'redraw' });
    expect(after.effective.redrawApproved).toBe(true);
    expect(after.effective.targets).toEqual(draw.result.targets);
    expect(ask(after, { kind: 'redraw' }, admin, [], 'e2')).toEqual({ ok: false, errors: ['本次抽取的重新抽取已经批准，请直接重新抽取'] });
  });

  it('applyExceptions is a pure function of the file: recomputing gives the stored effective result', () => {
    let draw = baseDraw({ seed: seed(3) });
    draw = approved(draw, { kind: 'struck_off', creditCode: draw.result.targets[0]!.creditCode }, admin, 'e1');
    const t = draw.effective.targets[0]!;
    draw = approved(draw, { kind: 'recusal', creditCode: t.creditCode, certificateNumber: t.inspectors[0]!.certificateNumber }, admin, 'e2');
    expect(applyExceptions(draw, draw.exceptions)).toEqual(draw.effective);
  });
});
