/**
 * The offline stand-in for EventBridge Scheduler: the same port, the same checks, the schedules kept
 * in DynamoDB (Local) so they survive a restart, and `fireDue(now)` to run what the Scheduler would
 * fire at `now` — what `POST /_dev/tick {"now": …}` calls. There is no Scheduler emulator; this one
 * keeps the semantics the app relies on:
 * - a name is unique in its group; creating an existing name is "update" (the AWS adapter turns
 *   ConflictException into UpdateSchedule);
 * - a schedule fires once its `at()` time (Asia/Shanghai) has come, with the same event the AWS
 *   target gets (`scheduledTime` = that time), and is deleted after it fired (ActionAfterCompletion
 *   DELETE) — unless it was replaced meanwhile: the replacement stays;
 * - a failed delivery is retried on later runs, within the retry policy (attempts, event age), then
 *   goes to a dead-letter list, as the Scheduler sends it to the DLQ;
 * - delivery is at least once: two runs at the same instant may both deliver (the fired handler's
 *   send-once claim absorbs it, as on AWS).
 *
 * Keys (functions/adapters/dynamodb/keys.ts): each schedule is `LOCALSCHEDULE#<group>#<name>`, and
 * while pending it sits in the GSI partition `LOCALSCHEDULE#<group>` sorted by fire time, so "what is
 * due at `now`" is a Query bounded by `now`, never a Scan; fired schedules leave it.
 */
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReminderPayload } from '../../domain/reminders/plan.ts';
import { instantMs, localDateTimeMs } from '../../domain/reminders/time.ts';
import type { FiredReminder, ReminderScheduler, ScheduleInput } from '../../ports/scheduling.ts';
import { isConditionalCheckFailed } from '../dynamodb/client.ts';
import { GSI1, keys } from '../dynamodb/keys.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './eventbridge.ts';
import { checkScheduleInput, checkScheduleName, firedReminderInput } from './shape.ts';

export const LOCAL_SCHEDULE_GROUP = 'local-reminders';
const GROUP_NAME = /^[0-9A-Za-z._-]{1,64}$/;
/** Sorts after every character a schedule name may hold, to bound the Query at `now` inclusive. */
const AFTER_ANY_NAME = '~';
const PAGE = 100;

export interface LocalSchedule {
  name: string;
  expression: string;
  timeZone: string;
  payload: ReminderPayload;
  /** The instant it fires (ISO 8601, UTC). */
  fireAt: string;
  /** Failed deliveries so far. */
  attempts: number;
  version: number;
}

export interface DeadLetter {
  name: string;
  at: string;
  event: FiredReminder;
  error: string;
}

/** Delivers a fired schedule's event to its target (the tick handler, offline); throws when the target fails. */
export type Deliver = (event: FiredReminder) => Promise<unknown>;

export interface FireResult {
  /** Delivered and deleted. */
  fired: string[];
  /** Delivery failed; left for a later run. */
  retrying: string[];
  /** Delivery failed past the retry policy; moved to the dead-letter list. */
  deadLettered: string[];
}

interface Item extends LocalSchedule {
  pk: string;
  sk: string;
}

