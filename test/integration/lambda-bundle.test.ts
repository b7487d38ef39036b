/**
 * The deployable artifact itself: the webhook bundled exactly as the CDK stack bundles it (ESM, code
 * split), loaded with import() and driven as Lambda would, against DynamoDB Local and a stand-in
 * Lambda endpoint. Proves the lazily loaded chunks (card callbacks, the Lambda client) load and work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { DynamoRosterStore } from '../../functions/adapters/dynamodb/roster-store.ts';
import { bundleHandler } from '../../infra/bundle.ts';
import {
  assertValidCallbackAnswer,
  cardAction,
  ENCRYPT_KEY,
  feishuRequest,
  USERS,
  validFilingForm,
  VERIFICATION_TOKEN,
} from '../helpers/feishu.ts';
import { fixture } from '../helpers/fixtures.ts';
import { freshTable } from '../helpers/db.ts';
import { buildPerson } from '../helpers/factories.ts';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;

let dir: string;
let handler: Handler;
let lambdaApi: Server;
const invocations: { path: string; type: string | undefined; body: string }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enf-bundle-'));
  bundleHandler('functions/handlers/webhook.ts', dir, process.cwd());
  // A stand-in for the Lambda Invoke API: records what the webhook hands to the worker.
  lambdaApi = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      invocations.push({ path: req.url ?? '', type: req.headers['x-amz-invocation-type'] as string | undefined, body });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => lambdaApi.listen(0, '127.0.0.1', r));
  const t = await freshTable();
  await new DynamoRosterStore(t.db, t.tableName).replaceAll(
    [buildPerson({ openId: USERS.zhang, name: '张三' }), buildPerson({ openId: USERS.li, name: '李四' })],
    new Date().toISOString(),
  );
  Object.assign(process.env, {
    TABLE_NAME: t.tableName,
    WORKER_FUNCTION_NAME: 'worker-fn',
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${(lambdaApi.address() as { port: number }).port}`,
    LOG_LEVEL: 'error',
  });
  ({ handler } = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as { handler: Handler });
});

afterAll(async () => {
  await new Promise((r) => lambdaApi?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const httpEvent = (body: string, headers: Record<string, string> = {}) => ({
  version: '2.0',
  rawPath: '/feishu/events',
  headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
  body: Buffer.from(body).toString('base64'),
  isBase64Encoded: true,
});

describe('Bundle: webhook', () => {
  // The artifact answers by its 2.5 s deadline and cuts DynamoDB calls at 500 ms (both tested in
  // test/unit/app/webhook.test.ts and test/integration/ack-timeouts.test.ts). Here the clock is held,
  // so whether the chunks load and work does not depend on how fast DynamoDB Local is on this machine.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers the encrypted url_verification', async () => {
    const res = await handler(httpEvent(JSON.stringify(fixture('url_verification_encrypted'))), {});
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'INVENTED-challenge-encrypted-0001' });
  });

  it('files a case through the lazily loaded card path and hands the job to the worker asynchronously', async () => {
    const { body, headers } = feishuRequest(
      cardAction({ openId: USERS.zhang, value: { action: 'file_case', form_id: 'Fbundle' }, formValue: validFilingForm() }),
    );
    const res = await handler(httpEvent(body, headers), {});
    expect(res.statusCode).toBe(200);
    const out = JSON.parse(res.body);
    assertValidCallbackAnswer(out);
    expect(out.toast).toMatchObject({ type: 'success' });
    expect(out.toast.content).toMatch(/甘经信立〔\d{4}〕1号/);
    expect(JSON.stringify(out.card.data)).toContain('办案期限');
    expect(invocations).toHaveLength(1);
    expect(invocations[0]?.path).toBe('/2015-03-31/functions/worker-fn/invocations');
    expect(invocations[0]?.type).toBe('Event');
    expect(JSON.parse(invocations[0]!.body)).toMatchObject({ kind: 'case.filed' });
  });
});
