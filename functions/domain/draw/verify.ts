/**
 * Anyone can check a draw: from a draw file, recompute every step (seed against the commitment, the
 * library hashes, the commitment hash, the result, the exceptions) and say in Chinese what does not
 * match. Pass the commitment hash as posted in the group or on the public page: a file whose libraries
 * were changed after the commitment then fails even if its commitment was rewritten to match.
 */
import * as z from 'zod/mini';
import { canonicalJson } from './canonical.ts';
import { commitmentHash, DRAW_ID_PATTERN, seedHash } from './draw.ts';
import { applyExceptions, ExceptionNotApplicable } from './exceptions.ts';
import { freezeLibraries, frozenCreditCode, frozenText, NAME_MAX, TAG_MAX } from './library.ts';
import { frozenParamsSchema } from './params.ts';
import { computeDraw, resultHash } from './sampling.ts';
import {
  ALGORITHM_VERSION,
  type AssignedInspector,
  DRAW_FILE_FORMAT,
  type DrawFile,
  type DrawnTarget,
  EXCEPTION_KINDS,
  RISK_LEVELS,
  TARGET_TYPES,
} from './types.ts';

const hex64 = z.string().check(z.regex(/^[0-9a-f]{64}$/, '应为 64 位小写十六进制'));
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const drawId = z.string().check(z.regex(DRAW_ID_PATTERN));
const certificateNumber = frozenText(50);
const personName = frozenText(50);

const assignedSchema = z.object({ certificateNumber, name: personName });
const drawnTargetSchema = z.object({
  position: z.int().check(z.minimum(1)),
  creditCode: frozenCreditCode,
  name: frozenText(NAME_MAX),
  inspectors: z.array(assignedSchema),
});

export const drawFileSchema = z.object({
  format: z.literal(DRAW_FILE_FORMAT),
  drawId,
  libraries: z.object({
    targets: z.array(
      z.object({
        creditCode: frozenCreditCode,
        name: frozenText(NAME_MAX),
        type: z.enum(TARGET_TYPES),
        riskLevel: z.enum(RISK_LEVELS),
        sectorTags: z.array(frozenText(TAG_MAX)),
      }),
    ),
    inspectors: z.array(
      z.object({
        certificateNumber,
        name: personName,
        certificateValidUntil: isoDate,
        specialties: z.array(frozenText(TAG_MAX)),
      }),
    ),
    conflicts: z.array(z.object({ certificateNumber, creditCode: frozenCreditCode })),
  }),
  commitment: z.object({
    algorithm: z.string(),
    drawId,
    params: frozenParamsSchema,
    libraryHashes: z.object({ targets: hex64, inspectors: hex64, conflicts: hex64 }),
    seedHash: hex64,
    supersedes: z.optional(z.object({ drawId, exceptionId: frozenText(100) })),
    hash: hex64,
  }),
  seed: hex64,
  result: z.object({
    frameSize: z.int().check(z.minimum(0)),
    eligibleInspectors: z.int().check(z.minimum(0)),
    targets: z.array(drawnTargetSchema),
    hash: hex64,
  }),
  exceptions: z.array(
    z.object({
      seq: z.int().check(z.minimum(1)),
      id: frozenText(100),
      kind: z.enum(EXCEPTION_KINDS),
      creditCode: z.optional(frozenCreditCode),
      certificateNumber: z.optional(certificateNumber),
      approvedAt: z.string(),
    }),
  ),
  effective: z.object({
    targets: z.array(drawnTargetSchema),
    effects: z.array(
      z.union([
        z.object({ seq: z.int(), kind: z.literal('redraw') }),
        z.object({
          seq: z.int(),
          kind: z.literal('recusal'),
          creditCode: frozenCreditCode,
          removed: assignedSchema,
          added: z.nullable(assignedSchema),
        }),
        z.object({
          seq: z.int(),
          kind: z.literal('struck_off'),
          removed: z.object({ creditCode: frozenCreditCode, name: frozenText(NAME_MAX) }),
          added: z.nullable(drawnTargetSchema),
        }),
      ]),
    ),
    understaffed: z.array(frozenCreditCode),
    redrawApproved: z.boolean(),
    hash: hex64,
  }),
});

