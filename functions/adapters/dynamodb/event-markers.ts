import { randomUUID } from 'node:crypto';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EventClaim, EventMarkers } from '../../ports/index.ts';
import { isConditionalCheckFailed } from './client.ts';
import { keys } from './keys.ts';

/** Feishu retries for about 7.1 h; keep markers for two days so late re-deliveries are still caught. */
export const EVENT_MARKER_TTL_SECONDS = 48 * 60 * 60;

/**
 * How long a claim stays `pending` before a re-delivery may take it over. Longer than the webhook
 * function's timeout (10 s, infra/stack.ts), so a live holder is never overtaken; shorter than Feishu's
 * first re-delivery (15 s after a failed push), so that re-delivery runs if the holder died.
 */
export const EVENT_LEASE_MS = 12_000;

/**
 * `EVENT#<id>`: `status` is `pending` (with `leaseId`, `leaseUntilMs`) until the worker has the job, then
 * `done` (with `completedLease`). A marker without `status` (written before leases existed) counts as done.
 */
export class DynamoEventMarkers implements EventMarkers {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly leaseMs = EVENT_LEASE_MS,
  ) {}

  async claim(eventId: string, nowMs: number): Promise<EventClaim> {
    const now = Math.floor(nowMs / 1000);
    const lease = randomUUID();
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...keys.event(eventId),
            type: 'event',
            status: 'pending',
            leaseId: lease,
            leaseUntilMs: nowMs + this.leaseMs,
            receivedAt: now,
            expiresAt: now + EVENT_MARKER_TTL_SECONDS,
          },
          // TTL deletion lags by up to 48 h, so an expired marker counts as absent; so does a lease whose
          // holder never finished.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR (#status = :pending AND leaseUntilMs < :nowMs)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':now': now, ':nowMs': nowMs, ':pending': 'pending' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { state: 'claimed', lease };
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
      // The error carries the item as DynamoDB sent it (not unmarshalled by the document client).
      const status = (err as { Item?: { status?: { S?: string } } }).Item?.status?.S;
      return status === 'pending' ? { state: 'busy' } : { state: 'done' };
    }
  }

  async complete(eventId: string, lease: string, nowMs: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.event(eventId),
          UpdateExpression: 'SET #status = :done, completedAt = :now, completedLease = :lease REMOVE leaseId, leaseUntilMs',
          // Only the lease holder finishes its own claim; finishing it again (a retried job) is allowed.
          ConditionExpression: 'leaseId = :lease OR completedLease = :lease',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': 'done', ':now': Math.floor(nowMs / 1000), ':lease': lease },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async release(eventId: string, lease: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: keys.event(eventId),
          ConditionExpression: 'leaseId = :lease',
          ExpressionAttributeValues: { ':lease': lease },
        }),
      );
    } catch (err) {
      // Someone else's lease or a finished marker: not ours to drop.
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }
}
