import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FollowUp, FollowUpAction, FollowUpPartState } from '../../domain/case/follow-up.ts';
import type { RecordEntry } from '../../domain/case/record.ts';
import type { Case } from '../../domain/case/types.ts';
import { InvalidCursorError } from '../../ports/errors.ts';
import type { CaseStore, CaseSummary, FileCaseRequest, FollowUpRef } from '../../ports/index.ts';
import { isConditionalCheckFailed } from './client.ts';
import { GSI1, keys } from './keys.ts';

/** A conflicting write or a transaction conflict: re-read (the counter, the last record entry) and try again. */
const MAX_FILING_ATTEMPTS = 60;

interface CancellationReason {
  Code?: string;
}

function cancellationCodes(err: unknown): string[] | null {
  const e = err as { name?: string; CancellationReasons?: CancellationReason[] };
  if (e?.name !== 'TransactionCanceledException') return null;
  return (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}

function toCase(item: Record<string, unknown>): Case {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as unknown as Case;
}

function toRecord(item: Record<string, unknown>): RecordEntry {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as unknown as RecordEntry;
}

function toFollowUp(item: Record<string, unknown>): FollowUp {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g, gsi1sk: _s, ...rest } = item;
  return rest as unknown as FollowUp;
}

/** The follow-up item; while pending it is listed in the sparse FOLLOWUP#PENDING partition. */
function followUpItem(f: FollowUp): Record<string, unknown> {
  return {
    ...keys.followUp(f.caseId, f.recordSeq),
    type: 'followup',
    ...f,
    ...(f.status === 'pending'
      ? { gsi1pk: keys.pendingFollowUps, gsi1sk: keys.pendingFollowUpOrder(f.createdAt, f.caseId, f.recordSeq) }
      : {}),
  };
}

