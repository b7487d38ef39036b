/**
 * `npm run bench:stats-read`: reading a year's 统计 figures from the month buckets in DynamoDB Local,
 * for a bureau of 1,000 cases in the year against one of 100,000: items read (the store's BatchGetItem
 * answers) and time, as a ratio. The buckets are what the aggregator keeps: the synthetic bureau's
 * per-case contributions (test/helpers/statistics-bureau.ts, the same generator the tests use), summed;
 * 100,000 cases are 100 such bureaus of 1,000 with different seeds. The case items themselves are not
 * written: a keyed read of twelve buckets does not touch them. Asserts nothing; prints a table and a
 * JSON line. Options: --runs N (21 reads per size).
 */
import { performance } from 'node:perf_hooks';
import avData from '../data/av-duties.json' with { type: 'json' };
import { loadCalendar, loadRules } from '../functions/adapters/calendar/index.ts';
import { documentClient } from '../functions/adapters/dynamodb/client.ts';
import { DynamoStatisticsStore } from '../functions/adapters/dynamodb/statistics-store.ts';
import { ensureTable } from '../functions/adapters/dynamodb/table.ts';
import { buildAvDuties } from '../functions/domain/dossier/av-duties.ts';
import {
  type Contributions,
  addContributions,
  bucketsOf,
  caseContributions,
  drawContributions,
  figuresFromBuckets,
  periodMonths,
  readCaseLog,
  readDrawLog,
  yearPeriod,
} from '../functions/domain/statistics/index.ts';
import { localDynamoClient, startDynamoDbLocal } from '../local/engines.ts';
import { buildBureau } from '../test/helpers/statistics-bureau.ts';
import { loadAvg, r2 } from './stats.ts';

// As in bench/run.ts: the AWS SDK's Node 20 warning is noise in this output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const TODAY = '2026-12-31';
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 21;
const ctx = { today: TODAY, calendar: loadCalendar(), rules: loadRules(), avDuties: buildAvDuties(avData) };

/** The buckets of `bureaus` × 1,000 cases a year (2026), built as the aggregator sums them. */
function bucketsFor(bureaus: number): { buckets: ReturnType<typeof bucketsOf>; cases: number } {
  const total: Contributions = new Map();
  let cases = 0;
  for (let i = 0; i < bureaus; i++) {
    const b = buildBureau({ seed: 1000 + i, years: [2026], casesPerYear: 1000, today: TODAY, drawsPerYear: 4 });
    for (const c of b.cases) addContributions(total, caseContributions(readCaseLog(c).value, ctx));
    for (const d of b.draws) addContributions(total, drawContributions(readDrawLog(d).value));
    cases += b.cases.length;
  }
  return { buckets: bucketsOf(total), cases };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

async function main() {
  const engine = await startDynamoDbLocal({});
  try {
    const client = localDynamoClient(engine.endpoint);
    const rows: { cases: number; counters: number; itemsRead: number; bytesRead: number; medianMs: number; filed: number }[] = [];
    for (const bureaus of [1, 100]) {
      const { buckets, cases } = bucketsFor(bureaus);
      const table = `bench-stats-${bureaus}`;
      await ensureTable(client, table);
      const db = documentClient(client);
      let itemsRead = 0;
      let bytesRead = 0;
      db.middlewareStack.add(
        (next) => async (args) => {
          const out = await next(args);
          const body = (out.output as { Responses?: Record<string, unknown[]> } | undefined)?.Responses;
          for (const items of Object.values(body ?? {})) {
            itemsRead += items.length;
            bytesRead += Buffer.byteLength(JSON.stringify(items));
          }
          return out;
        },
        { step: 'initialize', name: `countItems${bureaus}` },
      );
      const store = new DynamoStatisticsStore(db, table);
      await store.replaceBuckets(buckets);
      const period = yearPeriod(2026, TODAY);
      const times: number[] = [];
      let filed = 0;
      for (let r = 0; r < RUNS; r++) {
        itemsRead = 0;
        bytesRead = 0;
        const t0 = performance.now();
        const f = figuresFromBuckets(await store.monthBuckets(periodMonths(period)), period, TODAY);
        times.push(performance.now() - t0);
        filed = f.cases.filed;
      }
      const counters = [...buckets.values()].reduce((n, b) => n + Object.keys(b).length, 0);
      rows.push({ cases, counters, itemsRead, bytesRead, medianMs: r2(median(times.slice(1))), filed });
    }
    const [small, large] = rows as [(typeof rows)[0], (typeof rows)[0]];
    console.log('统计 2026 from the month buckets in DynamoDB Local (median of', RUNS - 1, 'warm reads; load average', loadAvg().join(' '), ')');
    console.log('| cases in the year | counters stored | items read | bytes read | time | cases counted |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const r of rows) console.log(`| ${r.cases.toLocaleString('en-US')} | ${r.counters} | ${r.itemsRead} | ${r.bytesRead} | ${r.medianMs} ms | ${r.filed.toLocaleString('en-US')} |`);
    console.log(`ratio 100,000 / 1,000: items read ${r2(large.itemsRead / small.itemsRead)}×, time ${r2(large.medianMs / small.medianMs)}×`);
    console.log(JSON.stringify({ bench: 'stats-read', loadavg: loadAvg(), rows, itemsRatio: r2(large.itemsRead / small.itemsRead), timeRatio: r2(large.medianMs / small.medianMs) }));
  } finally {
    await engine.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
