/**
 * A draw, commit then reveal: validate the request and freeze the libraries (prepareDraw), commit to
 * the seed's hash, the library hashes, the algorithm and the parameters (commitDraw), then reveal the
 * seed and the result (revealDraw). runDraw does all three. The seed is an argument: the app layer
 * takes 32 bytes from a cryptographic RNG and keeps them secret until the commitment is posted.
 */
import type { Person } from '../roster/types.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';
import type { DrawConfig } from './config.ts';
import { freezeLibraries } from './library.ts';
import { parseDrawParams, resolveCount } from './params.ts';
import { computeDraw, eligibleInspectorsOf, populationOf, resultHash } from './sampling.ts';
import { isSeed } from './stream.ts';
import {
  ALGORITHM_VERSION,
  type AppliedException,
  type Commitment,
  DRAW_FILE_FORMAT,
  type DrawFile,
  type DrawParams,
  type EffectiveResult,
  type InspectorRecord,
  type Libraries,
  type LibraryHashes,
  type Supersedes,
  type TargetRecord,
  type ConflictPair,
} from './types.ts';

/**
 * Who may run a draw (抽查): section heads (科室负责人) and 行政审批科, as the issue names them. The head
 * (局负责人) approves exceptions, re-draws included, so does not draw.
 */
export const DRAW_OPERATOR_ROLES = ['section_head', 'admin'] as const;

export function canRunDraw(person: Person): boolean {
  return person.roles.some((r) => (DRAW_OPERATOR_ROLES as readonly string[]).includes(r));
}

export const DRAW_RECORD_ACTIONS = {
  'draw.committed': '抽取承诺',
  'draw.revealed': '抽取结果公布',
  'draw.exception_requested': '抽取例外申请',
  'draw.exception_approved': '抽取例外批准',
  'draw.exception_rejected': '抽取例外驳回',
  'inspection.recorded': '检查结果记录',
} as const;
export type DrawRecordAction = keyof typeof DRAW_RECORD_ACTIONS;

/** A record entry for the draw's log (全过程记录); the app layer numbers and stores it with the state change. */
export interface DrawRecordEntry {
  drawId: string;
  action: DrawRecordAction;
  actor: string; // open_id
  at: string; // ISO instant
  detail: Record<string, unknown>;
}

export const DRAW_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export interface DrawRequest {
  drawId: string;
  /** The 抽查 card's values (see drawRequestSchema). */
  params: unknown;
  targets: readonly TargetRecord[];
  inspectors: readonly InspectorRecord[];
  conflicts: readonly ConflictPair[];
  /** For a re-draw: the draw replaced and the approved exception (see checkNewDraw). */
  supersedes?: Supersedes;
  operator: Person;
  config: DrawConfig;
}

export interface PreparedDraw {
  drawId: string;
  params: DrawParams;
  libraries: Libraries;
  hashes: LibraryHashes;
  supersedes?: Supersedes;
  populationSize: number;
  eligibleInspectors: number;
  targetCount: number;
}

export type Outcome<T> = ({ ok: true } & T) | { ok: false; errors: string[] };

const MAX_LISTED = 5;

/**
 * Validates the request and the libraries and freezes them. Refuses (in Chinese, before anything is
 * committed): an operator without the role, bad parameters, an empty population, more targets than the
 * population, too few eligible inspectors, or a target that conflicts leave short of inspectors.
 */
