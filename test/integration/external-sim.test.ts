/**
 * The fake Open API in a process of its own (`tsx local/feishu-sim.ts`, as the bench runs it): the
 * stack started with its URL sends through it, tells it each inbound message's chat over HTTP, and the
 * control routes are reached with SimClient.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
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

  it('SimClient streams a resource in and it downloads from the other process', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 11);
    const info = await simProcess.client.uploadResource(
      { message_id: 'om_ext', file_key: 'file_v3_ext', type: 'file', file_name: 'scan.pdf' },
      Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]),
    );
    expect(info).toEqual({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    await expect(
      simProcess.client.uploadResource({ message_id: 'om_ext', file_key: 'x', type: 'file' }, Readable.from([Buffer.alloc(101 * 1024 * 1024)])),
    ).rejects.toThrow(/413/);

    const client = new lark.Client({
      appId: LOCAL_DEFAULTS.appId,
      appSecret: LOCAL_DEFAULTS.appSecret,
      domain: simProcess.url,
      cache: new lark.DefaultCache(),
      loggerLevel: lark.LoggerLevel.error,
    });
    const res = await client.im.messageResource.get({ path: { message_id: 'om_ext', file_key: 'file_v3_ext' }, params: { type: 'file' } });
    expect(res.headers['content-type']).toBe('application/pdf');
    const chunks: Buffer[] = [];
    for await (const c of res.getReadableStream()) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('stop() ends the process', async () => {
    const other = await spawnFeishuSim();
    await other.stop();
    await expect(fetch(`${other.url}/_sim/messages`)).rejects.toThrow();
  });

  it('a child whose parent is killed (SIGKILL) stops too: nothing is left listening', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../helpers/sim-parent.ts', import.meta.url))], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      parent.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /child (\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      parent.once('exit', () => reject(new Error(`parent exited early: ${out}`)));
    });
    expect((await fetch(`${url}/_sim/messages`)).status).toBe(200);
    parent.kill('SIGKILL');
    let listening = true;
    for (let i = 0; i < 100 && listening; i++) {
      listening = await fetch(`${url}/_sim/messages`).then(
        () => true,
        () => false,
      );
      if (listening) await new Promise((r) => setTimeout(r, 100));
    }
    expect(listening).toBe(false);
  });
});
