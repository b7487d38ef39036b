/** Fixtures for the draw tests: valid credit codes, libraries, seeds, the shipped configuration. */
import { createHash } from 'node:crypto';
import drawData from '../../../data/draw.json' with { type: 'json' };
import {
  buildDrawConfig,
  type ConflictPair,
  type DrawConfig,
  type InspectorRecord,
  type TargetRecord,
} from '../../../functions/domain/draw/index.ts';
import type { Person } from '../../../functions/domain/roster/types.ts';

export const config: DrawConfig = buildDrawConfig(drawData);

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Completes 17 characters with the GB 32100-2015 check character. */
export function withCheck(base17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(base17[i] as string) * (USCC_WEIGHTS[i] ?? 0);
  return base17 + (USCC_CHARS[(31 - (sum % 31)) % 31] as string);
}

/** A valid, distinct credit code per index (甘孜州 region code 513300). */
export function uscc(i: number): string {
  return withCheck(`91513300${String(i).padStart(9, '0')}`);
}

export function target(i: number, over: Partial<TargetRecord> = {}): TargetRecord {
  return { creditCode: uscc(i), name: `企业${i}`, type: 'enterprise', riskLevel: 'B', sectorTags: ['工业'], ...over };
}

export function targets(n: number, over: (i: number) => Partial<TargetRecord> = () => ({})): TargetRecord[] {
  return Array.from({ length: n }, (_, i) => target(i + 1, over(i + 1)));
}

export function inspector(i: number, over: Partial<InspectorRecord> = {}): InspectorRecord {
  return {
    certificateNumber: `甘执${String(i).padStart(4, '0')}`,
    name: `检查员${i}`,
    certificateValidUntil: '2029-12-31',
    specialties: ['安全生产'],
    ...over,
  };
}

export function inspectors(n: number, over: (i: number) => Partial<InspectorRecord> = () => ({})): InspectorRecord[] {
  return Array.from({ length: n }, (_, i) => inspector(i + 1, over(i + 1)));
}

/** Fixed seeds: SHA-256 of `seed-<i>` (deterministic, well spread). */
export function seed(i: number): string {
  return createHash('sha256').update(`seed-${i}`).digest('hex');
}

export const DRAW_DATE = '2026-09-01';
export const AT = '2026-09-01T02:00:00.000Z';

export function person(openId: string, roles: Person['roles'], over: Partial<Person> = {}): Person {
  return { openId, name: openId, department: '行政审批科', roles, certificate: null, ...over };
}

export const head = person('ou_head', ['head'], { name: '钱局长', department: '局领导' });
export const head2 = person('ou_head2', ['head'], { name: '副局长', department: '局领导' });
export const admin = person('ou_admin', ['admin', 'reviewer'], { name: '赵六' });
export const officer = person('ou_off', ['officer'], {
  name: '张三',
  department: '运行监测科',
  certificate: { number: '甘执0001', validUntil: '2029-12-31' },
});

export function params(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    planId: '2026年第三季度安全生产抽查',
    listItem: { name: '工业企业安全生产检查', kind: '重点', listVersion: 1 },
    drawDate: DRAW_DATE,
    sampleSize: { count: 3 },
    inspectorsPerTarget: 2,
    ...over,
  };
}

export function request(over: {
  params?: Record<string, unknown>;
  targets?: TargetRecord[];
  inspectors?: InspectorRecord[];
  conflicts?: ConflictPair[];
  seed?: string;
  drawId?: string;
} = {}) {
  return {
    drawId: over.drawId ?? 'draw-1',
    params: over.params ?? params(),
    targets: over.targets ?? targets(10),
    inspectors: over.inspectors ?? inspectors(6),
    conflicts: over.conflicts ?? [],
    operator: admin,
    config,
    seed: over.seed ?? seed(1),
    at: AT,
  };
}

/** Pearson's chi-square statistic of observed counts against equal expected counts. */
export function chiSquare(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

/** Upper 0.1% points of the chi-square distribution (standard tables), by degrees of freedom. */
export const CHI2_999: Record<number, number> = { 1: 10.828, 2: 13.816, 3: 16.266, 4: 18.467, 5: 20.515, 6: 22.458, 9: 27.877, 19: 43.82 };
