/**
 * `npm run stats -- rebuild` while the live aggregator writes (functions/app/statistics/rebuild.ts):
 * in the middle of the rebuild, cases already rebuilt and cases not yet read gain entries and the live
 * aggregator counts them. The rebuild must neither overwrite those counts nor count them twice: the
 * buckets end equal to the direct count from the full logs. (A blind replace of the buckets, as the
 * rebuild did before, loses what the aggregator added after the rebuild had read the case.)
 */
import { describe, expect, it } from 'vitest';
import { MemoryStatisticsStore } from '../../../../functions/adapters/memory/statistics-store.ts';
import { type AggregatorDeps, aggregate } from '../../../../functions/app/statistics/aggregate.ts';
import { caseSubjects, monthsSince, rebuildStatistics } from '../../../../functions/app/statistics/rebuild.ts';
import type { Case } from '../../../../functions/domain/case/types.ts';
import { type CaseLog, computeFigures, figuresFromBuckets, monthPeriod, periodMonths, yearPeriod } from '../../../../functions/domain/statistics/index.ts';
import { statisticsContext } from '../../../../functions/handlers/deadlines.ts';
import { buildBureau } from '../../../helpers/statistics-bureau.ts';

const TODAY = '2026-11-20';
// Case ids as the rebuild finds them (`2026-000001` …), the fixture's cases renumbered in order.
const bureau = (() => {
  const b = buildBureau({ seed: 21, years: [2026], casesPerYear: 40, today: TODAY });
  return { ...b, cases: b.cases.map((c, i) => ({ ...c, caseId: `2026-${String(i + 1).padStart(6, '0')}` })), draws: [] };
})();

describe('rebuild beside the live aggregator', () => {
  it('keeps what the aggregator counts while it runs, before and after the rebuild reads each case', async () => {
    const store = new MemoryStatisticsStore();
    const byId = new Map(bureau.cases.map((c) => [c.caseId, c]));
    // The live state: two cases with entries still to come; every case counted as shown so far.
    const withMore = bureau.cases.filter((c) => c.entries.length >= 4);
    const early = withMore[0] as CaseLog; // read by the rebuild before its entries arrive
    const late = withMore.at(-1) as CaseLog; // its entries arrive before the rebuild reads it
    const shown = new Map([early, late].map((c) => [c.caseId, c.entries.length - 2]));
    let live: (() => Promise<void>) | undefined;
    let reads = 0;
    const d: AggregatorDeps = {
      cases: {
        get: async (id) => {
          const c = byId.get(id);
          return c ? ({ caseId: c.caseId, caseType: c.caseType, procedure: c.procedure, filingDate: c.filingDate } as Case) : null;
        },
        records: async (id) => {
          const c = byId.get(id) as CaseLog;
          const entries = c.entries.slice(0, shown.get(id) ?? c.entries.length).map((e, i) => ({ ...e, seq: i + 1 }));
          // Half way through the rebuild's reads, the two cases' last entries are appended and counted live.
          if (live && ++reads === Math.floor(bureau.cases.length / 2)) {
            const run = live;
            live = undefined;
            await run();
          }
          return entries as never;
        },
      },
      draws: { records: async () => [] },
      statistics: store,
      statisticsContext,
      today: () => TODAY,
    };
    for (const c of bureau.cases) await aggregate({ kind: 'case', id: c.caseId }, d);
    expect(bureau.cases.indexOf(early)).toBeLessThan(bureau.cases.length / 2 - 2);
    expect(bureau.cases.indexOf(late)).toBeGreaterThan(bureau.cases.length / 2 + 2);
    // Something for the rebuild to repair: a counter tampered with.
    const [march] = (await store.monthBuckets(['2026-03'])).values();
    await store.replaceBuckets(new Map([['2026-03', { ...march, 'filed|行政处罚': 999 }]]));

    live = async () => {
      for (const c of [early, late]) {
        shown.delete(c.caseId);
        expect(await aggregate({ kind: 'case', id: c.caseId }, d)).toBe('applied');
      }
    };
    const months = monthsSince(2026, '2026-12');
    const report = await rebuildStatistics(caseSubjects([{ year: 2026, last: bureau.cases.length }]), d, { months, write: true });
    expect(live).toBeUndefined();
    expect(report.unsettled).toEqual([]);
    expect(report.disagreements.some((x) => x.startsWith('2026-03 filed|行政处罚: stored 999'))).toBe(true);

    const ctx = statisticsContext(TODAY);
    for (const p of [yearPeriod(2026, TODAY), ...Array.from({ length: 11 }, (_, i) => monthPeriod(2026, i + 1, TODAY))]) {
      expect(figuresFromBuckets(await store.monthBuckets(periodMonths(p)), p, TODAY), p.id).toEqual(computeFigures(bureau, p, ctx).figures);
    }
    // And the snapshots are the live ones: a later run of either case adds nothing.
    for (const c of [early, late]) expect(await aggregate({ kind: 'case', id: c.caseId }, d)).toBe('unchanged');
    expect((await rebuildStatistics(caseSubjects([{ year: 2026, last: bureau.cases.length }]), d, { months, write: false })).disagreements).toEqual([]);
  });
});
