/**
 * What the public site shows of a draw (一公开): before the draw, the commitment; after it, the seed,
 * the parameters, the library hashes and the result — targets by name and credit code, inspectors by
 * name and certificate number, nothing else (no risk levels, tags, addresses, certificate dates,
 * conflicts, reasons or people's ids). Exceptions appear beside the original result.
 */
import { basisPointsText } from './config.ts';
import {
  type Commitment,
  type DrawFile,
  type DrawnTarget,
  EXCEPTION_KIND_LABELS,
  type ExceptionKind,
  type LibraryHashes,
  RISK_LEVEL_LABELS,
  TARGET_TYPE_LABELS,
} from './types.ts';

export interface PublicCommitment {
  drawId: string;
  planId: string;
  listItem: string; // `安全生产检查（重点，清单第 3 版）`
  drawDate: string;
  /** Human-readable criteria: `类型：企业；风险等级：C类（信用风险较高）`, or `全部`. */
  targetScope: string;
  sampleSize: string; // `10 户` / `5%（向上取整）`
  inspectorsPerTarget: number;
  inspectorSpecialties: string[];
  algorithm: string;
  commitmentHash: string;
  seedHash: string;
  libraryHashes: LibraryHashes;
  /** A re-draw names the draw it replaces. */
  supersedes?: { drawId: string };
}

export interface PublicTarget {
  position: number;
  name: string;
  creditCode: string;
  inspectors: { name: string; certificateNumber: string }[];
}

export interface PublicException {
  seq: number;
  kind: string; // Chinese label
  approvedAt: string;
  /** What changed, in Chinese, names and numbers only. */
  change: string;
}

export interface PublicDraw extends PublicCommitment {
  seed: string;
  populationSize: number;
  eligibleInspectors: number;
  resultHash: string;
  /** The result as drawn. */
  result: PublicTarget[];
  /** After approved exceptions (equal to `result` when there are none). */
  current: PublicTarget[];
  exceptions: PublicException[];
  redrawApproved: boolean;
}

export function targetScopeText(c: Commitment): string {
  const f = c.params.targetFilter;
  const parts: string[] = [];
  if (f.types.length > 0) parts.push(`类型：${f.types.map((t) => TARGET_TYPE_LABELS[t]).join('、')}`);
  if (f.riskLevels.length > 0) parts.push(`风险等级：${f.riskLevels.map((r) => RISK_LEVEL_LABELS[r]).join('、')}`);
  if (f.sectorTags.length > 0) parts.push(`行业：${f.sectorTags.join('、')}`);
  return parts.length > 0 ? parts.join('；') : '全部';
}

export function publicCommitment(c: Commitment): PublicCommitment {
  const p = c.params;
  const view: PublicCommitment = {
    drawId: c.drawId,
    planId: p.planId,
    listItem: `${p.listItem.name}（${p.listItem.kind}，清单第 ${p.listItem.listVersion} 版）`,
    drawDate: p.drawDate,
    targetScope: targetScopeText(c),
    sampleSize: 'count' in p.sampleSize ? `${p.sampleSize.count} 户` : `${basisPointsText(p.sampleSize.basisPoints)}（向上取整）`,
    inspectorsPerTarget: p.inspectorsPerTarget,
    inspectorSpecialties: [...p.inspectorSpecialties],
    algorithm: c.algorithm,
    commitmentHash: c.hash,
    seedHash: c.seedHash,
    libraryHashes: { ...c.libraryHashes },
  };
  if (c.supersedes) view.supersedes = { drawId: c.supersedes.drawId };
  return view;
}

const publicTarget = (t: DrawnTarget): PublicTarget => ({
  position: t.position,
  name: t.name,
  creditCode: t.creditCode,
  inspectors: t.inspectors.map((i) => ({ name: i.name, certificateNumber: i.certificateNumber })),
});

export function publicDraw(d: DrawFile): PublicDraw {
  const approvedAt = new Map(d.exceptions.map((e) => [e.seq, e.approvedAt]));
  const exceptions = d.effective.effects.map((e): PublicException => {
    let change: string;
    switch (e.kind) {
      case 'redraw':
        change = '经负责人批准重新抽取，以新的抽取结果为准';
        break;
      case 'recusal': {
        const name = d.result.targets.find((t) => t.creditCode === e.creditCode)?.name ?? e.creditCode;
        const by = e.added ? `由 ${e.added.name}（${e.added.certificateNumber}）替换` : '无人可替换，检查人员不足';
        change = `「${name}」的检查人员 ${e.removed.name}（${e.removed.certificateNumber}）回避，${by}`;
        break;
      }
      case 'struck_off':
        change = e.added
          ? `「${e.removed.name}」（${e.removed.creditCode}）已注销或吊销，按抽取顺序由第 ${e.added.position} 位「${e.added.name}」（${e.added.creditCode}）递补`
          : `「${e.removed.name}」（${e.removed.creditCode}）已注销或吊销，符合条件的对象已抽完，无递补`;
        break;
    }
    return { seq: e.seq, kind: EXCEPTION_KIND_LABELS[e.kind as ExceptionKind], approvedAt: approvedAt.get(e.seq) ?? '', change };
  });
  return {
    ...publicCommitment(d.commitment),
    seed: d.seed,
    populationSize: d.result.frameSize,
    eligibleInspectors: d.result.eligibleInspectors,
    resultHash: d.result.hash,
    result: d.result.targets.map(publicTarget),
    current: d.effective.targets.map(publicTarget),
    exceptions,
    redrawApproved: d.effective.redrawApproved,
  };
}
