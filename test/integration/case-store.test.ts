/**
 * The case store against DynamoDB Local: gapless numbering under concurrency, idempotent filing, paging,
 * and the follow-up (outbox) written with each filing.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { InvalidCursorError } from '../../functions/ports/errors.ts';
import { freshTable } from '../helpers/db.ts';
import { FILING_RECORD_SEQ, noticeFailedRecord } from '../../functions/domain/case/follow-up.ts';
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

  describe('follow-ups', () => {
    const pendingIndex = async () =>
      (
        await t.db.send(
          new QueryCommand({ TableName: t.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'FOLLOWUP#PENDING' } }),
        )
      ).Items ?? [];

    it('writes the follow-up a filing owes with the case, listed as pending', async () => {
      const { case: c } = await store.fileCase(filingRequest({ formId: 'fu-1', year: 2040, formMessageId: 'om_form_1', filedAt: '2040-01-01T00:00:00.000Z' }));
      const ref = { caseId: c.caseId, recordSeq: FILING_RECORD_SEQ };
      expect(await store.getFollowUp(ref)).toEqual({
        caseId: c.caseId,
        recordSeq: 1,
        action: 'case.filed',
        createdAt: '2040-01-01T00:00:00.000Z',
        status: 'pending',
        formMessageId: 'om_form_1',
        parts: { form: 'pending', 'notice:ou_b': 'pending' },
      });
      const raw = await t.db.send(new GetCommand({ TableName: t.tableName, Key: { pk: `CASE#${c.caseId}`, sk: 'FOLLOWUP#000001' } }));
      expect(raw.Item).toMatchObject({ gsi1pk: 'FOLLOWUP#PENDING', gsi1sk: `2040-01-01T00:00:00.000Z#${c.caseId}#000001` });
      expect((await pendingIndex()).map((i) => i.caseId)).toContain(c.caseId);
      // A repeated form writes nothing more.
      await store.fileCase(filingRequest({ formId: 'fu-1', year: 2040, formMessageId: 'om_other' }));
      expect((await store.getFollowUp(ref))?.formMessageId).toBe('om_form_1');
    });

    it('moves a part on only from the states given', async () => {
      const { case: c } = await store.fileCase(filingRequest({ formId: 'fu-2', year: 2040 }));
      const ref = { caseId: c.caseId, recordSeq: 1 };
      expect(await store.markFollowUpPart(ref, 'notice:ou_b', ['pending'], 'sent')).toBe(true);
      expect(await store.markFollowUpPart(ref, 'notice:ou_b', ['pending'], 'failed')).toBe(false);
      expect((await store.getFollowUp(ref))?.parts).toEqual({ 'notice:ou_b': 'sent' });
      // A part the follow-up does not have is not invented.
      expect(await store.markFollowUpPart(ref, 'notice:ou_nobody', ['pending'], 'sent')).toBe(false);
      expect(await store.markFollowUpPart({ caseId: '2040-999999', recordSeq: 1 }, 'form', ['pending'], 'sent')).toBe(false);
    });

    it('records a refused notice with the next record number, once, even when two runs race', async () => {
      const { case: c } = await store.fileCase(filingRequest({ formId: 'fu-3', year: 2040, officers: [officer('ou_a', '甲'), officer('ou_b', '乙'), officer('ou_c', '丙')] }));
      const ref = { caseId: c.caseId, recordSeq: 1 };
      const entry = (openId: string) => noticeFailedRecord({ caseId: c.caseId, at: '2040-01-01T00:00:01.000Z', notice: 'case.filed', recipient: { openId, name: openId } });
      const results = await Promise.all([
        store.failFollowUpPart(ref, 'notice:ou_b', entry('ou_b')),
        store.failFollowUpPart(ref, 'notice:ou_b', entry('ou_b')),
        store.failFollowUpPart(ref, 'notice:ou_c', entry('ou_c')),
      ]);
      expect(results.filter(Boolean)).toHaveLength(2);
      const records = await store.records(c.caseId);
      expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
      expect(records.slice(1).map((r) => r.detail.recipient).sort()).toEqual(['ou_b', 'ou_c']);
      expect((await store.getFollowUp(ref))?.parts).toEqual({ 'notice:ou_b': 'failed', 'notice:ou_c': 'failed' });
    });

    it('lists pending follow-ups older than a cut-off, oldest first, and drops them once done', async () => {
      const early = await store.fileCase(filingRequest({ formId: 'fu-4', year: 2041, filedAt: '2041-05-01T00:00:00.000Z' }));
      const late = await store.fileCase(filingRequest({ formId: 'fu-5', year: 2041, filedAt: '2041-05-01T00:10:00.000Z' }));
      const ids = async (before: string) => (await store.pendingFollowUps(before, 100)).map((f) => f.caseId).filter((id) => id.startsWith('2041-'));
      expect(await ids('2041-05-01T00:05:00.000Z')).toEqual([early.case.caseId]);
      expect(await ids('2041-06-01T00:00:00.000Z')).toEqual([early.case.caseId, late.case.caseId]);
      expect((await store.pendingFollowUps('2041-06-01T00:00:00.000Z', 100)).find((f) => f.caseId === early.case.caseId)).toEqual({
        caseId: early.case.caseId,
        recordSeq: 1,
        action: 'case.filed',
      });

      await store.completeFollowUp({ caseId: early.case.caseId, recordSeq: 1 });
      await store.completeFollowUp({ caseId: early.case.caseId, recordSeq: 1 });
      expect((await store.getFollowUp({ caseId: early.case.caseId, recordSeq: 1 }))?.status).toBe('done');
      expect(await ids('2041-06-01T00:00:00.000Z')).toEqual([late.case.caseId]);
      expect((await store.pendingFollowUps('2041-06-01T00:00:00.000Z', 1)).length).toBe(1);
    });
  });
});
