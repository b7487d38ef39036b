/**
 * The StatisticsStore contract (month buckets, snapshots conditioned on their version, figure listings
 * paged over months), run against DynamoDB Local and the in-memory store (statistics-store.test.ts).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../../functions/ports/errors.ts';
import type { FigureListing, StatisticsStore, StatsUpdate } from '../../functions/ports/statistics.ts';

const listing = (month: string, caseId: string, date: string, figure = 'filed'): FigureListing => ({ month, figure, caseId, date });

const update = (over: Partial<StatsUpdate>): StatsUpdate => ({ seq: 1, contributions: {}, memberships: {}, delta: new Map(), put: [], remove: [], ...over });

export function statisticsStoreContract(name: string, make: () => Promise<StatisticsStore>): void {
  describe(`StatisticsStore contract: ${name}`, () => {
    let store: StatisticsStore;
    beforeEach(async () => {
      store = await make();
    });

    it('adds deltas to the month buckets and keeps the snapshot, conditioned on its version', async () => {
      const subject = { kind: 'case', id: '2026-000001' } as const;
      expect(await store.snapshot(subject)).toBeNull();
      const first = update({
        seq: 1,
        contributions: { '2026-03|filed|行政处罚': 1 },
        memberships: { '2026-03|filed': '2026-03-02' },
        delta: new Map([['2026-03', new Map([['filed|行政处罚', 1], ['ev.bytes', 2048]])]]),
        put: [listing('2026-03', '2026-000001', '2026-03-02')],
      });
      expect(await store.apply(subject, 0, first)).toBe('applied');
      // A second run that read "no snapshot" loses: nothing is added twice.
      expect(await store.apply(subject, 0, first)).toBe('conflict');
      expect(await store.snapshot(subject)).toEqual({ version: 1, seq: 1, contributions: { '2026-03|filed|行政处罚': 1 }, memberships: { '2026-03|filed': '2026-03-02' } });
      expect(await store.apply(subject, 1, update({ seq: 2, delta: new Map([['2026-03', new Map([['ev.bytes', -48]])], ['2026-04', new Map([['ev|image', 1]])]]) }))).toBe('applied');
      expect(await store.apply(subject, 1, update({ seq: 2 }))).toBe('conflict');
      const buckets = await store.monthBuckets(['2026-02', '2026-03', '2026-04']);
      expect(buckets).toEqual(
        new Map([
          ['2026-03', { 'filed|行政处罚': 1, 'ev.bytes': 2000 }],
          ['2026-04', { 'ev|image': 1 }],
        ]),
      );
      expect((await store.snapshot(subject))?.version).toBe(2);
      // A draw's snapshot is its own.
      expect(await store.snapshot({ kind: 'draw', id: '2026-000001' })).toBeNull();
    });

    it('applies an update of more than 100 items (DynamoDB’s transaction limit) whole and once', async () => {
      const subject = { kind: 'case', id: '2026-000077' } as const;
      // 12 months of counters and 96 listing items: 109 items with the snapshot.
      const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
      const put = months.flatMap((m) => Array.from({ length: 8 }, (_, f) => listing(m, subject.id, `${m}-10`, `f${f}`)));
      const big = update({
        seq: 40,
        contributions: Object.fromEntries(months.map((m) => [`${m}|ev|image`, 2])),
        memberships: Object.fromEntries(put.map((l) => [`${l.month}|${l.figure}`, l.date])),
        delta: new Map(months.map((m) => [m, new Map([['ev|image', 2]])])),
        put,
      });
      expect(await store.apply(subject, 0, big)).toBe('applied');
      expect(await store.apply(subject, 0, big)).toBe('conflict');
      expect(await store.snapshot(subject)).toEqual({ version: 1, seq: 40, contributions: big.contributions, memberships: big.memberships });
      const buckets = await store.monthBuckets(months);
      expect(buckets.size).toBe(12);
      expect([...buckets.values()].every((b) => b['ev|image'] === 2)).toBe(true);
      expect((await store.figureCases('f7', months, { limit: 100 })).items).toHaveLength(12);
      // The reverse move, also over 100 items: every listing removed, every counter back to zero, once.
      const back = update({ seq: 41, delta: new Map(months.map((m) => [m, new Map([['ev|image', -2]])])), remove: put });
      expect(await store.apply(subject, 1, back)).toBe('applied');
      expect(await store.apply(subject, 1, back)).toBe('conflict');
      expect([...(await store.monthBuckets(months)).values()].every((b) => b['ev|image'] === undefined)).toBe(true);
      expect((await store.figureCases('f0', months, { limit: 100 })).items).toEqual([]);
      expect((await store.snapshot(subject))?.version).toBe(2);
    });

    it('lists a figure’s cases over months, in order, a page at a time; removed ones are gone', async () => {
      const put = [
        listing('2026-01', '2026-000003', '2026-01-20'),
        listing('2026-01', '2026-000001', '2026-01-05'),
        listing('2026-02', '2026-000002', '2026-02-01'),
        listing('2026-03', '2026-000004', '2026-03-09'),
        listing('2026-03', '2026-000005', '2026-03-09'),
        listing('2026-03', '2026-000006', '2026-03-10', 'dec|罚款'),
      ];
      expect(await store.apply({ kind: 'case', id: 'x' }, 0, update({ put }))).toBe('applied');
      const months = ['2026-01', '2026-02', '2026-03'];
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.figureCases('filed', months, { limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((i) => `${i.date}#${i.caseId}`));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual(['2026-01-05#2026-000001', '2026-01-20#2026-000003', '2026-02-01#2026-000002', '2026-03-09#2026-000004', '2026-03-09#2026-000005']);
      expect((await store.figureCases('filed', ['2026-02'], { limit: 10 })).items).toEqual([listing('2026-02', '2026-000002', '2026-02-01')]);
      expect(await store.apply({ kind: 'case', id: 'x' }, 1, update({ remove: [listing('2026-02', '2026-000002', '2026-02-01')] }))).toBe('applied');
      expect((await store.figureCases('filed', ['2026-02'], { limit: 10 })).items).toEqual([]);
      expect((await store.figureCases('dec|罚款', months, { limit: 10 })).items.map((i) => i.caseId)).toEqual(['2026-000006']);
      await expect(store.figureCases('filed', months, { limit: 2, cursor: 'not-a-cursor!' })).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('the rebuild replaces a bucket exactly, only at the revision it read; every delta moves the revision on', async () => {
      const subject = { kind: 'case', id: '2026-000009' } as const;
      expect(await store.bucketRevisions(['2026-05', '2026-06'])).toEqual(new Map([['2026-05', 0], ['2026-06', 0]]));
      await store.apply(subject, 0, update({ delta: new Map([['2026-05', new Map([['filed|其他', 3], ['dl|case_time_limit|due|12', 1]])]]) }));
      const read = await store.bucketRevisions(['2026-05', '2026-06']);
      expect(read.get('2026-05')).toBeGreaterThan(0);
      expect(read.get('2026-06')).toBe(0);
      // The live aggregator writes to May after the rebuild read its revision: the rebuild's write is refused.
      await store.apply(subject, 1, update({ seq: 2, delta: new Map([['2026-05', new Map([['filed|其他', 1]])]]) }));
      expect(await store.replaceBucket('2026-05', { 'filed|其他': 2 }, read.get('2026-05') as number)).toBe(false);
      expect((await store.monthBuckets(['2026-05'])).get('2026-05')).toEqual({ 'filed|其他': 4, 'dl|case_time_limit|due|12': 1 });
      // At the current revision it replaces the counters exactly (a counter not given is gone) and moves the revision on.
      const now = (await store.bucketRevisions(['2026-05'])).get('2026-05') as number;
      expect(await store.replaceBucket('2026-05', { 'filed|其他': 2 }, now)).toBe(true);
      expect(await store.replaceBucket('2026-05', { 'filed|其他': 9 }, now)).toBe(false);
      expect(await store.replaceBucket('2026-06', {}, 0)).toBe(true);
      expect(await store.monthBuckets(['2026-05', '2026-06'])).toEqual(new Map([['2026-05', { 'filed|其他': 2 }], ['2026-06', {}]]));
      expect((await store.bucketRevisions(['2026-05'])).get('2026-05')).toBe(now + 1);
      // The next delta counts on from the replaced counters.
      await store.apply(subject, 2, update({ seq: 3, delta: new Map([['2026-05', new Map([['filed|其他', 1]])]]) }));
      expect((await store.monthBuckets(['2026-05'])).get('2026-05')).toEqual({ 'filed|其他': 3 });
    });

    it('takes the annual report through drafted → approved → published once each; claims each reminder point once', async () => {
      expect(await store.annualReport(2025)).toBeNull();
      expect(await store.approveAnnualReport(2025, { openId: 'ou_head', name: '钱局长' }, '2026-01-06T01:00:00.000Z')).toBe(false);
      expect(await store.draftAnnualReport(2025, '2026-01-01T01:00:00.000Z')).toBe(true);
      expect(await store.draftAnnualReport(2025, '2026-01-02T01:00:00.000Z')).toBe(false);
      expect(await store.annualReport(2025)).toEqual({ dataYear: 2025, status: 'drafted', draftedAt: '2026-01-01T01:00:00.000Z' });
      expect(await store.approveAnnualReport(2025, { openId: 'ou_head', name: '钱局长' }, '2026-01-06T01:00:00.000Z')).toBe(true);
      expect(await store.approveAnnualReport(2025, { openId: 'ou_head', name: '钱局长' }, '2026-01-06T02:00:00.000Z')).toBe(false);
      await store.markAnnualReportPublished(2025, 'statistics/2025/index.html', '2026-01-06T01:01:00.000Z');
      await store.markAnnualReportPublished(2025, 'statistics/2025/index.html', '2026-01-07T01:01:00.000Z');
      expect(await store.annualReport(2025)).toEqual({
        dataYear: 2025,
        status: 'published',
        draftedAt: '2026-01-01T01:00:00.000Z',
        approvedBy: { openId: 'ou_head', name: '钱局长' },
        approvedAt: '2026-01-06T01:00:00.000Z',
        path: 'statistics/2025/index.html',
        publishedAt: '2026-01-06T01:01:00.000Z',
      });
      expect(await store.claimAnnualReminder(2025, 'start', '2026-01-04T01:00:00.000Z')).toBe(true);
      expect(await store.claimAnnualReminder(2025, 'start', '2026-01-04T01:05:00.000Z')).toBe(false);
      expect(await store.claimAnnualReminder(2025, 'five_days', '2026-01-23T01:00:00.000Z')).toBe(true);
      expect(await store.claimAnnualReminder(2026, 'start', '2027-01-04T01:00:00.000Z')).toBe(true);
      expect(await store.annualRemindersClaimed(2025)).toEqual(['five_days', 'start']);
      expect(await store.annualRemindersClaimed(2024)).toEqual([]);
    });
  });
}
