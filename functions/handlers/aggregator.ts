/**
 * Lambda: the statistics aggregator, fed by the table's stream (record entries only: the event
 * source mapping filters on `LOG#` inserts under `CASE#` and `DRAW#`). Keeps the month buckets, the
 * snapshots and the figure listings in step with the record logs, off the acknowledgement path.
 * Partial batch responses: a failed subject is retried from its first record, then the batch goes to
 * the failure destination after the mapping's retries.
 */
import middy from '@middy/core';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoCaseStore } from '../adapters/dynamodb/case-store.ts';
import { DynamoDrawStore } from '../adapters/dynamodb/draw-store.ts';
import { DynamoStatisticsStore } from '../adapters/dynamodb/statistics-store.ts';
import type { AggregatorDeps } from '../app/statistics/aggregate.ts';
import { aggregateStreamBatch, type StreamRecordKeys } from '../app/statistics/stream.ts';
import { readConfig } from '../config/index.ts';
import { createLogger, type Logger } from '../config/logger.ts';
import { shanghaiDate } from '../domain/deadlines/local-date.ts';
import { statisticsContext } from './deadlines.ts';

export function createAggregatorHandler(getDeps: () => AggregatorDeps, log: () => Logger) {
  return middy<{ Records?: StreamRecordKeys[] }, { batchItemFailures: { itemIdentifier: string }[] }>().handler(async (event) => {
    const result = await aggregateStreamBatch(event?.Records ?? [], getDeps(), log());
    return { batchItemFailures: result.batchItemFailures };
  });
}

/** The aggregator's stores over one table. */
export function aggregatorDeps(db: ReturnType<typeof createDocumentClient>, tableName: string, now: () => Date = () => new Date()): AggregatorDeps {
  return {
    cases: new DynamoCaseStore(db, tableName),
    draws: new DynamoDrawStore(db, tableName),
    statistics: new DynamoStatisticsStore(db, tableName),
    statisticsContext,
    today: () => shanghaiDate(now()),
  };
}

let deps: AggregatorDeps | undefined;
let logger: Logger | undefined;

export const handler = createAggregatorHandler(
  () => (deps ??= aggregatorDeps(createDocumentClient(), readConfig().tableName)),
  () => (logger ??= createLogger('aggregator', readConfig().logLevel)),
);