export type StepStatus = 'ok' | 'mismatch' | 'skipped';

export interface VerifyStep {
  step: string;
  status: StepStatus;
  message: string;
}

export interface VerifyReport {
  /** Every step matched (a skipped step does not fail the check, but is reported). */
  ok: boolean;
  steps: VerifyStep[];
  /** The mismatches' messages, in order. */
  mismatches: string[];
}

export interface VerifyOptions {
  /** The commitment hash as posted before the draw (group message, public page). */
  publishedCommitment?: string;
}

const short = (h: string) => `${h.slice(0, 12)}…`;
const who = (i: AssignedInspector) => `${i.name}（${i.certificateNumber}）`;
const what = (t: { name: string; creditCode: string } | undefined) => (t ? `「${t.name}」（${t.creditCode}）` : '（无）');
const MAX_DIFFS = 10;

function diffTargets(expected: readonly DrawnTarget[], actual: readonly DrawnTarget[], label: string): string[] {
  const out: string[] = [];
  if (expected.length !== actual.length) {
    out.push(`${label}应有 ${expected.length} 个检查对象，文件中有 ${actual.length} 个`);
  }
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n && out.length < MAX_DIFFS; i++) {
    const e = expected[i];
    const a = actual[i];
    if (e?.creditCode !== a?.creditCode || e?.position !== a?.position || e?.name !== a?.name) {
      out.push(`${label}第 ${i + 1} 个检查对象应为${what(e)}（抽取顺序第 ${e?.position ?? '-'} 位），文件中为${what(a)}`);
      continue;
    }
    const ei = (e?.inspectors ?? []).map(who).join('、');
    const ai = (a?.inspectors ?? []).map(who).join('、');
    if (ei !== ai) out.push(`${label}${what(e)}的检查人员应为 ${ei || '（无）'}，文件中为 ${ai || '（无）'}`);
  }
  return out;
}

