/**
 * The deterministic core of SJDRAW-1 (README.md, "The algorithm"): the population, the eligible
 * inspectors, the target order and the inspector assignment, from frozen libraries, parameters and seed.
 * Used alike by the draw and by its verification.
 */
import { canonicalJson, compareCodePoints, sha256Hex } from './canonical.ts';
import { resolveCount } from './params.ts';
import { type WordStream, shuffledPrefix, uniformInt, wordStream } from './stream.ts';
import type {
  AssignedInspector,
  ConflictPair,
  DrawnTarget,
  DrawParams,
  InspectorRecord,
  Libraries,
  TargetFilter,
  TargetRecord,
} from './types.ts';

export const TARGETS_LABEL = 'targets';
export const INSPECTORS_LABEL = 'inspectors';
export const exceptionLabel = (seq: number) => `exception:${seq}`;

/** Step 1: targets matching every given criterion (an empty criterion matches all), by credit code. */
export function populationOf(targets: readonly TargetRecord[], filter: TargetFilter): TargetRecord[] {
  const types = new Set(filter.types);
  const risks = new Set(filter.riskLevels);
  const tags = new Set(filter.sectorTags);
  return targets
    .filter(
      (t) =>
        (types.size === 0 || types.has(t.type)) &&
        (risks.size === 0 || risks.has(t.riskLevel)) &&
        (tags.size === 0 || t.sectorTags.some((g) => tags.has(g))),
    )
    .sort((a, b) => compareCodePoints(a.creditCode, b.creditCode));
}

/** Step 2: inspectors certified on the draw date with one of the specialties asked for, by certificate number. */
export function eligibleInspectorsOf(
  inspectors: readonly InspectorRecord[],
  drawDate: string,
  specialties: readonly string[],
): InspectorRecord[] {
  const wanted = new Set(specialties);
  return inspectors
    .filter(
      (i) => i.certificateValidUntil >= drawDate && (wanted.size === 0 || i.specialties.some((s) => wanted.has(s))),
    )
    .sort((a, b) => compareCodePoints(a.certificateNumber, b.certificateNumber));
}

export const pairKey = (certificateNumber: string, creditCode: string) => `${certificateNumber}\u0000${creditCode}`;

export function conflictSet(conflicts: readonly ConflictPair[]): Set<string> {
  return new Set(conflicts.map((c) => pairKey(c.certificateNumber, c.creditCode)));
}

/**
 * Step 4, one target: `count` distinct inspectors. For each slot the candidates are the eligible
 * inspectors not yet on this target and not in conflict with it; among them those with the fewest
 * assignments so far (the pool, in certificate-number order); one is picked with uniformInt(|pool|).
 * Fewer than `count` when the candidates run out.
 */
export function pickInspectors(
  creditCode: string,
  eligible: readonly InspectorRecord[],
  excluded: ReadonlySet<string>,
  already: readonly string[],
  count: number,
  loads: Map<string, number>,
  stream: WordStream,
): InspectorRecord[] {
  const chosen: InspectorRecord[] = [];
  const taken = new Set(already);
  for (let slot = 0; slot < count; slot++) {
    let min = Number.POSITIVE_INFINITY;
    let pool: InspectorRecord[] = [];
    for (const i of eligible) {
      if (taken.has(i.certificateNumber) || excluded.has(pairKey(i.certificateNumber, creditCode))) continue;
      const load = loads.get(i.certificateNumber) ?? 0;
      if (load < min) {
        min = load;
        pool = [i];
      } else if (load === min) pool.push(i);
    }
    if (pool.length === 0) break;
    const pick = pool[uniformInt(stream, pool.length)] as InspectorRecord;
    chosen.push(pick);
    taken.add(pick.certificateNumber);
    loads.set(pick.certificateNumber, min + 1);
  }
  return chosen;
}

export const assigned = (i: InspectorRecord): AssignedInspector => ({ certificateNumber: i.certificateNumber, name: i.name });

export interface Computed {
  population: TargetRecord[];
  eligible: InspectorRecord[];
  targetCount: number;
  /** The first `targetCount + reserves` targets of the committed order. */
  order: TargetRecord[];
  targets: DrawnTarget[];
}

/**
 * Steps 1–4 from frozen libraries: population, eligible inspectors, the order (the first `targetCount +
 * reserves` of a forward Fisher–Yates over the population with stream "targets"), and the inspectors
 * of the first `targetCount` targets, in order, with stream "inspectors". Throws on impossible input
 * (checked beforehand by prepareDraw; verifyDraw reports it).
 */
export function computeDraw(libraries: Libraries, params: DrawParams, seed: string, reserves = 0): Computed {
  const population = populationOf(libraries.targets, params.targetFilter);
  const eligible = eligibleInspectorsOf(libraries.inspectors, params.drawDate, params.inspectorSpecialties);
  const targetCount = resolveCount(params.sampleSize, population.length);
  if (targetCount > population.length) {
    throw new Error(`抽取数量 ${targetCount} 户超过符合条件的检查对象 ${population.length} 户`);
  }
  const upto = Math.min(population.length, targetCount + reserves);
  const order = shuffledPrefix(population, wordStream(seed, TARGETS_LABEL), upto);
  const conflicts = conflictSet(libraries.conflicts);
  const loads = new Map<string, number>();
  const stream = wordStream(seed, INSPECTORS_LABEL);
  const targets = order.slice(0, targetCount).map((t, i) => ({
    position: i + 1,
    creditCode: t.creditCode,
    name: t.name,
    inspectors: pickInspectors(t.creditCode, eligible, conflicts, [], params.inspectorsPerTarget, loads, stream).map(assigned),
  }));
  return { population, eligible, targetCount, order, targets };
}

export function resultHash(targets: readonly DrawnTarget[]): string {
  return sha256Hex(canonicalJson(targets));
}
