/** verifyDraw: recompute every step from the draw file and name each mismatch in Chinese. */
import { describe, expect, it } from 'vitest';
import {
  commitmentHash,
  type DrawFile,
  libraryHashes,
  runDraw,
  seedHash,
  verifyDraw,
  type VerifyReport,
} from '../../../functions/domain/draw/index.ts';
import { inspectors, params, request, seed, target, targets } from './helpers.ts';

function fresh(): DrawFile {
  const r = runDraw(request({ targets: targets(12), inspectors: inspectors(6), params: params({ sampleSize: { count: 4 } }) }));
  if (!r.ok) throw new Error(r.errors.join());
  // Through JSON, as a file read from disk or a URL.
  return JSON.parse(JSON.stringify(r.draw)) as DrawFile;
}

const failed = (r: VerifyReport) => [...new Set(r.steps.filter((s) => s.status === 'mismatch').map((s) => s.step))];

describe('verifyDraw', () => {
  it('a draw as published passes every step; without the published commitment that step is reported as skipped', () => {
    const d = fresh();
    const r = verifyDraw(d);
    expect(r.ok).toBe(true);
    expect(r.mismatches).toEqual([]);
    expect(r.steps.map((s) => [s.step, s.status])).toEqual([
      ['文件格式', 'ok'],
      ['算法版本', 'ok'],
      ['抽取编号', 'ok'],
      ['承诺', 'ok'],
      ['与公布的承诺核对', 'skipped'],
      ['种子', 'ok'],
      ['检查对象名录库', 'ok'],
      ['执法检查人员名录库', 'ok'],
      ['回避名单', 'ok'],
      ['抽取结果', 'ok'],
      ['例外处理', 'ok'],
    ]);
    const withPublished = verifyDraw(d, { publishedCommitment: d.commitment.hash.toUpperCase() });
    expect(withPublished.steps.find((s) => s.step === '与公布的承诺核对')?.status).toBe('ok');
  });

  it('detects a target library changed after the commitment (a name edited, a target added or removed)', () => {
    const edited = fresh();
    edited.libraries.targets[5]!.name = '改过的名称';
    expect(failed(verifyDraw(edited))).toContain('检查对象名录库');
    expect(verifyDraw(edited).mismatches.join()).toMatch(/检查对象名录库：与承诺时不一致.*在承诺后被改动/);

    const added = fresh();
    added.libraries.targets.push(target(99));
    const r = verifyDraw(added);
    expect(failed(r)).toEqual(expect.arrayContaining(['检查对象名录库', '抽取结果'])); // a larger population also changes the draw

    const removed = fresh();
    removed.libraries.targets = removed.libraries.targets.filter((t) => t.creditCode !== removed.result.targets[0]!.creditCode);
    expect(failed(verifyDraw(removed))).toEqual(expect.arrayContaining(['检查对象名录库', '抽取结果']));
  });

  it('detects a changed inspector library and a dropped conflict', () => {
    const d = fresh();
    d.libraries.inspectors[0]!.certificateValidUntil = '2026-01-01';
    expect(failed(verifyDraw(d))).toContain('执法检查人员名录库');
    const c = fresh();
    const notDrawn = c.libraries.targets.find((t) => !c.result.targets.some((r) => r.creditCode === t.creditCode))!;
    c.libraries.conflicts.push({ certificateNumber: '甘执0001', creditCode: notDrawn.creditCode });
    expect(failed(verifyDraw(c))).toEqual(['回避名单']);
  });

  it('a library changed together with a rewritten commitment still fails against the commitment posted before the draw', () => {
    const original = fresh();
    const forged = fresh();
    const notDrawn = forged.libraries.targets.find((t) => !forged.result.targets.some((r) => r.creditCode === t.creditCode))!;
    notDrawn.name = '改过的名称';
    forged.commitment.libraryHashes = libraryHashes(forged.libraries);
    forged.commitment.hash = commitmentHash(forged.commitment);
    expect(verifyDraw(forged).ok).toBe(true); // self-consistent on its own…
    const r = verifyDraw(forged, { publishedCommitment: original.commitment.hash });
    expect(r.ok).toBe(false); // …but not the commitment everyone saw
    expect(r.mismatches).toEqual([expect.stringMatching(/^与公布的承诺核对：文件中的承诺（.*）不是抽取前公布的承诺/)]);
  });

  it('detects a changed seed (against the seed hash), and a seed swapped with its hash (against the commitment)', () => {
    const d = fresh();
    d.seed = seed(77);
    const r = verifyDraw(d);
    expect(failed(r)).toEqual(expect.arrayContaining(['种子', '抽取结果']));
    expect(r.mismatches).toContain('种子：公布的种子与承诺的种子哈希不符：种子在承诺后被更换');
    const swapped = fresh();
    swapped.seed = seed(77);
    swapped.commitment.seedHash = seedHash(seed(77));
    expect(failed(verifyDraw(swapped))).toEqual(expect.arrayContaining(['承诺', '抽取结果']));
  });

  it('detects a changed result: a target swapped, an inspector swapped, the order changed, the hash edited', () => {
    const swapTarget = fresh();
    const outsider = swapTarget.libraries.targets.find((t) => !swapTarget.result.targets.some((r) => r.creditCode === t.creditCode))!;
    swapTarget.result.targets[1] = { ...swapTarget.result.targets[1]!, creditCode: outsider.creditCode, name: outsider.name };
    const r1 = verifyDraw(swapTarget);
    expect(r1.mismatches[0]).toMatch(/^抽取结果：第 2 个检查对象应为「企业\d+」（\w{18}）（抽取顺序第 2 位），文件中为「企业\d+」/);

    const swapInspector = fresh();
    const t = swapInspector.result.targets[0]!;
    const other = swapInspector.libraries.inspectors.find((i) => !t.inspectors.some((x) => x.certificateNumber === i.certificateNumber))!;
    t.inspectors[0] = { certificateNumber: other.certificateNumber, name: other.name };
    expect(verifyDraw(swapInspector).mismatches[0]).toMatch(/^抽取结果：「企业\d+」（\w{18}）的检查人员应为 检查员\d（甘执\d{4}）、检查员\d（甘执\d{4}），文件中为/);

    const reordered = fresh();
    reordered.result.targets.reverse();
    expect(failed(verifyDraw(reordered))).toEqual(['抽取结果']);

    const hash = fresh();
    hash.result.hash = '0'.repeat(64);
    expect(verifyDraw(hash).mismatches).toEqual([expect.stringMatching(/^抽取结果：结果哈希应为/)]);

    const count = fresh();
    count.result.frameSize = 11;
    expect(verifyDraw(count).mismatches).toEqual(['抽取结果：符合条件的检查对象应为 12 户，文件中为 11 户']);
  });

  it('detects changed parameters (the commitment no longer matches its hash)', () => {
    const d = fresh();
    d.commitment.params.inspectorsPerTarget = 3;
    expect(failed(verifyDraw(d))).toEqual(expect.arrayContaining(['承诺', '抽取结果']));
  });

  it('detects an effective result that does not follow from the approved exceptions', () => {
    const d = fresh();
    d.effective.targets.pop();
    expect(failed(verifyDraw(d))).toEqual(['例外处理']);
    const e = fresh();
    e.exceptions.push({ seq: 2, id: 'x', kind: 'redraw', approvedAt: '2026-09-02T00:00:00Z' });
    expect(verifyDraw(e).mismatches).toEqual(['例外处理：例外的序号应为 1、2、3……（按批准顺序）']);
    const f = fresh();
    f.exceptions.push({ seq: 1, id: 'x', kind: 'struck_off', creditCode: target(99).creditCode, approvedAt: '2026-09-02T00:00:00Z' });
    expect(verifyDraw(f).mismatches[0]).toMatch(/^例外处理：例外 #1：检查对象 \w{18} 不在当前抽取结果中/);
  });

  it('answers malformed input and unknown algorithms in Chinese without throwing', () => {
    for (const bad of [null, 'x', [], {}, { format: 'sj-draw-file/1' }]) {
      const r = verifyDraw(bad);
      expect(r.ok).toBe(false);
      expect(r.steps[0]?.step).toBe('文件格式');
    }
    const d = fresh();
    d.libraries.targets[0]!.creditCode = 'ABC';
    expect(verifyDraw(d).mismatches[0]).toMatch(/^文件格式：libraries\.targets\.0\.creditCode/);
    const spaced = fresh();
    spaced.libraries.targets[0]!.name = ' 企业1';
    expect(verifyDraw(spaced).mismatches[0]).toMatch(/规范文本/);
    const dup = fresh();
    dup.libraries.targets.push(dup.libraries.targets[0]!);
    expect(verifyDraw(dup).mismatches[0]).toMatch(/^名录库：.*出现了不止一次/);
    const algo = fresh();
    algo.commitment.algorithm = 'SJDRAW-2';
    expect(verifyDraw(algo).mismatches).toEqual(['算法版本：承诺使用的算法为 SJDRAW-2，本程序实现的是 SJDRAW-1，无法复核']);
    const impossible = fresh();
    impossible.commitment.params.sampleSize = { count: 500 };
    expect(verifyDraw(impossible).mismatches.join()).toMatch(/抽取结果：无法按承诺的参数重新抽取/);
  });
});
