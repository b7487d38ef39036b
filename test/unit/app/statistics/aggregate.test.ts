/**
 * The aggregator (functions/app/statistics/aggregate.ts) over the in-memory statistics store: runs per
 * case as the stream delivers them — after each append, repeated, out of order, racing — end with the
 * buckets the direct count from the logs gives, for every year, quarter and month.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStatisticsStore } from '../../../../functions/adapters/memory/statistics-store.ts';
import { type AggregatorDeps, aggregate, subjectOfLogKey } from '../../../../functions/app/statistics/aggregate.ts';
import type { Case } from '../../../../functions/domain/case/types.ts';
import {
  type CaseLog,
  type DrawLog,
  type StatisticsPeriod,
  computeFigures,
  figuresFromBuckets,
  monthPeriod,
  periodMonths,
  quarterPeriod,
  yearPeriod,
} from '../../../../functions/domain/statistics/index.ts';
import { statisticsContext } from '../../../../functions/handlers/deadlines.ts';
import type { StatisticsStore, StatsUpdate } from '../../../../functions/ports/statistics.ts';
import { buildBureau, prng } from '../../../helpers/statistics-bureau.ts';

const TODAY = '2026-11-20';
const bureau = buildBureau({ seed: 11, years: [2025, 2026], casesPerYear: 60, today: TODAY, drawsPerYear: 3 });

/** The logs as the stores would serve them, each cut to `shown` entries (the appends so far). */
function logSource(cases: readonly CaseLog[], draws: readonly DrawLog[]) {
  const shown = new Map<string, number>();
  const byId = new Map(cases.map((c) => [c.caseId, c]));
  const drawById = new Map(draws.map((d) => [d.drawId, d]));
  const withSeq = <T extends { seq?: number }>(entries: readonly T[], n: number) => entries.slice(0, n).map((e, i) => ({ ...e, seq: i + 1 }));
  return {
    shown,
    cases: {
      get: async (id: string) => {
        const c = byId.get(id);
        return c ? ({ caseId: c.caseId, caseType: c.caseType, procedure: c.procedure, filingDate: c.filingDate } as Case) : null;
      },
      records: async (id: string) => {
        const c = byId.get(id) as CaseLog;
        return withSeq(c.entries, shown.get(id) ?? c.entries.length) as never;
      },
    },
    draws: {
      records: async (id: string) => {
        const d = drawById.get(id) as DrawLog;
        return withSeq(d.entries, shown.get(id) ?? d.entries.length) as never;
      },
    },
  };
}

const periods: StatisticsPeriod[] = [
  yearPeriod(2025, TODAY),
  yearPeriod(2026, TODAY),
  ...([1, 2, 3, 4] as const).flatMap((q) => [quarterPeriod(2025, q, TODAY), quarterPeriod(2026, q, TODAY)]),
  ...Array.from({ length: 11 }, (_, i) => monthPeriod(2026, i + 1, TODAY)),
  ...Array.from({ length: 12 }, (_, i) => monthPeriod(2025, i + 1, TODAY)),
];

async function expectAgreement(store: StatisticsStore, input = bureau) {
  const ctx = statisticsContext(TODAY);
  for (const p of periods) {
    const buckets = await store.monthBuckets(periodMonths(p));
    expect(figuresFromBuckets(buckets, p, TODAY), p.id).toEqual(computeFigures(input, p, ctx).figures);
  }
}

function deps(store: StatisticsStore, source: ReturnType<typeof logSource>): AggregatorDeps {
  return { cases: source.cases, draws: source.draws, statistics: store, statisticsContext, today: () => TODAY };
}

describe('Aggregator: snapshot diff', () => {
  it('one run per append, in log order, gives the figures counted from the logs', async () => {
    const store = new MemoryStatisticsStore();
    const source = logSource(bureau.cases, bureau.draws);
    for (const c of bureau.cases) {
      for (let n = 1; n <= c.entries.length; n++) {
        source.shown.set(c.caseId, n);
        await aggregate({ kind: 'case', id: c.caseId }, deps(store, source));
      }
    }
    for (const d of bureau.draws) await aggregate({ kind: 'draw', id: d.drawId }, deps(store, source));
    await expectAgreement(store);
  });

  it('repeated, shuffled and stale deliveries converge; a repeat changes nothing', async () => {
    const store = new MemoryStatisticsStore();
    const source = logSource(bureau.cases, bureau.draws);
    const rand = prng(5);
    const runs = [...bureau.cases.map((c) => c.caseId), ...bureau.cases.slice(0, 40).map((c) => c.caseId)].sort(() => rand() - 0.5);
    // First a partial view (an early delivery), then the whole log, in a shuffled order with repeats.
    for (const id of runs.slice(0, 30)) {
      source.shown.set(id, 1);
      await aggregate({ kind: 'case', id }, deps(store, source));
    }
    source.shown.clear();
    for (const id of runs) await aggregate({ kind: 'case', id }, deps(store, source));
    for (const d of bureau.draws) await aggregate({ kind: 'draw', id: d.drawId }, deps(store, source));
    await expectAgreement(store);
    const first = bureau.cases[0] as CaseLog;
    expect(await aggregate({ kind: 'case', id: first.caseId }, deps(store, source))).toBe('unchanged');
  });

  it('a run that loses the race to another re-reads and adds nothing twice', async () => {
    const inner = new MemoryStatisticsStore();
    const source = logSource(bureau.cases, bureau.draws);
    const c = bureau.cases[3] as CaseLog;
    let raced = false;
    // The first apply finds that another run (the same case, the same log) wrote first.
    const store: StatisticsStore = Object.assign(Object.create(inner) as StatisticsStore, {
      apply: async (subject: Parameters<StatisticsStore['apply']>[0], v: number, u: StatsUpdate) => {
        if (!raced) {
          raced = true;
          await aggregate(subject, deps(inner, source));
        }
        return inner.apply(subject, v, u);
      },
      snapshot: inner.snapshot.bind(inner),
      monthBuckets: inner.monthBuckets.bind(inner),
    });
    expect(await aggregate({ kind: 'case', id: c.caseId }, deps(store, source))).toBe('unchanged');
    await expectAgreement(inner, { cases: [c], draws: [] });
  });

  it('a case that does not exist adds nothing', async () => {
    const store = new MemoryStatisticsStore();
    expect(await aggregate({ kind: 'case', id: '2026-999999' }, deps(store, logSource([], [])))).toBe('missing');
    expect(await store.monthBuckets(['2026-01'])).toEqual(new Map());
  });

  it('reads the subject from a record entry’s key; other items are not logs of a case or draw', () => {
    expect(subjectOfLogKey('CASE#2026-000001', 'LOG#000003')).toEqual({ kind: 'case', id: '2026-000001' });
    expect(subjectOfLogKey('DRAW#D20260302-abc', 'LOG#000001')).toEqual({ kind: 'draw', id: 'D20260302-abc' });
    expect(subjectOfLogKey('LIST#items', 'LOG#000001')).toBeNull();
    expect(subjectOfLogKey('CASE#2026-000001', 'META')).toBeNull();
  });
});
