/**
 * The 事前公开 lists in the table (ports/lists.ts): a head per list (`LIST#<kind>` / HEAD: revision,
 * record counter, the version in force, the open version, the version the site has), a version item
 * per version (rows gzip-compressed), and the list's record log. A change writes the head (conditioned
 * on the revision read), the version (never over a published one), its record entries (each on a free
 * number) and the owed work in one transaction.
 */
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ListKind, ListVersion } from '../../domain/lists/types.ts';
import type { ListRecordEntry } from '../../domain/lists/versions.ts';
import type { ListHead, ListStore, StoredListRecord } from '../../ports/lists.ts';
import { isConditionalCheckFailed } from './client.ts';
import { packJson, unpackJson } from './blobs.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';
import { owedPut } from './work-outbox.ts';

/** Bytes a version's compressed rows may take (an item is at most 400 KB). */
export const MAX_ROWS_BYTES = 360 * 1024;

export class ListTooLargeError extends Error {
  override name = 'ListTooLargeError';
}

const OPEN_STATES = new Set(['draft', 'submitted', 'reviewed', 'approved']);

/** The job a list's change owes (app/lists/list-changed.ts). */
export const listSubject = (kind: ListKind) => `lists:${kind}`;
export const listJob = (kind: ListKind) => ({ kind: 'lists.changed', listKind: kind });

function toVersion<K extends ListKind>(item: Record<string, unknown>): ListVersion<K> {
  const v: ListVersion<K> = {
    kind: item.kind as K,
    id: item.id as string,
    version: item.version as number,
    baseVersion: item.baseVersion as number,
    state: item.state as ListVersion['state'],
    rows: unpackJson(item.rowsGz as Uint8Array),
    author: item.author as ListVersion['author'],
    createdAt: item.createdAt as string,
    trail: item.trail as ListVersion['trail'],
  };
  if (typeof item.publishedAt === 'string') v.publishedAt = item.publishedAt;
  return v;
}

