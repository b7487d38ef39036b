/** The statistics aggregates in memory, for tests; held to the StatisticsStore contract (test/contract/statistics-store.contract.ts). */
import { InvalidCursorError } from '../../ports/errors.ts';
import type { AnnualReportRecord, FigureListing, StatisticsStore, StatsApplyOutcome, StatsSnapshot, StatsSubject, StatsUpdate } from '../../ports/statistics.ts';

const subjectKey = (s: StatsSubject) => `${s.kind}:${s.id}`;
const listKey = (month: string, figure: string) => `${month}#${figure}`;
const sortKey = (l: FigureListing) => `${l.date}#${l.caseId}`;

export class MemoryStatisticsStore implements StatisticsStore {
  private readonly buckets = new Map<string, Map<string, number>>();
  private readonly revisions = new Map<string, number>();
  private readonly snapshots = new Map<string, StatsSnapshot>();
  private readonly listings = new Map<string, Map<string, FigureListing>>();

  async monthBuckets(months: readonly string[]): Promise<Map<string, Record<string, number>>> {
    const out = new Map<string, Record<string, number>>();
    for (const m of months) {
      const b = this.buckets.get(m);
      if (b) out.set(m, Object.fromEntries([...b].filter(([, n]) => n !== 0)));
    }
    return out;
  }

  async snapshot(subject: StatsSubject): Promise<StatsSnapshot | null> {
    const s = this.snapshots.get(subjectKey(subject));
    return s ? structuredClone(s) : null;
  }

  async apply(subject: StatsSubject, expectedVersion: number, u: StatsUpdate): Promise<StatsApplyOutcome> {
    const had = this.snapshots.get(subjectKey(subject));
    if ((had?.version ?? 0) !== expectedVersion) return 'conflict';
    this.snapshots.set(subjectKey(subject), { version: expectedVersion + 1, seq: u.seq, contributions: { ...u.contributions }, memberships: { ...u.memberships } });
    for (const [month, delta] of u.delta) {
      let b = this.buckets.get(month);
      if (!b) this.buckets.set(month, (b = new Map()));
      for (const [name, n] of delta) b.set(name, (b.get(name) ?? 0) + n);
      if (delta.size > 0) this.revisions.set(month, (this.revisions.get(month) ?? 0) + 1);
    }
    this.moveListings(u.put, u.remove);
    return 'applied';
  }

  async figureCases(figure: string, months: readonly string[], page: { limit: number; cursor?: string }): Promise<{ items: FigureListing[]; nextCursor?: string }> {
    const all: FigureListing[] = [];
    months.forEach((month) => {
      const l = this.listings.get(listKey(month, figure));
      if (l) all.push(...[...l.values()].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1)));
    });
    let start = 0;
    if (page.cursor !== undefined) {
      const m = /^m(\d{1,6})$/.exec(page.cursor);
      if (!m || Number(m[1]) > all.length) throw new InvalidCursorError('not a figure listing cursor');
      start = Number(m[1]);
    }
    const items = all.slice(start, start + page.limit).map((l) => ({ ...l }));
    const next = start + items.length;
    return next < all.length ? { items, nextCursor: `m${next}` } : { items };
  }

  private readonly reports = new Map<number, AnnualReportRecord>();
  private readonly reminders = new Set<string>();

  async annualReport(dataYear: number): Promise<AnnualReportRecord | null> {
    const r = this.reports.get(dataYear);
    return r ? structuredClone(r) : null;
  }

  async draftAnnualReport(dataYear: number, at: string): Promise<boolean> {
    if (this.reports.has(dataYear)) return false;
    this.reports.set(dataYear, { dataYear, status: 'drafted', draftedAt: at });
    return true;
  }

  async approveAnnualReport(dataYear: number, by: { openId: string; name: string }, at: string): Promise<boolean> {
    const r = this.reports.get(dataYear);
    if (r?.status !== 'drafted') return false;
    this.reports.set(dataYear, { ...r, status: 'approved', approvedBy: { ...by }, approvedAt: at });
    return true;
  }

  async markAnnualReportPublished(dataYear: number, path: string, at: string): Promise<void> {
    const r = this.reports.get(dataYear);
    if (r?.status === 'approved') this.reports.set(dataYear, { ...r, status: 'published', path, publishedAt: at });
  }

  async annualRemindersClaimed(dataYear: number): Promise<string[]> {
    return [...this.reminders].filter((k) => k.startsWith(`${dataYear}#`)).map((k) => k.slice(5)).sort();
  }

  async claimAnnualReminder(dataYear: number, point: string, _at: string): Promise<boolean> {
    const key = `${dataYear}#${point}`;
    if (this.reminders.has(key)) return false;
    this.reminders.add(key);
    return true;
  }

  async bucketRevisions(months: readonly string[]): Promise<Map<string, number>> {
    return new Map(months.map((m) => [m, this.revisions.get(m) ?? 0]));
  }

  async replaceBucket(month: string, counters: Readonly<Record<string, number>>, expectedRevision: number): Promise<boolean> {
    if ((this.revisions.get(month) ?? 0) !== expectedRevision) return false;
    this.buckets.set(month, new Map(Object.entries(counters).filter(([, n]) => n !== 0)));
    this.revisions.set(month, expectedRevision + 1);
    return true;
  }

  async replaceBuckets(buckets: ReadonlyMap<string, Readonly<Record<string, number>>>): Promise<void> {
    for (const [month, c] of buckets) {
      this.buckets.set(month, new Map(Object.entries(c).filter(([, n]) => n !== 0)));
      this.revisions.set(month, (this.revisions.get(month) ?? 0) + 1);
    }
  }

  private moveListings(put: readonly FigureListing[], remove: readonly FigureListing[]): void {
    for (const l of remove) this.listings.get(listKey(l.month, l.figure))?.delete(sortKey(l));
    for (const l of put) {
      let m = this.listings.get(listKey(l.month, l.figure));
      if (!m) this.listings.set(listKey(l.month, l.figure), (m = new Map()));
      m.set(sortKey(l), { ...l });
    }
  }
}