function conditionCancelled(err: unknown): boolean {
  const e = err as { name?: string; CancellationReasons?: { Code?: string }[] };
  return e?.name === 'TransactionCanceledException' && (e.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');
}

function toSchedule(i: Record<string, unknown>): LocalSchedule {
  const { name, expression, timeZone, payload, fireAt, attempts, version } = i as unknown as Item;
  return { name, expression, timeZone, payload, fireAt, attempts: attempts ?? 0, version };
}

/** `at(2026-10-06T09:00:00)` read in Asia/Shanghai (the only zone the shape allows) → ISO UTC. */
function fireAtOf(expression: string): string {
  const local = expression.slice('at('.length, -1);
  return new Date(localDateTimeMs(local)).toISOString();
}

export class LocalReminderScheduler implements ReminderScheduler {
  private readonly group: string;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    opts: { group?: string; retryPolicy?: RetryPolicy } = {},
  ) {
    this.group = opts.group ?? LOCAL_SCHEDULE_GROUP;
    if (!GROUP_NAME.test(this.group)) throw new RangeError(`invalid schedule group name: ${this.group}`);
    this.retry = opts.retryPolicy ?? DEFAULT_RETRY_POLICY;
  }

  async upsert(input: ScheduleInput): Promise<'created' | 'updated'> {
    const s = checkScheduleInput(input);
    const fireAt = fireAtOf(s.expression);
    const res = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.localSchedule(this.group, s.name),
        // The whole definition, as UpdateSchedule replaces it; a new version, so a delivery of the old
        // one still under way does not delete the replacement.
        // Every attribute by placeholder: several of these names are DynamoDB reserved words.
        UpdateExpression:
          'SET #name = :name, #expression = :expression, #timeZone = :tz, #payload = :payload, #fireAt = :fireAt, ' +
          '#attempts = :zero, gsi1pk = :gpk, gsi1sk = :gsk, #type = :type ADD #version :one',
        ExpressionAttributeNames: {
          '#name': 'name',
          '#expression': 'expression',
          '#timeZone': 'timeZone',
          '#payload': 'payload',
          '#fireAt': 'fireAt',
          '#attempts': 'attempts',
          '#type': 'type',
          '#version': 'version',
        },
        ExpressionAttributeValues: {
          ':name': s.name,
          ':expression': s.expression,
          ':tz': s.timeZone,
          ':payload': s.payload,
          ':fireAt': fireAt,
          ':zero': 0,
          ':gpk': keys.localSchedules(this.group),
          ':gsk': keys.localScheduleOrder(fireAt, s.name),
          ':type': 'local-schedule',
          ':one': 1,
        },
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    return res.Attributes?.version === undefined ? 'created' : 'updated';
  }

  async remove(nameInput: string): Promise<'deleted' | 'absent'> {
    const name = checkScheduleName(nameInput);
    const res = await this.db.send(
      new DeleteCommand({ TableName: this.table, Key: keys.localSchedule(this.group, name), ReturnValues: 'ALL_OLD' }),
    );
    return res.Attributes ? 'deleted' : 'absent';
  }

  /** The schedule as stored now (read consistently), or null. */
  async get(nameInput: string): Promise<LocalSchedule | null> {
    const name = checkScheduleName(nameInput);
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.localSchedule(this.group, name), ConsistentRead: true }));
    return res.Item ? toSchedule(res.Item) : null;
  }

  /** Pending schedules due at or before `until` (all pending when omitted), soonest first: a Query of the group's index partition. */
  async pending(until?: Date | string): Promise<LocalSchedule[]> {
    const bound = until === undefined ? undefined : `${new Date(instantMs(until)).toISOString()}#${AFTER_ANY_NAME}`;
    const out: LocalSchedule[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: GSI1,
          KeyConditionExpression: bound ? 'gsi1pk = :pk AND gsi1sk <= :until' : 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.localSchedules(this.group), ...(bound ? { ':until': bound } : {}) },
          Limit: PAGE,
          ExclusiveStartKey: start,
        }),
      );
      out.push(...(res.Items ?? []).map(toSchedule));
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** What went to the dead-letter list, oldest first. */
  async deadLetters(): Promise<DeadLetter[]> {
    const res = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.localDeadLetters(this.group) },
        ConsistentRead: true,
      }),
    );
    return (res.Items ?? []).map((i) => ({ name: i.name as string, at: i.at as string, event: i.event as FiredReminder, error: i.error as string }));
  }

  /**
   * Fires every schedule due at `now`: delivers its event, then deletes it (only if it was not
   * replaced meanwhile). A failed delivery counts an attempt; past the retry policy the event goes to
   * the dead-letter list.
   */
  async fireDue(now: Date | string, deliver: Deliver): Promise<FireResult> {
    const nowMs = instantMs(now);
    const result: FireResult = { fired: [], retrying: [], deadLettered: [] };
    for (const candidate of await this.pending(now)) {
      // The index is eventually consistent: act on the item as it is now.
      const s = await this.get(candidate.name);
      if (!s || s.version !== candidate.version || Date.parse(s.fireAt) > nowMs) continue;
      const event = JSON.parse(firedReminderInput(s, s.fireAt)) as FiredReminder;
      try {
        await deliver(event);
      } catch (err) {
        await this.failed(s, event, err, nowMs, result);
        continue;
      }
      try {
        await this.db.send(
          new DeleteCommand({
            TableName: this.table,
            Key: keys.localSchedule(this.group, s.name),
            ConditionExpression: '#version = :v',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':v': s.version },
          }),
        );
      } catch (err) {
        // Replaced while it was being delivered: the replacement is a new schedule and stays.
        if (!isConditionalCheckFailed(err)) throw err;
      }
      result.fired.push(s.name);
    }
    return result;
  }

  private async failed(s: LocalSchedule, event: FiredReminder, err: unknown, nowMs: number, result: FireResult): Promise<void> {
    const attempts = s.attempts + 1;
    const ageSeconds = (nowMs - Date.parse(s.fireAt)) / 1000;
    const key = keys.localSchedule(this.group, s.name);
    const sameVersion = { ConditionExpression: '#version = :v', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':v': s.version } };
    try {
      if (attempts > this.retry.maximumRetryAttempts || ageSeconds > this.retry.maximumEventAgeSeconds) {
        const at = new Date(nowMs).toISOString();
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Delete: { TableName: this.table, Key: key, ...sameVersion } },
              {
                Put: {
                  TableName: this.table,
                  Item: {
                    ...keys.localDeadLetter(this.group, at, s.name, s.version),
                    type: 'local-dead-letter',
                    name: s.name,
                    at,
                    event,
                    error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
                  },
                },
              },
            ],
          }),
        );
        result.deadLettered.push(s.name);
      } else {
        await this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: key,
            UpdateExpression: 'SET #attempts = :a',
            ConditionExpression: '#version = :v',
            ExpressionAttributeNames: { '#version': 'version', '#attempts': 'attempts' },
            ExpressionAttributeValues: { ':v': s.version, ':a': attempts },
          }),
        );
        result.retrying.push(s.name);
      }
    } catch (e) {
      // Replaced or removed meanwhile: the failure belongs to a schedule that no longer exists.
      if (isConditionalCheckFailed(e) || conditionCancelled(e)) return;
      throw e;
    }
  }
}
