/**
 * The rebuild (`npm run stats -- rebuild`): every case's and draw's share recomputed from its record
 * log and summed, compared with the stored month buckets (every disagreement listed), and — on
 * request — written: the buckets replaced and each snapshot with its listing items rewritten. Cases
 * are found through the case-number counter (`<year>-000001` up to its value: a Get per case, no Scan),
 * draws through their index.
 */
import { compareBuckets, monthsBetween, type Contributions, addContributions, flattenContributions, diffMemberships } from '../../domain/statistics/index.ts';
import type { StatsSubject } from '../../ports/statistics.ts';
import { type AggregatorDeps, flattenMemberships, subjectState, unflattenMemberships } from './aggregate.ts';

export interface RebuildOptions {
  /** The months compared (and written): e.g. one year's twelve. */
  months: readonly string[];
  /** Write the rebuilt buckets and snapshots (else only compare). */
  write: boolean;
}

export interface RebuildReport {
  subjects: number;
  /** `2026-03 filed|行政处罚: stored 11, rebuilt 12` */
  disagreements: string[];
  /** Entries that could not be read (skipped in the counts). */
  problems: string[];
  written: boolean;
}

/** Case ids `<year>-000001 … <year>-<last>` for each year's last issued number. */
export function caseSubjects(issued: readonly { year: number; last: number }[]): StatsSubject[] {
  return issued.flatMap(({ year, last }) => Array.from({ length: last }, (_, i) => ({ kind: 'case' as const, id: `${year}-${String(i + 1).padStart(6, '0')}` })));
}

/** Every month from January of `firstYear` through `lastMonth` (`yyyy-mm`). */
export function monthsSince(firstYear: number, lastMonth: string): string[] {
  return monthsBetween(`${firstYear}-01-01`, `${lastMonth}-01`);
}

export async function rebuildStatistics(subjects: readonly StatsSubject[], d: AggregatorDeps, opts: RebuildOptions): Promise<RebuildReport> {
  const total: Contributions = new Map();
  const problems: string[] = [];
  let counted = 0;
  for (const subject of subjects) {
    const now = await subjectState(subject, d);
    if (!now) continue;
    counted++;
    addContributions(total, now.contributions);
    problems.push(...now.problems);
    if (opts.write) {
      const snap = await d.statistics.snapshot(subject);
      const moves = diffMemberships(unflattenMemberships(subject.id, snap?.memberships ?? {}), now.memberships);
      await d.statistics.replaceSnapshot(subject, now.seq, flattenContributions(now.contributions), flattenMemberships(now.memberships), moves);
    }
  }
  const wanted = new Set(opts.months);
  const rebuilt: Contributions = new Map([...total].filter(([m]) => wanted.has(m)));
  const stored = await d.statistics.monthBuckets(opts.months);
  const disagreements = compareBuckets(stored, rebuilt);
  if (opts.write) {
    await d.statistics.replaceBuckets(new Map(opts.months.map((m) => [m, Object.fromEntries(rebuilt.get(m) ?? new Map<string, number>())])));
  }
  return { subjects: counted, disagreements, problems, written: opts.write };
}
