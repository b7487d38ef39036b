/** Preparing, committing and revealing a draw; the sampling's guarantees over many seeds. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ALGORITHM_VERSION,
  checkNewDraw,
  commitDraw,
  commitmentHash,
  computeDraw,
  type DrawFile,
  drawSummary,
  prepareDraw,
  revealDraw,
  runDraw,
} from '../../../functions/domain/draw/index.ts';
import { prng, randInt } from '../deadlines/helpers.ts';
import {
  admin,
  AT,
  CHI2_999,
  chiSquare,
  DRAW_DATE,
  head,
  inspector,
  inspectors,
  officer,
  params,
  request,
  seed,
  target,
  targets,
  uscc,
} from './helpers.ts';

function drawOf(req: ReturnType<typeof request>): DrawFile {
  const r = runDraw(req);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.draw;
}

const errorsOf = (req: ReturnType<typeof request>) => {
  const r = prepareDraw(req);
  return r.ok ? [] : r.errors;
};

describe('prepareDraw refuses, in Chinese, before anything is committed', () => {
  it('an operator who is neither a section head nor 行政审批科 (the head approves exceptions, and does not draw)', () => {
    expect(errorsOf({ ...request(), operator: officer })).toEqual(['只有科室负责人和行政审批科可以组织抽查']);
    expect(errorsOf({ ...request(), operator: head })).toEqual(['只有科室负责人和行政审批科可以组织抽查']);
    expect(prepareDraw({ ...request(), operator: { ...officer, roles: ['officer', 'section_head'] } }).ok).toBe(true);
  });

  it('an empty population, or more targets than it holds', () => {
    expect(errorsOf(request({ params: params({ targetFilter: { riskLevels: ['D'] } }) }))).toEqual([
      '检查对象名录库中没有符合筛选条件的对象，请放宽范围或先导入名录库',
    ]);
    expect(errorsOf(request({ params: params({ sampleSize: { count: 11 } }) }))).toEqual([
      '抽取数量：符合条件的检查对象只有 10 户，不能抽取 11 户',
    ]);
  });

  it('too few inspectors certified on the draw date (and with the specialty asked for)', () => {
    const lib = [inspector(1), inspector(2, { certificateValidUntil: '2026-08-31' }), inspector(3, { specialties: ['节能'] })];
    expect(errorsOf(request({ inspectors: lib }))).toEqual([]);
    expect(errorsOf(request({ inspectors: lib, params: params({ inspectorsPerTarget: 3 }) }))).toEqual([
      '2026-09-01 持有效执法证的检查人员只有 2 名，每户需要 3 名',
    ]);
    expect(errorsOf(request({ inspectors: lib, params: params({ inspectorSpecialties: ['安全生产'] }) }))).toEqual([
      '2026-09-01 持有效执法证、具备所需专长（安全生产）的检查人员只有 1 名，每户需要 2 名',
    ]);
  });

  it('a target whose conflicts leave fewer inspectors than each target needs', () => {
    const conflicts = [
      { certificateNumber: '甘执0001', creditCode: uscc(4) },
      { certificateNumber: '甘执0002', creditCode: uscc(4) },
    ];
    expect(errorsOf(request({ inspectors: inspectors(3), conflicts }))).toEqual([
      '「企业4」因回避可派的检查人员不足 2 名，请补充检查人员或调整范围',
    ]);
    expect(errorsOf(request({ inspectors: inspectors(4), conflicts }))).toEqual([]);
  });

  it('duplicate library entries', () => {
    expect(errorsOf(request({ targets: [...targets(3), target(2)] }))[0]).toMatch(/出现了不止一次/);
  });

  it('bad parameters, by field', () => {
    expect(errorsOf(request({ params: params({ inspectorsPerTarget: 1 }) }))[0]).toMatch(/^每户检查人员数：不少于 2 名/);
  });
});

describe('commit, then reveal', () => {
  it('the commitment holds the seed hash, the library hashes, the algorithm and the parameters, and hashes exactly them', () => {
    const req = request();
    const prep = prepareDraw(req);
    if (!prep.ok) throw new Error();
    const { commitment, entries } = commitDraw(prep.prepared, req.seed, AT, admin.openId);
    expect(commitment.algorithm).toBe(ALGORITHM_VERSION);
    expect(commitment.seedHash).toBe(createHash('sha256').update(Buffer.from(req.seed, 'hex')).digest('hex'));
    expect(commitment.libraryHashes).toEqual(prep.prepared.hashes);
    expect(commitment.params).toEqual(prep.prepared.params);
    expect(commitment.hash).toBe(commitmentHash(commitment));
    expect(JSON.stringify(commitment)).not.toContain(req.seed);
    expect(entries).toEqual([
      expect.objectContaining({ drawId: 'draw-1', action: 'draw.committed', actor: admin.openId, at: AT }),
    ]);
    expect(JSON.stringify(entries)).not.toContain(req.seed);
    expect(entries[0]?.detail).toMatchObject({ commitmentHash: commitment.hash, populationSize: 10, eligibleInspectors: 6, targetCount: 3 });
  });

  it('reveal refuses a seed other than the committed one', () => {
    const req = request();
    const prep = prepareDraw(req);
    if (!prep.ok) throw new Error();
    const { commitment } = commitDraw(prep.prepared, req.seed, AT, admin.openId);
    expect(() => revealDraw(prep.prepared, commitment, seed(2), AT, admin.openId)).toThrow(/does not match/);
    const { draw, entries } = revealDraw(prep.prepared, commitment, req.seed, AT, admin.openId);
    expect(draw.seed).toBe(req.seed);
    expect(entries[0]).toMatchObject({ action: 'draw.revealed', detail: { seed: req.seed, resultHash: draw.result.hash } });
  });

  it('runDraw returns the committed entry before the revealed one, and a file without exceptions', () => {
    const r = runDraw(request());
    if (!r.ok) throw new Error();
    expect(r.entries.map((e) => e.action)).toEqual(['draw.committed', 'draw.revealed']);
    expect(r.draw.exceptions).toEqual([]);
    expect(r.draw.effective.targets).toEqual(r.draw.result.targets);
    expect(r.draw.result).toMatchObject({ frameSize: 10, eligibleInspectors: 6 });
    expect(r.draw.result.targets.map((t) => t.position)).toEqual([1, 2, 3]);
  });
});

describe('the sampling', () => {
  it('is deterministic for a seed and changes with the seed', () => {
    const a = drawOf(request());
    const b = drawOf(request());
    expect(b.result).toEqual(a.result);
    const results = new Set(Array.from({ length: 20 }, (_, i) => drawOf(request({ seed: seed(i) })).result.hash));
    expect(results.size).toBeGreaterThan(15);
  });

  it('does not depend on the order the libraries arrive in', () => {
    const a = drawOf(request());
    const b = drawOf(request({ targets: targets(10).reverse(), inspectors: inspectors(6).reverse() }));
    expect(b.result).toEqual(a.result);
    expect(b.commitment.hash).toBe(a.commitment.hash);
  });

  it('draws a ratio rounded up, only from targets matching the filter', () => {
    const lib = targets(40, (i) => ({ riskLevel: i % 4 === 0 ? 'D' : 'A', type: i % 3 === 0 ? 'individual_business' : 'enterprise', sectorTags: i % 2 ? ['工业'] : ['电力'] }));
    const d = drawOf(
      request({
        targets: lib,
        params: params({ sampleSize: { percent: 50 }, targetFilter: { riskLevels: ['D'], types: ['enterprise'], sectorTags: ['电力'] } }),
      }),
    );
    const matching = lib.filter((t) => t.riskLevel === 'D' && t.type === 'enterprise' && t.sectorTags.includes('电力'));
    expect(d.result.frameSize).toBe(matching.length);
    expect(d.result.targets).toHaveLength(Math.ceil(matching.length / 2));
    for (const t of d.result.targets) expect(matching.map((m) => m.creditCode)).toContain(t.creditCode);
  });

  it('over random libraries and seeds: never one inspector twice on a target, never a recused or uncertified one, loads within one', () => {
    const rand = prng(7);
    for (let round = 0; round < 150; round++) {
      const nTargets = randInt(rand, 1, 40);
      const nInspectors = randInt(rand, 4, 15);
      const lib = inspectors(nInspectors, () => ({
        certificateValidUntil: rand() < 0.2 ? '2026-08-31' : '2027-06-30',
        specialties: rand() < 0.8 ? ['安全生产'] : ['节能'],
      }));
      const valid = lib.filter((i) => i.certificateValidUntil >= DRAW_DATE && i.specialties.includes('安全生产'));
      const m = randInt(rand, 2, 3);
      if (valid.length < m + 1) continue;
      const conflicts = [];
      for (let c = 0; c < randInt(rand, 0, 6); c++) {
        conflicts.push({ certificateNumber: lib[randInt(rand, 0, nInspectors - 1)]!.certificateNumber, creditCode: uscc(randInt(rand, 1, nTargets)) });
      }
      const req = request({
        targets: targets(nTargets),
        inspectors: lib,
        conflicts,
        seed: seed(1000 + round),
        params: params({ sampleSize: { count: randInt(rand, 1, nTargets) }, inspectorsPerTarget: m, inspectorSpecialties: ['安全生产'] }),
      });
      const r = runDraw(req);
      if (!r.ok) {
        // Only refusals caused by conflicts are expected here.
        expect(r.errors.join()).toMatch(/因回避/);
        continue;
      }
      const recused = new Set(conflicts.map((c) => `${c.certificateNumber}|${c.creditCode}`));
      const validCerts = new Set(valid.map((i) => i.certificateNumber));
      const codes = r.draw.result.targets.map((t) => t.creditCode);
      expect(new Set(codes).size).toBe(codes.length);
      const loads = new Map<string, number>();
      for (const t of r.draw.result.targets) {
        const certs = t.inspectors.map((i) => i.certificateNumber);
        expect(certs).toHaveLength(m);
        expect(new Set(certs).size).toBe(m);
        for (const c of certs) {
          expect(validCerts.has(c)).toBe(true);
          expect(recused.has(`${c}|${t.creditCode}`)).toBe(false);
          loads.set(c, (loads.get(c) ?? 0) + 1);
        }
      }
      if (conflicts.length === 0) {
        const all = valid.map((i) => loads.get(i.certificateNumber) ?? 0);
        expect(Math.max(...all) - Math.min(...all)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('inspectors of one target are an unbiased pair: 6 pairs of 4 inspectors over 3,000 fixed seeds (chi-square, 5 df)', () => {
    const pairs = new Map<string, number>();
    const prep = prepareDraw(request({ targets: targets(1), inspectors: inspectors(4), params: params({ sampleSize: { count: 1 } }) }));
    if (!prep.ok) throw new Error();
    for (let i = 0; i < 3000; i++) {
      const c = computeDraw(prep.prepared.libraries, prep.prepared.params, seed(i));
      const key = c.targets[0]!.inspectors.map((x) => x.certificateNumber).sort().join('+');
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
    expect(pairs.size).toBe(6);
    expect(chiSquare([...pairs.values()])).toBeLessThan(CHI2_999[5] as number);
  });

  it('targets are unbiased over the whole library: each of 8 targets drawn (3 per draw) equally often over 4,000 seeds', () => {
    const prep = prepareDraw(request({ targets: targets(8), inspectors: inspectors(4) }));
    if (!prep.ok) throw new Error();
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      for (const t of computeDraw(prep.prepared.libraries, prep.prepared.params, seed(i)).targets) {
        counts.set(t.creditCode, (counts.get(t.creditCode) ?? 0) + 1);
      }
    }
    // Inclusion counts are not independent cells, so compare against a looser bound: each within 10% of 1,500.
    for (const c of counts.values()) expect(Math.abs(c - 1500)).toBeLessThan(150);
  });

  it('excludes an inspector whose certificate expired before the draw date and one recused from a target', () => {
    const lib = [inspector(1), inspector(2), inspector(3), inspector(4, { certificateValidUntil: '2026-08-31' })];
    const conflicts = [{ certificateNumber: '甘执0001', creditCode: uscc(1) }];
    for (let i = 0; i < 100; i++) {
      const d = drawOf(request({ targets: targets(3), inspectors: lib, conflicts, seed: seed(i) }));
      const all = d.result.targets.flatMap((t) => t.inspectors.map((x) => x.certificateNumber));
      expect(all).not.toContain('甘执0004');
      const first = d.result.targets.find((t) => t.creditCode === uscc(1));
      expect(first?.inspectors.map((x) => x.certificateNumber)).not.toContain('甘执0001');
    }
  });
});

describe('checkNewDraw: no quiet re-draws', () => {
  const plan = '2026年第三季度安全生产抽查';
  it('the first draw of a plan is free; a second needs the approved 重新抽取 of the current draw', () => {
    expect(checkNewDraw(plan, [])).toEqual({ ok: true });
    expect(checkNewDraw(plan, [{ drawId: 'd1', planId: '另一个计划' }])).toEqual({ ok: true });
    expect(checkNewDraw(plan, [{ drawId: 'd1', planId: plan }])).toEqual({
      ok: false,
      errors: [`抽查计划「${plan}」已经抽取过（d1）。重新抽取须先提出“重新抽取”例外申请，经负责人批准后进行`],
    });
    expect(checkNewDraw(plan, [{ drawId: 'd1', planId: plan, approvedRedraw: { exceptionId: 'e1' } }])).toEqual({
      ok: true,
      supersedes: { drawId: 'd1', exceptionId: 'e1' },
    });
  });

  it('one approval allows one re-draw: once replaced, the new draw is the one that needs an approval', () => {
    const history = [
      { drawId: 'd1', planId: plan, approvedRedraw: { exceptionId: 'e1' }, supersededBy: 'd2' },
      { drawId: 'd2', planId: plan },
    ];
    expect(checkNewDraw(plan, history).ok).toBe(false);
  });

  it('drawSummary reads the plan from the commitment and the approved re-draw from the applied exceptions', () => {
    const d = drawOf(request());
    expect(drawSummary(d.commitment)).toEqual({ drawId: 'draw-1', planId: plan });
    const redraw = { seq: 1, id: 'e7', kind: 'redraw' as const, approvedAt: AT };
    expect(drawSummary(d.commitment, [redraw], 'draw-2')).toEqual({ drawId: 'draw-1', planId: plan, approvedRedraw: { exceptionId: 'e7' }, supersededBy: 'draw-2' });
    expect(checkNewDraw(plan, [drawSummary(d.commitment, [redraw])])).toEqual({ ok: true, supersedes: { drawId: 'draw-1', exceptionId: 'e7' } });
  });

  it('a re-draw commits to the draw it replaces', () => {
    const r = runDraw({ ...request({ drawId: 'd2' }), supersedes: { drawId: 'd1', exceptionId: 'e1' } });
    expect(r.ok && r.commitment.supersedes).toEqual({ drawId: 'd1', exceptionId: 'e1' });
    const plain = runDraw(request({ drawId: 'd2' }));
    expect(r.ok && plain.ok && r.commitment.hash !== plain.commitment.hash).toBe(true);
  });
});
