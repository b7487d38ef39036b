/**
 * `npm run bench:reminders`: what the reminders' reconciliation run reads, and what the publisher
 * run costs, against DynamoDB Local (its own in-memory engine, started here). It prints a table and,
 * last, one JSON line; it asserts nothing.
 *
 * 1. Reconciliation: the same 10 deadlines due today, with 1,000 and then 100,000 cases stored — each
 *    stored case with two deadline items as the sync job writes them: its 办案期限, met (off the
 *    due-date index), and its 起诉期限, open but due months ahead (in the index, outside the range the
 *    run reads). Items read = the Queries' ScannedCount + the items GetItem returned (the send-once
 *    claims), counted by a middleware on the real client. The ratio should be about 1: one Query
 *    of the index over the configured due range, never a Scan.
 * 2. Publisher: one run at 09:00 with 10 and then 1,000 decided, served cases due for publication
 *    (each filed through the case store, as a filing does): the Query of the publisher's index, the
 *    plan (redaction, pages, index, feed), the files written to a folder (the offline site; S3 in AWS),
 *    and one recorded step (entry + case fields, a transaction) per decision.
 *
 * Options: --big N (100000) --small N (1000) --decisions N (1000)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../functions/adapters/dynamodb/client.ts';
import { DynamoCaseStore } from '../functions/adapters/dynamodb/case-store.ts';
import { DynamoDeadlineStore } from '../functions/adapters/dynamodb/deadline-store.ts';
import { keys } from '../functions/adapters/dynamodb/keys.ts';
import { ensureTable } from '../functions/adapters/dynamodb/table.ts';
import { FolderPublicSite } from '../functions/adapters/site/local.ts';
import { reconcileReminders } from '../functions/app/deadlines/reminders.ts';
import { runPublisher } from '../functions/app/disclosure/publisher.ts';
import { silentLogger } from '../functions/config/logger.ts';
import type { CaseDecision } from '../functions/domain/case/types.ts';
import type { TrackedDeadline } from '../functions/domain/reminders/deadlines.ts';
import { disclosureSettings } from '../functions/handlers/disclosure.ts';
import { reminderSettings } from '../functions/handlers/reminders.ts';
import { localDynamoClient, startDynamoDbLocal } from '../local/engines.ts';
import { filingRequest } from '../test/helpers/factories.ts';

function numberOption(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} needs a positive integer`);
  return v;
}

const BIG = numberOption('big', 100_000);
const SMALL = numberOption('small', 1_000);
const DECISIONS = numberOption('decisions', 1_000);
/** Monday 1 June 2026, 09:30 in Shanghai: the 10 deadlines are due today (their "on the day" point). */
const RECONCILE_AT = new Date('2026-06-01T01:30:00.000Z');
const DUE = '2026-06-01';

const engine = await startDynamoDbLocal();
const client = localDynamoClient(engine.endpoint, { maxAttempts: 5 });
let reads = 0;
let requests = 0;
// Counts what every read returned, as DynamoDB bills it: the items a Query examined, the item a GetItem found.
client.middlewareStack.add(
  (next) => async (args) => {
    const out = await next(args);
    const o = (out.output ?? {}) as { ScannedCount?: number; Item?: unknown };
    if (typeof o.ScannedCount === 'number') reads += o.ScannedCount;
    else if ('Item' in o) reads += o.Item ? 1 : 0;
    requests += 1;
    return out;
  },
  { step: 'initialize', name: 'countReads' },
);
const db = documentClient(client);
const settings = reminderSettings();

