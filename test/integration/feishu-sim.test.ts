/**
 * The fake Feishu Open API (local/feishu-sim.ts), exercised with the REAL @larksuiteoapi/node-sdk client.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CARD_MAX_BYTES, cardContentByteSize } from '../../local/card-validator.ts';
import { contentDisposition, startFeishuSim, type FeishuSim, type SimMessage } from '../../local/feishu-sim.ts';

const APP_ID = 'cli_sim_test_0001';
const APP_SECRET = 'sim-secret-0001';
const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';

const quietLogger = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

function makeClient(sim: FeishuSim, appSecret = APP_SECRET): lark.Client {
  return new lark.Client({
    appId: APP_ID,
    appSecret,
    domain: sim.url,
    cache: new lark.DefaultCache(),
    loggerLevel: lark.LoggerLevel.error,
    logger: quietLogger,
  });
}

interface HttpFailure {
  status: number;
  data: unknown;
  headers: Record<string, unknown>;
}

/** Awaits an SDK call that must reject with an axios HTTP error; returns its response. */
async function httpFailure(p: Promise<unknown>): Promise<HttpFailure> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  if (err === undefined) throw new Error('expected the call to reject');
  const r = (err as { response?: { status: number; data: unknown; headers: Record<string, unknown> } }).response;
  if (!r) throw err;
  return { status: r.status, data: r.data, headers: r.headers };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

/** The control routes take JSON bodies declared as such (local/loopback-guard.ts). */
async function simJson<T = unknown>(sim: FeishuSim, path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const json = init?.method === 'POST' && !new Headers(init.headers).has('content-type');
  const res = await fetch(`${sim.url}${path}`, json ? { ...init, headers: { ...init?.headers, 'content-type': 'application/json' } } : init);
  return { status: res.status, body: (await res.json()) as T };
}

const textContent = (text: string): string => JSON.stringify({ text });
const cardV2 = (title: string) => ({
  schema: '2.0',
  config: { update_multi: true },
  header: { title: { tag: 'plain_text', content: title }, template: 'blue' },
  body: { elements: [{ tag: 'markdown', content: `**${title}**` }] },
});
/** Valid for Feishu's own checks except one property JSON 2.0 does not know. */
const unknownProperty = (title: string) => ({ ...cardV2(title), body: { elements: [{ tag: 'markdown', content: title, colour: 'red' }] } });

