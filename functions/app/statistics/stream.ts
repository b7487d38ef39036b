/**
 * The table's stream into the aggregator: every inserted record entry (`LOG#` under `CASE#` or
 * `DRAW#`) brings its case's or draw's statistics up to date. A batch names a subject many times
 * (one per entry); each is aggregated once, in the order first seen. A failure reports the first
 * record of the subject that failed, so the batch is retried from there (every run is idempotent).
 */
import type { Logger } from '../../config/logger.ts';
import type { StatsSubject } from '../../ports/statistics.ts';
import { type AggregatorDeps, aggregate, subjectOfLogKey } from './aggregate.ts';

/** What the aggregator needs of a stream record (DynamoDB's shape, keys only). */
export interface StreamRecordKeys {
  eventName?: string;
  dynamodb?: { Keys?: Record<string, { S?: string }>; SequenceNumber?: string };
}

export interface BatchResult {
  batchItemFailures: { itemIdentifier: string }[];
  subjects: number;
}

export async function aggregateStreamBatch(records: readonly StreamRecordKeys[], d: AggregatorDeps, log: Logger): Promise<BatchResult> {
  const subjects = new Map<string, { subject: StatsSubject; firstSeq: string }>();
  for (const r of records) {
    if (r.eventName !== 'INSERT') continue;
    const pk = r.dynamodb?.Keys?.pk?.S;
    const sk = r.dynamodb?.Keys?.sk?.S;
    const subject = pk !== undefined && sk !== undefined ? subjectOfLogKey(pk, sk) : null;
    if (!subject) continue;
    const key = `${subject.kind}:${subject.id}`;
    if (!subjects.has(key)) subjects.set(key, { subject, firstSeq: r.dynamodb?.SequenceNumber ?? '' });
  }
  for (const { subject, firstSeq } of subjects.values()) {
    try {
      await aggregate(subject, d);
    } catch (err) {
      log.error('statistics not updated; the batch is retried from this record', { subject, err });
      return { batchItemFailures: [{ itemIdentifier: firstSeq }], subjects: subjects.size };
    }
  }
  return { batchItemFailures: [], subjects: subjects.size };
}