function deadline(o: { id: string; caseId: string; kind: 'case_time_limit' | 'lawsuit'; due: string; met: boolean }): TrackedDeadline {
  return {
    id: o.id,
    kind: o.kind,
    ruleId: o.kind,
    ruleName: o.kind === 'lawsuit' ? '起诉期限' : '办案期限',
    what: '作出行政处罚决定',
    subject: { type: 'case', caseId: o.caseId, caseNumber: `甘经信立〔2026〕${o.caseId.slice(5)}号` },
    startDate: '2026-03-03',
    dueDate: o.due,
    weekday: '星期一',
    source: '《中华人民共和国行政处罚法》第六十条',
    obligor: o.kind === 'lawsuit' ? 'party' : 'bureau',
    status: o.met ? 'met' : 'open',
    statusText: o.met ? '已完成' : '未到期',
    provisional: false,
    explanation: [],
    people: ['ou_a', 'ou_b'],
    ...(o.met ? { metOn: '2026-03-20' } : {}),
  };
}

function item(table: string, d: TrackedDeadline, scope: `case:${string}`) {
  const open = d.status !== 'met';
  return {
    PutRequest: {
      Item: {
        ...keys.deadline(scope, d.id),
        type: 'deadline',
        scope,
        deadline: d,
        schedules: [],
        ended: false,
        ...(open ? { gsi1pk: keys.openDeadlines, gsi1sk: keys.openDeadlineOrder(d.dueDate, d.id) } : {}),
      },
    },
    table,
  };
}

async function batchWrite(table: string, items: ReturnType<typeof item>[]): Promise<void> {
  const chunks: ReturnType<typeof item>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let next = 0;
  const workers = Array.from({ length: 4 }, async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++] as ReturnType<typeof item>[];
      let pending: unknown[] = chunk.map((c) => ({ PutRequest: c.PutRequest }));
      while (pending.length > 0) {
        const res = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
        pending = (res.UnprocessedItems?.[table] as unknown[] | undefined) ?? [];
      }
    }
  });
  await Promise.all(workers);
}

/** A table with `cases` stored cases (two deadline items each) and the same 10 deadlines due today. */
async function reconciliationTable(cases: number): Promise<string> {
  const table = `bench-rem-${cases}`;
  await ensureTable(client, table);
  const items: ReturnType<typeof item>[] = [];
  for (let i = 1; i <= cases; i++) {
    const caseId = `2025-${String(i).padStart(6, '0')}`;
    const scope = `case:${caseId}` as const;
    items.push(item(table, deadline({ id: `case.${caseId}.case_time_limit`, caseId, kind: 'case_time_limit', due: '2026-05-01', met: true }), scope));
    // Six months after service, spread over the year after the window the run reads.
    const due = new Date(Date.UTC(2026, 8, 1) + (i % 300) * 86_400_000).toISOString().slice(0, 10);
    items.push(item(table, deadline({ id: `case.${caseId}.lawsuit.d1`, caseId, kind: 'lawsuit', due, met: false }), scope));
  }
  for (let i = 1; i <= 10; i++) {
    const caseId = `2026-${String(900_000 + i).padStart(6, '0')}`;
    items.push(item(table, deadline({ id: `case.${caseId}.case_time_limit`, caseId, kind: 'case_time_limit', due: DUE, met: false }), `case:${caseId}`));
  }
  await batchWrite(table, items);
  return table;
}

async function reconcile(table: string) {
  let handed = 0;
  const task = reconcileReminders({ deadlines: new DynamoDeadlineStore(db, table), settings, jobs: { submit: async () => void (handed += 1) }, log: silentLogger });
  reads = 0;
  requests = 0;
  const t0 = performance.now();
  const done = await task.run(RECONCILE_AT);
  const ms = performance.now() - t0;
  return { itemsRead: reads, requests, ms, handedOn: handed, lines: done.length };
}

