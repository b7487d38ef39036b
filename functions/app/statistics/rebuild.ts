/**
 * The rebuild (`npm run stats -- rebuild`): every case's and draw's share recomputed from its record
 * log and summed, compared with the stored month buckets (every disagreement listed), and — on
 * request — written: each snapshot with its listing items rewritten and the buckets replaced, safely
 * while the live aggregator writes (see rebuildStatistics). Cases
 * are found through the case-number counter (`<year>-000001` up to its value: a Get per case, no Scan),
 * draws through their index.
 */
import { compareBuckets, monthsBetween, type Contributions, addContributions, flattenContributions, diffMemberships, unflattenContributions } from '../../domain/statistics/index.ts';
import type { StatsSubject } from '../../ports/statistics.ts';
import { type AggregatorDeps, flattenMemberships, type SubjectState, subjectState, unflattenMemberships } from './aggregate.ts';

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
  /** What the live aggregator kept changing while the rebuild wrote (`case 2026-000001`, `month 2026-03`): run it again. */
  unsettled: string[];
}

/** Case ids `<year>-000001 … <year>-<last>` for each year's last issued number. */
export function caseSubjects(issued: readonly { year: number; last: number }[]): StatsSubject[] {
  return issued.flatMap(({ year, last }) => Array.from({ length: last }, (_, i) => ({ kind: 'case' as const, id: `${year}-${String(i + 1).padStart(6, '0')}` })));
}

/** Every month from January of `firstYear` through `lastMonth` (`yyyy-mm`). */
export function monthsSince(firstYear: number, lastMonth: string): string[] {
  return monthsBetween(`${firstYear}-01-01`, `${lastMonth}-01`);
}

/** Attempts per subject and per month before the rebuild reports it unsettled (the live aggregator kept writing). */
const ATTEMPTS = 5;

/**
 * Writes a subject's snapshot as recomputed, with its listing moves and no counter delta, through
 * `apply`: conditioned on the snapshot version read, like the live aggregator's writes, so neither
 * overwrites the other. False when the subject kept moving.
 */
async function rewriteSnapshot(subject: StatsSubject, d: AggregatorDeps): Promise<{ state: SubjectState | null; written: boolean }> {
  let state: SubjectState | null = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // The snapshot before the log, as the aggregator reads them.
    const snap = await d.statistics.snapshot(subject);
    state = await subjectState(subject, d);
    if (!state) return { state, written: true };
    const moves = diffMemberships(unflattenMemberships(subject.id, snap?.memberships ?? {}), state.memberships);
    const outcome = await d.statistics.apply(subject, snap?.version ?? 0, {
      seq: state.seq,
      contributions: flattenContributions(state.contributions),
      memberships: flattenMemberships(state.memberships),
      delta: new Map(),
      put: moves.put.map(({ month, figure, caseId, date }) => ({ month, figure, caseId, date })),
      remove: moves.remove.map(({ month, figure, caseId, date }) => ({ month, figure, caseId, date })),
    });
    if (outcome === 'applied') return { state, written: true };
  }
  return { state, written: false };
}

/** Every subject's stored contribution to the given months, summed (a Get per subject). */
async function sumOfSnapshots(subjects: readonly StatsSubject[], months: ReadonlySet<string>, d: AggregatorDeps): Promise<Contributions> {
  const total: Contributions = new Map();
  for (const subject of subjects) {
    const snap = await d.statistics.snapshot(subject);
    if (!snap) continue;
    addContributions(total, new Map([...unflattenContributions(snap.contributions)].filter(([m]) => months.has(m))));
  }
  return total;
}

/**
 * Safe beside the live aggregator (decided: no lease, no pause). Snapshots are rewritten through the
 * aggregator's own conditional write. Each month bucket is replaced only if its revision — which every
 * aggregator write to it moves on — is what it was before the subjects were read: then no live change
 * touched that month meanwhile, and the rebuilt counters are exactly the sum of the snapshots. A month
 * the aggregator wrote to is summed again from the stored snapshots (its revision read first) and
 * replaced under that revision; a month still moving after a few attempts is reported, not written.
 */
export async function rebuildStatistics(subjects: readonly StatsSubject[], d: AggregatorDeps, opts: RebuildOptions): Promise<RebuildReport> {
  const total: Contributions = new Map();
  const problems: string[] = [];
  const unsettled: string[] = [];
  let counted = 0;
  const revisions = opts.write ? await d.statistics.bucketRevisions(opts.months) : new Map<string, number>();
  for (const subject of subjects) {
    const now = opts.write ? await rewriteSnapshot(subject, d) : { state: await subjectState(subject, d), written: true };
    if (!now.state) continue;
    if (!now.written) unsettled.push(`${subject.kind} ${subject.id}`);
    counted++;
    addContributions(total, now.state.contributions);
    problems.push(...now.state.problems);
  }
  const wanted = new Set(opts.months);
  const rebuilt: Contributions = new Map([...total].filter(([m]) => wanted.has(m)));
  const stored = await d.statistics.monthBuckets(opts.months);
  const disagreements = compareBuckets(stored, rebuilt);
  if (opts.write) {
    const countersOf = (c: Contributions, m: string) => Object.fromEntries(c.get(m) ?? new Map<string, number>());
    let pending: string[] = [];
    for (const m of opts.months) if (!(await d.statistics.replaceBucket(m, countersOf(rebuilt, m), revisions.get(m) ?? 0))) pending.push(m);
    for (let attempt = 0; attempt < ATTEMPTS && pending.length > 0; attempt++) {
      const seen = await d.statistics.bucketRevisions(pending);
      const sums = await sumOfSnapshots(subjects, new Set(pending), d);
      const next: string[] = [];
      for (const m of pending) if (!(await d.statistics.replaceBucket(m, countersOf(sums, m), seen.get(m) ?? 0))) next.push(m);
      pending = next;
    }
    unsettled.push(...pending.map((m) => `month ${m}`));
  }
  return { subjects: counted, disagreements, problems, written: opts.write, unsettled };
}