describe('feishu-sim with the real lark SDK', () => {
  let sim: FeishuSim;
  let client: lark.Client;

  beforeAll(async () => {
    sim = await startFeishuSim({
      appId: APP_ID,
      appSecret: APP_SECRET,
      users: [{ open_id: 'ou_alice', name: '张三', email: 'zhangsan@example.invalid' }],
    });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(() => {
    sim.reset();
    client = makeClient(sim);
  });

  it('fetches the tenant token once for several calls and sends it as Bearer', async () => {
    await client.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_alice', msg_type: 'text', content: textContent('1') },
    });
    await client.im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: 'oc_group1', msg_type: 'text', content: textContent('2') },
    });
    const user = await client.contact.user.get({ path: { user_id: 'ou_alice' }, params: { user_id_type: 'open_id' } });
    expect(user.code).toBe(0);
    expect(user.data?.user?.name).toBe('张三');
    const bot = await client.request<{ code: number; bot: { open_id: string; app_name: string; activate_status: number } }>({
      method: 'GET',
      url: '/open-apis/bot/v3/info',
    });
    expect(bot).toMatchObject({ code: 0, bot: { open_id: 'ou_sim_bot', app_name: '执法助手(模拟)', activate_status: 2 } });

    const reqs = sim.requests();
    expect(reqs.filter((r) => r.path === TOKEN_PATH)).toHaveLength(1);
    const apiCalls = reqs.filter((r) => r.path !== TOKEN_PATH);
    expect(apiCalls.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /open-apis/im/v1/messages',
      'POST /open-apis/im/v1/messages',
      'GET /open-apis/contact/v3/users/ou_alice',
      'GET /open-apis/bot/v3/info',
    ]);
    expect(new Set(apiCalls.map((r) => r.authorization)).size).toBe(1);
    expect(apiCalls[0]?.authorization).toMatch(/^Bearer t-sim-[0-9a-f]+$/);
    expect(apiCalls.every((r) => r.status === 200)).toBe(true);
  });

  it('records a message sent to an open_id, visible over HTTP with parsed content', async () => {
    const res = await client.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_alice', msg_type: 'text', content: textContent('你好 <at user_id="ou_alice">张三</at>') },
    });
    expect(res.code).toBe(0);
    expect(res.msg).toBe('success');
    expect(res.data?.message_id).toBe(sim.messages()[0]?.message_id);
    expect(res.data?.message_id).toMatch(/^om_sim_\d+$/);
    expect(res.data?.chat_id).toBe('oc_p2p_ou_alice');
    expect(res.data?.msg_type).toBe('text');
    expect(res.data?.create_time).toMatch(/^\d{13}$/);

    const { status, body } = await simJson<SimMessage[]>(sim, '/_sim/messages');
    expect(status).toBe(200);
    expect(body).toEqual([
      {
        message_id: res.data?.message_id,
        receive_id: 'ou_alice',
        receive_id_type: 'open_id',
        chat_id: 'oc_p2p_ou_alice',
        msg_type: 'text',
        content: { text: '你好 <at user_id="ou_alice">张三</at>' },
        created_at: res.data?.create_time,
      },
    ]);
  });

  it('uses the receive_id as chat for chat_id sends and inherits the chat for replies', async () => {
    const sent = await client.im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: 'oc_group1', msg_type: 'interactive', content: JSON.stringify(cardV2('案件')) },
    });
    const parentId = sent.data?.message_id ?? '';
    const reply = await client.im.message.reply({
      path: { message_id: parentId },
      data: { msg_type: 'text', content: textContent('收到'), reply_in_thread: true },
    });
    expect(reply.code).toBe(0);
    expect(reply.data?.parent_id).toBe(parentId);

    // Replies to inbound user messages: the chat comes from registerInboundMessage / POST /_sim/inbound.
    sim.registerInboundMessage('om_user_1', 'oc_from_method');
    const inbound = await simJson(sim, '/_sim/inbound', {
      method: 'POST',
      body: JSON.stringify({ message_id: 'om_user_2', chat_id: 'oc_from_http' }),
    });
    expect(inbound.status).toBe(200);
    for (const id of ['om_user_1', 'om_user_2', 'om_never_seen']) {
      await client.im.message.reply({ path: { message_id: id }, data: { msg_type: 'text', content: textContent(id) } });
    }

    const msgs = sim.messages();
    expect(msgs.map((m) => [m.chat_id, m.parent_id ?? null, m.receive_id, m.receive_id_type])).toEqual([
      ['oc_group1', null, 'oc_group1', 'chat_id'],
      ['oc_group1', parentId, null, null],
      ['oc_from_method', 'om_user_1', null, null],
      ['oc_from_http', 'om_user_2', null, null],
      ['oc_unknown', 'om_never_seen', null, null],
    ]);
    expect(msgs[1]?.reply_in_thread).toBe(true);
    expect(msgs[0]?.content).toEqual(cardV2('案件'));
  });

  it('PATCH replaces the card content and sets updated_at; unknown ids and non-cards fail', async () => {
    const sent = await client.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_alice', msg_type: 'interactive', content: JSON.stringify(cardV2('待审核')) },
    });
    const id = sent.data?.message_id ?? '';
    expect(sim.messages()[0]?.updated_at).toBeUndefined();

    const patched = await client.im.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(cardV2('已通过')) } });
    expect(patched.code).toBe(0);
    const m = sim.messages()[0];
    expect(m?.content).toEqual(cardV2('已通过'));
    expect(m?.updated_at).toMatch(/^\d{13}$/);
    expect(Number(m?.updated_at)).toBeGreaterThanOrEqual(Number(m?.created_at));
    expect(sim.messages()).toHaveLength(1);

    const unknown = await httpFailure(
      client.im.message.patch({ path: { message_id: 'om_nope' }, data: { content: JSON.stringify(cardV2('x')) } }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.data).toMatchObject({ code: 230001 });

    const text = await client.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_alice', msg_type: 'text', content: textContent('plain') },
    });
    const notCard = await httpFailure(
      client.im.message.patch({ path: { message_id: text.data?.message_id ?? '' }, data: { content: JSON.stringify(cardV2('x')) } }),
    );
    expect(notCard.data).toMatchObject({ code: 230001 });
  });

  it('PUT edits a text message', async () => {
    const sent = await client.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_alice', msg_type: 'text', content: textContent('v1') },
    });
    const res = await client.im.message.update({
      path: { message_id: sent.data?.message_id ?? '' },
      data: { msg_type: 'text', content: textContent('v2') },
    });
    expect(res.code).toBe(0);
    expect(sim.messages()[0]).toMatchObject({ content: { text: 'v2' }, updated_at: expect.stringMatching(/^\d{13}$/) });
  });

  it('delayed card update by token updates the registered message and is always listed', async () => {
    const sent = await client.im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: 'oc_group1', msg_type: 'interactive', content: JSON.stringify(cardV2('处理中')) },
    });
    const id = sent.data?.message_id ?? '';
    sim.registerCardToken('c-token-1', id);
    const viaHttp = await simJson(sim, '/_sim/card-tokens', {
      method: 'POST',
      body: JSON.stringify({ token: 'c-token-2', message_id: id }),
    });
    expect(viaHttp.status).toBe(200);

    const url = '/open-apis/interactive/v1/card/update';
    const r1 = await client.request<{ code: number; msg: string }>({ method: 'POST', url, data: { token: 'c-token-1', card: cardV2('完成') } });
    expect(r1).toEqual({ code: 0, msg: 'success' });
    expect(sim.messages()[0]).toMatchObject({ content: cardV2('完成'), updated_at: expect.any(String) });

    await client.request({ method: 'POST', url, data: { token: 'c-unregistered', card: cardV2('孤儿') } });
    const updates = sim.cardUpdates();
    expect(updates.map((u) => [u.token, u.message_id])).toEqual([
      ['c-token-1', id],
      ['c-unregistered', null],
    ]);
    const listed = await simJson<unknown[]>(sim, '/_sim/card-updates');
    expect(listed.body).toHaveLength(2);
  });

  it('dedupes sends and replies by uuid', async () => {
    const send = () =>
      client.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: 'ou_alice', msg_type: 'text', content: textContent('once'), uuid: 'evt-123' },
      });
    const a = await send();
    const b = await send();
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(b.data?.message_id).toBe(a.data?.message_id);

    const reply = () =>
      client.im.message.reply({
        path: { message_id: a.data?.message_id ?? '' },
        data: { msg_type: 'text', content: textContent('r'), uuid: 'evt-456' },
      });
    const r1 = await reply();
    const r2 = await reply();
    expect(r2.data?.message_id).toBe(r1.data?.message_id);

    const msgs = sim.messages();
    expect(msgs).toHaveLength(2);
    expect(msgs.map((m) => m.uuid)).toEqual(['evt-123', 'evt-456']);
  });

  it('validates content: JSON string, size and JSON 2.0 body', async () => {
    const create = (msg_type: string, content: unknown) =>
      client.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: 'ou_alice', msg_type, content: content as string },
      });

    const notJson = await httpFailure(create('text', 'not json'));
    expect(notJson.status).toBe(400);
    expect(notJson.data).toMatchObject({ code: 230001 });

    const objectContent = await httpFailure(create('text', { text: 'object, not string' }));
    expect(objectContent.data).toMatchObject({ code: 99992402 });

    const big = { schema: '2.0', body: { elements: [{ tag: 'markdown', content: 'x'.repeat(31 * 1024) }] } };
    const tooBig = await httpFailure(create('interactive', JSON.stringify(big)));
    expect(tooBig.data).toMatchObject({ code: 230025 });

    const noBody = await httpFailure(create('interactive', JSON.stringify({ schema: '2.0', header: {} })));
    expect(noBody.data).toMatchObject({ code: 230099 });

    const missingType = await httpFailure(
      client.im.message.create({ params: { receive_id_type: 'bogus' as 'open_id' }, data: { receive_id: 'x', msg_type: 'text', content: textContent('x') } }),
    );
    expect(missingType.data).toMatchObject({ code: 99992402 });

    // The bot sends JSON 2.0 cards only; the validator knows no other, so the fake refuses them.
    const v1 = await httpFailure(create('interactive', JSON.stringify({ config: { update_multi: true }, elements: [] })));
    expect(v1.data).toMatchObject({ code: 230099 });
    expect(sim.messages()).toHaveLength(0);
  });

  it('runs the card validator on every card it is sent: create, reply, patch and delayed update', async () => {
    const bad = unknownProperty('坏卡片');
    const created = await httpFailure(
      client.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: 'ou_alice', msg_type: 'interactive', content: JSON.stringify(bad) },
      }),
    );
    expect(created.status).toBe(400);
    expect(created.data).toMatchObject({ code: 230099, msg: expect.stringMatching(/^Failed to create card content.*colour/) });
    const replied = await httpFailure(
      client.im.message.reply({ path: { message_id: 'om_user' }, data: { msg_type: 'interactive', content: JSON.stringify(bad) } }),
    );
    expect(replied.data).toMatchObject({ code: 230099 });
    // A form button without form_action_type: the docs mark it required, so the fake refuses it.
    const formCard = {
      ...cardV2('表单'),
      body: {
        elements: [
          {
            tag: 'form',
            name: 'f',
            elements: [
              { tag: 'button', name: 'b', text: { tag: 'plain_text', content: '提交' }, behaviors: [{ type: 'callback', value: { a: 1 } }] },
            ],
          },
        ],
      },
    };
    const noActionType = await httpFailure(
      client.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: 'ou_alice', msg_type: 'interactive', content: JSON.stringify(formCard) },
      }),
    );
    expect(noActionType.data).toMatchObject({ code: 230099 });
    expect(sim.messages()).toEqual([]);

    const sent = await client.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_alice', msg_type: 'interactive', content: JSON.stringify(cardV2('原卡片')) },
    });
    const id = sent.data?.message_id ?? '';
    const patched = await httpFailure(client.im.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(bad) } }));
    expect(patched.data).toMatchObject({ code: 230099 });
    // An update must declare update_multi itself (PATCH doc: both the old and the new card).
    const { config: _config, ...noConfig } = cardV2('无配置');
    const undeclared = await httpFailure(client.im.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(noConfig) } }));
    expect(undeclared.data).toMatchObject({ code: 230099, msg: expect.stringMatching(/update_multi/) });

    sim.registerCardToken('c-token-bad', id);
    const url = '/open-apis/interactive/v1/card/update';
    const delayed = await httpFailure(client.request({ method: 'POST', url, data: { token: 'c-token-bad', card: bad } }));
    expect(delayed.status).toBe(400);
    expect(delayed.data).toMatchObject({ code: 11311 });
    const delayedBig = await httpFailure(
      client.request({
        method: 'POST',
        url,
        data: { token: 'c-token-bad', card: { ...cardV2('大'), body: { elements: [{ tag: 'markdown', content: '大'.repeat(11 * 1024) }] } } },
      }),
    );
    expect(delayedBig.data).toMatchObject({ code: 11311 });
    expect(sim.messages().map((m) => m.content)).toEqual([cardV2('原卡片')]);
    expect(sim.cardUpdates()).toEqual([]);
  });

  it('refuses to PATCH a sent card that did not declare update_multi', async () => {
    const { config: _config, ...noConfig } = cardV2('独享');
    const sent = await client.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_alice', msg_type: 'interactive', content: JSON.stringify(noConfig) },
    });
    expect(sent.code).toBe(0);
    const id = sent.data?.message_id ?? '';
    const f = await httpFailure(client.im.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(cardV2('新')) } }));
    expect(f.data).toMatchObject({ code: 230099, msg: expect.stringMatching(/update_multi/) });
    expect(sim.messages()[0]?.content).toEqual(noConfig);
  });

  it('measures the 30 KB card limit on the content as sent: a card of CJK text just under it passes, just over fails', async () => {
    const sized = (chars: number) => ({ ...cardV2('大小'), body: { elements: [{ tag: 'markdown', content: '案'.repeat(chars) }] } });
    // The content string as it stands in the request body (quotes escaped), 3 bytes per 案.
    const ok = Math.floor((CARD_MAX_BYTES - cardContentByteSize(sized(0))) / 3);
    expect(cardContentByteSize(sized(ok))).toBeLessThanOrEqual(CARD_MAX_BYTES);
    expect(cardContentByteSize(sized(ok + 1))).toBeGreaterThan(CARD_MAX_BYTES);
    const send = (chars: number) =>
      client.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: 'ou_alice', msg_type: 'interactive', content: JSON.stringify(sized(chars)) },
      });
    expect((await send(ok)).code).toBe(0);
    const over = await httpFailure(send(ok + 1));
    expect(over.data).toMatchObject({ code: 230025 });
  });

  it('serves registered resources to messageResource.get, with a Chinese file name', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2, 255, 254]), Buffer.from('行政处罚决定书')]);
    const fileName = '行政处罚决定书 (2025).pdf';
    const qs = new URLSearchParams({ message_id: 'om_user_file', file_key: 'file_v3_abc', type: 'file', file_name: fileName });
    const reg = await simJson<{ ok: boolean; size: number; sha256: string }>(sim, `/_sim/resources?${qs}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(reg.status).toBe(201);
    expect(reg.body).toEqual({ ok: true, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });

    const res = await client.im.messageResource.get({
      path: { message_id: 'om_user_file', file_key: 'file_v3_abc' },
      params: { type: 'file' },
    });
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(contentDisposition(fileName));
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(fileName).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    const got = await readAll(res.getReadableStream());
    expect(got.equals(bytes)).toBe(true);

    // ASCII names get a plain filename="…".
    sim.registerResource({ message_id: 'om_img', file_key: 'img_v3_1', type: 'image', file_name: 'photo.png', data: Buffer.from([137, 80, 78, 71]) });
    const img = await client.im.messageResource.get({ path: { message_id: 'om_img', file_key: 'img_v3_1' }, params: { type: 'image' } });
    expect(img.headers['content-disposition']).toBe('attachment; filename="photo.png"');
    expect(img.headers['content-type']).toBe('image/png');
    expect((await readAll(img.getReadableStream())).length).toBe(4);

    const wrongType = await httpFailure(
      client.im.messageResource.get({ path: { message_id: 'om_img', file_key: 'img_v3_1' }, params: { type: 'file' } }),
    );
    expect(wrongType.status).toBe(400);

    const missing = await httpFailure(
      client.im.messageResource.get({ path: { message_id: 'om_user_file', file_key: 'file_v3_other' }, params: { type: 'file' } }),
    );
    expect(missing.status).toBe(404);
    const missingBody = JSON.parse((await readAll(missing.data as Readable)).toString('utf8')) as { code: number };
    expect(missingBody.code).toBe(234003);
  });

  it('contact lookups of unknown users fail with 41050', async () => {
    const f = await httpFailure(client.contact.user.get({ path: { user_id: 'ou_stranger' }, params: { user_id_type: 'open_id' } }));
    expect(f.status).toBe(400);
    expect(f.data).toMatchObject({ code: 41050 });
  });

  it('rejects requests without a valid token', async () => {
    const none = await simJson<{ code: number }>(sim, '/open-apis/bot/v3/info');
    expect(none.status).toBe(400);
    expect(none.body.code).toBe(99991661);
    const bogus = await simJson<{ code: number }>(sim, '/open-apis/bot/v3/info', { headers: { authorization: 'Bearer t-forged' } });
    expect(bogus.status).toBe(400);
    expect(bogus.body.code).toBe(99991663);
  });

  it('a wrong app secret makes the token fetch, and so the call, fail', async () => {
    const bad = makeClient(sim, 'wrong-secret');
    await expect(
      bad.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: 'ou_alice', msg_type: 'text', content: textContent('x') },
      }),
    ).rejects.toThrow(/code: 10014, msg: app secret invalid/);
    expect(sim.messages()).toHaveLength(0);
    expect(sim.requests().map((r) => r.path)).toEqual([TOKEN_PATH]);
  });

  it('injected 500s reject exactly `count` times, then calls succeed', async () => {
    sim.injectFault({ match: /^POST \/open-apis\/im\/v1\/messages$/, status: 500, count: 2 });
    const send = () =>
      client.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: 'ou_alice', msg_type: 'text', content: textContent('retry me') },
      });
    const f1 = await httpFailure(send());
    const f2 = await httpFailure(send());
    expect([f1.status, f2.status]).toEqual([500, 500]);
    expect(f1.data).toMatchObject({ code: expect.any(Number) });
    const ok = await send();
    expect(ok.code).toBe(0);
    expect(sim.messages()).toHaveLength(1);
    expect(sim.requests().filter((r) => r.path === '/open-apis/im/v1/messages').map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('injected 429 carries x-ogw-ratelimit-reset', async () => {
    sim.injectFault({ match: 'POST /open-apis/im/v1/messages/[^/]+/reply', status: 429, count: 1 });
    const f = await httpFailure(
      client.im.message.reply({ path: { message_id: 'om_x' }, data: { msg_type: 'text', content: textContent('x') } }),
    );
    expect(f.status).toBe(429);
    expect(f.headers['x-ogw-ratelimit-reset']).toBe('1');
    expect(f.data).toMatchObject({ code: 99991400, msg: 'request trigger frequency limit' });
    const ok = await client.im.message.reply({ path: { message_id: 'om_x' }, data: { msg_type: 'text', content: textContent('x') } });
    expect(ok.code).toBe(0);
  });

  it('injected code != 0 with HTTP 200 resolves with that code (also via POST /_sim/faults)', async () => {
    const posted = await simJson(sim, '/_sim/faults', {
      method: 'POST',
      body: JSON.stringify({ match: '^PATCH /open-apis/im/v1/messages/', status: 200, count: 1, code: 230020, msg: 'This operation triggers the frequency limit.' }),
    });
    expect(posted.status).toBe(201);
    const res = await client.im.message.patch({ path: { message_id: 'om_any' }, data: { content: JSON.stringify(cardV2('x')) } });
    expect(res.code).toBe(230020);
    expect(res.msg).toBe('This operation triggers the frequency limit.');
  });

  it('faults can hit the token endpoint too', async () => {
    sim.injectFault({ match: 'tenant_access_token', status: 503, count: 1 });
    const send = () =>
      client.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: 'ou_alice', msg_type: 'text', content: textContent('x') },
      });
    expect((await httpFailure(send())).status).toBe(503);
    expect((await send()).code).toBe(0);
  });

  it('answers malformed JSON with 9499, oversize JSON with 413 and unknown routes with 404 JSON', async () => {
    const token = (await simJson<{ tenant_access_token: string }>(sim, TOKEN_PATH, {
      method: 'POST',
      body: JSON.stringify({ app_id: APP_ID, app_secret: APP_SECRET }),
    })).body.tenant_access_token;
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const bad = await simJson<{ code: number; msg: string }>(sim, '/open-apis/im/v1/messages?receive_id_type=open_id', {
      method: 'POST',
      headers: auth,
      body: '{"receive_id":',
    });
    expect(bad).toEqual({ status: 400, body: { code: 9499, msg: 'bad request' } });

    const huge = await fetch(`${sim.url}/open-apis/im/v1/messages?receive_id_type=open_id`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    await huge.body?.cancel();

    const unknown = await simJson<{ code: number }>(sim, '/open-apis/im/v1/chats', { headers: auth });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe(404);
    const unknownSim = await simJson(sim, '/_sim/nope');
    expect(unknownSim.status).toBe(404);
  });

  it('POST /_sim/reset clears messages, resources and faults', async () => {
    await client.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_alice', msg_type: 'text', content: textContent('x'), uuid: 'u-reset' },
    });
    sim.registerResource({ message_id: 'om_r', file_key: 'file_r', type: 'file', data: 'abc' });
    sim.injectFault({ match: 'bot/v3/info', status: 500, count: 5 });

    const r = await simJson(sim, '/_sim/reset', { method: 'POST' });
    expect(r).toEqual({ status: 200, body: { ok: true } });
    expect((await simJson<unknown[]>(sim, '/_sim/messages')).body).toEqual([]);

    // Token survives reset; fault is gone; resource is gone; uuid can be used again.
    const bot = await client.request<{ code: number }>({ method: 'GET', url: '/open-apis/bot/v3/info' });
    expect(bot.code).toBe(0);
    const gone = await httpFailure(
      client.im.messageResource.get({ path: { message_id: 'om_r', file_key: 'file_r' }, params: { type: 'file' } }),
    );
    expect(gone.status).toBe(404);
    await client.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_alice', msg_type: 'text', content: textContent('again'), uuid: 'u-reset' },
    });
    expect(sim.messages().map((m) => m.content)).toEqual([{ text: 'again' }]);
  });

  it('waitForMessages resolves when enough messages arrive, or with what there is on timeout', async () => {
    const waiting = sim.waitForMessages(2, 5000);
    setTimeout(() => {
      void (async () => {
        for (const t of ['a', 'b']) {
          await client.im.message.create({
            params: { receive_id_type: 'chat_id' },
            data: { receive_id: 'oc_g', msg_type: 'text', content: textContent(t) },
          });
        }
      })();
    }, 20);
    const got = await waiting;
    expect(got.map((m) => m.content)).toEqual([{ text: 'a' }, { text: 'b' }]);

    const started = Date.now();
    const partial = await sim.waitForMessages(5, 100);
    expect(partial).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });
});

describe('feishu-sim lifecycle and clock', () => {
  it('uuid dedupe expires after one hour', async () => {
    let t = Date.UTC(2025, 0, 6, 9, 0, 0);
    const sim = await startFeishuSim({ now: () => t });
    try {
      const client = makeClient(sim);
      const send = () =>
        client.im.message.create({
          params: { receive_id_type: 'open_id' },
          data: { receive_id: 'ou_b', msg_type: 'text', content: textContent('x'), uuid: 'same' },
        });
      const a = await send();
      t += 59 * 60 * 1000;
      const b = await send();
      t += 2 * 60 * 1000;
      const c = await send();
      expect(b.data?.message_id).toBe(a.data?.message_id);
      expect(c.data?.message_id).not.toBe(a.data?.message_id);
      expect(sim.messages()).toHaveLength(2);
      expect(sim.messages()[0]?.created_at).toBe(String(Date.UTC(2025, 0, 6, 9, 0, 0)));
    } finally {
      await sim.close();
    }
  });

  it('close() ends keep-alive connections and is idempotent', async () => {
    const sim = await startFeishuSim();
    const client = makeClient(sim); // any app id/secret is accepted without opts.appId/appSecret
    await client.request({ method: 'GET', url: '/open-apis/bot/v3/info' });
    await fetch(`${sim.url}/_sim/messages`).then((r) => r.json());
    const started = Date.now();
    await Promise.all([sim.close(), sim.close()]);
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(fetch(`${sim.url}/_sim/messages`)).rejects.toThrow();
  });
});