/** `n` filed, decided (2026-03-10) and served (2026-03-11) penalty cases in the publisher's index. */
async function publisherTable(n: number): Promise<{ table: string; cases: DynamoCaseStore }> {
  const table = `bench-pub-${n}`;
  await ensureTable(client, table);
  const cases = new DynamoCaseStore(db, table);
  const d: CaseDecision = { date: '2026-03-10', decisionType: '罚款', amount: 5000, major: false, round: 1, approvedBy: { openId: 'ou_head', name: '钱局长' }, approvedAt: '2026-03-10T02:00:00.000Z' };
  for (let i = 0; i < n; i++) {
    const { case: c } = await cases.fileCase(filingRequest({ formId: `bench-${n}-${i}`, year: 2026, caseType: '行政处罚', partyName: `甘孜某某${i}号商贸有限公司` }));
    await db.send(new UpdateCommand({ TableName: table, Key: keys.case(c.caseId), UpdateExpression: 'SET #s = :d, decision = :dec', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':d': 'decided', ':dec': d } }));
    await cases.recordService(
      c.caseId,
      { servedOn: '2026-03-11', method: '直接送达', proofEvidenceIds: ['ev_x'], recordedBy: { openId: 'ou_a', name: '甲' }, recordedAt: '2026-03-11T02:00:00.000Z' },
      { at: '2026-03-11T02:00:00.000Z', actor: 'ou_a', action: 'decision.served', detail: { decision_id: '1', served_on: '2026-03-11', method: '直接送达', proof: ['ev_x'] } },
    );
    await cases.activateDisclosure(c.caseId);
  }
  return { table, cases };
}

async function publish(n: number) {
  const { cases } = await publisherTable(n);
  const dir = mkdtempSync(join(tmpdir(), `bench-site-${n}-`));
  try {
    const site = new FolderPublicSite(dir);
    const deps = { cases, site, settings, disclosure: disclosureSettings(), jobs: { submit: async () => {} }, log: silentLogger };
    const t0 = performance.now();
    const run = await runPublisher(deps, new Date('2026-03-12T01:00:00.000Z'));
    const ms = performance.now() - t0;
    return { decisions: n, published: run.published.length, filesWritten: run.wrote, ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  const setup0 = performance.now();
  const small = await reconciliationTable(SMALL);
  const big = await reconciliationTable(BIG);
  const setupMs = performance.now() - setup0;
  await reconcile(small); // warm the engine and the modules
  const r1 = await reconcile(small);
  const r2 = await reconcile(big);
  const p0 = await publish(10);
  const p1 = await publish(DECISIONS);

  const fmt = (x: number) => x.toFixed(1);
  console.log(`bench:reminders — ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; DynamoDB Local in memory; setup ${fmt(setupMs / 1000)} s`);
  console.log('');
  console.log('| reconciliation run (10 deadlines due) | items read | requests | handed on | time |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(`| ${SMALL.toLocaleString('en')} cases stored | ${r1.itemsRead} | ${r1.requests} | ${r1.handedOn} | ${fmt(r1.ms)} ms |`);
  console.log(`| ${BIG.toLocaleString('en')} cases stored | ${r2.itemsRead} | ${r2.requests} | ${r2.handedOn} | ${fmt(r2.ms)} ms |`);
  console.log(`| ratio | ${(r2.itemsRead / r1.itemsRead).toFixed(2)} | | | |`);
  console.log('');
  console.log('| publisher run | published | files written | time |');
  console.log('| --- | --- | --- | --- |');
  console.log(`| 10 due decisions | ${p0.published} | ${p0.filesWritten} | ${fmt(p0.ms)} ms |`);
  console.log(`| ${DECISIONS.toLocaleString('en')} due decisions | ${p1.published} | ${p1.filesWritten} | ${fmt(p1.ms)} ms |`);
  console.log(`| ratio | | | ${(p1.ms / p0.ms).toFixed(1)}× for ${(DECISIONS / 10).toFixed(0)}× the decisions |`);
  console.log(JSON.stringify({ reconciliation: { small: { cases: SMALL, ...r1 }, big: { cases: BIG, ...r2 } }, publisher: [p0, p1] }));
} finally {
  client.destroy();
  await engine.stop();
}
