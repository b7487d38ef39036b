/** The case store against DynamoDB Local: gapless numbering under concurrency, idempotent filing, paging. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseStore, InvalidCursorError } from '../../functions/adapters/dynamodb/case-store.ts';
import { freshTable } from '../helpers/db.ts';
import { filingRequest, officer } from '../helpers/factories.ts';

let t: Awaited<ReturnType<typeof freshTable>>;
let store: DynamoCaseStore;
beforeAll(async () => {
  t = await freshTable();
  store = new DynamoCaseStore(t.db, t.tableName);
});

describe('Class: DynamoCaseStore', () => {
  it('gives 20 concurrent filings 20 distinct consecutive numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.fileCase(filingRequest({ formId: `conc-${i}`, year: 2031, partyName: `并发${i}` }))),
    );
    expect(results.every((r) => r.created)).toBe(true);
    const seqs = results.map((r) => r.case.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.case.caseNumber)).size).toBe(20);
    expect(results.find((r) => r.case.seq === 20)?.case.caseNumber).toBe('甘经信立〔2031〕20号');
    // Each case has exactly its first record entry, written with it.
    for (const r of results) {
      const records = await store.records(r.case.caseId);
      expect(records).toEqual([expect.objectContaining({ seq: 1, action: 'case.filed', caseId: r.case.caseId })]);
    }
  });

  it('numbers each year from 1', async () => {
    const a = await store.fileCase(filingRequest({ formId: 'y2032-a', year: 2032 }));
    const b = await store.fileCase(filingRequest({ formId: 'y2033-a', year: 2033 }));
    const c = await store.fileCase(filingRequest({ formId: 'y2032-b', year: 2032 }));
    expect([a.case.caseNumber, b.case.caseNumber, c.case.caseNumber]).toEqual(['甘经信立〔2032〕1号', '甘经信立〔2033〕1号', '甘经信立〔2032〕2号']);
  });

  it('files one case when one form is submitted five times at once', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => store.fileCase(filingRequest({ formId: 'same-form', year: 2034 }))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.case.caseId)).size).toBe(1);
    const again = await store.fileCase(filingRequest({ formId: 'same-form', year: 2034 }));
    expect(again).toMatchObject({ created: false, case: { caseNumber: '甘经信立〔2034〕1号' } });
    const next = await store.fileCase(filingRequest({ formId: 'other-form', year: 2034 }));
    expect(next.case.seq).toBe(2);
  });

  it('lists a person’s open cases newest first, page by page, without repeats', async () => {
    const me = officer('ou_pager', '翻页');
    for (let i = 0; i < 23; i++) {
      await store.fileCase(
        filingRequest({ formId: `page-${i}`, year: 2035, officers: [me, officer('ou_other', '他')], filedAt: `2035-01-01T00:${String(i).padStart(2, '0')}:00.000Z` }),
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    const pageSizes: number[] = [];
    do {
      const page = await store.listOpenForUser('ou_pager', { limit: 10, ...(cursor ? { cursor } : {}) });
      pageSizes.push(page.items.length);
      seen.push(...page.items.map((i) => i.caseId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pageSizes).toEqual([10, 10, 3]);
    expect(new Set(seen).size).toBe(23);
    expect(seen[0]).toBe('2035-000023');
    expect(seen.at(-1)).toBe('2035-000001');
  });

  it('offers no next page when the last page is exactly full', async () => {
    const me = officer('ou_exact', '整页');
    for (let i = 0; i < 10; i++) await store.fileCase(filingRequest({ formId: `exact-${i}`, year: 2036, officers: [me, officer('ou_x', 'x')] }));
    const page = await store.listOpenForUser('ou_exact', { limit: 10 });
    expect(page.items).toHaveLength(10);
    expect(page.nextCursor).toBeUndefined();
  });

  it('refuses a cursor made for someone else’s list, or not made by us', async () => {
    const mine = await store.listOpenForUser('ou_pager', { limit: 10 });
    const stolen = mine.nextCursor as string;
    await expect(store.listOpenForUser('ou_exact', { limit: 3, cursor: stolen })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(store.listOpenForUser('ou_exact', { limit: 1, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('never uses a Scan: listing is a Query on the sparse index', async () => {
    const res = await t.db.send(
      new QueryCommand({ TableName: t.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'USER#ou_pager#OPEN' } }),
    );
    expect(res.Count).toBe(23);
  });
});
