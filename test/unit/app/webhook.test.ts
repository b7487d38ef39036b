/** handleFeishuPush: what a caller sees (status and body) and what only the log sees. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACK_DEADLINE_MS, BUSY_TOAST, handleFeishuPush, type WebhookDeps } from '../../../functions/app/webhook.ts';
import { createLogger } from '../../../functions/config/logger.ts';
import { feishuInbound } from '../../../functions/adapters/feishu/inbound.ts';
import { encryptFeishu } from '../../../functions/adapters/feishu/verify.ts';
import { cardAction, ENCRYPT_KEY, feishuRequest, messageEvent, USERS, VERIFICATION_TOKEN } from '../../helpers/feishu.ts';
import { fixture } from '../../helpers/fixtures.ts';

function deps(over: Partial<WebhookDeps> = {}) {
  const lines: Record<string, any>[] = [];
  const d: WebhookDeps = {
    inbound: feishuInbound(async () => ({ encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN })),
    markers: { claim: async () => ({ state: 'claimed', lease: 'l1' }), complete: async () => true, release: async () => {} },
    jobs: { submit: async () => {} },
    onCardAction: async () => ({ toast: { type: 'success', content: 'ok' } }),
    now: () => Date.now(),
    log: createLogger('test', 'debug', (l) => lines.push(JSON.parse(l))),
    ...over,
  };
  return { d, lines };
}
const raw = (body: string, d: WebhookDeps, headers: Record<string, string> = {}) => handleFeishuPush({ headers, body: Buffer.from(body) }, d);
const signed = (payload: unknown, d: WebhookDeps) => {
  const { body, headers } = feishuRequest(payload);
  return handleFeishuPush({ headers, body: Buffer.from(body) }, d);
};

describe('Function: handleFeishuPush — refusals', () => {
  it('answers every unsigned body that is not a valid url_verification with 401 {}, and logs the reason', async () => {
    const { d, lines } = deps();
    const bodies = [
      JSON.stringify({ encrypt: 'AAAA' }),
      JSON.stringify({ encrypt: encryptFeishu('not json', ENCRYPT_KEY) }),
      JSON.stringify({ encrypt: encryptFeishu(JSON.stringify(messageEvent({ openId: USERS.zhang, text: 'x' })), ENCRYPT_KEY) }),
      JSON.stringify({ ...fixture('url_verification'), token: 'guess' }),
      JSON.stringify(messageEvent({ openId: USERS.zhang, text: 'x' })),
    ];
    for (const body of bodies) expect(await raw(body, d)).toEqual({ status: 401, body: {} });
    expect(lines.filter((l) => l.msg === 'feishu push rejected').map((l) => l.reason)).toEqual([
      'unsigned: cannot decrypt',
      'unsigned: decrypted body is not a JSON object',
      'unsigned: not a url_verification',
      'unsigned: url_verification: verification token mismatch',
      'unsigned: not a url_verification',
    ]);
  });

  it('keeps the reason out of every refusal body, signed or not', async () => {
    const { d } = deps();
    const forged = feishuRequest(messageEvent({ openId: USERS.zhang, text: 'x' }), { signature: 'a'.repeat(64) });
    expect(await raw(forged.body, d, forged.headers)).toEqual({ status: 401, body: {} });
    expect(await signed(messageEvent({ openId: USERS.zhang, text: 'x', token: 'forged' }), d)).toEqual({ status: 403, body: {} });
    expect(await raw('nope', d)).toEqual({ status: 400, body: {} });
    const { d: unconfigured } = deps({ inbound: feishuInbound(async () => ({ encryptKey: '', verificationToken: '' })) });
    expect(await raw(JSON.stringify(fixture('url_verification')), unconfigured)).toEqual({ status: 401, body: {} });
  });
});

describe('Function: handleFeishuPush — the deadline', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers a message event 500 at the deadline when a dependency hangs, so Feishu re-delivers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { d, lines } = deps({ markers: { claim: () => new Promise(() => {}), complete: async () => true, release: async () => {} } });
    const answer = signed(messageEvent({ openId: USERS.zhang, text: '帮助' }), d);
    await vi.advanceTimersByTimeAsync(ACK_DEADLINE_MS);
    expect(await answer).toEqual({ status: 500, body: { error: 'temporarily unavailable' } });
    expect(lines.some((l) => l.msg === 'acknowledgement deadline passed')).toBe(true);
  });

  it('answers a card tap with the busy toast at the deadline, and logs a failure that comes later', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let fail: (e: Error) => void = () => {};
    const { d, lines } = deps({ onCardAction: () => new Promise((_, reject) => (fail = reject)) });
    const answer = signed(cardAction({ openId: USERS.zhang, value: { action: 'show_case', case_id: '2026-000001' } }), d);
    await vi.advanceTimersByTimeAsync(ACK_DEADLINE_MS);
    expect(await answer).toEqual({ status: 200, body: { toast: { type: 'error', content: BUSY_TOAST } } });
    fail(new Error('late'));
    await vi.advanceTimersByTimeAsync(0);
    // The card path's own catch turns it into a toast nobody receives; nothing is unhandled.
    expect(lines.some((l) => l.msg === 'card action failed')).toBe(true);
  });

  it('answers before the deadline when the work is done, and leaves no timer behind', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { d } = deps();
    const answer = signed(messageEvent({ openId: USERS.zhang, text: '帮助' }), d);
    await vi.advanceTimersByTimeAsync(0);
    expect(await answer).toEqual({ status: 200, body: {} });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('Function: handleFeishuPush — card values', () => {
  it('hands a tap whose value was out of bounds to the card handler without it (the "expired card" toast), and logs it', async () => {
    const seen: unknown[] = [];
    const { d, lines } = deps({ onCardAction: async (a) => (seen.push(a.value), { toast: { type: 'error', content: '该卡片已过期，请重新发送指令。' } }) });
    let deep: unknown = 1;
    for (let i = 0; i < 10; i++) deep = { a: deep };
    const res = await signed(cardAction({ openId: USERS.zhang, value: { action: 'show_case', deep } }), d);
    expect(res).toEqual({ status: 200, body: { toast: { type: 'error', content: '该卡片已过期，请重新发送指令。' } } });
    expect(seen).toEqual([undefined]);
    expect(lines.some((l) => l.msg.includes('out of bounds'))).toBe(true);
  });
});
