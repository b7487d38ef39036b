/**
 * The statistics aggregates in the table (keys.ts): month buckets `STATS#<yyyy>`/`M#<mm>` (one number
 * attribute per counter, moved with ADD), a snapshot per case or draw (`STATS` in its partition: what it
 * last added) and the figure listings `STATSLIST#<yyyy-mm>#<figure>` / `<date>#<case_id>`.
 * No Scan: a period is a BatchGetItem of its months, a listing a Query per month.
 */
import { BatchGetCommand, DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from './client.ts';
import { InvalidCursorError } from '../../ports/errors.ts';
import type { AnnualReportRecord, FigureListing, StatisticsStore, StatsApplyOutcome, StatsSnapshot, StatsSubject, StatsUpdate } from '../../ports/statistics.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';

/** DynamoDB's limit of items per transaction. */
const MAX_TRANSACTION_ITEMS = 100;
const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'type']);

function counters(item: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(k) && typeof v === 'number' && v !== 0) out[k] = v;
  return out;
}

/** `ADD #c0 :c0, #c1 :c1 …` for one month's deltas. */
function addExpression(delta: ReadonlyMap<string, number>) {
  const names: Record<string, string> = { '#type': 'type' };
  const values: Record<string, unknown> = { ':type': 'stats-month' };
  const parts: string[] = [];
  let i = 0;
  for (const [name, n] of delta) {
    names[`#c${i}`] = name;
    values[`:c${i}`] = n;
    parts.push(`#c${i} :c${i}`);
    i++;
  }
  return { UpdateExpression: `SET #type = :type ADD ${parts.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
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

  async snapshot(subject: StatsSubject): Promise<StatsSnapshot | null> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.statsSnapshot(subject), ConsistentRead: true }));
    if (!res.Item) return null;
    return {
      version: res.Item.version as number,
      seq: res.Item.seq as number,
      contributions: (res.Item.contributions ?? {}) as Record<string, number>,
      memberships: (res.Item.memberships ?? {}) as Record<string, string>,
    };
  }

  async apply(subject: StatsSubject, expectedVersion: number, u: StatsUpdate): Promise<StatsApplyOutcome> {
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Put: {
          TableName: this.table,
          Item: {
            ...keys.statsSnapshot(subject),
            type: 'stats-snapshot',
            version: expectedVersion + 1,
            seq: u.seq,
            contributions: u.contributions,
            memberships: u.memberships,
          },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
        },
      },
    ];
    for (const [month, delta] of u.delta) {
      if (delta.size === 0) continue;
      items.push({ Update: { TableName: this.table, Key: keys.statsBucket(month), ...addExpression(delta) } });
    }
    for (const l of u.put) items.push({ Put: { TableName: this.table, Item: listingItem(l) } });
    for (const l of u.remove) items.push({ Delete: { TableName: this.table, Key: keys.statsListing(l.month, l.figure, l.date, l.caseId) } });
    if (items.length > MAX_TRANSACTION_ITEMS) {
      // One case's facts touch a few months and listings; more than 100 items is a case this store does not split.
      throw new RangeError(`statistics update of ${subject.kind} ${subject.id} needs ${items.length} items (at most ${MAX_TRANSACTION_ITEMS})`);
    }
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

  async replaceBuckets(buckets: ReadonlyMap<string, Readonly<Record<string, number>>>): Promise<void> {
    for (const [month, c] of buckets) {
      const nonZero = Object.fromEntries(Object.entries(c).filter(([, n]) => n !== 0));
      await this.db.send(new PutCommand({ TableName: this.table, Item: { ...keys.statsBucket(month), type: 'stats-month', ...nonZero } }));
    }
  }

  async replaceSnapshot(
    subject: StatsSubject,
    seq: number,
    contributions: Record<string, number>,
    memberships: Record<string, string>,
    listings: { put: readonly FigureListing[]; remove: readonly FigureListing[] },
  ): Promise<void> {
    const had = await this.snapshot(subject);
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.statsSnapshot(subject), type: 'stats-snapshot', version: (had?.version ?? 0) + 1, seq, contributions, memberships },
      }),
    );
    for (const l of listings.put) await this.db.send(new PutCommand({ TableName: this.table, Item: listingItem(l) }));
    for (const l of listings.remove) {
      await this.db.send(new DeleteCommand({ TableName: this.table, Key: keys.statsListing(l.month, l.figure, l.date, l.caseId) }));
    }
  }
}
