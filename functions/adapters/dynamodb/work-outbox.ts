/**
 * Owed work (ports/outbox.ts) in the table: one item per subject, listed in the sparse OWED#PENDING
 * partition while pending. Stores write `owedPut(...)` inside their own transactions.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OwedJob, OwedWork, WorkOutbox } from '../../ports/outbox.ts';
import { isConditionalCheckFailed } from './client.ts';
import { GSI1, keys } from './keys.ts';
import { queryUpTo } from './query.ts';

/** The Put that makes `subject`'s work owed at `rev` (a transaction item; replaces an older revision). */
export function owedPut(table: string, subject: string, job: OwedJob, rev: number, since: string) {
  return {
    Put: {
      TableName: table,
      Item: {
        ...keys.owed(subject),
        type: 'owed',
        subject,
        job,
        rev,
        since,
        status: 'pending',
        gsi1pk: keys.owedPending,
        gsi1sk: keys.owedOrder(since, subject),
      },
    },
  };
}

const toOwed = (i: Record<string, unknown>): OwedWork => ({
  subject: i.subject as string,
  job: i.job as OwedJob,
  rev: i.rev as number,
  since: i.since as string,
});

export class DynamoWorkOutbox implements WorkOutbox {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(subject: string): Promise<OwedWork | null> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.owed(subject), ConsistentRead: true }));
    return res.Item && res.Item.status === 'pending' ? toOwed(res.Item) : null;
  }

  async pending(before: string, limit: number): Promise<OwedWork[]> {
    const items = await queryUpTo(
      this.db,
      {
        TableName: this.table,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
        ExpressionAttributeValues: { ':pk': keys.owedPending, ':before': before },
      },
      limit,
    );
    return items.map(toOwed);
  }

  async complete(subject: string, rev: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.owed(subject),
          UpdateExpression: 'SET #status = :done REMOVE gsi1pk, gsi1sk',
          ConditionExpression: '#status = :pending AND rev = :rev',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': 'done', ':pending': 'pending', ':rev': rev },
        }),
      );
    } catch (err) {
      // Done already, or a later change owes more: either way nothing to do here.
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }
}
