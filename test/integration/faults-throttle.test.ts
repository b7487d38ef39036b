/**
 * DynamoDB throttling injected into the real SDK client's middleware, so the SDK's own retry runs
 * against DynamoDB Local and we can see that nothing is half-written.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUSY_TOAST } from '../../functions/app/webhook.ts';
import type { RunningStack } from '../../local/stack.ts';
import { cardAction, postFeishu, USERS, validFilingForm } from '../helpers/feishu.ts';
import { startTestStack } from '../helpers/stack.ts';
import { throttle } from '../helpers/faults.ts';

describe('DynamoDB throttling against DynamoDB Local', () => {
  let stack: RunningStack;
  let failTransactions = 0;
  beforeAll(async () => {
    stack = await startTestStack();
    // Inside the SDK's retry loop: the SDK sees a throttle exactly as DynamoDB would send it.
    stack.db.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && failTransactions > 0) {
          failTransactions--;
          throw throttle();
        }
        return next(args);
      },
      { step: 'deserialize', name: 'injectThrottle' },
    );
  });
  afterAll(async () => {
    await stack?.stop();
  });
  beforeEach(() => {
    failTransactions = 0;
  });

  const submit = (formId: string, partyName: string) =>
    postFeishu(
      `${stack.botUrl}/feishu/cards`,
      cardAction({ openId: USERS.zhang, value: { action: 'file_case', form_id: formId }, formValue: validFilingForm({ party_name: partyName }) }),
    );

  it('a brief throttle is retried by the SDK and the case is filed once', async () => {
    failTransactions = 1;
    const res = await submit('F-throttle-once', '限流一次公司');
    expect(res.json.toast.type).toBe('success');
    expect(failTransactions).toBe(0);
    const mine = await stack.services.cases.listOpenForUser(USERS.zhang, { limit: 50 });
    expect(mine.items.filter((c) => c.partyName === '限流一次公司')).toHaveLength(1);
  });

  it('a persistent throttle gives a clear message and writes nothing', async () => {
    failTransactions = 1000;
    const res = await submit('F-throttle-always', '一直限流公司');
    expect(res.status).toBe(200);
    expect(res.json.toast).toEqual({ type: 'error', content: BUSY_TOAST });
    expect(JSON.stringify(res.json)).not.toMatch(/Exception|throughput/i);
    failTransactions = 0;
    const form = await stack.db.send(new GetCommand({ TableName: stack.tableName, Key: { pk: 'FORM#F-throttle-always', sk: 'FORM' } }));
    expect(form.Item).toBeUndefined();
    const mine = await stack.services.cases.listOpenForUser(USERS.zhang, { limit: 50 });
    expect(mine.items.filter((c) => c.partyName === '一直限流公司')).toHaveLength(0);
    // The number was not consumed: the next filing takes the next number in sequence.
    const next = await submit('F-after-throttle', '限流之后公司');
    const counter = await stack.db.send(new QueryCommand({ TableName: stack.tableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'COUNTER#CASE_NUMBER' } }));
    const seq = counter.Items?.[0]?.seq as number;
    expect(next.json.toast.content).toContain(`〕${seq}号`);
    expect(mine.items.some((c) => c.caseNumber.endsWith(`〕${seq}号`))).toBe(false);
  });
});

