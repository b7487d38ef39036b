/**
 * Draws in the table (ports/draws.ts). Per draw, in its partition `DRAW#<id>`: META (status, request,
 * revision, record counter, where its blobs are; listed in `DRAWS` for the public index), the frozen
 * target library (`LIB#<hash>#<i>`: gzip-compressed chunks, written once before the commitment), the
 * core (`CORE#<rev>#<i>`: commitment, seed, inspectors, conflicts, result, exceptions — rewritten with
 * each change, older cores kept), the record log, exceptions and inspection tasks. A plan's draws are
 * listed on `DRAWPLAN#<plan>`. Every change of a draw is one transaction: META conditioned on the
 * revision read, the change's items, its record entries (free numbers) and the owed work.
 */
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DrawRecordEntry } from '../../domain/draw/draw.ts';
import type { DrawException } from '../../domain/draw/exceptions.ts';
import type { InspectionResult, InspectionTask } from '../../domain/draw/inspection.ts';
import { DRAW_FILE_FORMAT, type DrawFile, type TargetRecord } from '../../domain/draw/types.ts';
import type {
  CommittedDraw,
  DrawMeta,
  DrawStore,
  PendingDecision,
  StoredDrawException,
  StoredDrawRecord,
  StoredTask,
} from '../../ports/draws.ts';
import { chunked, unchunked } from './blobs.ts';
import { isConditionalCheckFailed } from './client.ts';
import { GSI1, keys } from './keys.ts';
import { queryAll, queryUpTo } from './query.ts';
import { owedPut } from './work-outbox.ts';

export const drawSubject = (drawId: string) => `draw:${drawId}`;
export const drawJob = (drawId: string) => ({ kind: 'draw.run', drawId });

/** What the core blob holds (everything of the draw file but the target library, plus the internal maps). */
interface Core {
  commitment: DrawFile['commitment'];
  seed: string;
  inspectors: DrawFile['libraries']['inspectors'];
  conflicts: DrawFile['libraries']['conflicts'];
  openIds: Record<string, string>;
  result?: DrawFile['result'];
  exceptions?: DrawFile['exceptions'];
  effective?: DrawFile['effective'];
}

type MetaItem = DrawMeta & {
  logSeq: number;
  lib?: { blob: string; chunks: number };
  core?: { blob: string; chunks: number };
};

type TransactItem = Record<string, unknown>;

const MAX_ATTEMPTS = 30;
const META_FIELDS = ['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk'] as const;

function toMeta(item: Record<string, unknown>): MetaItem {
  const m = { ...item };
  for (const f of META_FIELDS) delete m[f];
  const meta = m as unknown as MetaItem;
  return { ...meta, posted: meta.posted ?? [] };
}

const publicMeta = (m: MetaItem): DrawMeta => {
  const { logSeq: _s, lib: _l, core: _c, ...rest } = m;
  return rest;
};

function cancellationCodes(err: unknown): string[] | null {
  const e = err as { name?: string; CancellationReasons?: { Code?: string }[] };
  if (e?.name !== 'TransactionCanceledException') return null;
  return (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, type: _t, gsi1pk: _g, gsi1sk: _s, ...rest } = item;
  return rest as T;
}

function taskItem(drawId: string, t: InspectionTask, notified: string[]): Record<string, unknown> {
  return {
    ...keys.task(drawId, t.creditCode),
    type: 'inspection-task',
    ...t,
    notified,
    ...(t.status === 'open' ? { gsi1pk: keys.openInspections, gsi1sk: keys.openInspectionOrder(t.deadline, drawId, t.creditCode) } : {}),
  };
}

const sameTeam = (a: InspectionTask['inspectors'], b: InspectionTask['inspectors']) =>
  a.map((i) => i.certificateNumber).join('|') === b.map((i) => i.certificateNumber).join('|');