function cancellationCodes(err: unknown): string[] | null {
  const e = err as { name?: string; CancellationReasons?: { Code?: string }[] };
  if (e?.name !== 'TransactionCanceledException') return null;
  return (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}

export class DynamoListStore implements ListStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async headItem(kind: ListKind): Promise<Record<string, unknown> | undefined> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.listHead(kind), ConsistentRead: true }));
    return res.Item;
  }

  async head<K extends ListKind>(kind: K): Promise<ListHead<K>> {
    const h = await this.headItem(kind);
    const ids = [h?.currentId, h?.openId].filter((x): x is string => typeof x === 'string');
    const versions = new Map<string, ListVersion<K>>();
    if (ids.length > 0) {
      const res = await this.db.send(
        new BatchGetCommand({ RequestItems: { [this.table]: { Keys: ids.map((id) => keys.listVersion(kind, id)), ConsistentRead: true } } }),
      );
      for (const item of res.Responses?.[this.table] ?? []) {
        const v = toVersion<K>(item);
        versions.set(v.id, v);
      }
      // Two small items: a partial answer is not expected; read one by one if it happens.
      for (const id of ids) if (!versions.has(id)) {
        const v = await this.version(kind, id);
        if (v) versions.set(id, v);
      }
    }
    return {
      kind,
      current: typeof h?.currentId === 'string' ? (versions.get(h.currentId) ?? null) : null,
      open: typeof h?.openId === 'string' ? (versions.get(h.openId) ?? null) : null,
      rev: (h?.rev as number | undefined) ?? 0,
      siteVersion: (h?.siteVersion as number | undefined) ?? 0,
      noticedSeq: (h?.noticedSeq as number | undefined) ?? 0,
    };
  }

  async version<K extends ListKind>(kind: K, versionId: string) {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.listVersion(kind, versionId), ConsistentRead: true }));
    return res.Item ? toVersion<K>(res.Item) : null;
  }

  async published<K extends ListKind>(kind: K): Promise<ListVersion<K>[]> {
    const out: ListVersion<K>[] = (await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      FilterExpression: '#state = :published',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':pk': keys.listHead(kind).pk, ':v': 'VERSION#', ':published': 'published' },
      ConsistentRead: true,
    })).map((item) => toVersion<K>(item));
    return out.sort((a, b) => a.version - b.version);
  }

  async save<K extends ListKind>(kind: K, rev: number, version: ListVersion<K>, entries: readonly ListRecordEntry[], at: string): Promise<boolean> {
    const h = await this.headItem(kind);
    if (((h?.rev as number | undefined) ?? 0) !== rev) return false;
    const rowsGz = packJson(version.rows);
    if (rowsGz.length > MAX_ROWS_BYTES) throw new ListTooLargeError(`list ${kind} version ${version.id}: ${rowsGz.length} bytes compressed`);
    const logSeq = (h?.logSeq as number | undefined) ?? 0;
    const next = rev + 1;

    const names: Record<string, string> = { '#kind': 'kind', '#rev': 'rev' };
    const values: Record<string, unknown> = { ':kind': kind, ':next': next, ':seq': logSeq + entries.length };
    const set = ['#kind = :kind', '#rev = :next', 'logSeq = :seq'];
    const remove: string[] = [];
    if (version.state === 'published') {
      set.push('currentId = :cid', 'currentVersion = :cv');
      values[':cid'] = version.id;
      values[':cv'] = version.version;
    }
    if (OPEN_STATES.has(version.state)) {
      set.push('openId = :oid');
      values[':oid'] = version.id;
    } else if (h?.openId === version.id) {
      remove.push('openId');
    }
    let condition = 'attribute_not_exists(pk)';
    if (rev > 0) {
      condition = '#rev = :rev';
      values[':rev'] = rev;
    }

    const versionFields: Record<string, unknown> = {
      kind,
      id: version.id,
      version: version.version,
      baseVersion: version.baseVersion,
      state: version.state,
      rowsGz,
      author: version.author,
      createdAt: version.createdAt,
      trail: version.trail,
      type: 'list-version',
    };
    if (version.publishedAt !== undefined) versionFields.publishedAt = version.publishedAt;
    const vNames = Object.fromEntries(Object.keys(versionFields).map((k, i) => [`#f${i}`, k]));
    const vValues = Object.fromEntries(Object.values(versionFields).map((v, i) => [`:f${i}`, v]));

    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: keys.listHead(kind),
                UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
                ConditionExpression: condition,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            {
              // A published version is never written again: a change is a new version.
              Update: {
                TableName: this.table,
                Key: keys.listVersion(kind, version.id),
                UpdateExpression: `SET ${Object.keys(vNames)
                  .map((n, i) => `${n} = :f${i}`)
                  .join(', ')}`,
                ConditionExpression: 'attribute_not_exists(pk) OR #stateNow <> :published',
                ExpressionAttributeNames: { ...vNames, '#stateNow': 'state' },
                ExpressionAttributeValues: { ...vValues, ':published': 'published' },
              },
            },
            ...entries.map((e, i) => ({
              Put: {
                TableName: this.table,
                Item: { ...keys.listRecord(kind, logSeq + 1 + i), type: 'list-record', ...e, seq: logSeq + 1 + i },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
            owedPut(this.table, listSubject(kind), listJob(kind), next, at),
          ],
        }),
      );
      return true;
    } catch (err) {
      if (cancellationCodes(err)) return false;
      throw err;
    }
  }

  async markNoticed(kind: ListKind, seq: number): Promise<void> {
    await this.raise(keys.listHead(kind), 'noticedSeq', seq);
  }

  async markSite(kind: ListKind, version: number): Promise<void> {
    await this.raise(keys.listHead(kind), 'siteVersion', version);
  }

  private async raise(key: Record<string, string>, field: string, value: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: 'SET #f = :v',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#f) OR #f < :v)',
          ExpressionAttributeNames: { '#f': field },
          ExpressionAttributeValues: { ':v': value },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  async records(kind: ListKind): Promise<StoredListRecord[]> {
    return (await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :log)',
      ExpressionAttributeValues: { ':pk': keys.listHead(kind).pk, ':log': 'LOG#' },
      ConsistentRead: true,
    })).map(({ pk: _pk, sk: _sk, type: _t, ...e }) => e as unknown as StoredListRecord);
  }
}
