/**
 * The fake Open API in a process of its own (`tsx local/feishu-sim.ts`, as the bench runs it): the
 * stack started with its URL sends through it, tells it each inbound message's chat over HTTP, and the
 * control routes are reached with SimClient.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../../functions/config/logger.ts';
import { type SimProcess, spawnFeishuSim } from '../../local/feishu-sim.ts';
import { LOCAL_DEFAULTS, type RunningStack, startStack } from '../../local/stack.ts';
import { messageEvent, newId, postFeishu, USERS } from '../helpers/feishu.ts';

describe('a stack with the fake Open API in another process', () => {
  let simProcess: SimProcess;
  let stack: RunningStack<null>;

  beforeAll(async () => {
    simProcess = await spawnFeishuSim({ appId: LOCAL_DEFAULTS.appId, appSecret: LOCAL_DEFAULTS.appSecret });
    stack = await startStack({
      port: 0,
      simUrl: simProcess.url,
      dataDir: null,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName: `t-${randomUUID()}`,
      log: silentLogger,
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await simProcess?.stop();
  });

  it('answers a chat message through it: the reply is in its chat, recorded in the other process', async () => {
    expect(stack.sim).toBeNull();
    expect(stack.simUrl).toBe(simProcess.url);
    expect(simProcess.pid).not.toBe(process.pid);

    const messageId = newId('om_');
    const chatId = newId('oc_group_');
    const res = await postFeishu(`${stack.botUrl}/feishu/events`, messageEvent({ openId: USERS.zhang, text: '帮助', messageId, chatId }));
    expect(res.status).toBe(200);
    await stack.jobs.idle();

    const messages = await simProcess.client.messages();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ parent_id: messageId, chat_id: chatId, msg_type: 'interactive' });

    await simProcess.client.reset();
    expect(await simProcess.client.messages()).toEqual([]);
  });

  it('stop() ends the process', async () => {
    const other = await spawnFeishuSim();
    await other.stop();
    await expect(fetch(`${other.url}/_sim/messages`)).rejects.toThrow();
  });
});
