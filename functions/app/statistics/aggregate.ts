/**
 * The aggregator: brings a case's (or a draw's) share of the statistics up to date with its record log
 * (functions/domain/statistics/README.md, "Upkeep: snapshot diff"). It reads the snapshot first and the
 * log after it, so the log it counts is never older than the one the snapshot was made from; it writes
 * the new snapshot, the counter deltas and the listing moves in one transaction conditioned on the
 * snapshot's version. A repeated run adds nothing; runs in any order converge (a lost race re-reads).
 *
 * Run by the table's stream on every `LOG#` insert (handlers/aggregator.ts; offline the stack's stream
 * poller), and by the rebuild (`npm run stats -- rebuild`), never on the acknowledgement path.
 */
import type { LocalDate } from '../../domain/deadlines/local-date.ts';
import {
  type CaseLog,
  type Contributions,
  type Membership,
  type Memberships,
  type StatisticsContext,
  caseContributions,
  caseMemberships,
  diffContributions,
  diffMemberships,
  drawContributions,
  flattenContributions,
  readCaseLog,
  readDrawLog,
  unflattenContributions,
} from '../../domain/statistics/index.ts';
import type { CaseStore, DrawStore } from '../../ports/index.ts';
import type { FigureListing, StatisticsStore, StatsSnapshot, StatsSubject } from '../../ports/statistics.ts';

export interface AggregatorDeps {
  cases: Pick<CaseStore, 'get' | 'records'>;
  draws: Pick<DrawStore, 'records'>;
  statistics: StatisticsStore;
  /** The calendar, rules and AV duties, with `today`. */
  statisticsContext: (today: LocalDate) => StatisticsContext;
  today: () => LocalDate;
}

/** What a subject contributes now, from its log. */
export interface SubjectState {
  seq: number;
  contributions: Contributions;
  memberships: Memberships;
  problems: string[];
}

/** A case's or draw's current share (null: the case does not exist). */
export async function subjectState(subject: StatsSubject, d: AggregatorDeps): Promise<SubjectState | null> {
  const ctx = d.statisticsContext(d.today());
  if (subject.kind === 'draw') {
    const entries = await d.draws.records(subject.id);
    const read = readDrawLog({ drawId: subject.id, entries });
    return { seq: entries.at(-1)?.seq ?? 0, contributions: drawContributions(read.value), memberships: new Map(), problems: read.problems };
  }
  const c = await d.cases.get(subject.id);
  if (!c) return null;
  const entries = await d.cases.records(subject.id);
  const log: CaseLog = { caseId: c.caseId, caseType: c.caseType, procedure: c.procedure, filingDate: c.filingDate, entries };
  const read = readCaseLog(log);
  return {
    seq: entries.at(-1)?.seq ?? 0,
    contributions: caseContributions(read.value, ctx),
    memberships: caseMemberships(read.value, ctx),
    problems: read.problems,
  };
}

export const flattenMemberships = (m: Memberships): Record<string, string> => Object.fromEntries([...m].map(([k, v]) => [k, v.date]));

export function unflattenMemberships(caseId: string, flat: Readonly<Record<string, string>>): Memberships {
  const out: Memberships = new Map();
  for (const [key, date] of Object.entries(flat)) {
    const month = key.slice(0, 7);
    out.set(key, { month, figure: key.slice(8), caseId, date });
  }
  return out;
}

const toListing = (m: Membership): FigureListing => ({ month: m.month, figure: m.figure, caseId: m.caseId, date: m.date });

/** Attempts before giving up on a subject that keeps moving (the stream retries the batch). */
const ATTEMPTS = 8;

/** Brings one subject's aggregates up to date. Returns what it did (for logs and the rebuild). */
export async function aggregate(subject: StatsSubject, d: AggregatorDeps): Promise<'applied' | 'unchanged' | 'missing'> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // The snapshot before the log: the log read is then at least as new as the one the snapshot counted.
    const snap: StatsSnapshot | null = await d.statistics.snapshot(subject);
    const now = await subjectState(subject, d);
    if (!now) return 'missing';
    const before = unflattenContributions(snap?.contributions ?? {});
    const delta = diffContributions(before, now.contributions);
    const moves = diffMemberships(unflattenMemberships(subject.id, snap?.memberships ?? {}), now.memberships);
    if (snap && delta.size === 0 && moves.put.length === 0 && moves.remove.length === 0 && snap.seq === now.seq) return 'unchanged';
    const outcome = await d.statistics.apply(subject, snap?.version ?? 0, {
      seq: now.seq,
      contributions: flattenContributions(now.contributions),
      memberships: flattenMemberships(now.memberships),
      delta,
      put: moves.put.map(toListing),
      remove: moves.remove.map(toListing),
    });
    if (outcome === 'applied') return 'applied';
  }
  throw new Error(`statistics of ${subject.kind} ${subject.id}: the snapshot kept moving`);
}

/** The subject a `LOG#` item's partition key names (`CASE#<id>`, `DRAW#<id>`); null for any other log. */
export function subjectOfLogKey(pk: string, sk: string): StatsSubject | null {
  if (!sk.startsWith('LOG#')) return null;
  const m = /^(CASE|DRAW)#(.{1,128})$/.exec(pk);
  if (!m) return null;
  return { kind: m[1] === 'CASE' ? 'case' : 'draw', id: m[2] as string };
}
