/**
 * The event marker's lease against DynamoDB Local: a claim is `pending` until the hand-off succeeded,
 * so a delivery that died in between does not turn every re-delivery into a "duplicate".
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoEventMarkers, EVENT_LEASE_MS } from '../../functions/adapters/dynamodb/event-markers.ts';
import { feishuInbound } from '../../functions/adapters/feishu/inbound.ts';
import { handleFeishuPush, type WebhookDeps } from '../../functions/app/webhook.ts';
import { silentLogger } from '../../functions/config/logger.ts';
import type { Job } from '../../functions/app/jobs.ts';
import { freshTable } from '../helpers/db.ts';
import { ENCRYPT_KEY, feishuRequest, messageEvent, USERS, VERIFICATION_TOKEN } from '../helpers/feishu.ts';

let t: Awaited<ReturnType<typeof freshTable>>;
let markers: DynamoEventMarkers;
beforeAll(async () => {
  t = await freshTable();
  markers = new DynamoEventMarkers(t.db, t.tableName);
});
const T0 = Date.parse('2026-11-26T01:00:00Z');
const item = async (id: string) => (await t.db.send(new GetCommand({ TableName: t.tableName, Key: { pk: `EVENT#${id}`, sk: 'EVENT' } }))).Item;
const lease = (c: Awaited<ReturnType<DynamoEventMarkers['claim']>>) => {
  if (c.state !== 'claimed') throw new Error(`expected a claim, got ${c.state}`);
  return c.lease;
};

describe('DynamoEventMarkers', () => {
  it('a live lease is busy, a finished one is done', async () => {
    const l = lease(await markers.claim('ev-a', T0));
    expect(await item('ev-a')).toMatchObject({ status: 'pending', leaseId: l, leaseUntilMs: T0 + EVENT_LEASE_MS });
    expect(await markers.claim('ev-a', T0 + 1000)).toEqual({ state: 'busy' });
    await markers.complete('ev-a', l, T0 + 1000);
    expect(await item('ev-a')).toMatchObject({ status: 'done' });
    expect(await item('ev-a')).not.toHaveProperty('leaseId');
    // Done stays done for the marker's 48 hours, long after any lease would have expired.
    expect(await markers.claim('ev-a', T0 + 7 * 3600_000)).toEqual({ state: 'done' });
  });

  it('a lease whose holder never finished (it crashed) is taken over once it expires', async () => {
    const dead = lease(await markers.claim('ev-b', T0));
    const next = lease(await markers.claim('ev-b', T0 + EVENT_LEASE_MS + 1));
    expect(next).not.toBe(dead);
    // The dead holder (should it wake up) can neither finish nor drop the new holder's lease.
    expect(await markers.complete('ev-b', dead, T0 + EVENT_LEASE_MS + 2)).toBe(false);
    await markers.release('ev-b', dead);
    expect(await item('ev-b')).toMatchObject({ status: 'pending', leaseId: next });
    expect(await markers.complete('ev-b', next, T0 + EVENT_LEASE_MS + 3)).toBe(true);
    expect(await markers.claim('ev-b', T0 + EVENT_LEASE_MS + 4)).toEqual({ state: 'done' });
    // Lambda's retry of the same job completes it again (and runs); the dead holder's job still may not.
    expect(await markers.complete('ev-b', next, T0 + EVENT_LEASE_MS + 5)).toBe(true);
    expect(await markers.complete('ev-b', dead, T0 + EVENT_LEASE_MS + 6)).toBe(false);
  });

  it('a released lease can be claimed again at once; releasing a finished marker keeps it', async () => {
    const l = lease(await markers.claim('ev-c', T0));
    await markers.release('ev-c', l);
    expect(await item('ev-c')).toBeUndefined();
    const again = lease(await markers.claim('ev-c', T0 + 1));
    await markers.complete('ev-c', again, T0 + 2);
    await markers.release('ev-c', again);
    expect(await item('ev-c')).toMatchObject({ status: 'done' });
  });

  it('a marker written before leases existed (no status) counts as done; an expired one as absent', async () => {
    const now = Math.floor(T0 / 1000);
    await t.db.send(new PutCommand({ TableName: t.tableName, Item: { pk: 'EVENT#ev-old', sk: 'EVENT', type: 'event', receivedAt: now, expiresAt: now + 3600 } }));
    expect(await markers.claim('ev-old', T0 + EVENT_LEASE_MS * 10)).toEqual({ state: 'done' });
    expect((await markers.claim('ev-old', T0 + 3601_000)).state).toBe('claimed');
  });
});

describe('handleFeishuPush: a delivery that dies between the claim and the hand-off', () => {
  const submitted: Job[] = [];
  const deps = (over: Partial<WebhookDeps>): WebhookDeps => ({
    inbound: feishuInbound(async () => ({ encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN })),
    markers,
    jobs: { submit: async (job) => void submitted.push(job) },
    onCardAction: async () => ({}),
    now: () => Date.now(),
    log: silentLogger,
    ...over,
  });
  const push = (eventId: string, d: WebhookDeps) => {
    const { body, headers } = feishuRequest(messageEvent({ openId: USERS.zhang, text: '帮助', eventId }));
    return handleFeishuPush({ headers, body: Buffer.from(body) }, d);
  };

  it('leaves a lease that blocks only until it expires; the re-delivery after that runs the job once', async () => {
    const start = Date.now();
    // The first delivery "dies": the hand-off throws and the lease cannot even be released.
    const dying = deps({
      jobs: { submit: async () => Promise.reject(new Error('function timed out')) },
      markers: { claim: (id, now) => markers.claim(id, now), complete: () => Promise.reject(new Error('unreachable')), release: () => Promise.reject(new Error('gone')) },
    });
    expect((await push('ev-crash', dying)).status).toBe(500);
    expect(await item('ev-crash')).toMatchObject({ status: 'pending' });
    // Feishu's first retry comes while the lease is live (its clock says so): not lost, not run.
    expect((await push('ev-crash', deps({ now: () => start + 1000 }))).status).toBe(500);
    expect(submitted).toHaveLength(0);
    // The next retry finds the lease expired and runs.
    expect((await push('ev-crash', deps({ now: () => start + EVENT_LEASE_MS + 1000 }))).status).toBe(200);
    expect(submitted.map((j) => j.kind === 'message' && j.eventId)).toEqual(['ev-crash']);
    // Still pending until the worker takes the job and completes the claim.
    expect(await item('ev-crash')).toMatchObject({ status: 'pending' });
    const job = submitted[0];
    expect(job?.kind === 'message' && (await markers.complete('ev-crash', job.lease as string, start + EVENT_LEASE_MS + 1500))).toBe(true);
    expect(await item('ev-crash')).toMatchObject({ status: 'done' });
    // And from then on it is a duplicate.
    expect((await push('ev-crash', deps({ now: () => start + 2 * EVENT_LEASE_MS }))).status).toBe(200);
    expect(submitted).toHaveLength(1);
  });
});
