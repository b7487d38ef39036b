/**
 * What only the DynamoDB case store has to show: its items and indexes. Its behaviour is the CaseStore
 * contract (test/contract/case-store.contract.ts), run against it and the in-memory store.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { freshTable } from '../helpers/db.ts';
import { filingRequest, officer } from '../helpers/factories.ts';

let t: Awaited<ReturnType<typeof freshTable>>;
let store: DynamoCaseStore;
beforeAll(async () => {
  t = await freshTable();
  store = new DynamoCaseStore(t.db, t.tableName);
});

const query = async (gsi1pk: string) =>
  (
    await t.db.send(
      new QueryCommand({ TableName: t.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': gsi1pk } }),
    )
  ).Items ?? [];

describe('Class: DynamoCaseStore', () => {
  it('never uses a Scan: a person’s open cases are a Query on the sparse index', async () => {
    const me = officer('ou_indexed', '索引');
    for (let i = 0; i < 3; i++) await store.fileCase(filingRequest({ formId: `idx-${i}`, year: 2035, officers: [me, officer('ou_other', '他')] }));
    expect(await query('USER#ou_indexed#OPEN')).toHaveLength(3);
  });

  it('lists a pending follow-up in the sparse FOLLOWUP#PENDING partition, and takes it out once done', async () => {
    const { case: c } = await store.fileCase(filingRequest({ formId: 'fu-1', year: 2040, formMessageId: 'om_form_1', filedAt: '2040-01-01T00:00:00.000Z' }));
    const raw = await t.db.send(new GetCommand({ TableName: t.tableName, Key: { pk: `CASE#${c.caseId}`, sk: 'FOLLOWUP#000001' } }));
    expect(raw.Item).toMatchObject({ gsi1pk: 'FOLLOWUP#PENDING', gsi1sk: `2040-01-01T00:00:00.000Z#${c.caseId}#000001` });
    expect((await query('FOLLOWUP#PENDING')).map((i) => i.caseId)).toContain(c.caseId);
    await store.completeFollowUp({ caseId: c.caseId, recordSeq: 1 });
    expect((await query('FOLLOWUP#PENDING')).map((i) => i.caseId)).not.toContain(c.caseId);
  });
});
