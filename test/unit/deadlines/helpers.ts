/** Shared fixtures for the deadline tests: the real data as shipped, loaded once. */
import { loadCalendar, loadRules } from '../../../functions/adapters/calendar/index.ts';
import { type Rule, requireRule } from '../../../functions/domain/deadlines/index.ts';

export const cal = loadCalendar();
export const rules = loadRules();

export function ruleByName(name: string): Rule {
  const r = rules.find((x) => x.name === name);
  if (!r) throw new Error(`no rule ${name}`);
  return r;
}

export function ruleById(id: string): Rule {
  return requireRule(rules, id);
}

/** mulberry32: a tiny seeded PRNG so property tests are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randInt(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}
