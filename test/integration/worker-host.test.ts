/**
 * The worker in a process of its own (local/worker-host.ts), handed jobs by the deployed
 * LambdaJobQueue (the AWS SDK's asynchronous Invoke) as on Lambda: what the bench runs.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../../functions/config/logger.ts';
import { type RunningStack, startStack } from '../../local/stack.ts';
import { spawnWorkerHost, type WorkerHost } from '../../local/worker-host.ts';
import { httpRequest } from '../helpers/http.ts';
import { messageEvent, newId, postFeishu, USERS } from '../helpers/feishu.ts';

describe('a stack with the worker in its own process', () => {
  let stack: RunningStack;

  beforeAll(async () => {
    stack = await startStack({
      port: 0,
      simPort: 0,
      workerProcess: true,
      dataDir: null,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName: `t-${randomUUID()}`,
      log: silentLogger,
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('acknowledges, and the worker over there replies in the message chat', async () => {
    const messageId = newId('om_');
    const chatId = newId('oc_group_');
    const res = await postFeishu(`${stack.botUrl}/feishu/events`, messageEvent({ openId: USERS.zhang, text: '帮助', messageId, chatId }));
    expect(res.status).toBe(200);
    await stack.jobs.idle();
    const replies = stack.sim.messages();
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ parent_id: messageId, chat_id: chatId, msg_type: 'interactive' });
  });
  it('paused, accepts the hand-off and holds the job; resumed, runs it (what the bench\'s held runs use)', async () => {
    const before = stack.sim.messages().length;
    const messageId = newId('om_');
    await stack.jobs.pause();
    try {
      const res = await postFeishu(`${stack.botUrl}/feishu/events`, messageEvent({ openId: USERS.zhang, text: '帮助', messageId, chatId: newId('oc_group_') }));
      expect(res.status).toBe(200);
      await stack.jobs.idle();
      expect(stack.sim.messages()).toHaveLength(before);
    } finally {
      await stack.jobs.resume();
    }
    await stack.jobs.idle();
    expect(stack.sim.messages().slice(before)).toMatchObject([{ parent_id: messageId, msg_type: 'interactive' }]);
  });
});

describe('the worker host refuses what Lambda would not take', () => {
  let stack: RunningStack;
  let host: WorkerHost | undefined;

  beforeAll(async () => {
    stack = await startStack({ port: 0, simPort: 0, dataDir: null, dynamoEndpoint: inject('dynamoEndpoint'), tableName: `t-${randomUUID()}`, log: silentLogger });
    host = await spawnWorkerHost({
      dynamoEndpoint: stack.dynamoEndpoint,
      tableName: stack.tableName,
      simUrl: stack.simUrl,
      appId: 'cli_x',
      appSecret: 'x',
      caseNumberFormat: '{year}-{seq}',
      logLevel: 'error',
      s3Endpoint: stack.s3Endpoint as string,
      bucket: stack.bucket,
      siteDir: null,
    });
  });
  afterAll(async () => {
    await host?.stop();
    await stack?.stop();
  });

  it('answers 202 to an asynchronous Invoke only, for its one function, from loopback only', async () => {
    const hostUrl = host!.url;
    const path = '/2015-03-31/functions/worker/invocations';
    const headers = { 'content-type': 'application/octet-stream', 'x-amz-invocation-type': 'Event' };
    const job = JSON.stringify({ kind: 'case.filed', caseId: '2026-999999' });
    expect((await httpRequest(`${hostUrl}${path}`, { method: 'POST', headers, body: job })).status).toBe(202);
    expect((await httpRequest(`${hostUrl}${path}`, { method: 'POST', headers: { ...headers, 'x-amz-invocation-type': 'RequestResponse' }, body: job })).status).toBe(400);
    expect((await httpRequest(`${hostUrl}/2015-03-31/functions/other/invocations`, { method: 'POST', headers, body: job })).status).toBe(404);
    expect((await httpRequest(`${hostUrl}${path}`, { method: 'POST', headers, body: '{' })).status).toBe(400);
    expect((await httpRequest(`${hostUrl}${path}`, { method: 'POST', headers: { ...headers, host: 'evil.example' }, body: job })).status).toBe(403);
    expect((await httpRequest(`${hostUrl}/idle`)).status).toBe(200);
    // Pausing is for loopback callers, with a body a page cannot send cross-site.
    expect((await httpRequest(`${hostUrl}/pause`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
    expect((await httpRequest(`${hostUrl}/pause`, { method: 'POST', headers: { 'content-type': 'application/json', host: 'evil.example' }, body: '{}' })).status).toBe(403);
    expect((await httpRequest(`${hostUrl}/resume`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
  });
});