/** Recomputes a draw file (already-parsed JSON) step by step. Never throws on bad input. */
export function verifyDraw(input: unknown, options: VerifyOptions = {}): VerifyReport {
  const steps: VerifyStep[] = [];
  const add = (step: string, ok: boolean, good: string, bad: string | string[]) => {
    const messages = ok ? [good] : Array.isArray(bad) ? bad : [bad];
    for (const message of messages) steps.push({ step, status: ok ? 'ok' : 'mismatch', message });
  };
  const report = (): VerifyReport => ({
    ok: steps.every((s) => s.status !== 'mismatch'),
    steps,
    mismatches: steps.filter((s) => s.status === 'mismatch').map((s) => `${s.step}：${s.message}`),
  });

  const parsed = drawFileSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, MAX_DIFFS)
      .map((i) => `${i.path.map(String).join('.') || '文件'}：${i.message}`);
    add('文件格式', false, '', problems.length > 0 ? problems : ['不是抽取文件']);
    return report();
  }
  const file = parsed.data as DrawFile;
  const c = file.commitment;
  add('文件格式', true, `抽取文件 ${file.drawId}`, '');
  if (c.algorithm !== ALGORITHM_VERSION) {
    add('算法版本', false, '', `承诺使用的算法为 ${c.algorithm}，本程序实现的是 ${ALGORITHM_VERSION}，无法复核`);
    return report();
  }
  add('算法版本', true, ALGORITHM_VERSION, '');
  add('抽取编号', file.drawId === c.drawId, file.drawId, `文件的抽取编号 ${file.drawId} 与承诺中的 ${c.drawId} 不一致`);

  const recomputed = commitmentHash(c);
  add('承诺', recomputed === c.hash, `承诺哈希 ${c.hash}`, `承诺内容与其哈希不符（按内容计算为 ${short(recomputed)}，文件中为 ${short(c.hash)}）：承诺在发布后被改动`);
  const published = options.publishedCommitment?.trim().toLowerCase();
  if (published === undefined || published === '') {
    steps.push({ step: '与公布的承诺核对', status: 'skipped', message: '未提供抽取前公布的承诺哈希；请用群消息或公开页上的承诺哈希核对' });
  } else {
    add('与公布的承诺核对', published === c.hash, '与抽取前公布的承诺一致', `文件中的承诺（${short(c.hash)}）不是抽取前公布的承诺（${short(published)}）`);
  }
  add('种子', seedHash(file.seed) === c.seedHash, '公布的种子与承诺的种子哈希一致', '公布的种子与承诺的种子哈希不符：种子在承诺后被更换');

  const frozen = freezeLibraries(file.libraries);
  if (!frozen.ok) {
    add('名录库', false, '', frozen.errors);
    return report();
  }
  const h = frozen.hashes;
  const libs: [string, keyof typeof h][] = [
    ['检查对象名录库', 'targets'],
    ['执法检查人员名录库', 'inspectors'],
    ['回避名单', 'conflicts'],
  ];
  for (const [label, key] of libs) {
    add(
      label,
      h[key] === c.libraryHashes[key],
      `与承诺时一致（${short(h[key])}）`,
      `与承诺时不一致（承诺 ${short(c.libraryHashes[key])}，文件中的内容为 ${short(h[key])}）：在承诺后被改动`,
    );
  }

  let computed: ReturnType<typeof computeDraw>;
  try {
    computed = computeDraw(frozen.libraries, c.params, file.seed);
  } catch (err) {
    add('抽取结果', false, '', `无法按承诺的参数重新抽取：${(err as Error).message}`);
    return report();
  }
  const r = file.result;
  const resultDiffs = [
    ...(computed.population.length !== r.frameSize ? [`符合条件的检查对象应为 ${computed.population.length} 户，文件中为 ${r.frameSize} 户`] : []),
    ...(computed.eligible.length !== r.eligibleInspectors ? [`可派检查人员应为 ${computed.eligible.length} 名，文件中为 ${r.eligibleInspectors} 名`] : []),
    ...diffTargets(computed.targets, r.targets, ''),
  ];
  const expectedHash = resultHash(computed.targets);
  if (resultDiffs.length === 0 && expectedHash !== r.hash) resultDiffs.push(`结果哈希应为 ${short(expectedHash)}，文件中为 ${short(r.hash)}`);
  add('抽取结果', resultDiffs.length === 0, `${computed.targets.length} 个检查对象及其检查人员与重新计算的结果一致`, resultDiffs);

  const seqsInOrder = file.exceptions.every((e, i) => e.seq === i + 1);
  if (!seqsInOrder) {
    add('例外处理', false, '', '例外的序号应为 1、2、3……（按批准顺序）');
    return report();
  }
  try {
    const eff = applyExceptions({ ...file, libraries: frozen.libraries, result: { ...r, targets: computed.targets } }, file.exceptions);
    const diffs = diffTargets(eff.targets, file.effective.targets, '例外处理后');
    if (canonicalJson(eff.effects) !== canonicalJson(file.effective.effects)) diffs.push('各例外的处理结果（替换的人员或对象）与重新计算的不一致');
    if (canonicalJson(eff.understaffed) !== canonicalJson(file.effective.understaffed)) diffs.push('检查人员不足的检查对象与重新计算的不一致');
    if (eff.redrawApproved !== file.effective.redrawApproved) diffs.push('是否已批准重新抽取与例外记录不一致');
    if (diffs.length === 0 && eff.hash !== file.effective.hash) diffs.push(`例外处理后的结果哈希应为 ${short(eff.hash)}，文件中为 ${short(file.effective.hash)}`);
    const none = file.exceptions.length === 0;
    add('例外处理', diffs.length === 0, none ? '没有例外' : `${file.exceptions.length} 项例外的处理结果与重新计算的一致`, diffs);
  } catch (err) {
    add('例外处理', false, '', err instanceof ExceptionNotApplicable ? err.message : `无法重新计算：${(err as Error).message}`);
  }
  return report();
}
