/**
 * An aggregator update of more than 100 items (DynamoDB's transaction limit) is applied in chunks
 * (functions/adapters/dynamodb/statistics-store.ts): a plan claimed on the snapshot, each chunk once
 * behind its progress marker. Here the runner stops between two chunks (a fault injected into its
 * client, DynamoDB Local otherwise): the next reader finishes the plan, every counter counted once, and
 * a second runner with the same version cannot start a plan of its own.
 */
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { DynamoStatisticsStore } from '../../functions/adapters/dynamodb/statistics-store.ts';
import type { StatsUpdate } from '../../functions/ports/statistics.ts';
import { freshTable } from '../helpers/db.ts';

const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
const subject = { kind: 'case', id: '2025-000042' } as const;
/** 12 counter updates and 96 listings: 108 operations, two chunks (99 and 9) beside the snapshot. */
const big: StatsUpdate = {
  seq: 9,
  contributions: Object.fromEntries(months.map((m) => [`${m}|ev|image`, 1])),
  memberships: {},
  delta: new Map(months.map((m) => [m, new Map([['ev|image', 1]])])),
  put: months.flatMap((m) => Array.from({ length: 8 }, (_, f) => ({ month: m, figure: `f${f}`, caseId: subject.id, date: `${m}-03` }))),
  remove: [],
};

/** The table's client, failing the n-th transaction (as a runner stopped by its timeout would). */
function stoppingAt(db: DynamoDBDocumentClient, n: number): { client: DynamoDBDocumentClient; transactions: () => number } {
  let count = 0;
  const client = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (command: unknown) => {
        if (command instanceof TransactWriteCommand && ++count === n) throw new Error('runner stopped');
        return target.send(command as never);
      };
    },
  });
  return { client, transactions: () => count };
}

describe('statistics updates over 100 items on DynamoDB Local', () => {
  it('a run stopped between chunks is finished by the next reader, counted once; a second plan for the same version is refused', async () => {
    const t = await freshTable();
    const store = new DynamoStatisticsStore(t.db, t.tableName);
    expect(await store.apply(subject, 0, { ...big, seq: 1, delta: new Map([['2025-01', new Map([['ev|image', 5]])]]), put: [], contributions: {} })).toBe('applied');

    // Claim (1st transaction), chunk 1 (2nd), then the runner stops at chunk 2, the one that would write the snapshot.
    const faulty = stoppingAt(t.db, 3);
    await expect(new DynamoStatisticsStore(faulty.client, t.tableName).apply(subject, 1, big)).rejects.toThrow('runner stopped');
    // Half applied: the snapshot is still version 1, carrying its plan with one chunk done.
    const raw = await t.db.send(new GetCommand({ TableName: t.tableName, Key: keys.statsSnapshot(subject), ConsistentRead: true }));
    expect(raw.Item?.version).toBe(1);
    expect(raw.Item?.pending?.next).toBe(1);

    // Another runner that read version 1 before cannot start a plan (nor a single transaction) of its own.
    const other = new DynamoStatisticsStore(t.db, t.tableName);
    expect(await other.apply(subject, 1, { ...big, seq: 10 })).toBe('conflict');
    expect(await other.apply(subject, 1, { ...big, seq: 10, put: [], delta: new Map() })).toBe('conflict');

    // The next reader finishes the plan: the snapshot is the plan's, every counter and listing there once.
    const snap = await other.snapshot(subject);
    expect(snap).toEqual({ version: 2, seq: 9, contributions: big.contributions, memberships: {} });
    const buckets = await other.monthBuckets(months);
    expect(buckets.get('2025-01')).toEqual({ 'ev|image': 6 });
    for (const m of months.slice(1)) expect(buckets.get(m), m).toEqual({ 'ev|image': 1 });
    for (const f of ['f0', 'f7']) expect((await other.figureCases(f, months, { limit: 100 })).items, f).toHaveLength(12);
    // Read again: nothing more is applied.
    expect(await other.snapshot(subject)).toEqual(snap);
    expect((await other.monthBuckets(['2025-02'])).get('2025-02')).toEqual({ 'ev|image': 1 });
  });
});