export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Cursors come back from the client: accept only a key of the caller's own listing. */
export function decodeCursor(cursor: string, expectedGsi1pk: string): Record<string, string> | undefined {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const ok =
      key && typeof key === 'object' && key.gsi1pk === expectedGsi1pk &&
      ['pk', 'sk', 'gsi1sk'].every((k) => typeof key[k] === 'string' && (key[k] as string).length < 300) &&
      Object.keys(key).length === 4;
    return ok ? (key as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

export class DynamoCaseStore implements CaseStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly backoff: (attempt: number) => Promise<void> = (attempt) =>
      sleep(Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * Math.random()),
  ) {}

  private async caseForForm(formId: string): Promise<Case | null> {
    const form = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.form(formId), ConsistentRead: true }));
    const caseId = form.Item?.caseId as string | undefined;
    return caseId ? this.get(caseId) : null;
  }

  async fileCase(req: FileCaseRequest): Promise<{ created: boolean; case: Case }> {
    const existing = await this.caseForForm(req.formId);
    if (existing) return { created: false, case: existing };

    for (let attempt = 0; attempt < MAX_FILING_ATTEMPTS; attempt++) {
      const counter = await this.db.send(
        new GetCommand({ TableName: this.table, Key: keys.counter(req.year), ConsistentRead: true }),
      );
      const current = (counter.Item?.seq as number | undefined) ?? 0;
      const seq = current + 1;
      const { case: c, record, followUp } = req.build(seq);
      const memberItems = c.officers.map((o) => ({
        Put: {
          TableName: this.table,
          Item: {
            ...keys.member(c.caseId, o.openId),
            type: 'member',
            gsi1pk: keys.openCasesOf(o.openId),
            gsi1sk: `${c.filedAt}#${c.caseId}`,
            openId: o.openId,
            caseId: c.caseId,
            caseNumber: c.caseNumber,
            partyName: c.party.name,
            caseType: c.caseType,
            status: c.status,
            filingDate: c.filingDate,
            filedAt: c.filedAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }));
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table,
                  Key: keys.counter(req.year),
                  UpdateExpression: 'SET seq = :next, #type = :type',
                  ConditionExpression: current === 0 ? 'attribute_not_exists(pk)' : 'seq = :current',
                  ExpressionAttributeNames: { '#type': 'type' },
                  ExpressionAttributeValues: {
                    ':next': seq,
                    ':type': 'counter',
                    ...(current === 0 ? {} : { ':current': current }),
                  },
                },
              },
              {
                Put: {
                  TableName: this.table,
                  Item: { ...keys.case(c.caseId), type: 'case', ...c },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.table,
                  Item: { ...keys.record(c.caseId, record.seq), type: 'record', ...record },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.table,
                  Item: { ...keys.form(req.formId), type: 'form', caseId: c.caseId, at: c.filedAt },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              // What the filing owes (notices, the form's update) is recorded with it, so it cannot be lost.
              { Put: { TableName: this.table, Item: followUpItem(followUp), ConditionExpression: 'attribute_not_exists(pk)' } },
              ...memberItems,
            ],
          }),
        );
        return { created: true, case: c };
      } catch (err) {
        const codes = cancellationCodes(err);
        if (!codes) throw err;
        if (codes[3] === 'ConditionalCheckFailed') {
          // The same form won a concurrent attempt (a double tap): answer with its case.
          const winner = await this.caseForForm(req.formId);
          if (winner) return { created: false, case: winner };
        }
        await this.backoff(attempt);
      }
    }
    throw new Error(`filing did not settle after ${MAX_FILING_ATTEMPTS} attempts`);
  }

  async get(caseId: string): Promise<Case | null> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.case(caseId), ConsistentRead: true }));
    return res.Item ? toCase(res.Item) : null;
  }

  async records(caseId: string): Promise<RecordEntry[]> {
    const items: RecordEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :log)',
          ExpressionAttributeValues: { ':pk': keys.case(caseId).pk, ':log': 'LOG#' },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(res.Items ?? []).map(toRecord));
      start = res.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async getFollowUp(ref: FollowUpRef): Promise<FollowUp | null> {
    const res = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.followUp(ref.caseId, ref.recordSeq), ConsistentRead: true }),
    );
    return res.Item ? toFollowUp(res.Item) : null;
  }

  async markFollowUpPart(ref: FollowUpRef, part: string, from: FollowUpPartState[], to: FollowUpPartState): Promise<boolean> {
    const fromValues = Object.fromEntries(from.map((state, i) => [`:from${i}`, state]));
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.followUp(ref.caseId, ref.recordSeq),
          UpdateExpression: 'SET #parts.#part = :to',
          ConditionExpression: `#parts.#part IN (${Object.keys(fromValues).join(', ')})`,
          ExpressionAttributeNames: { '#parts': 'parts', '#part': part },
          ExpressionAttributeValues: { ':to': to, ...fromValues },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async failFollowUpPart(ref: FollowUpRef, part: string, entry: Omit<RecordEntry, 'seq'>): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_FILING_ATTEMPTS; attempt++) {
      const seq = (await this.lastRecordSeq(ref.caseId)) + 1;
      const record: RecordEntry = { ...entry, caseId: ref.caseId, seq };
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table,
                  Key: keys.followUp(ref.caseId, ref.recordSeq),
                  UpdateExpression: 'SET #parts.#part = :failed',
                  ConditionExpression: '#parts.#part = :pending',
                  ExpressionAttributeNames: { '#parts': 'parts', '#part': part },
                  ExpressionAttributeValues: { ':failed': 'failed', ':pending': 'pending' },
                },
              },
              {
                // Gapless: the entry takes the next number, and only if nobody took it meanwhile.
                Put: {
                  TableName: this.table,
                  Item: { ...keys.record(ref.caseId, seq), type: 'record', ...record },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        return true;
      } catch (err) {
        const codes = cancellationCodes(err);
        if (!codes) throw err;
        if (codes[0] === 'ConditionalCheckFailed') return false;
        await this.backoff(attempt);
      }
    }
    throw new Error(`record entry did not settle after ${MAX_FILING_ATTEMPTS} attempts`);
  }

  async completeFollowUp(ref: FollowUpRef): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.followUp(ref.caseId, ref.recordSeq),
          UpdateExpression: 'SET #status = :done REMOVE gsi1pk, gsi1sk',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': 'done', ':pending': 'pending' },
        }),
      );
    } catch (err) {
      // Already done (a concurrent run finished it): nothing to do.
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  async pendingFollowUps(createdBefore: string, limit: number): Promise<(FollowUpRef & { action: FollowUpAction })[]> {
    const out: (FollowUpRef & { action: FollowUpAction })[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
          ExpressionAttributeValues: { ':pk': keys.pendingFollowUps, ':before': createdBefore },
          ProjectionExpression: 'caseId, recordSeq, #action',
          ExpressionAttributeNames: { '#action': 'action' },
          Limit: limit - out.length,
          ExclusiveStartKey: start,
        }),
      );
      for (const i of res.Items ?? []) {
        out.push({ caseId: i.caseId as string, recordSeq: i.recordSeq as number, action: i.action as FollowUpAction });
      }
      start = res.LastEvaluatedKey;
    } while (start && out.length < limit);
    return out;
  }

  private async lastRecordSeq(caseId: string): Promise<number> {
    const res = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :log)',
        ExpressionAttributeValues: { ':pk': keys.case(caseId).pk, ':log': 'LOG#' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
        ProjectionExpression: 'sk',
      }),
    );
    const sk = res.Items?.[0]?.sk as string | undefined;
    return sk ? Number(sk.slice('LOG#'.length)) : 0;
  }

  async listOpenForUser(openId: string, page: { limit: number; cursor?: string }) {
    const gsi1pk = keys.openCasesOf(openId);
    const start = page.cursor ? decodeCursor(page.cursor, gsi1pk) : undefined;
    if (page.cursor && !start) throw new InvalidCursorError('cursor does not belong to this listing');
    const res = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': gsi1pk },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: start,
      }),
    );
    const items: CaseSummary[] = (res.Items ?? []).map((i) => ({
      caseId: i.caseId as string,
      caseNumber: i.caseNumber as string,
      partyName: i.partyName as string,
      caseType: i.caseType as CaseSummary['caseType'],
      status: i.status as CaseSummary['status'],
      filingDate: i.filingDate as string,
      filedAt: i.filedAt as string,
    }));
    let nextCursor: string | undefined;
    if (res.LastEvaluatedKey && items.length === page.limit) {
      // Only offer a next page when one exists, so the last page has no dead "下一页" button.
      const probe = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': gsi1pk },
          ScanIndexForward: false,
          Limit: 1,
          ExclusiveStartKey: res.LastEvaluatedKey,
          ProjectionExpression: 'pk',
        }),
      );
      if ((probe.Items ?? []).length > 0) nextCursor = encodeCursor(res.LastEvaluatedKey);
    }
    return { items, nextCursor };
  }
}
