/**
 * The deployable tick: bundled as the CDK stack bundles it, configured only by its environment, run
 * against DynamoDB Local and a stand-in Lambda Invoke endpoint. It finds the follow-ups a filing still
 * owes, and the work a list or a draw still owes, and hands them to the worker again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { DynamoDrawStore } from '../../functions/adapters/dynamodb/draw-store.ts';
import type { TickResult } from '../../functions/app/tick.ts';
import { bundleHandler } from '../../infra/bundle.ts';
import { freshTable } from '../helpers/db.ts';
import { filingRequest } from '../helpers/factories.ts';

type Handler = (event: unknown, context: unknown) => Promise<TickResult>;

let dir: string;
let handler: Handler;
let lambdaApi: Server;
let store: DynamoCaseStore;
let draws: DynamoDrawStore;
const invocations: { path: string; type: string | undefined; body: string }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enf-tick-'));
  bundleHandler('functions/handlers/tick.ts', dir, process.cwd());
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
  store = new DynamoCaseStore(t.db, t.tableName);
  draws = new DynamoDrawStore(t.db, t.tableName);
  Object.assign(process.env, {
    TABLE_NAME: t.tableName,
    WORKER_FUNCTION_NAME: 'worker-fn',
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

describe('Bundle: tick', () => {
  it('hands pending follow-ups and owed work past the grace period to the worker, and only those', async () => {
    const owed = await store.fileCase(filingRequest({ formId: 'tick-owed', year: 2026, filedAt: '2026-11-26T01:00:00.000Z' }));
    const done = await store.fileCase(filingRequest({ formId: 'tick-done', year: 2026, filedAt: '2026-11-26T01:00:00.000Z' }));
    await store.completeFollowUp({ caseId: done.case.caseId, recordSeq: 1 });
    const fresh = await store.fileCase(filingRequest({ formId: 'tick-fresh', year: 2026, filedAt: '2026-11-26T01:09:30.000Z' }));
    // A draw started (its job owed with it) whose hand-off was lost.
    const meta = {
      drawId: 'D20261126-tick',
      planId: '计划',
      listItemName: '检查',
      drawDate: '2026-11-26',
      status: 'pending' as const,
      operator: { openId: 'ou_a', name: '吴科长' },
      request: { planId: '计划', listItem: { name: '检查', kind: '重点' as const, listVersion: 1 }, drawDate: '2026-11-26', sampleSize: { count: 1 }, inspectorsPerTarget: 2 },
      deadline: '2026-12-31',
      requestedAt: '2026-11-26T01:00:00.000Z',
      rev: 1,
      posted: [],
    };
    expect(await draws.start(meta, 0)).toBe(true);

    const result = await handler({ time: '2026-11-26T01:10:00Z' }, {});
    expect(result.failed).toEqual([]);
    // 09:10 on a working day: the reminders' reconciliation and the publisher run too (nothing is due); the daily refresh waits for 08:00.
    expect(result.ran).toEqual([
      { task: 'follow-ups', done: [`case.filed ${owed.case.caseId}`] },
      { task: 'owed-work', done: [`draw:${meta.drawId}`] },
      { task: 'annual-statistics', done: [] },
      { task: 'deadline-refresh', done: [] },
      { task: 'reminders', done: [] },
      { task: 'publisher', done: [] },
    ]);
    expect(invocations.map((i) => [i.path, i.type, JSON.parse(i.body)])).toEqual([
      ['/2015-03-31/functions/worker-fn/invocations', 'Event', { kind: 'case.filed', caseId: owed.case.caseId }],
      ['/2015-03-31/functions/worker-fn/invocations', 'Event', { kind: 'draw.run', drawId: meta.drawId }],
    ]);
    expect(fresh.created).toBe(true);
  });

  it('takes a fired reminder schedule’s event: a malformed one is refused, one whose deadline is gone hands nothing on', async () => {
    const before = invocations.length;
    const refused = (await handler({ source: 'reminder-schedule', schedule: 'x', reminder: { v: 2 } }, {})) as TickResult & { fired?: unknown };
    expect(refused.failed).toEqual([{ task: 'reminder', error: 'refused' }]);
    const gone = (await handler(
      {
        source: 'reminder-schedule',
        schedule: 'case.2026-000099.case_time_limit.d0-0123456789ab',
        scheduledTime: '2026-06-01T01:00:00Z',
        reminder: { v: 1, deadlineId: 'case.2026-000099.case_time_limit', pointId: 'd0', dueDate: '2026-06-01', sendKey: 'case.2026-000099.case_time_limit#d0#2026-06-01' },
      },
      {},
    )) as TickResult & { fired?: unknown };
    expect(gone.fired).toMatchObject({ result: 'gone' });
    expect(invocations.length).toBe(before);
  });
});