export function prepareDraw(req: DrawRequest): Outcome<{ prepared: PreparedDraw }> {
  if (!canRunDraw(req.operator)) return { ok: false, errors: ['只有科室负责人和行政审批科可以组织抽查'] };
  if (!DRAW_ID_PATTERN.test(req.drawId)) throw new Error(`bad drawId: ${req.drawId}`);
  const p = parseDrawParams(req.params, req.config);
  if (!p.ok) return p;
  const params = p.params;
  const frozen = freezeLibraries(req);
  if (!frozen.ok) return frozen;
  const { libraries, hashes } = frozen;

  const errors: string[] = [];
  const population = populationOf(libraries.targets, params.targetFilter);
  const eligible = eligibleInspectorsOf(libraries.inspectors, params.drawDate, params.inspectorSpecialties);
  const targetCount = resolveCount(params.sampleSize, population.length);
  const m = params.inspectorsPerTarget;
  if (population.length === 0) {
    errors.push('检查对象名录库中没有符合筛选条件的对象，请放宽范围或先导入名录库');
  } else if (targetCount > population.length) {
    errors.push(`抽取数量：符合条件的检查对象只有 ${population.length} 户，不能抽取 ${targetCount} 户`);
  }
  const specialty = params.inspectorSpecialties.length > 0 ? `、具备所需专长（${params.inspectorSpecialties.join('、')}）` : '';
  if (eligible.length < m) {
    errors.push(`${params.drawDate} 持有效执法证${specialty}的检查人员只有 ${eligible.length} 名，每户需要 ${m} 名`);
  } else {
    const eligibleCerts = new Set(eligible.map((i) => i.certificateNumber));
    const conflicted = new Map<string, number>();
    for (const c of libraries.conflicts) {
      if (eligibleCerts.has(c.certificateNumber)) conflicted.set(c.creditCode, (conflicted.get(c.creditCode) ?? 0) + 1);
    }
    const short = population.filter((t) => eligible.length - (conflicted.get(t.creditCode) ?? 0) < m);
    if (short.length > 0) {
      const names = short.slice(0, MAX_LISTED).map((t) => `「${t.name}」`).join('、');
      const more = short.length > MAX_LISTED ? `等 ${short.length} 户` : '';
      errors.push(`${names}${more}因回避可派的检查人员不足 ${m} 名，请补充检查人员或调整范围`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const prepared: PreparedDraw = {
    drawId: req.drawId,
    params,
    libraries,
    hashes,
    populationSize: population.length,
    eligibleInspectors: eligible.length,
    targetCount,
  };
  if (req.supersedes) prepared.supersedes = { drawId: req.supersedes.drawId, exceptionId: req.supersedes.exceptionId };
  return { ok: true, prepared };
}

export function seedHash(seed: string): string {
  if (!isSeed(seed)) throw new Error('seed must be 64 lowercase hex digits');
  return sha256Hex(Buffer.from(seed, 'hex'));
}

/** The fields of a commitment that its hash covers. */
export function commitmentBody(c: Omit<Commitment, 'hash'>): Omit<Commitment, 'hash'> {
  const body: Omit<Commitment, 'hash'> = {
    algorithm: c.algorithm,
    drawId: c.drawId,
    params: c.params,
    libraryHashes: c.libraryHashes,
    seedHash: c.seedHash,
  };
  if (c.supersedes) body.supersedes = c.supersedes;
  return body;
}

export function commitmentHash(c: Omit<Commitment, 'hash'>): string {
  return sha256Hex(canonicalJson(commitmentBody(c)));
}

/** The commitment to post before the draw: nothing in it reveals the seed or the result. */
export function commitDraw(
  prepared: PreparedDraw,
  seed: string,
  at: string,
  actor: string,
): { commitment: Commitment; entries: DrawRecordEntry[] } {
  const body: Omit<Commitment, 'hash'> = {
    algorithm: ALGORITHM_VERSION,
    drawId: prepared.drawId,
    params: prepared.params,
    libraryHashes: prepared.hashes,
    seedHash: seedHash(seed),
  };
  if (prepared.supersedes) body.supersedes = prepared.supersedes;
  const commitment: Commitment = { ...commitmentBody(body), hash: commitmentHash(body) };
  const entry: DrawRecordEntry = {
    drawId: prepared.drawId,
    action: 'draw.committed',
    actor,
    at,
    detail: {
      commitmentHash: commitment.hash,
      seedHash: commitment.seedHash,
      libraryHashes: commitment.libraryHashes,
      algorithm: commitment.algorithm,
      params: commitment.params,
      populationSize: prepared.populationSize,
      eligibleInspectors: prepared.eligibleInspectors,
      targetCount: prepared.targetCount,
      ...(prepared.supersedes ? { supersedes: prepared.supersedes } : {}),
    },
  };
  return { commitment, entries: [entry] };
}

/** The effective result of a draw without exceptions: the result itself. */
export function plainEffective(targets: DrawFile['result']['targets']): EffectiveResult {
  const body = { targets, effects: [], understaffed: [], redrawApproved: false };
  return { ...body, hash: sha256Hex(canonicalJson(body)) };
}

/** Reveals the seed and computes the result; the seed must be the committed one. */
export function revealDraw(
  prepared: PreparedDraw,
  commitment: Commitment,
  seed: string,
  at: string,
  actor: string,
): { draw: DrawFile; entries: DrawRecordEntry[] } {
  if (seedHash(seed) !== commitment.seedHash) throw new Error('the seed does not match the commitment');
  const c = computeDraw(prepared.libraries, prepared.params, seed);
  const targets = c.targets;
  const draw: DrawFile = {
    format: DRAW_FILE_FORMAT,
    drawId: prepared.drawId,
    libraries: prepared.libraries,
    commitment,
    seed,
    result: {
      frameSize: c.population.length,
      eligibleInspectors: c.eligible.length,
      targets,
      hash: resultHash(targets),
    },
    exceptions: [],
    effective: plainEffective(targets),
  };
  const entry: DrawRecordEntry = {
    drawId: prepared.drawId,
    action: 'draw.revealed',
    actor,
    at,
    detail: { commitmentHash: commitment.hash, seed, resultHash: draw.result.hash, targets },
  };
  return { draw, entries: [entry] };
}

/** prepare, commit, reveal in one call (the app layer posts entries[0] before entries[1]). */
export function runDraw(
  req: DrawRequest & { seed: string; at: string },
): Outcome<{ draw: DrawFile; commitment: Commitment; entries: DrawRecordEntry[] }> {
  const prep = prepareDraw(req);
  if (!prep.ok) return prep;
  const committed = commitDraw(prep.prepared, req.seed, req.at, req.operator.openId);
  const revealed = revealDraw(prep.prepared, committed.commitment, req.seed, req.at, req.operator.openId);
  return {
    ok: true,
    draw: revealed.draw,
    commitment: committed.commitment,
    entries: [...committed.entries, ...revealed.entries],
  };
}

/** What the app layer keeps about each draw of a plan (a commitment without a reveal counts: it was posted). */
export interface DrawSummary {
  drawId: string;
  planId: string;
  /** The draw that replaced this one, if any. */
  supersededBy?: string;
  /** The approved re-draw exception of this draw, if any. */
  approvedRedraw?: { exceptionId: string };
}

/** A draw's summary from its commitment (posted, maybe not yet revealed) and its applied exceptions. */
export function drawSummary(
  commitment: Pick<Commitment, 'drawId' | 'params'>,
  exceptions: readonly Pick<AppliedException, 'kind' | 'id'>[] = [],
  supersededBy?: string,
): DrawSummary {
  const s: DrawSummary = { drawId: commitment.drawId, planId: commitment.params.planId };
  const redraw = exceptions.find((e) => e.kind === 'redraw');
  if (redraw) s.approvedRedraw = { exceptionId: redraw.id };
  if (supersededBy !== undefined) s.supersededBy = supersededBy;
  return s;
}

/**
 * No quiet re-draws: the first draw of a plan is free; another needs the current draw's approved
 * 重新抽取 exception, and the new draw names it (`supersedes`). One approval allows one re-draw.
 */
export function checkNewDraw(planId: string, existing: readonly DrawSummary[]): Outcome<{ supersedes?: Supersedes }> {
  const current = existing.filter((d) => d.planId === planId && d.supersededBy === undefined);
  if (current.length === 0) return { ok: true };
  const live = current[current.length - 1] as DrawSummary;
  if (live.approvedRedraw === undefined) {
    return {
      ok: false,
      errors: [`抽查计划「${planId}」已经抽取过（${live.drawId}）。重新抽取须先提出“重新抽取”例外申请，经负责人批准后进行`],
    };
  }
  return { ok: true, supersedes: { drawId: live.drawId, exceptionId: live.approvedRedraw.exceptionId } };
}
