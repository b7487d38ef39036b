/**
 * Tracked deadlines in the single table (ports/deadlines.ts). A case's deadlines are `DEADLINE#<id>`
 * items in the case's partition, the certificates' and the plan's in `DEADLINES#<scope>`; while open
 * (not met, not ended) each sits in the GSI partition `DEADLINE#OPEN` sorted by due date, so the
 * reconciliation run reads the deadlines due in a date range with one Query — its reads grow with
 * what is due, never with the cases stored. Send-once claims are `REMINDER#<send key>` items.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TrackedDeadline } from '../../domain/reminders/deadlines.ts';
import type { ExistingSchedule } from '../../domain/reminders/plan.ts';
import type { DeadlineScope, DeadlineStore, StoredDeadline } from '../../ports/deadlines.ts';
import { isConditionalCheckFailed } from './client.ts';
import { GSI1, keys } from './keys.ts';
import { queryAll } from './query.ts';

/** TransactWriteItems takes 100 items; a case has about a dozen deadlines. Others are written in chunks. */
const TRANSACTION_MAX = 100;

interface Item {
  scope: DeadlineScope;
  deadline: TrackedDeadline;
  schedules: ExistingSchedule[];
  ended: boolean;
}

const toStored = (i: Record<string, unknown>): StoredDeadline => {
  const { scope, deadline, schedules, ended } = i as unknown as Item;
  return { scope, deadline, schedules: schedules ?? [], ended: ended === true };
};

function cancelledByCondition(err: unknown): boolean {
  const e = err as { name?: string; CancellationReasons?: { Code?: string }[] };
  return e?.name === 'TransactionCanceledException' && (e.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');
}

export class DynamoDeadlineStore implements DeadlineStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private item(d: StoredDeadline): Record<string, unknown> {
    const open = !d.ended && d.deadline.status !== 'met';
    return {
      ...keys.deadline(d.scope, d.deadline.id),
      type: 'deadline',
      scope: d.scope,
      deadline: d.deadline,
      schedules: d.schedules,
      ended: d.ended,
      ...(open ? { gsi1pk: keys.openDeadlines, gsi1sk: keys.openDeadlineOrder(d.deadline.dueDate, d.deadline.id) } : {}),
    };
  }

  async list(scope: DeadlineScope): Promise<StoredDeadline[]> {
    const { pk } = keys.deadline(scope, 'x');
    return (await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': pk, ':p': keys.deadlinePrefix },
      ConsistentRead: true,
    })).map(toStored);
  }

  async get(scope: DeadlineScope, deadlineId: string): Promise<StoredDeadline | null> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.deadline(scope, deadlineId), ConsistentRead: true }));
    return res.Item ? toStored(res.Item) : null;
  }

  async replace(scope: DeadlineScope, current: readonly StoredDeadline[], basis?: { caseLogSeq: number }): Promise<boolean> {
    const now = new Set(current.map((d) => d.deadline.id));
    const before = await this.list(scope);
    const ended = before.filter((d) => !now.has(d.deadline.id) && !d.ended).map((d) => ({ ...d, ended: true }));
    const puts = [...current, ...ended].map((d) => ({ Put: { TableName: this.table, Item: this.item(d) } }));
    if (scope.startsWith('case:') && basis) {
      // Every change to a case appends a record entry and moves its head: a sync computed from an
      // older case must not overwrite one computed from a newer case.
      const guard = {
        ConditionCheck: {
          TableName: this.table,
          Key: keys.case(scope.slice('case:'.length)),
          ConditionExpression: 'logHead.seq = :seq',
          ExpressionAttributeValues: { ':seq': basis.caseLogSeq },
        },
      };
      if (puts.length + 1 > TRANSACTION_MAX) throw new RangeError(`too many deadlines for one case: ${puts.length}`);
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: [guard, ...puts] }));
        return true;
      } catch (err) {
        if (cancelledByCondition(err)) return false;
        throw err;
      }
    }
    // Certificates and the plan are recomputed whole from the roster and the plan: a repeat is harmless.
    for (let i = 0; i < puts.length; i += TRANSACTION_MAX) {
      const chunk = puts.slice(i, i + TRANSACTION_MAX);
      if (chunk.length > 0) await this.db.send(new TransactWriteCommand({ TransactItems: chunk }));
    }
    return true;
  }

  async dueBetween(from: string, to: string): Promise<StoredDeadline[]> {
    return (await queryAll(this.db, {
      TableName: this.table,
      IndexName: GSI1,
      // `<date>#…` sorts between `<from>` and `<to>~` for every date in the range.
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.openDeadlines, ':from': from, ':to': `${to}~` },
    })).map(toStored);
  }

  async isClaimed(sendKey: string): Promise<boolean> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.reminderSent(sendKey), ConsistentRead: true }));
    return res.Item !== undefined;
  }

  async claim(sendKey: string, at: string, detail: { deadlineId: string; pointId: string }): Promise<{ state: 'new' | 'unsent' | 'sent'; claimedAt: string }> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.reminderSent(sendKey), type: 'reminder-sent', sendKey, claimedAt: at, state: 'claimed', ...detail },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { state: 'new', claimedAt: at };
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.reminderSent(sendKey), ConsistentRead: true }));
    const item = res.Item ?? {};
    return { state: item.state === 'sent' ? 'sent' : 'unsent', claimedAt: String(item.claimedAt ?? at) };
  }

  async markSent(sendKey: string, at: string, openIds: readonly string[]): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.reminderSent(sendKey),
        UpdateExpression: 'SET #state = :sent, sentAt = :at, recipients = :to',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sent': 'sent', ':at': at, ':to': [...openIds] },
      }),
    );
  }
}
