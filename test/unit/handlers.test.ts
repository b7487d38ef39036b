/** The thin Lambda handlers: their boundaries (zod) and what they hand to the use cases. */
import { describe, expect, it, vi } from 'vitest';
import { runDueWork } from '../../functions/app/tick.ts';
import { silentLogger } from '../../functions/config/logger.ts';
import { createTickHandler } from '../../functions/handlers/tick.ts';
import { createWebhookHandler } from '../../functions/handlers/webhook.ts';
import { createWorkerHandler } from '../../functions/handlers/worker.ts';
import type { WorkerServices } from '../../functions/app/services.ts';
import { feishuInbound } from '../../functions/adapters/feishu/inbound.ts';
import { fixture, FIXTURE_SECRETS } from '../helpers/fixtures.ts';

const ctx = {} as never;

describe('Function: runDueWork', () => {
  it('runs every task at the given instant and keeps going when one fails', async () => {
    const seen: string[] = [];
    const result = await runDueWork(
      new Date('2026-11-26T01:00:00Z'),
      [
        { name: 'a', run: async (now) => (seen.push(now.toISOString()), ['did a']) },
        { name: 'b', run: async () => Promise.reject(new Error('boom')) },
        { name: 'c', run: async () => ['did c'] },
      ],
      silentLogger,
    );
    expect(seen).toEqual(['2026-11-26T01:00:00.000Z']);
    expect(result.ran).toEqual([{ task: 'a', done: ['did a'] }, { task: 'c', done: ['did c'] }]);
    expect(result.failed).toEqual([{ task: 'b', error: 'failed' }]);
  });
});

describe('Handler: tick', () => {
  const tasks = [{ name: 'echo', run: async (now: Date) => [now.toISOString()] }];
  it('uses `now`, then the schedule’s `time`, then the clock', async () => {
    const h = createTickHandler(() => tasks, () => silentLogger, () => new Date('2030-01-01T00:00:00Z'));
    expect((await h({ now: '2026-11-26T09:00:00+08:00' }, ctx)).ran[0]?.done).toEqual(['2026-11-26T01:00:00.000Z']);
    expect((await h({ time: '2026-11-26T02:00:00Z' }, ctx)).ran[0]?.done).toEqual(['2026-11-26T02:00:00.000Z']);
    expect((await h({}, ctx)).ran[0]?.done).toEqual(['2030-01-01T00:00:00.000Z']);
  });
});

describe('Handler: worker', () => {
  it('drops a malformed job without retrying it, and runs a valid one', async () => {
    const get = vi.fn(async () => ({ cases: { get: async () => null }, log: silentLogger }) as unknown as WorkerServices);
    const h = createWorkerHandler(get, () => silentLogger);
    await expect(h({ kind: 'nonsense' }, ctx)).resolves.toBeUndefined();
    expect(get).not.toHaveBeenCalled();
    await h({ kind: 'case.filed', caseId: '2026-000001' }, ctx);
    expect(get).toHaveBeenCalledOnce();
  });
});

describe('Handler: webhook', () => {
  const deps = async () => ({
    inbound: feishuInbound(async () => FIXTURE_SECRETS),
    markers: { claim: async () => ({ state: 'claimed' as const, lease: 'l' }), complete: async () => true, release: async () => {} },
    jobs: { submit: async () => {} },
    onCardAction: async () => ({}),
    now: () => Date.now(),
    log: silentLogger,
  });
  const h = createWebhookHandler(deps, () => silentLogger);
  const body = JSON.stringify(fixture('url_verification_encrypted'));

  it('reads API Gateway bodies whether base64-encoded or not', async () => {
    for (const event of [
      { headers: {}, body, isBase64Encoded: false },
      { headers: {}, body: Buffer.from(body).toString('base64'), isBase64Encoded: true },
    ]) {
      const res = (await h(event, ctx)) as { statusCode: number; body: string };
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ challenge: 'INVENTED-challenge-encrypted-0001' });
    }
  });
  it('answers 400 to something that is not an HTTP API event', async () => {
    expect(((await h('nope', ctx)) as { statusCode: number }).statusCode).toBe(400);
  });
  it('answers 500 without details when something unexpected breaks', async () => {
    const broken = createWebhookHandler(async () => Promise.reject(new Error('secret store down: arn:…')), () => silentLogger);
    const res = (await broken({ headers: {}, body }, ctx)) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret');
  });
});
