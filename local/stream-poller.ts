/**
 * Offline stand-in for the Lambda event source mapping on the table's stream: polls DynamoDB Local's
 * stream (the DynamoDB Streams API, which the AWS SDK client in this project does not include, spoken
 * over HTTP as the SDK would) and hands each batch of records to the aggregator. `drain()` returns once
 * everything written so far has been handed on and handled (the stack's `idle()` waits for it).
 */
import type { Logger } from '../functions/config/logger.ts';
import type { StreamRecordKeys } from '../functions/app/statistics/stream.ts';

export interface StreamPoller {
  /** Polls until a round finds nothing new; resolves when every record seen has been handled. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

interface Shard {
  id: string;
  iterator: string | null;
}

export function startStreamPoller(o: {
  endpoint: string;
  streamArn: string;
  handle: (records: StreamRecordKeys[]) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  log: Logger;
  intervalMs?: number;
}): StreamPoller {
  const shards = new Map<string, Shard>();
  let stopped = false;
  let running: Promise<number> = Promise.resolve(0);
  let timer: NodeJS.Timeout | undefined;

  async function call<T>(target: string, body: unknown): Promise<T> {
    const res = await fetch(o.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDBStreams_20120810.${target}`,
        // DynamoDB Local reads the credential scope; it checks no signature.
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${target}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  /** One round over every shard; returns how many records it handed on. */
  let rounds = 0;
  async function round(describe: boolean): Promise<number> {
    // New shards appear rarely (DynamoDB Local rolls them over after hours): look every few rounds.
    const shardList = describe || shards.size === 0 || rounds++ % 20 === 0
      ? (await call<{ StreamDescription: { Shards: { ShardId: string }[] } }>('DescribeStream', { StreamArn: o.streamArn })).StreamDescription.Shards
      : [];
    for (const s of shardList) {
      if (shards.has(s.ShardId)) continue;
      const it = await call<{ ShardIterator: string }>('GetShardIterator', { StreamArn: o.streamArn, ShardId: s.ShardId, ShardIteratorType: 'TRIM_HORIZON' });
      shards.set(s.ShardId, { id: s.ShardId, iterator: it.ShardIterator });
    }
    let handed = 0;
    for (const shard of shards.values()) {
      while (shard.iterator) {
        const res = await call<{ Records: (StreamRecordKeys & { dynamodb: { SequenceNumber: string } })[]; NextShardIterator?: string }>('GetRecords', {
          ShardIterator: shard.iterator,
          Limit: 100,
        });
        if (res.Records.length === 0) {
          shard.iterator = res.NextShardIterator ?? null;
          break;
        }
        const result = await o.handle(res.Records);
        if (result.batchItemFailures.length > 0) {
          // As Lambda does: retry from the failed record (a fresh iterator at it) on the next round.
          const from = result.batchItemFailures[0]?.itemIdentifier as string;
          const it = await call<{ ShardIterator: string }>('GetShardIterator', {
            StreamArn: o.streamArn,
            ShardId: shard.id,
            ShardIteratorType: 'AT_SEQUENCE_NUMBER',
            SequenceNumber: from,
          });
          shard.iterator = it.ShardIterator;
          throw new Error('statistics batch failed; retried on the next round');
        }
        handed += res.Records.length;
        shard.iterator = res.NextShardIterator ?? null;
      }
    }
    return handed;
  }

  let lastError: unknown;
  function next(describe = false): Promise<number> {
    running = running.then(() => round(describe)).catch((err) => {
      lastError = err;
      o.log.error('stream poll failed', { err });
      // An iterator DynamoDB Local no longer knows: start the shard again (every run is idempotent).
      if (/ExpiredIterator|TrimmedDataAccess/.test(String((err as Error)?.message))) shards.clear();
      return -1;
    });
    return running;
  }

  const tick = () => {
    if (stopped) return;
    void next().finally(() => {
      if (!stopped) timer = setTimeout(tick, o.intervalMs ?? 250);
    });
  };
  tick();

  return {
    async drain() {
      // Until a whole round finds nothing new (and did not fail).
      let failures = 0;
      for (let i = 0; i < 1000; i++) {
        const n = await next(true);
        if (n === 0) return;
        if (n < 0) {
          // A loaded machine's DynamoDB Local refuses or times out now and then: back off, then give up.
          if (++failures >= 20) throw new Error(`the statistics stream keeps failing: ${String((lastError as Error)?.message ?? lastError)}`);
          await new Promise((r) => setTimeout(r, 100 * Math.min(failures, 10)));
        }
      }
      throw new Error('the stream did not drain');
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}
