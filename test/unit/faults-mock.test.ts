/** Request shapes and failures the stand-ins cannot show, through aws-sdk-client-mock. */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LambdaJobQueue } from '../../functions/adapters/async/lambda-queue.ts';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { DynamoEventMarkers, EVENT_LEASE_MS } from '../../functions/adapters/dynamodb/event-markers.ts';
import { feishuInbound } from '../../functions/adapters/feishu/inbound.ts';
import { handleFeishuPush } from '../../functions/app/webhook.ts';
import { silentLogger } from '../../functions/config/logger.ts';
import type { Job } from '../../functions/app/jobs.ts';
import { ENCRYPT_KEY, feishuRequest, messageEvent, USERS, VERIFICATION_TOKEN } from '../helpers/feishu.ts';
import { filingRequest } from '../helpers/factories.ts';
import { throttle } from '../helpers/faults.ts';

describe('with aws-sdk-client-mock', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  beforeEach(() => ddb.reset());
  afterAll(() => ddb.restore());

  it('files with a conditioned transaction: counter, case, first record entry, form, follow-up, officers', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    const store = new DynamoCaseStore(doc, 'tbl', async () => {});
    await store.fileCase(filingRequest({ formId: 'shape', year: 2026 }));
    const calls = ddb.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(1);
    const items = calls[0]!.args[0].input.TransactItems!;
    expect(items[0]?.Update).toMatchObject({ Key: { pk: 'COUNTER#CASE_NUMBER', sk: '2026' }, ConditionExpression: 'attribute_not_exists(pk)', ExpressionAttributeValues: { ':next': 1 } });
    expect(items[1]?.Put).toMatchObject({ Item: { pk: 'CASE#2026-000001', sk: 'META', caseNumber: '甘经信立〔2026〕1号' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(items[2]?.Put).toMatchObject({ Item: { pk: 'CASE#2026-000001', sk: 'LOG#000001', action: 'case.filed' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(items[3]?.Put).toMatchObject({ Item: { pk: 'FORM#shape', caseId: '2026-000001' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(items[4]?.Put).toMatchObject({
      Item: { pk: 'CASE#2026-000001', sk: 'FOLLOWUP#000001', status: 'pending', parts: { 'notice:ou_b': 'pending' }, gsi1pk: 'FOLLOWUP#PENDING' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(items.slice(5).map((i) => i.Put?.Item?.gsi1pk)).toEqual(['USER#ou_a#OPEN', 'USER#ou_b#OPEN']);
  });

  it('re-reads the counter after a conflicting filing and conditions on the value it read', async () => {
    ddb.on(GetCommand, { Key: { pk: 'FORM#race', sk: 'FORM' } }).resolves({});
    ddb.on(GetCommand, { Key: { pk: 'COUNTER#CASE_NUMBER', sk: '2026' } }).resolvesOnce({ Item: { seq: 4 } }).resolves({ Item: { seq: 5 } });
    const conflict = Object.assign(new Error('cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }, { Code: 'None' }],
    });
    ddb.on(TransactWriteCommand).rejectsOnce(conflict).resolves({});
    const store = new DynamoCaseStore(doc, 'tbl', async () => {});
    const r = await store.fileCase(filingRequest({ formId: 'race', year: 2026 }));
    expect(r.case.seq).toBe(6);
    const second = ddb.commandCalls(TransactWriteCommand)[1]!.args[0].input.TransactItems![0]!.Update!;
    expect(second).toMatchObject({ ConditionExpression: 'seq = :current', ExpressionAttributeValues: { ':current': 5, ':next': 6 } });
  });

  it('does not retry a fault that is not a conflict', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).rejects(throttle());
    const store = new DynamoCaseStore(doc, 'tbl', async () => {});
    await expect(store.fileCase(filingRequest({ formId: 'thr', year: 2026 }))).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  describe('the acknowledgement path', () => {
    const submitted: Job[] = [];
    let submitFails = false;
    const deps = () => ({
      inbound: feishuInbound(async () => ({ encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN })),
      markers: new DynamoEventMarkers(doc, 'tbl'),
      jobs: {
        submit: async (job: Job) => {
          if (submitFails) throw new Error('invoke failed');
          submitted.push(job);
        },
      },
      onCardAction: async () => ({}),
      now: () => Date.now(),
      log: silentLogger,
    });
    const push = (eventId: string) => {
      const { body, headers } = feishuRequest(messageEvent({ openId: USERS.zhang, text: '帮助', eventId }));
      return handleFeishuPush({ headers, body: Buffer.from(body) }, deps());
    };
    beforeEach(() => {
      submitted.length = 0;
      submitFails = false;
    });

    it('claims the event id with a short conditional lease and a TTL, and hands the lease to the worker', async () => {
      ddb.on(PutCommand).resolves({});
      ddb.on(UpdateCommand).resolves({});
      const before = Date.now();
      expect((await push('ev-shape')).status).toBe(200);
      const put = ddb.commandCalls(PutCommand)[0]!.args[0].input;
      expect(put).toMatchObject({
        Item: { pk: 'EVENT#ev-shape', sk: 'EVENT', status: 'pending' },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR (#status = :pending AND leaseUntilMs < :nowMs)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
      expect((put.Item?.expiresAt as number) - (put.Item?.receivedAt as number)).toBe(48 * 3600);
      expect((put.Item?.leaseUntilMs as number) - before).toBeGreaterThanOrEqual(EVENT_LEASE_MS);
      expect(submitted).toHaveLength(1);
      // One write before the 200: the worker completes the claim with the lease it was handed.
      expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
      const job = submitted[0];
      expect(job?.kind === 'message' && job.lease).toBe(put.Item?.leaseId);
      expect(await new DynamoEventMarkers(doc, 'tbl').complete('ev-shape', put.Item?.leaseId as string, Date.now())).toBe(true);
      const update = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
      expect(update).toMatchObject({
        Key: { pk: 'EVENT#ev-shape', sk: 'EVENT' },
        ConditionExpression: 'leaseId = :lease OR completedLease = :lease',
        ExpressionAttributeValues: { ':done': 'done', ':lease': put.Item?.leaseId },
      });
    });

    it('a finished marker (condition failed, status done or none) is a duplicate: acknowledged without work', async () => {
      for (const Item of [{ status: { S: 'done' } }, {}, undefined]) {
        ddb.on(PutCommand).rejects(Object.assign(new Error('exists'), { name: 'ConditionalCheckFailedException', Item }));
        expect((await push(`ev-dup-${JSON.stringify(Item)}`)).status).toBe(200);
      }
      expect(submitted).toHaveLength(0);
    });

    it('a live lease held by another delivery: 500, so Feishu re-delivers, and no work', async () => {
      ddb.on(PutCommand).rejects(Object.assign(new Error('exists'), { name: 'ConditionalCheckFailedException', Item: { status: { S: 'pending' } } }));
      expect((await push('ev-busy')).status).toBe(500);
      expect(submitted).toHaveLength(0);
    });

    it('a throttled claim answers 500 so Feishu re-delivers, and hands on no work', async () => {
      ddb.on(PutCommand).rejects(throttle());
      expect((await push('ev-throttled')).status).toBe(500);
      expect(submitted).toHaveLength(0);
    });

    it('when the work cannot be handed on, only its own lease is dropped and Feishu is asked to re-deliver', async () => {
      ddb.on(PutCommand).resolves({});
      ddb.on(DeleteCommand).resolves({});
      submitFails = true;
      expect((await push('ev-lost')).status).toBe(500);
      const del = ddb.commandCalls(DeleteCommand)[0]!.args[0].input;
      expect(del).toMatchObject({ Key: { pk: 'EVENT#ev-lost', sk: 'EVENT' }, ConditionExpression: 'leaseId = :lease' });
      expect(del.ExpressionAttributeValues?.[':lease']).toBe(ddb.commandCalls(PutCommand)[0]!.args[0].input.Item?.leaseId);
      expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    });

    it('when the hand-off worked but the marker cannot be finalised, the event is still acknowledged (the job is on its way)', async () => {
      ddb.on(PutCommand).resolves({});
      ddb.on(UpdateCommand).rejects(throttle());
      expect((await push('ev-unfinalised')).status).toBe(200);
      expect(submitted).toHaveLength(1);
    });
  });

  it('hands jobs to the worker as an asynchronous invocation', async () => {
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const job: Job = { kind: 'case.filed', caseId: '2026-000001' };
    process.env.AWS_REGION ??= 'local';
    await new LambdaJobQueue('worker-fn').submit(job);
    const input = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(input.InvocationType).toBe('Event');
    expect(input.FunctionName).toBe('worker-fn');
    expect(JSON.parse(Buffer.from(input.Payload as Uint8Array).toString())).toEqual(job);
    lambda.on(InvokeCommand).resolves({ StatusCode: 500 });
    await expect(new LambdaJobQueue('worker-fn').submit(job)).rejects.toThrow();
    lambda.restore();
  });
});

