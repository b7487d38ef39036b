/**
 * The deterministic core of SJDRAW-1 (README.md, "The algorithm"): the population, the eligible
 * inspectors, the target order and the inspector assignment, from frozen libraries, parameters and seed.
 * Used alike by the draw and by its verification.
 */
import { canonicalJson, compareCodePoints, sha256Hex } from './canonical.ts';
import { byCreditCode } from './library.ts';
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
    .sort(byCreditCode);
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

/** Who may not inspect whom: credit code → certificate numbers. */
export type ConflictIndex = Map<string, Set<string>>;

export function conflictIndex(conflicts: readonly ConflictPair[]): ConflictIndex {
  const index: ConflictIndex = new Map();
  for (const c of conflicts) addConflict(index, c.certificateNumber, c.creditCode);
  return index;
}

export function addConflict(index: ConflictIndex, certificateNumber: string, creditCode: string): void {
  const set = index.get(creditCode);
  if (set) set.add(certificateNumber);
  else index.set(creditCode, new Set([certificateNumber]));
}

export interface InspectorAssigner {
  /**
   * Step 4, one target: `count` distinct inspectors. For each slot the candidates are the eligible
   * inspectors not on this target (`already` and those picked before) and not in conflict with it;
   * the pool is the candidates with the fewest assignments so far, in certificate-number order; one is
   * picked with uniformInt(|pool|) and its count goes up. Fewer than `count` when candidates run out.
   */
  pick(creditCode: string, already: readonly string[], count: number, stream: WordStream): InspectorRecord[];
  /** Sets every inspector's count of assignments to the number of these targets they are on. */
  countFrom(targets: readonly DrawnTarget[]): void;
}

/** Loads and exclusions as typed arrays over the eligible list: 5,000 targets × 1,000 inspectors stays fast. */
export function inspectorAssigner(eligible: readonly InspectorRecord[], conflicts: ConflictIndex): InspectorAssigner {
  const n = eligible.length;
  const indexOf = new Map(eligible.map((i, k) => [i.certificateNumber, k]));
  const loads = new Int32Array(n);
  const blocked = new Uint8Array(n);
  const pool = new Int32Array(n);
  return {
    pick(creditCode, already, count, stream) {
      const marked: number[] = [];
      const block = (cert: string) => {
        const k = indexOf.get(cert);
        if (k !== undefined && blocked[k] === 0) {
          blocked[k] = 1;
          marked.push(k);
        }
      };
      for (const cert of already) block(cert);
      for (const cert of conflicts.get(creditCode) ?? []) block(cert);
      const chosen: InspectorRecord[] = [];
      for (let slot = 0; slot < count; slot++) {
        let min = Number.POSITIVE_INFINITY;
        let size = 0;
        for (let k = 0; k < n; k++) {
          if (blocked[k] === 1) continue;
          const load = loads[k] as number;
          if (load < min) {
            min = load;
            size = 0;
          }
          if (load === min) pool[size++] = k;
        }
        if (size === 0) break;
        const k = pool[uniformInt(stream, size)] as number;
        chosen.push(eligible[k] as InspectorRecord);
        loads[k] = (loads[k] as number) + 1;
        blocked[k] = 1;
        marked.push(k);
      }
      for (const k of marked) blocked[k] = 0;
      return chosen;
    },
    countFrom(targets) {
      loads.fill(0);
      for (const t of targets) {
        for (const i of t.inspectors) {
          const k = indexOf.get(i.certificateNumber);
          if (k !== undefined) loads[k] = (loads[k] as number) + 1;
        }
      }
    },
  };
}

export const assigned = (i: InspectorRecord): AssignedInspector => ({ certificateNumber: i.certificateNumber, name: i.name });

/** Step 3: the population, how many targets, and the first `targetCount + reserves` of the committed order. */
export function drawOrder(
  libraries: Libraries,
  params: DrawParams,
  seed: string,
  reserves = 0,
): { population: TargetRecord[]; targetCount: number; order: TargetRecord[] } {
  const population = populationOf(libraries.targets, params.targetFilter);
  const targetCount = resolveCount(params.sampleSize, population.length);
  if (targetCount > population.length) {
    throw new Error(`抽取数量 ${targetCount} 户超过符合条件的检查对象 ${population.length} 户`);
  }
  const upto = Math.min(population.length, targetCount + reserves);
  return { population, targetCount, order: shuffledPrefix(population, wordStream(seed, TARGETS_LABEL), upto) };
}

export interface Computed {
  population: TargetRecord[];
  eligible: InspectorRecord[];
  targetCount: number;
  /** The first `targetCount + reserves` targets of the committed order. */
  order: TargetRecord[];
  targets: DrawnTarget[];
}

/**
 * Steps 1–4 from frozen libraries: population, eligible inspectors, the order (a forward Fisher–Yates
 * over the population with stream "targets"), and the inspectors of the first `targetCount` targets, in
 * order, with stream "inspectors". Throws when the parameters ask for more targets than there are
 * (prepareDraw refuses that beforehand; verifyDraw reports it).
 */
export function computeDraw(libraries: Libraries, params: DrawParams, seed: string, reserves = 0): Computed {
  const { population, targetCount, order } = drawOrder(libraries, params, seed, reserves);
  const eligible = eligibleInspectorsOf(libraries.inspectors, params.drawDate, params.inspectorSpecialties);
  const assigner = inspectorAssigner(eligible, conflictIndex(libraries.conflicts));
  const stream = wordStream(seed, INSPECTORS_LABEL);
  const targets = order.slice(0, targetCount).map((t, i) => ({
    position: i + 1,
    creditCode: t.creditCode,
    name: t.name,
    inspectors: assigner.pick(t.creditCode, [], params.inspectorsPerTarget, stream).map(assigned),
  }));
  return { population, eligible, targetCount, order, targets };
}

export function resultHash(targets: readonly DrawnTarget[]): string {
  return sha256Hex(canonicalJson(targets));
}
