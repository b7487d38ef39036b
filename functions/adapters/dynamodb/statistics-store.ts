/**
 * The statistics aggregates in the table (keys.ts): month buckets `STATS#<yyyy>`/`M#<mm>` (one number
 * attribute per counter, moved with ADD), a snapshot per case or draw (`STATS` in its partition: what it
 * last added) and the figure listings `STATSLIST#<yyyy-mm>#<figure>` / `<date>#<case_id>`.
 * No Scan: a period is a BatchGetItem of its months, a listing a Query per month.
 */
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from './client.ts';
import { InvalidCursorError } from '../../ports/errors.ts';
import type { AnnualReportRecord, FigureListing, StatisticsStore, StatsApplyOutcome, StatsSnapshot, StatsSubject, StatsUpdate } from '../../ports/statistics.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';

/** DynamoDB's limit of items per transaction. */
const MAX_TRANSACTION_ITEMS = 100;
/** A bucket's revision: moved on by every write of the bucket (the rebuild's writes are conditioned on it). */
const REVISION = '_rev';
const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'type', REVISION]);

function counters(item: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(k) && typeof v === 'number' && v !== 0) out[k] = v;
  return out;
}

/** `ADD #c0 :c0, #c1 :c1 …` for one month's deltas. */
function addExpression(delta: ReadonlyMap<string, number>) {
  const names: Record<string, string> = { '#type': 'type', '#rev': REVISION };
  const values: Record<string, unknown> = { ':type': 'stats-month', ':one': 1 };
  const parts: string[] = ['#rev :one'];
  let i = 0;
  for (const [name, n] of delta) {
    names[`#c${i}`] = name;
    values[`:c${i}`] = n;
    parts.push(`#c${i} :c${i}`);
    i++;
  }
  return { UpdateExpression: `SET #type = :type ADD ${parts.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** A split update stored on the snapshot while it is applied: its chunks of transaction items, the next to apply, the snapshot it ends in. */
interface Plan {
  next: number;
  chunks: TransactItem[][];
  snapshot: { seq: number; contributions: Record<string, number>; memberships: Record<string, string> };
}

interface SnapshotItem {
  version: number;
  seq?: number;
  contributions?: Record<string, number>;
  memberships?: Record<string, string>;
  pending?: Plan;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const listingItem = (l: FigureListing) => ({ ...keys.statsListing(l.month, l.figure, l.date, l.caseId), type: 'stats-listing', ...l });

/** Page cursor: which month of the request, and the last sort key read in it. */
function encodeCursor(monthIndex: number, sk: string | undefined): string {
  return Buffer.from(JSON.stringify([monthIndex, sk ?? null])).toString('base64url');
}

function decodeCursor(cursor: string, months: number): { monthIndex: number; sk: string | null } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && Number.isInteger(v[0]) && v[0] >= 0 && v[0] < months && (v[1] === null || (typeof v[1] === 'string' && v[1].length <= 200))) {
      return { monthIndex: v[0] as number, sk: v[1] as string | null };
    }
  } catch {
    // falls through
  }
  throw new InvalidCursorError('not a figure listing cursor');
}

export class DynamoStatisticsStore implements StatisticsStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async monthBuckets(months: readonly string[]): Promise<Map<string, Record<string, number>>> {
    const out = new Map<string, Record<string, number>>();
    const unique = [...new Set(months)];
    for (let i = 0; i < unique.length; i += 100) {
      let request: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((m) => keys.statsBucket(m));
      while (request && request.length > 0) {
        const res = await this.db.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: request, ConsistentRead: true } } }));
        for (const item of res.Responses?.[this.table] ?? []) {
          out.set(`${(item.pk as string).slice(6)}-${(item.sk as string).slice(2)}`, counters(item));
        }
        request = res.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return out;
  }

  /**
   * The subject's snapshot (consistent read). A split update left unfinished (its runner stopped between
   * two chunks) is finished first, from the plan stored on the snapshot: no reader ever counts from a
   * half-applied update.
   */
  async snapshot(subject: StatsSubject): Promise<StatsSnapshot | null> {
    for (;;) {
      const item = await this.snapshotItem(subject);
      if (!item) return null;
      if (item.pending !== undefined) {
        await this.continuePlan(subject, item);
        continue;
      }
      return {
        version: item.version,
        seq: item.seq as number,
        contributions: (item.contributions ?? {}) as Record<string, number>,
        memberships: (item.memberships ?? {}) as Record<string, string>,
      };
    }
  }

  private async snapshotItem(subject: StatsSubject): Promise<SnapshotItem | undefined> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.statsSnapshot(subject), ConsistentRead: true }));
    return res.Item as SnapshotItem | undefined;
  }

  /** The bucket updates and listing moves of an update, as transaction items. */
  private operations(u: StatsUpdate): TransactItem[] {
    const items: TransactItem[] = [];
    for (const [month, delta] of u.delta) {
      if (delta.size === 0) continue;
      items.push({ Update: { TableName: this.table, Key: keys.statsBucket(month), ...addExpression(delta) } });
    }
    for (const l of u.put) items.push({ Put: { TableName: this.table, Item: listingItem(l) } });
    for (const l of u.remove) items.push({ Delete: { TableName: this.table, Key: keys.statsListing(l.month, l.figure, l.date, l.caseId) } });
    return items;
  }

  async apply(subject: StatsSubject, expectedVersion: number, u: StatsUpdate): Promise<StatsApplyOutcome> {
    const operations = this.operations(u);
    const target = { seq: u.seq, contributions: u.contributions, memberships: u.memberships };
    if (operations.length + 1 <= MAX_TRANSACTION_ITEMS) {
      const guard =
        expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :v AND attribute_not_exists(pending)', ExpressionAttributeValues: { ':v': expectedVersion } };
      const item = { ...keys.statsSnapshot(subject), type: 'stats-snapshot', version: expectedVersion + 1, ...target };
      return this.transact([{ Put: { TableName: this.table, Item: item, ...guard } }, ...operations]);
    }
    // More than one transaction holds (a long case counted for the first time, or one whose dates all
    // moved): the plan is claimed on the snapshot (one plan per version: a concurrent run's claim
    // fails), then each chunk is applied once, conditioned on the plan's progress marker, which it moves
    // on; the last chunk writes the new snapshot. Whoever finds the plan unfinished finishes it.
    const plan: Plan = { next: 0, chunks: chunk(operations, MAX_TRANSACTION_ITEMS - 1), snapshot: target };
    const claim: TransactItem =
      expectedVersion === 0
        ? {
            Put: {
              TableName: this.table,
              Item: { ...keys.statsSnapshot(subject), type: 'stats-snapshot', version: 0, seq: 0, contributions: {}, memberships: {}, pending: plan },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          }
        : {
            Update: {
              TableName: this.table,
              Key: keys.statsSnapshot(subject),
              UpdateExpression: 'SET pending = :plan',
              ConditionExpression: 'version = :v AND attribute_not_exists(pending)',
              ExpressionAttributeValues: { ':v': expectedVersion, ':plan': plan },
            },
          };
    if ((await this.transact([claim])) === 'conflict') return 'conflict';
    for (let item = await this.snapshotItem(subject); item?.pending !== undefined; item = await this.snapshotItem(subject)) {
      await this.continuePlan(subject, item);
    }
    return 'applied';
  }

  /** One step of a stored plan: the next chunk with the marker moved on, or the last with the new snapshot. A lost race is left to the re-read. */
  private async continuePlan(subject: StatsSubject, item: SnapshotItem): Promise<void> {
    const plan = item.pending as Plan;
    const step = plan.next;
    const guard = {
      ConditionExpression: 'version = :v AND pending.#next = :step',
      ExpressionAttributeNames: { '#next': 'next' },
    };
    const last = step >= plan.chunks.length - 1;
    const marker: TransactItem = last
      ? {
          Put: {
            TableName: this.table,
            Item: { ...keys.statsSnapshot(subject), type: 'stats-snapshot', version: item.version + 1, ...plan.snapshot },
            ...guard,
            ExpressionAttributeValues: { ':v': item.version, ':step': step },
          },
        }
      : {
          Update: {
            TableName: this.table,
            Key: keys.statsSnapshot(subject),
            UpdateExpression: 'SET pending.#next = :after',
            ...guard,
            ExpressionAttributeValues: { ':v': item.version, ':step': step, ':after': step + 1 },
          },
        };
    await this.transact([marker, ...(plan.chunks[step] ?? [])]);
  }

  private async transact(items: TransactItem[]): Promise<StatsApplyOutcome> {
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return 'applied';
    } catch (err) {
      const e = err as { name?: string; CancellationReasons?: { Code?: string }[] };
      // The snapshot moved (ConditionalCheckFailed), or another transaction held an item (TransactionConflict): re-read.
      if (e?.name === 'TransactionCanceledException' && (e.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) {
        return 'conflict';
      }
      throw err;
    }
  }

  async figureCases(figure: string, months: readonly string[], page: { limit: number; cursor?: string }): Promise<{ items: FigureListing[]; nextCursor?: string }> {
    let { monthIndex, sk } = page.cursor === undefined ? { monthIndex: 0, sk: null as string | null } : decodeCursor(page.cursor, months.length);
    const items: FigureListing[] = [];
    while (monthIndex < months.length && items.length < page.limit) {
      const month = months[monthIndex] as string;
      const res = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.statsList(month, figure) },
          Limit: page.limit - items.length,
          ...(sk === null ? {} : { ExclusiveStartKey: { pk: keys.statsList(month, figure), sk } }),
        }),
      );
      for (const i of res.Items ?? []) items.push({ month, figure, caseId: i.caseId as string, date: i.date as string });
      if (res.LastEvaluatedKey) {
        sk = res.LastEvaluatedKey.sk as string;
      } else {
        monthIndex++;
        sk = null;
      }
    }
    if (monthIndex >= months.length) return { items };
    return { items, nextCursor: encodeCursor(monthIndex, sk ?? undefined) };
  }

  async annualReport(dataYear: number): Promise<AnnualReportRecord | null> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.annualReport(dataYear), ConsistentRead: true }));
    if (!res.Item) return null;
    const { pk: _pk, sk: _sk, type: _type, ...rest } = res.Item;
    return rest as AnnualReportRecord;
  }

  async draftAnnualReport(dataYear: number, at: string): Promise<boolean> {
    return this.conditional(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.annualReport(dataYear), type: 'annual-report', dataYear, status: 'drafted', draftedAt: at },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async approveAnnualReport(dataYear: number, by: { openId: string; name: string }, at: string): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.annualReport(dataYear),
        UpdateExpression: 'SET #s = :approved, approvedBy = :by, approvedAt = :at',
        ConditionExpression: '#s = :drafted',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':approved': 'approved', ':drafted': 'drafted', ':by': by, ':at': at },
      }),
    );
  }

  async markAnnualReportPublished(dataYear: number, path: string, at: string): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.annualReport(dataYear),
        UpdateExpression: 'SET #s = :published, #p = :path, publishedAt = :at',
        ConditionExpression: '#s = :approved',
        ExpressionAttributeNames: { '#s': 'status', '#p': 'path' },
        ExpressionAttributeValues: { ':published': 'published', ':approved': 'approved', ':path': path, ':at': at },
      }),
    );
  }

  async annualRemindersClaimed(dataYear: number): Promise<string[]> {
    const res = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :remind)',
        ExpressionAttributeValues: { ':pk': keys.annualReport(dataYear).pk, ':remind': 'REMIND#' },
        ConsistentRead: true,
      }),
    );
    return (res.Items ?? []).map((i) => (i.sk as string).slice('REMIND#'.length)).sort();
  }

  async claimAnnualReminder(dataYear: number, point: string, at: string): Promise<boolean> {
    return this.conditional(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.annualReminder(dataYear, point), type: 'annual-reminder', at },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  private async conditional(command: PutCommand | UpdateCommand): Promise<boolean> {
    try {
      await (command instanceof PutCommand ? this.db.send(command) : this.db.send(command));
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  /** Each year's last issued case number (the case-number counter's partition: one Query), for the rebuild. */
  async issuedCaseNumbers(): Promise<{ year: number; last: number }[]> {
    const items = await queryAll(this.db, { TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.counter(0).pk } });
    const out = items.map((i) => ({ year: Number(i.sk), last: (i.seq as number | undefined) ?? 0 }));
    return out.sort((a, b) => a.year - b.year);
  }

  async bucketRevisions(months: readonly string[]): Promise<Map<string, number>> {
    const out = new Map(months.map((m) => [m, 0]));
    const unique = [...new Set(months)];
    for (let i = 0; i < unique.length; i += 100) {
      let request: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((m) => keys.statsBucket(m));
      while (request && request.length > 0) {
        const res = await this.db.send(
          new BatchGetCommand({
            RequestItems: { [this.table]: { Keys: request, ConsistentRead: true, ProjectionExpression: 'pk, sk, #rev', ExpressionAttributeNames: { '#rev': REVISION } } },
          }),
        );
        for (const item of res.Responses?.[this.table] ?? []) {
          out.set(`${(item.pk as string).slice(6)}-${(item.sk as string).slice(2)}`, typeof item[REVISION] === 'number' ? item[REVISION] : 0);
        }
        request = res.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return out;
  }

  async replaceBucket(month: string, c: Readonly<Record<string, number>>, expectedRevision: number): Promise<boolean> {
    const nonZero = Object.fromEntries(Object.entries(c).filter(([n, v]) => v !== 0 && !KEY_ATTRIBUTES.has(n)));
    return this.conditional(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.statsBucket(month), type: 'stats-month', ...nonZero, [REVISION]: expectedRevision + 1 },
        // A bucket written before revisions existed has none: revision 0.
        ConditionExpression: expectedRevision === 0 ? 'attribute_not_exists(#rev)' : '#rev = :rev',
        ExpressionAttributeNames: { '#rev': REVISION },
        ...(expectedRevision === 0 ? {} : { ExpressionAttributeValues: { ':rev': expectedRevision } }),
      }),
    );
  }

  async replaceBuckets(buckets: ReadonlyMap<string, Readonly<Record<string, number>>>): Promise<void> {
    for (const [month, c] of buckets) {
      const nonZero = Object.fromEntries(Object.entries(c).filter(([n, v]) => v !== 0 && !KEY_ATTRIBUTES.has(n)));
      // The revision is carried on (moved by one) so that a rebuild reading it before sees the change.
      const [revision = 0] = (await this.bucketRevisions([month])).values();
      await this.db.send(new PutCommand({ TableName: this.table, Item: { ...keys.statsBucket(month), type: 'stats-month', ...nonZero, [REVISION]: revision + 1 } }));
    }
  }
}
