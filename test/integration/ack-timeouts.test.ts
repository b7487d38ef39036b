/**
 * The acknowledgement path's clients against an endpoint that accepts connections and never answers
 * (a hung DynamoDB or Lambda front end). Each call must fail with a timeout, not wait: Feishu gives the
 * whole answer 3 s. Elapsed times are printed for the report, never asserted.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LambdaJobQueue, sdkInvoker } from '../../functions/adapters/async/lambda-queue.ts';
import { ACK_PATH_CLIENT_CONFIG, documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoEventMarkers } from '../../functions/adapters/dynamodb/event-markers.ts';
import { feishuInbound } from '../../functions/adapters/feishu/inbound.ts';
import { BUSY_TOAST, handleFeishuPush, type WebhookDeps } from '../../functions/app/webhook.ts';
import { createLogger } from '../../functions/config/logger.ts';
import { webhookDeps } from '../../functions/handlers/webhook.ts';
import type { Job } from '../../functions/app/jobs.ts';
import { localDynamoClient } from '../../local/engines.ts';
import { freshTable } from '../helpers/db.ts';
import { cardAction, ENCRYPT_KEY, feishuRequest, messageEvent, USERS, VERIFICATION_TOKEN } from '../helpers/feishu.ts';

let hung: Server;
let hungUrl: string;
const sockets = new Set<Socket>();
let accepted = 0;
beforeAll(async () => {
  hung = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.resume(); // read the request, never write a byte
  });
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  hungUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => hung.close(() => resolve()));
});

const secrets = async () => ({ encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN });
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const hungDb = () => documentClient(localDynamoClient(hungUrl, ACK_PATH_CLIENT_CONFIG));
const hungLambda = () => new LambdaJobQueue('worker-fn', sdkInvoker({ endpoint: hungUrl, region: 'local', credentials }));

function capture() {
  const lines: Record<string, any>[] = [];
  return { lines, log: createLogger('test', 'debug', (l) => lines.push(JSON.parse(l))) };
}

async function timed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    console.log(`[ack-timeouts] ${what}: ${Math.round(performance.now() - t0)} ms`);
  }
}

const push = (payload: unknown, deps: WebhookDeps) => {
  const { body, headers } = feishuRequest(payload);
  return handleFeishuPush({ headers, body: Buffer.from(body) }, deps);
};

describe('against an endpoint that accepts and never answers', () => {
  it('the DynamoDB client (event marker claim) fails with a timeout after its two attempts', async () => {
    const before = accepted;
    const err = await timed('DynamoDB claim, 2 attempts', () => new DynamoEventMarkers(hungDb(), 'tbl').claim('ev-hung', Date.now()).catch((e: unknown) => e));
    expect(err).toMatchObject({ name: 'TimeoutError' });
    expect((err as { $metadata?: { attempts?: number } }).$metadata?.attempts).toBe(ACK_PATH_CLIENT_CONFIG.maxAttempts);
    expect(accepted - before).toBeGreaterThanOrEqual(1);
  });

  it('the Lambda client (async Invoke of the worker) fails with a timeout after its two attempts', async () => {
    const job: Job = { kind: 'case.filed', caseId: '2026-000001' };
    const err = await timed('Lambda Invoke, 2 attempts', () => hungLambda().submit(job).catch((e: unknown) => e));
    expect(err).toMatchObject({ name: 'TimeoutError' });
    expect((err as { $metadata?: { attempts?: number } }).$metadata?.attempts).toBe(2);
  });

  it('a message event over a hung DynamoDB is answered 500 (Feishu re-delivers) by the client timeout, not a hang', async () => {
    const { lines, log } = capture();
    const deps: WebhookDeps = {
      inbound: feishuInbound(secrets),
      markers: new DynamoEventMarkers(hungDb(), 'tbl'),
      jobs: { submit: async () => {} },
      onCardAction: async () => ({}),
      now: () => Date.now(),
      log,
      deadlineMs: 60_000, // the clients' own timeouts answer here, not the deadline
    };
    const res = await timed('webhook, message, hung DynamoDB', () => push(messageEvent({ openId: USERS.zhang, text: '帮助', eventId: 'ev-hung-db' }), deps));
    expect(res.status).toBe(500);
    expect(lines.find((l) => l.msg === 'event claim failed')?.err).toMatchObject({ name: 'TimeoutError' });
  });

  it('a message event over a hung Lambda is answered 500, its lease dropped, and the re-delivery runs', async () => {
    const t = await freshTable();
    const markers = new DynamoEventMarkers(t.db, t.tableName);
    const { lines, log } = capture();
    const base = { inbound: feishuInbound(secrets), markers, onCardAction: async () => ({}), now: () => Date.now(), log, deadlineMs: 60_000 };
    const ev = messageEvent({ openId: USERS.zhang, text: '帮助', eventId: 'ev-hung-lambda' });
    const res = await timed('webhook, message, hung Lambda', () => push(ev, { ...base, jobs: hungLambda() }));
    expect(res.status).toBe(500);
    expect(lines.find((l) => l.msg === 'job submit failed')?.err).toMatchObject({ name: 'TimeoutError' });
    const submitted: Job[] = [];
    expect((await push(ev, { ...base, jobs: { submit: async (j) => void submitted.push(j) } })).status).toBe(200);
    expect(submitted).toHaveLength(1);
  });

  it('a card tap over a hung DynamoDB gets the busy toast from the client timeout', async () => {
    const { lines, log } = capture();
    const deps = webhookDeps(
      { db: hungDb(), tableName: 'tbl', jobs: { submit: async () => {} }, caseNumberFormat: '甘经信立〔{year}〕{seq}号', now: () => new Date(), log },
      secrets,
      { deadlineMs: 60_000 },
    );
    const res = await timed('webhook, card tap, hung DynamoDB', () =>
      push(cardAction({ openId: USERS.zhang, value: { action: 'show_case', case_id: '2026-000001' } }), deps),
    );
    expect(res).toEqual({ status: 200, body: { toast: { type: 'error', content: BUSY_TOAST } } });
    expect(lines.find((l) => l.msg === 'card action failed')?.err).toMatchObject({ name: 'TimeoutError' });
  });
});
