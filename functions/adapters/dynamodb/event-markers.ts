import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EventMarkers } from '../../ports/index.ts';
import { isConditionalCheckFailed } from './client.ts';
import { keys } from './keys.ts';

/** Feishu retries for about 7.1 h; keep markers for two days so late re-deliveries are still caught. */
export const EVENT_MARKER_TTL_SECONDS = 48 * 60 * 60;

export class DynamoEventMarkers implements EventMarkers {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(eventId: string, nowMs: number): Promise<boolean> {
    const now = Math.floor(nowMs / 1000);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.event(eventId), type: 'event', receivedAt: now, expiresAt: now + EVENT_MARKER_TTL_SECONDS },
          // TTL deletion lags by up to 48 h, so an expired marker counts as absent.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async release(eventId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: keys.event(eventId) }));
  }
}
