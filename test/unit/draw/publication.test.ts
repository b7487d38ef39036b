/** The public page of a draw: names and credit codes of targets, names and certificate numbers of inspectors, nothing else. */
import { describe, expect, it } from 'vitest';
import {
  decideException,
  type DrawFile,
  publicCommitment,
  publicDraw,
  requestException,
  runDraw,
} from '../../../functions/domain/draw/index.ts';
import { admin, AT, head, inspectors, params, request, targets } from './helpers.ts';

const LIB_TARGETS = targets(12, (i) => ({ riskLevel: i % 2 ? 'C' : 'D', sectorTags: ['工业', '秘密标签'] }));
const LIB_INSPECTORS = inspectors(6, () => ({ certificateValidUntil: '2031-07-15', specialties: ['特种设备专长'] }));

function draw(): DrawFile {
  const r = runDraw(
    request({
      targets: LIB_TARGETS,
      inspectors: LIB_INSPECTORS,
      conflicts: [{ certificateNumber: '甘执0001', creditCode: LIB_TARGETS[0]!.creditCode }],
      params: params({ sampleSize: { percent: '25%' }, targetFilter: { riskLevels: ['C', 'D'] } }),
    }),
  );
  if (!r.ok) throw new Error(r.errors.join());
  return r.draw;
}

/** Every key and string value anywhere in a value. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      strings(x, out);
    }
  }
  return out;
}

describe('publicCommitment', () => {
  it('shows the commitment with readable parameters and no seed', () => {
    const d = draw();
    expect(publicCommitment(d.commitment)).toEqual({
      drawId: 'draw-1',
      planId: '2026年第三季度安全生产抽查',
      listItem: '工业企业安全生产检查（重点，清单第 1 版）',
      drawDate: '2026-09-01',
      targetScope: '风险等级：C类（信用风险较高）、D类（信用风险高）',
      sampleSize: '25%（向上取整）',
      inspectorsPerTarget: 2,
      inspectorSpecialties: [],
      algorithm: 'SJDRAW-1',
      commitmentHash: d.commitment.hash,
      seedHash: d.commitment.seedHash,
      libraryHashes: d.commitment.libraryHashes,
    });
    expect(strings(publicCommitment(d.commitment))).not.toContain(d.seed);
  });
});

describe('publicDraw', () => {
  it('shows targets by name and credit code and inspectors by name and certificate number only', () => {
    const d = draw();
    const view = publicDraw(d);
    expect(view.result).toHaveLength(3);
    for (const t of view.result) {
      expect(Object.keys(t).sort()).toEqual(['creditCode', 'inspectors', 'name', 'position']);
      for (const i of t.inspectors) expect(Object.keys(i).sort()).toEqual(['certificateNumber', 'name']);
    }
    expect(view.current).toEqual(view.result);
    expect(view).toMatchObject({ seed: d.seed, resultHash: d.result.hash, populationSize: 12, eligibleInspectors: 6, exceptions: [], redrawApproved: false });
  });

  it('leaks nothing else: no risk level of a target, no tags, type, certificate dates or specialties (the conflicts appear only as a hash)', () => {
    const all = strings(publicDraw(draw()));
    for (const secret of ['riskLevel', 'sectorTags', '秘密标签', 'certificateValidUntil', '2031-07-15', 'specialties', '特种设备专长', 'type', 'enterprise', 'C', 'D']) {
      expect(all).not.toContain(secret);
    }
  });

  it('shows approved exceptions beside the original result, without reasons or who asked', () => {
    const d = draw();
    const t = d.result.targets[0]!;
    const req = requestException({
      draw: d,
      existing: [],
      input: { kind: 'recusal', creditCode: t.creditCode, certificateNumber: t.inspectors[0]!.certificateNumber, reason: '与该企业负责人系亲属' },
      requester: admin,
      id: 'e1',
      at: AT,
    });
    if (!req.ok) throw new Error();
    const dec = decideException({ draw: d, exception: req.exception, decision: 'approve', approver: head, at: '2026-09-02T01:00:00.000Z' });
    if (!dec.ok) throw new Error();
    const view = publicDraw(dec.draw);
    const added = dec.draw.effective.targets[0]!.inspectors[0]!;
    expect(view.exceptions).toEqual([
      {
        seq: 1,
        kind: '检查人员回避',
        approvedAt: '2026-09-02T01:00:00.000Z',
        change: `「${t.name}」的检查人员 ${t.inspectors[0]!.name}（${t.inspectors[0]!.certificateNumber}）回避，由 ${added.name}（${added.certificateNumber}）替换`,
      },
    ]);
    expect(view.result[0]!.inspectors[0]).toEqual(t.inspectors[0]);
    expect(view.current[0]!.inspectors[0]).toEqual(added);
    const all = strings(view).join('\n');
    expect(all).not.toContain('亲属');
    expect(all).not.toContain(admin.openId);
    expect(all).not.toContain(head.openId);
  });
});
