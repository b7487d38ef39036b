/** The Feishu protocol at the HTTP boundary: every bad request gets its status and changes nothing. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { encryptFeishu } from '../../functions/adapters/feishu/verify.ts';
import { MESSAGES } from '../../functions/app/services.ts';
import { createLogger } from '../../functions/config/logger.ts';
import {
  cardAction,
  ENCRYPT_KEY,
  feishuRequest,
  feishuRequestFromJson,
  messageEvent,
  postFeishu,
  USERS,
  validFilingForm,
} from '../helpers/feishu.ts';
import { fixture } from '../helpers/fixtures.ts';
import { useTestStack } from '../helpers/stack.ts';

// A real logger (its output discarded): it must cope with whatever a request carries.
const getStack = useTestStack({ log: createLogger('e2e', 'debug', () => {}) });
const url = (p = '/feishu/events') => `${getStack().botUrl}${p}`;


async function marker(eventId: string) {
  const res = await getStack().db.send(new GetCommand({ TableName: getStack().tableName, Key: { pk: `EVENT#${eventId}`, sk: 'EVENT' } }));
  return res.Item;
}

async function rawPost(body: string | Buffer, headers: Record<string, string> = {}, path = '/feishu/events') {
  const res = await fetch(url(path), { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

/** Everything a caller can observe of an answer, byte for byte (the date header aside). */
async function observe(body: string, path = '/feishu/events') {
  const res = await fetch(url(path), { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const headers = [...res.headers.entries()].filter(([k]) => k !== 'date');
  return { status: res.status, headers, body: Buffer.from(await res.arrayBuffer()).toString('hex') };
}

/** A ciphertext whose last block decrypts to an invalid PKCS#7 pad byte (0), every time. */
function paddingFailure(plain: string): string {
  const buf = Buffer.from(encryptFeishu(plain, ENCRYPT_KEY), 'base64');
  const i = buf.length - 17; // CBC: this byte flips the last plaintext byte, the pad length
  buf[i] = (buf[i] as number) ^ (16 - (Buffer.byteLength(plain) % 16));
  return buf.toString('base64');
}

async function casesOf(openId: string) {
  return (await getStack().services.cases.listOpenForUser(openId, { limit: 50 })).items;
}

describe('url_verification', () => {
  it('answers the plain and the encrypted fixture on both URLs', async () => {
    for (const path of ['/feishu/events', '/feishu/cards']) {
      expect(await rawPost(JSON.stringify(fixture('url_verification')), {}, path)).toEqual({
        status: 200,
        json: { challenge: 'INVENTED-challenge-7f3c2a10-1b2d-4c5e-9f60-0a1b2c3d4e5f' },
      });
      expect(await rawPost(JSON.stringify(fixture('url_verification_encrypted')), {}, path)).toEqual({
        status: 200,
        json: { challenge: 'INVENTED-challenge-encrypted-0001' },
      });
    }
  });
  it('refuses a wrong verification token with the one refusal (401 {})', async () => {
    const res = await rawPost(JSON.stringify({ ...fixture('url_verification'), token: 'forged' }));
    expect(res).toEqual({ status: 401, json: {} });
  });
});

describe('no oracle: unsigned bodies', () => {
  it('a padding failure, a non-JSON plaintext and a valid plaintext get byte-identical answers on both URLs', async () => {
    const event = JSON.stringify(messageEvent({ openId: USERS.zhang, text: '帮助', eventId: 'ev-oracle' }));
    const bodies = {
      'padding failure': JSON.stringify({ encrypt: paddingFailure(event) }),
      'plaintext not JSON': JSON.stringify({ encrypt: encryptFeishu('{"schema":"2.0",', ENCRYPT_KEY) }),
      'valid event plaintext': JSON.stringify({ encrypt: encryptFeishu(event, ENCRYPT_KEY) }),
      'url_verification with a guessed token': JSON.stringify({ encrypt: encryptFeishu(JSON.stringify({ ...fixture('url_verification'), token: 'guess' }), ENCRYPT_KEY) }),
      'not base64 ciphertext': JSON.stringify({ encrypt: '!!!!' }),
    };
    for (const path of ['/feishu/events', '/feishu/cards']) {
      const answers = await Promise.all(Object.values(bodies).map((b) => observe(b, path)));
      const reference = answers[0];
      expect(reference?.status).toBe(401);
      expect(Buffer.from(reference?.body ?? '', 'hex').toString()).toBe('{}');
      for (const [i, name] of Object.keys(bodies).entries()) expect(answers[i], `${name} on ${path}`).toEqual(reference);
    }
    await getStack().jobs.idle();
    expect(getStack().sim.messages()).toHaveLength(0);
    expect(await marker('ev-oracle')).toBeUndefined();
  });
});

describe('bad requests change nothing', () => {
  const cases: [string, () => ReturnType<typeof feishuRequest>, number][] = [
    ['forged signature', () => feishuRequest(messageEvent({ openId: USERS.zhang, text: '帮助', eventId: 'ev-forged' }), { signature: 'a'.repeat(64) }), 401],
    ['no signature', () => feishuRequest(messageEvent({ openId: USERS.zhang, text: '帮助', eventId: 'ev-unsigned' }), { sign: false }), 401],
    ['stale timestamp', () => feishuRequest(messageEvent({ openId: USERS.zhang, text: '帮助', eventId: 'ev-stale' }), { timestamp: Math.floor(Date.now() / 1000) - 600 }), 401],
    ['signed with another key', () => feishuRequest(messageEvent({ openId: USERS.zhang, text: '帮助', eventId: 'ev-otherkey' }), { key: 'not-our-key' }), 401],
    ['wrong verification token', () => feishuRequest(messageEvent({ openId: USERS.zhang, text: '帮助', eventId: 'ev-token', token: 'forged' })), 403],
  ];
  for (const [name, build, status] of cases) {
    it(`${name} → ${status}`, async () => {
      const { body, headers } = build();
      const res = await rawPost(body, headers);
      expect(res).toEqual({ status, json: {} });
      await getStack().jobs.idle();
      expect(getStack().sim.messages()).toHaveLength(0);
      const eventId = ['ev-forged', 'ev-unsigned', 'ev-stale', 'ev-otherkey', 'ev-token'][cases.findIndex((c) => c[0] === name)];
      expect(eventId).toBeDefined();
      expect(await marker(eventId as string)).toBeUndefined();
    });
  }

  it('malformed JSON → 400', async () => {
    expect((await rawPost('{"schema":"2.0",')).status).toBe(400);
    expect((await rawPost('')).status).toBe(400);
  });
  it('a signed body that is not a valid event → 400', async () => {
    const ev = messageEvent({ openId: USERS.zhang, text: '帮助', eventId: 'ev-malformed' }) as any;
    ev.event.message.content = 12;
    const res = await postFeishu(url(), ev);
    expect(res.status).toBe(400);
    expect(await marker('ev-malformed')).toBeUndefined();
  });
  it('oversized → 413', async () => {
    const ev = messageEvent({ openId: USERS.zhang, text: '帮'.repeat(40_000), eventId: 'ev-big' });
    const res = await postFeishu(url(), ev);
    expect(res.status).toBe(413);
    expect(await marker('ev-big')).toBeUndefined();
  });
  it('an unknown path → 404', async () => {
    expect((await rawPost('{}', {}, '/feishu/other')).status).toBe(404);
  });
});

describe('replay and re-delivery', () => {
  const seedMarker = (eventId: string, leaseUntilMs: number) => {
    const now = Math.floor(Date.now() / 1000);
    return getStack().db.send(
      new PutCommand({
        TableName: getStack().tableName,
        Item: { pk: `EVENT#${eventId}`, sk: 'EVENT', type: 'event', status: 'pending', leaseId: 'crashed-delivery', leaseUntilMs, receivedAt: now - 60, expiresAt: now + 48 * 3600 },
      }),
    );
  };
  it('a re-delivery after the first delivery died between its claim and the hand-off runs, once', async () => {
    // What a delivery that was killed (timeout, crash) after claiming leaves behind: a lapsed lease.
    await seedMarker('ev-crashed', Date.now() - 1000);
    const ev = messageEvent({ openId: USERS.zhang, text: '帮助', eventId: 'ev-crashed' });
    expect((await postFeishu(url(), ev)).status).toBe(200);
    await getStack().jobs.idle();
    expect(getStack().sim.messages()).toHaveLength(1);
    expect(await marker('ev-crashed')).toMatchObject({ status: 'done' });
    expect((await postFeishu(url(), ev)).status).toBe(200);
    await getStack().jobs.idle();
    expect(getStack().sim.messages()).toHaveLength(1);
  });
  it('the job of a delivery whose lease was taken over does not run; the new holder’s does, and Lambda’s retry of it too', async () => {
    // The first delivery's job arrives late, after a re-delivery took the lapsed lease over.
    await seedMarker('ev-late-job', Date.now() - 1000);
    const ev = messageEvent({ openId: USERS.zhang, text: '帮助', eventId: 'ev-late-job' });
    expect((await postFeishu(url(), ev)).status).toBe(200);
    await getStack().jobs.idle();
    expect(getStack().sim.messages()).toHaveLength(1);
    const replies = () => getStack().sim.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/reply')).length;
    const job = {
      kind: 'message' as const,
      eventId: 'ev-late-job',
      senderOpenId: USERS.zhang,
      messageId: ev.event.message.message_id,
      chatId: ev.event.message.chat_id,
      chatType: ev.event.message.chat_type,
      messageType: 'text',
      content: ev.event.message.content,
      mentionKeys: [],
    };
    const before = replies();
    await getStack().jobs.submit({ ...job, lease: 'crashed-delivery' });
    await getStack().jobs.idle();
    expect(replies()).toBe(before);
    const { leaseId, completedLease } = (await marker('ev-late-job')) ?? {};
    expect(leaseId).toBeUndefined();
    await getStack().jobs.submit({ ...job, lease: completedLease as string });
    await getStack().jobs.idle();
    // It ran again: one more reply call, which Feishu (and the fake) drops by its uuid.
    expect(replies()).toBe(before + 1);
    expect(getStack().sim.messages()).toHaveLength(1);
    expect(await marker('ev-late-job')).toMatchObject({ status: 'done', completedLease });
  });
  it('a re-delivery while another delivery holds a live lease is not run and not lost (500: Feishu tries again)', async () => {
    await seedMarker('ev-leased', Date.now() + 60_000);
    const res = await postFeishu(url(), messageEvent({ openId: USERS.zhang, text: '帮助', eventId: 'ev-leased' }));
    expect(res.status).toBe(500);
    await getStack().jobs.idle();
    expect(getStack().sim.messages()).toHaveLength(0);
    expect(await marker('ev-leased')).toMatchObject({ status: 'pending', leaseId: 'crashed-delivery' });
  });

  it('the same signed bytes sent again after the worker took the job are acknowledged and have no second effect', async () => {
    const req = feishuRequest(messageEvent({ openId: USERS.zhang, text: '帮助', eventId: 'ev-replayed' }));
    expect((await rawPost(req.body, req.headers)).status).toBe(200);
    await getStack().jobs.idle();
    expect((await rawPost(req.body, req.headers)).status).toBe(200);
    await getStack().jobs.idle();
    expect(getStack().sim.messages()).toHaveLength(1);
    expect(await marker('ev-replayed')).toMatchObject({ type: 'event', status: 'done' });
  });
  it('the same bytes sent again before the worker took the job get a 500 (Feishu tries again), and it runs once', async () => {
    const req = feishuRequest(messageEvent({ openId: USERS.zhang, text: '帮助', eventId: 'ev-replayed-early' }));
    // The hand-off is accepted and held, as Lambda's queue holds it until the worker runs.
    await getStack().jobs.pause();
    try {
      expect((await rawPost(req.body, req.headers)).status).toBe(200);
      expect((await rawPost(req.body, req.headers)).status).toBe(500);
      expect(await marker('ev-replayed-early')).toMatchObject({ status: 'pending' });
    } finally {
      await getStack().jobs.resume();
    }
    await getStack().jobs.idle();
    // Feishu's next try finds the work done.
    expect((await rawPost(req.body, req.headers)).status).toBe(200);
    await getStack().jobs.idle();
    expect(getStack().sim.messages()).toHaveLength(1);
    expect(await marker('ev-replayed-early')).toMatchObject({ status: 'done' });
  });
  it('a re-delivery hours later, freshly signed, still takes effect once', async () => {
    const ev = messageEvent({ openId: USERS.zhang, text: '帮助', eventId: 'ev-later' });
    expect((await postFeishu(url(), ev)).status).toBe(200);
    await getStack().jobs.idle();
    const item = await marker('ev-later');
    // The marker outlives Feishu's retry window (15 s, 5 min, 1 h, 6 h).
    expect(item?.expiresAt - item?.receivedAt).toBeGreaterThanOrEqual(8 * 3600);
    expect((await postFeishu(url(), ev)).status).toBe(200);
    await getStack().jobs.idle();
    expect(getStack().sim.messages()).toHaveLength(1);
  });
  it('the fixture events are accepted when signed', async () => {
    const res = await postFeishu(url(), fixture('im_message_receive_v1_file'));
    expect(res.status).toBe(200);
    await getStack().jobs.idle();
    // A file from a roster member is evidence; with no case to put it in, the bot says so and stores nothing.
    expect(JSON.stringify(getStack().sim.messages()[0]?.content)).toContain('没有承办中的案件');
  });
});

describe('card values', () => {
  it('a card tap with a deeply nested value gets the "expired card" toast, not a 500', async () => {
    const payload = cardAction({ openId: USERS.zhang, value: { action: 'show_case', case_id: 'DEEP' } });
    // 5,000 levels: JSON.stringify (the logger's, before) overflows its stack on it.
    const text = JSON.stringify(payload).replace('"DEEP"', `${'['.repeat(5000)}1${']'.repeat(5000)}`);
    const { body, headers } = feishuRequestFromJson(text);
    const res = await rawPost(body, headers, '/feishu/cards');
    expect(res).toEqual({ status: 200, json: { toast: { type: 'error', content: MESSAGES.staleAction } } });
  });
});

describe('legacy card callbacks (off by default)', () => {
  it('a token-signed legacy callback changes and reveals nothing: no case read as the head, none filed in another name', async () => {
    const filed = await postFeishu(
      url('/feishu/cards'),
      cardAction({ openId: USERS.zhang, value: { action: 'file_case', form_id: 'Flegacy-real' }, formValue: validFilingForm({ party_name: '旧回调测试公司' }) }),
    );
    expect(filed.json.toast.type).toBe('success');
    await getStack().jobs.idle();
    getStack().sim.reset();
    const caseId = (await casesOf(USERS.zhang)).find((c) => c.partyName === '旧回调测试公司')!.caseId;
    const liBefore = await casesOf(USERS.li);

    // Anyone holding the Verification Token can sign these and name any open_id.
    const show = await postFeishu(url('/feishu/cards'), { open_id: USERS.head, token: 'c-x', action: { value: { action: 'show_case', case_id: caseId }, tag: 'button' } }, { legacy: true });
    expect(show).toEqual({ status: 401, json: {} });
    const forged = await postFeishu(
      url('/feishu/cards'),
      {
        open_id: USERS.li,
        open_message_id: 'om_forged',
        token: 'c-y',
        action: { value: { action: 'file_case', form_id: 'Flegacy-forged' }, tag: 'button', form_value: validFilingForm({ party_name: '冒名立案公司', officers: [USERS.li, USERS.zhang] }) },
      },
      { legacy: true },
    );
    expect(forged).toEqual({ status: 401, json: {} });
    await getStack().jobs.idle();
    expect(getStack().sim.messages()).toHaveLength(0);
    expect(await casesOf(USERS.li)).toEqual(liBefore);
    const form = await getStack().db.send(new GetCommand({ TableName: getStack().tableName, Key: { pk: 'FORM#Flegacy-forged', sk: 'FORM' } }));
    expect(form.Item).toBeUndefined();
  });
});

describe('legacy card callbacks with FEISHU_LEGACY_CARD_CALLBACKS on (weaker: keyed by the Verification Token)', () => {
  const getLegacyStack = useTestStack({ legacyCardCallbacks: true });
  const legacyUrl = () => `${getLegacyStack().botUrl}/feishu/cards`;

  it('answers a legacy card callback (SHA-1 signature) with the card itself', async () => {
    const res = await postFeishu(
      legacyUrl(),
      { open_id: USERS.zhang, open_message_id: 'om_legacy', open_chat_id: 'oc_x', token: 'c-legacy', action: { value: { action: 'list_cases', cursor: '1:' + Buffer.from('{}').toString('base64url') }, tag: 'button' } },
      { legacy: true },
    );
    expect(res.status).toBe(200);
    const form = await postFeishu(
      legacyUrl(),
      { open_id: USERS.zhang, open_message_id: 'om_legacy', token: 'c-legacy1', action: { value: { action: 'file_case', form_id: 'Flegacy' }, tag: 'button', form_value: { party_name: '' } } },
      { legacy: true },
    );
    // Legacy callbacks are answered with the card JSON itself: here the form again, with its problems.
    expect(form.json.schema).toBe('2.0');
    expect(JSON.stringify(form.json)).toContain('当事人名称');
    // A stale cursor: legacy callbacks cannot show a toast, so the card stays as it is ({}).
    expect(res.json).toEqual({});
    const show = await postFeishu(
      legacyUrl(),
      { open_id: USERS.zhao, open_message_id: 'om_legacy', token: 'c-legacy2', action: { value: { action: 'list_cases', cursor: 'x' }, tag: 'button' } },
      { legacy: true, signature: 'f'.repeat(40) },
    );
    expect(show).toEqual({ status: 401, json: {} });
  });
});

describe('the dev tick and health', () => {
  it('POST /_dev/tick runs the work due at the given instant', async () => {
    const tick = (body: string) => fetch(url('/_dev/tick'), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const res = await tick(JSON.stringify({ now: '2026-11-26T09:00:00+08:00' }));
    expect(res.status).toBe(200);
    // Thursday 09:00: what the reminder schedules fire (nothing here), then every scheduled task.
    expect(await res.json()).toEqual({
      now: '2026-11-26T01:00:00.000Z',
      ran: [
        { task: 'follow-ups', done: [] },
        { task: 'owed-work', done: [] },
        { task: 'annual-statistics', done: [] },
        { task: 'deadline-refresh', done: [] },
        { task: 'reminders', done: [] },
        { task: 'publisher', done: [] },
      ],
      failed: [],
      schedules: { fired: [], retrying: [], deadLettered: [], outcomes: [] },
    });
    expect((await tick('{"now":"tomorrow"}')).status).toBe(400);
    expect((await tick('nope')).status).toBe(400);
  });
  it('GET /healthz answers 200 when ready', async () => {
    expect((await fetch(url('/healthz'))).status).toBe(200);
  });
});