export class DynamoDrawStore implements DrawStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly backoff: (attempt: number) => Promise<void> = (attempt) => sleep(Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * Math.random()),
  ) {}

  private async metaItem(drawId: string): Promise<MetaItem | null> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.draw(drawId), ConsistentRead: true }));
    return res.Item ? toMeta(res.Item) : null;
  }

  private metaPut(m: MetaItem, condition: { rev: number } | 'new'): TransactItem {
    return {
      Put: {
        TableName: this.table,
        Item: { ...keys.draw(m.drawId), type: 'draw', gsi1pk: keys.drawsIndex, gsi1sk: `${m.requestedAt}#${m.drawId}`, ...m },
        ...(condition === 'new'
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: '#rev = :rev', ExpressionAttributeNames: { '#rev': 'rev' }, ExpressionAttributeValues: { ':rev': condition.rev } }),
      },
    };
  }

  private chunkPuts(drawId: string, blob: string, value: unknown): { items: TransactItem[]; chunks: number } {
    const chunks = chunked(value);
    return {
      items: chunks.map((data, i) => ({ Put: { TableName: this.table, Item: { ...keys.drawChunk(drawId, blob, i), type: 'draw-chunk', data } } })),
      chunks: chunks.length,
    };
  }

  private async readBlob<T>(drawId: string, ref: { blob: string; chunks: number }): Promise<T> {
    const wanted = Array.from({ length: ref.chunks }, (_, i) => keys.drawChunk(drawId, ref.blob, i));
    const got = new Map<string, Uint8Array>();
    for (let i = 0; i < wanted.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
        [this.table]: { Keys: wanted.slice(i, i + 100), ConsistentRead: true },
      };
      for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
        if (attempt > 8) throw new Error(`draw ${drawId}: blob ${ref.blob} read did not complete`);
        if (attempt > 0) await this.backoff(attempt);
        const res = await this.db.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of res.Responses?.[this.table] ?? []) got.set(item.sk as string, item.data as Uint8Array);
        request = res.UnprocessedKeys as typeof request;
      }
    }
    return unchunked<T>(wanted.map((k) => {
      const data = got.get(k.sk);
      if (!data) throw new Error(`draw ${drawId}: chunk ${k.sk} missing`);
      return data;
    }));
  }

  /**
   * One change of a draw: META at `rev` (or, with 'current', whatever revision it is at: read again
   * and retried on a conflict), plus the items `build` returns, the record entries and the owed job.
   * False when META is not at `rev`, when `build` declines, or when another item's condition fails.
   */
  private async change(
    drawId: string,
    rev: number | 'current',
    at: string,
    build: (m: MetaItem, next: number) => { meta?: Partial<MetaItem>; items?: TransactItem[]; entries?: readonly DrawRecordEntry[] } | null,
  ): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const m = await this.metaItem(drawId);
      if (!m || (rev !== 'current' && m.rev !== rev)) return false;
      const next = m.rev + 1;
      const change = build(m, next);
      if (!change) return false;
      const entries = change.entries ?? [];
      const meta: MetaItem = { ...m, ...change.meta, rev: next, logSeq: m.logSeq + entries.length };
      const items = change.items ?? [];
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              this.metaPut(meta, { rev: m.rev }),
              ...items,
              ...entries.map((e, i) => ({
                Put: {
                  TableName: this.table,
                  Item: { ...keys.drawRecord(drawId, m.logSeq + 1 + i), type: 'draw-record', ...e, seq: m.logSeq + 1 + i },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              })),
              owedPut(this.table, drawSubject(drawId), drawJob(drawId), next, at),
            ] as never,
          }),
        );
        return true;
      } catch (err) {
        const codes = cancellationCodes(err);
        if (!codes) throw err;
        const failedItem = codes.slice(1, 1 + items.length).some((c) => c === 'ConditionalCheckFailed');
        if (failedItem) return false;
        if (codes[0] === 'ConditionalCheckFailed' && rev !== 'current') return false;
        await this.backoff(attempt);
      }
    }
    throw new Error(`draw ${drawId}: change did not settle after ${MAX_ATTEMPTS} attempts`);
  }

  async plan(planId: string): Promise<{ rev: number; draws: DrawMeta[] }> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.drawPlan(planId), ConsistentRead: true }));
    const ids = (res.Item?.draws as string[] | undefined) ?? [];
    const draws: DrawMeta[] = [];
    for (const id of ids) {
      const m = await this.metaItem(id);
      if (m) draws.push(publicMeta(m));
    }
    return { rev: (res.Item?.rev as number | undefined) ?? 0, draws };
  }

  async start(meta: DrawMeta, planRev: number): Promise<boolean> {
    const m: MetaItem = { ...meta, rev: 1, logSeq: 0 };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: keys.drawPlan(meta.planId),
                UpdateExpression: 'SET #rev = :next, draws = list_append(if_not_exists(draws, :none), :id), #type = :type, planId = :plan',
                ConditionExpression: planRev === 0 ? 'attribute_not_exists(pk)' : '#rev = :rev',
                ExpressionAttributeNames: { '#rev': 'rev', '#type': 'type' },
                ExpressionAttributeValues: {
                  ':next': planRev + 1,
                  ':none': [],
                  ':id': [meta.drawId],
                  ':type': 'draw-plan',
                  ':plan': meta.planId,
                  ...(planRev === 0 ? {} : { ':rev': planRev }),
                },
              },
            },
            this.metaPut(m, 'new'),
            owedPut(this.table, drawSubject(meta.drawId), drawJob(meta.drawId), 1, meta.requestedAt),
          ] as never,
        }),
      );
      return true;
    } catch (err) {
      if (cancellationCodes(err)) return false;
      throw err;
    }
  }

  async get(drawId: string): Promise<DrawMeta | null> {
    const m = await this.metaItem(drawId);
    return m ? publicMeta(m) : null;
  }

  async list(): Promise<DrawMeta[]> {
    return (await queryAll(this.db, {
      TableName: this.table,
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.drawsIndex },
      ScanIndexForward: false,
    })).map((i) => publicMeta(toMeta(i)));
  }

  fail(drawId: string, rev: number, errors: string[], at: string): Promise<boolean> {
    return this.change(drawId, rev, at, (m) => (m.status === 'pending' ? { meta: { status: 'failed', errors } } : null));
  }

  async commit(drawId: string, rev: number, c: CommittedDraw & { entries: readonly DrawRecordEntry[]; at: string }): Promise<boolean> {
    const m = await this.metaItem(drawId);
    if (!m || m.rev !== rev || m.status !== 'pending') return false;
    // The target library may be large: its chunks go first, under its own hash, outside the transaction.
    const libBlob = keys.drawLibraryBlob(c.commitment.libraryHashes.targets);
    const lib = this.chunkPuts(drawId, libBlob, c.libraries.targets);
    for (const item of lib.items) await this.db.send(new PutCommand((item as { Put: never }).Put));
    const core: Core = {
      commitment: c.commitment,
      seed: c.seed,
      inspectors: c.libraries.inspectors,
      conflicts: c.libraries.conflicts,
      openIds: c.openIds,
    };
    return this.change(drawId, rev, c.at, (cur, next) => {
      if (cur.status !== 'pending') return null;
      const coreBlob = keys.drawCoreBlob(next);
      const corePuts = this.chunkPuts(drawId, coreBlob, core);
      return {
        meta: {
          status: 'committed',
          commitmentHash: c.commitment.hash,
          ...(c.commitment.supersedes ? { supersedes: c.commitment.supersedes } : {}),
          lib: { blob: libBlob, chunks: lib.chunks },
          core: { blob: coreBlob, chunks: corePuts.chunks },
        },
        items: corePuts.items,
        entries: c.entries,
      };
    });
  }

  async committed(drawId: string, opts: { targets?: boolean } = {}): Promise<CommittedDraw | null> {
    const m = await this.metaItem(drawId);
    if (!m?.core || !m.lib) return null;
    const core = await this.readBlob<Core>(drawId, m.core);
    const targets = opts.targets === false ? [] : await this.readBlob<TargetRecord[]>(drawId, m.lib);
    return {
      commitment: core.commitment,
      seed: core.seed,
      libraries: { targets, inspectors: core.inspectors, conflicts: core.conflicts },
      openIds: core.openIds,
    };
  }

  async reveal(drawId: string, rev: number, r: { file: DrawFile; entries: readonly DrawRecordEntry[]; at: string }): Promise<boolean> {
    const m = await this.metaItem(drawId);
    if (!m?.core || m.rev !== rev || m.status !== 'committed') return false;
    const committed = await this.readBlob<Core>(drawId, m.core);
    const superseded = r.file.commitment.supersedes?.drawId;
    const old = superseded ? await this.metaItem(superseded) : null;
    return this.change(drawId, rev, r.at, (cur, next) => {
      if (cur.status !== 'committed') return null;
      const coreBlob = keys.drawCoreBlob(next);
      const corePuts = this.chunkPuts(drawId, coreBlob, {
        ...committed,
        result: r.file.result,
        exceptions: r.file.exceptions,
        effective: r.file.effective,
      } satisfies Core);
      const items = [...corePuts.items];
      if (old && old.supersededBy === undefined) {
        // The replaced draw says so, in the same transaction, and owes its job (its page, its tasks).
        items.push(this.metaPut({ ...old, supersededBy: drawId, rev: old.rev + 1 }, { rev: old.rev }));
        items.push(owedPut(this.table, drawSubject(old.drawId), drawJob(old.drawId), old.rev + 1, r.at));
      }
      return { meta: { status: 'revealed', revealedAt: r.at, core: { blob: coreBlob, chunks: corePuts.chunks } } as Partial<MetaItem>, items, entries: r.entries };
    });
  }

  async file(drawId: string, opts: { targets?: boolean } = {}): Promise<(CommittedDraw & { file: DrawFile }) | null> {
    const m = await this.metaItem(drawId);
    if (!m?.core || !m.lib || m.status !== 'revealed') return null;
    const core = await this.readBlob<Core>(drawId, m.core);
    const targets = opts.targets === false ? [] : await this.readBlob<TargetRecord[]>(drawId, m.lib);
    if (!core.result || !core.exceptions || !core.effective) throw new Error(`draw ${drawId}: revealed without a result`);
    const libraries = { targets, inspectors: core.inspectors, conflicts: core.conflicts };
    return {
      commitment: core.commitment,
      seed: core.seed,
      libraries,
      openIds: core.openIds,
      file: {
        format: DRAW_FILE_FORMAT,
        drawId,
        libraries,
        commitment: core.commitment,
        seed: core.seed,
        result: core.result,
        exceptions: core.exceptions,
        effective: core.effective,
      },
    };
  }

  async markPosted(drawId: string, what: DrawMeta['posted'][number]): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.draw(drawId),
          UpdateExpression: 'SET posted = list_append(if_not_exists(posted, :none), :what)',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(posted) OR NOT contains(posted, :one))',
          ExpressionAttributeValues: { ':none': [], ':what': [what], ':one': what },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  private async queryPartition(drawId: string, prefix: string): Promise<Record<string, unknown>[]> {
    return queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': keys.draw(drawId).pk, ':p': prefix },
      ConsistentRead: true,
    });
  }

  async exceptions(drawId: string): Promise<StoredDrawException[]> {
    return (await this.queryPartition(drawId, 'EXC#')).map((i) => {
      const e = strip<StoredDrawException>(i);
      return { ...e, notified: e.notified ?? [] };
    });
  }

  requestException(drawId: string, rev: number, e: DrawException, entries: readonly DrawRecordEntry[]): Promise<boolean> {
    return this.change(drawId, rev, e.requestedAt, (m) =>
      m.status !== 'revealed'
        ? null
        : {
            items: [
              {
                Put: {
                  TableName: this.table,
                  Item: { ...keys.drawException(drawId, e.id), type: 'draw-exception', ...e, notified: [] },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
            entries,
          },
    );
  }

  markDecision(drawId: string, exceptionId: string, d: PendingDecision): Promise<boolean> {
    return this.change(drawId, 'current', d.at, () => ({
      items: [
        {
          Update: {
            TableName: this.table,
            Key: keys.drawException(drawId, exceptionId),
            UpdateExpression: 'SET pendingDecision = :d REMOVE decisionErrors',
            ConditionExpression: '#status = :requested AND attribute_not_exists(pendingDecision)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':d': d, ':requested': 'requested' },
          },
        },
      ],
    }));
  }

  async decide(
    drawId: string,
    rev: number,
    d: { exception: DrawException; file?: DrawFile; entries: readonly DrawRecordEntry[]; approvedRedraw?: string },
  ): Promise<boolean> {
    const m = await this.metaItem(drawId);
    if (!m?.core || m.rev !== rev) return false;
    const core = d.file ? await this.readBlob<Core>(drawId, m.core) : null;
    const at = d.exception.decidedAt ?? d.exception.requestedAt;
    return this.change(drawId, rev, at, (_cur, next) => {
      const items: TransactItem[] = [
        {
          Put: {
            TableName: this.table,
            Item: { ...keys.drawException(drawId, d.exception.id), type: 'draw-exception', ...d.exception, notified: ['requested'] },
            ConditionExpression: 'attribute_exists(pendingDecision)',
          },
        },
      ];
      const meta: Partial<MetaItem> = {};
      if (d.approvedRedraw !== undefined) meta.approvedRedraw = d.approvedRedraw;
      if (d.file && core) {
        const coreBlob = keys.drawCoreBlob(next);
        const puts = this.chunkPuts(drawId, coreBlob, { ...core, result: d.file.result, exceptions: d.file.exceptions, effective: d.file.effective } satisfies Core);
        items.push(...puts.items);
        meta.core = { blob: coreBlob, chunks: puts.chunks };
      }
      return { meta, items, entries: d.entries };
    });
  }

  async refuseDecision(drawId: string, exceptionId: string, errors: string[]): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.drawException(drawId, exceptionId),
          UpdateExpression: 'SET decisionErrors = :e REMOVE pendingDecision',
          ConditionExpression: 'attribute_exists(pendingDecision)',
          ExpressionAttributeValues: { ':e': errors },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  async markExceptionNotified(drawId: string, exceptionId: string, what: 'requested' | 'decided'): Promise<void> {
    await this.appendOnce(keys.drawException(drawId, exceptionId), 'notified', what);
  }

  private async appendOnce(key: Record<string, string>, field: string, value: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: 'SET #f = list_append(if_not_exists(#f, :none), :v)',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#f) OR NOT contains(#f, :one))',
          ExpressionAttributeNames: { '#f': field },
          ExpressionAttributeValues: { ':none': [], ':v': [value], ':one': value },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  async tasks(drawId: string): Promise<StoredTask[]> {
    return (await this.queryPartition(drawId, 'TASK#')).map((i) => strip<StoredTask>(i)).sort((a, b) => a.position - b.position);
  }

  async task(drawId: string, creditCode: string): Promise<StoredTask | null> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.task(drawId, creditCode), ConsistentRead: true }));
    return res.Item ? strip<StoredTask>(res.Item) : null;
  }

  async syncTasks(drawId: string, tasks: readonly InspectionTask[], closeOthersAs: 'removed' | 'superseded'): Promise<void> {
    const existing = new Map((await this.tasks(drawId)).map((t) => [t.creditCode, t]));
    const wanted = new Set(tasks.map((t) => t.creditCode));
    for (const t of tasks) {
      const cur = existing.get(t.creditCode);
      if (!cur) {
        await this.conditional(new PutCommand({ TableName: this.table, Item: taskItem(drawId, t, []), ConditionExpression: 'attribute_not_exists(pk)' }));
      } else if (cur.status === 'open' && !sameTeam(cur.inspectors, t.inspectors)) {
        await this.conditional(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.task(drawId, t.creditCode),
            UpdateExpression: 'SET inspectors = :i, #position = :p',
            ConditionExpression: '#status = :open',
            ExpressionAttributeNames: { '#status': 'status', '#position': 'position' },
            ExpressionAttributeValues: { ':i': t.inspectors, ':p': t.position, ':open': 'open' },
          }),
        );
      }
    }
    for (const cur of existing.values()) {
      if (wanted.has(cur.creditCode) || cur.status !== 'open') continue;
      await this.conditional(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.task(drawId, cur.creditCode),
          UpdateExpression: 'SET #status = :to REMOVE gsi1pk, gsi1sk',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':to': closeOthersAs, ':open': 'open' },
        }),
      );
    }
  }

  private async conditional(command: PutCommand | UpdateCommand): Promise<void> {
    try {
      await this.db.send(command as never);
    } catch (err) {
      // Someone else did it first (a concurrent run of the same job): the state is what we wanted.
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  async markTaskNotified(drawId: string, creditCode: string, openId: string): Promise<void> {
    await this.appendOnce(keys.task(drawId, creditCode), 'notified', openId);
  }

  recordResult(drawId: string, creditCode: string, result: InspectionResult, entry: DrawRecordEntry): Promise<boolean> {
    return this.change(drawId, 'current', result.recordedAt, () => ({
      items: [
        {
          Update: {
            TableName: this.table,
            Key: keys.task(drawId, creditCode),
            UpdateExpression: 'SET #status = :done, #result = :r REMOVE gsi1pk, gsi1sk',
            ConditionExpression: '#status = :open',
            ExpressionAttributeNames: { '#status': 'status', '#result': 'result' },
            ExpressionAttributeValues: { ':done': 'done', ':r': result, ':open': 'open' },
          },
        },
      ],
      entries: [entry],
    }));
  }

  async markResultPublished(drawId: string, creditCode: string, on: string): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.task(drawId, creditCode),
        UpdateExpression: 'SET #result.publishedOn = :on',
        ConditionExpression: 'attribute_exists(#result) AND attribute_not_exists(#result.publishedOn)',
        ExpressionAttributeNames: { '#result': 'result' },
        ExpressionAttributeValues: { ':on': on },
      }),
    );
  }

  async openTasks(dueBy: string, limit: number): Promise<StoredTask[]> {
    const items = await queryUpTo(
      this.db,
      {
        TableName: this.table,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :to',
        ExpressionAttributeValues: { ':pk': keys.openInspections, ':to': `${dueBy}#\uffff` },
      },
      limit,
    );
    return items.map((i) => strip<StoredTask>(i));
  }

  async records(drawId: string): Promise<StoredDrawRecord[]> {
    return (await this.queryPartition(drawId, 'LOG#')).map((i) => strip<StoredDrawRecord>(i));
  }
}
