import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FollowUp, FollowUpAction, FollowUpPartState } from '../../domain/case/follow-up.ts';
import { type ChainHead, type NewRecord, type RecordEntry, sealNext } from '../../domain/case/record.ts';
import type { Case, CaseDisclosure, CaseService } from '../../domain/case/types.ts';
import type { EvidenceItem } from '../../domain/dossier/evidence.ts';
import type { Activity } from '../../domain/dossier/vocabulary.ts';
import { ACCESS_ACTIONS } from '../../domain/record/actions.ts';
import { headOf } from '../../domain/record/chain.ts';
import { InvalidCursorError } from '../../ports/errors.ts';
import type {
  ActivityChangeOutcome,
  AppendResult,
  ArchiveLock,
  AttachOutcome,
  PaymentOutcome,
  BeginArchiveOutcome,
  CaseStore,
  CaseSummary,
  FileCaseRequest,
  FollowUpRef,
  RecordContent,
} from '../../ports/index.ts';
import type { DraftedKind } from '../../domain/documents/model.ts';
import type { DocumentDetail } from '../../domain/documents/record.ts';
import type { CorrectionRequest, RecordDocumentOutcome, StoredDocument } from '../../ports/documents.ts';
import { isConditionalCheckFailed } from './client.ts';
import { GSI1, keys } from './keys.ts';
import { queryAll, queryUpTo } from './query.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One append: the entry, and what else the transaction writes with it. */
export interface AppendPlan {
  content: RecordContent;
  once?: string;
  /** The archive's own entry: allowed while the case is being archived (by that archive). */
  archiveLockAt?: string;
  /** Further items of the same transaction, given the sealed entry and the case as read. */
  items?: (entry: RecordEntry, meta: Record<string, unknown>) => TransactItem[];
  /** Further changes to the case META item in the same update (`SET` and `REMOVE` clauses). */
  metaSet?: string[];
  metaRemove?: string[];
  names?: Record<string, string>;
  values?: Record<string, unknown>;
  /**
   * A check of the case as read, before sealing: false refuses the append (`item`, index -1), nothing written.
   * The transaction is conditioned on the head read with it, so the check holds when the write lands.
   */
  guard?: (meta: Record<string, unknown>) => boolean;
}

/** `item`: one of the plan's own items failed its condition (its index among them). */
/** `item`: one of the plan's items failed its condition (`index`), or its guard refused (`index` -1). */
export type AppendAttempt = AppendResult | { ok: false; reason: 'item'; index: number };

function sealed(caseId: string, head: ChainHead | undefined, content: RecordContent): RecordEntry {
  const entry = sealNext(caseId, head, content);
  // A detail of the wrong shape is a programming error, never a user's: fail loudly.
  if (!entry.ok) throw new Error(`record entry not sealed: ${entry.errors.join('; ')}`);
  return entry.value;
}

/** A case is served once: the once key of its `decision.served` entry. */
const SERVICE_ONCE = 'decision.served';

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

/** `case.disclosure`'s fields are kept flat on META (each step sets its own, so two steps never overwrite each other). */
const DISCLOSURE_FIELDS = {
  publishedOn: 'disclosurePublishedOn',
  withdrawal: 'disclosureWithdrawal',
  withdrawnOn: 'disclosureWithdrawnOn',
  takenDownOn: 'disclosureTakenDownOn',
  publishRequested: 'disclosurePublishRequested',
} as const;

function toCase(item: Record<string, unknown>): Case {
  const {
    pk: _pk,
    sk: _sk,
    type: _type,
    archiving: _archiving,
    gsi1pk: _g,
    gsi1sk: _s,
    disclosureDone: _done,
    disclosurePublishedOn,
    disclosureWithdrawal,
    disclosureWithdrawnOn,
    disclosureTakenDownOn,
    disclosurePublishRequested,
    finePaidFen,
    finePaidCount,
    finePaidLastOn,
    ...rest
  } = item;
  const disclosure: CaseDisclosure = {
    ...(disclosurePublishedOn !== undefined ? { publishedOn: disclosurePublishedOn as string } : {}),
    ...(disclosureWithdrawal !== undefined ? { withdrawal: disclosureWithdrawal as CaseDisclosure['withdrawal'] } : {}),
    ...(disclosureWithdrawnOn !== undefined ? { withdrawnOn: disclosureWithdrawnOn as string } : {}),
    ...(disclosureTakenDownOn !== undefined ? { takenDownOn: disclosureTakenDownOn as string } : {}),
    ...(disclosurePublishRequested !== undefined ? { publishRequested: disclosurePublishRequested as CaseDisclosure['publishRequested'] } : {}),
  };
  return {
    ...(rest as unknown as Case),
    ...(Object.keys(disclosure).length > 0 ? { disclosure } : {}),
    ...(finePaidFen !== undefined
      ? {
          finePaid: {
            fen: finePaidFen as number,
            count: (finePaidCount as number | undefined) ?? 0,
            ...(typeof finePaidLastOn === 'string' ? { lastOn: finePaidLastOn } : {}),
          },
        }
      : {}),
  };
}

function toEvidence(item: Record<string, unknown>): EvidenceItem {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g, gsi1sk: _s, ...rest } = item;
  return rest as unknown as EvidenceItem;
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
      const { case: built, record: content, followUp } = req.build(seq);
      // The filing entry starts the case's hash chain; the case keeps its head.
      const { caseId: _caseId, ...firstContent } = content;
      const record = sealed(built.caseId, undefined, firstContent);
      const c: Case = { ...built, logHead: headOf(record) };
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
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :log)',
      ExpressionAttributeValues: { ':pk': keys.case(caseId).pk, ':log': 'LOG#' },
      ConsistentRead: true,
    });
    return items.map(toRecord);
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

  async failFollowUpPart(ref: FollowUpRef, part: string, entry: NewRecord): Promise<boolean> {
    const { caseId: _caseId, ...content } = entry;
    const result = await this.append(ref.caseId, {
      content,
      items: () => [
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
      ],
    });
    // Not pending any more (someone else settled it), or the case refuses changes: nothing recorded.
    return result.ok;
  }

  /**
   * Appends one sealed entry: reads the case's head, seals after it, and writes the entry, the head's
   * move and the plan's items in one transaction conditioned on that head (and, for a change, on the
   * case being neither archived nor locked for archiving). A lost race re-reads and seals again.
   */
  private async append(caseId: string, plan: AppendPlan): Promise<AppendAttempt> {
    const access = ACCESS_ACTIONS.includes(plan.content.action);
    for (let attempt = 0; attempt < MAX_FILING_ATTEMPTS; attempt++) {
      const read = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.case(caseId), ConsistentRead: true }));
      const meta = read.Item;
      if (!meta) return { ok: false, reason: 'not_found' };
      if (plan.once !== undefined) {
        const earlier = await this.onceEntry(caseId, plan.once);
        if (earlier) return { ok: true, entry: earlier, created: false };
      }
      if (!access && meta.status === 'archived') return { ok: false, reason: 'archived' };
      const lock = meta.archiving as ArchiveLock | undefined;
      if (!access && lock && lock.at !== plan.archiveLockAt) return { ok: false, reason: 'archiving' };
      if (plan.guard && !plan.guard(meta)) return { ok: false, reason: 'item', index: -1 };
      const head = meta.logHead as ChainHead | undefined;
      if (!head) throw new Error(`case ${caseId} has no record head`);
      const entry = sealed(caseId, head, plan.content);

      const conditions = ['#head.#seq = :prevSeq', '#head.#hash = :prevHash'];
      if (!access) conditions.push('#status <> :archived');
      if (!access && plan.archiveLockAt === undefined) conditions.push('attribute_not_exists(archiving)');
      if (plan.archiveLockAt !== undefined) conditions.push('archiving.#at = :lockAt');
      const items: TransactItem[] = [
        {
          Put: {
            TableName: this.table,
            Item: { ...keys.record(caseId, entry.seq), type: 'record', ...entry },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: this.table,
            Key: keys.case(caseId),
            UpdateExpression: [`SET #head = :head${(plan.metaSet ?? []).map((x) => `, ${x}`).join('')}`, ...(plan.metaRemove?.length ? [`REMOVE ${plan.metaRemove.join(', ')}`] : [])].join(' '),
            ConditionExpression: conditions.join(' AND '),
            ExpressionAttributeNames: {
              '#head': 'logHead',
              '#seq': 'seq',
              '#hash': 'hash',
              ...(access ? {} : { '#status': 'status' }),
              ...(plan.archiveLockAt !== undefined ? { '#at': 'at' } : {}),
              ...plan.names,
            },
            ExpressionAttributeValues: {
              ':head': headOf(entry),
              ':prevSeq': head.seq,
              ':prevHash': head.hash,
              ...(access ? {} : { ':archived': 'archived' }),
              ...(plan.archiveLockAt !== undefined ? { ':lockAt': plan.archiveLockAt } : {}),
              ...plan.values,
            },
          },
        },
      ];
      if (plan.once !== undefined) {
        items.push({
          Put: {
            TableName: this.table,
            Item: { ...keys.recordOnce(caseId, plan.once), type: 'once', seq: entry.seq },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        });
      }
      const base = items.length;
      items.push(...(plan.items?.(entry, meta) ?? []));
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: items }));
        return { ok: true, entry, created: true };
      } catch (err) {
        const codes = cancellationCodes(err);
        if (!codes) throw err;
        const own = codes.slice(base).findIndex((c) => c === 'ConditionalCheckFailed');
        if (own >= 0) return { ok: false, reason: 'item', index: own };
        // The head moved, the case changed state, the once key was taken, or a transaction conflict: read again.
        await this.backoff(attempt);
      }
    }
    throw new Error(`record entry did not settle after ${MAX_FILING_ATTEMPTS} attempts`);
  }

  /**
   * The append of `append`, for the stores of other items in the case partition (the review state):
   * their items and META changes join the entry's transaction. Not part of the CaseStore port.
   */
  appendWith(caseId: string, plan: AppendPlan): Promise<AppendAttempt> {
    return this.append(caseId, plan);
  }

  private async onceEntry(caseId: string, key: string): Promise<RecordEntry | null> {
    const once = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.recordOnce(caseId, key), ConsistentRead: true }));
    const seq = once.Item?.seq as number | undefined;
    if (seq === undefined) return null;
    const entry = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.record(caseId, seq), ConsistentRead: true }));
    return entry.Item ? toRecord(entry.Item) : null;
  }

  async appendRecord(caseId: string, content: RecordContent, opts: { once?: string } = {}): Promise<AppendResult> {
    const result = await this.append(caseId, { content, ...(opts.once !== undefined ? { once: opts.once } : {}) });
    if (!result.ok && result.reason === 'item') throw new Error('append without items failed an item condition');
    return result as AppendResult;
  }

  async attachEvidence(item: EvidenceItem, content: RecordContent): Promise<AttachOutcome> {
    const known = await this.getEvidence(item.caseId, item.evidenceId);
    if (known) return { kind: 'exists', item: known };
    const note = item.mediaKind === 'note';
    if (!note) {
      const match = await this.hashOwner(item.caseId, item.sha256);
      if (match) return { kind: 'duplicate', match };
    }
    const result = await this.append(item.caseId, {
      content,
      items: () => [
        {
          Put: {
            TableName: this.table,
            Item: {
              ...keys.evidence(item.caseId, item.evidenceId),
              type: 'evidence',
              gsi1pk: keys.caseEvidence(item.caseId),
              gsi1sk: keys.caseEvidenceOrder(item.receivedAt, item.evidenceId),
              ...item,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        // The same bytes once per case: two uploads of one file race to this condition.
        ...(note
          ? []
          : [
              {
                Put: {
                  TableName: this.table,
                  Item: { ...keys.evidenceHash(item.caseId, item.sha256), type: 'evidence-hash', evidenceId: item.evidenceId },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ]),
      ],
    });
    if (result.ok) return { kind: 'attached', item, entry: result.entry };
    if (result.reason !== 'item') return { kind: 'refused', reason: result.reason };
    if (result.index === 0) {
      const existing = await this.getEvidence(item.caseId, item.evidenceId);
      if (existing) return { kind: 'exists', item: existing };
    }
    const match = await this.hashOwner(item.caseId, item.sha256);
    if (match) return { kind: 'duplicate', match };
    throw new Error(`evidence ${item.evidenceId}: a condition failed but nothing matches`);
  }

  private async hashOwner(caseId: string, sha256: string): Promise<EvidenceItem | null> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.evidenceHash(caseId, sha256), ConsistentRead: true }));
    const id = res.Item?.evidenceId as string | undefined;
    return id ? this.getEvidence(caseId, id) : null;
  }

  async getEvidence(caseId: string, evidenceId: string): Promise<EvidenceItem | null> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.evidence(caseId, evidenceId), ConsistentRead: true }));
    return res.Item ? toEvidence(res.Item) : null;
  }

  async evidenceItems(caseId: string): Promise<EvidenceItem[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ev)',
      ExpressionAttributeValues: { ':pk': keys.case(caseId).pk, ':ev': 'EVIDENCE#' },
      ConsistentRead: true,
    });
    return items.map(toEvidence);
  }

  async listEvidence(caseId: string, page: { limit: number; cursor?: string }): Promise<{ items: EvidenceItem[]; nextCursor?: string }> {
    const gsi1pk = keys.caseEvidence(caseId);
    const start = page.cursor ? decodeCursor(page.cursor, gsi1pk) : undefined;
    if (page.cursor && !start) throw new InvalidCursorError('cursor does not belong to this listing');
    const query = (limit: number, from: Record<string, unknown> | undefined, projection?: string) =>
      this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': gsi1pk },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: from,
          ...(projection ? { ProjectionExpression: projection } : {}),
        }),
      );
    const res = await query(page.limit, start);
    const items = (res.Items ?? []).map(toEvidence);
    let nextCursor: string | undefined;
    if (res.LastEvaluatedKey && items.length === page.limit) {
      // Only offer a next page when one exists.
      const probe = await query(1, res.LastEvaluatedKey, 'pk');
      if ((probe.Items ?? []).length > 0) nextCursor = encodeCursor(res.LastEvaluatedKey);
    }
    return { items, ...(nextCursor ? { nextCursor } : {}) };
  }

  async changeEvidenceActivity(caseId: string, evidenceId: string, from: Activity, to: Activity, content: RecordContent): Promise<ActivityChangeOutcome> {
    const result = await this.append(caseId, {
      content,
      items: () => [
        {
          Update: {
            TableName: this.table,
            Key: keys.evidence(caseId, evidenceId),
            UpdateExpression: 'SET activity = :to',
            ConditionExpression: 'attribute_exists(pk) AND activity = :from',
            ExpressionAttributeValues: { ':to': to, ':from': from },
          },
        },
      ],
    });
    if (result.ok) {
      const item = await this.getEvidence(caseId, evidenceId);
      return { ok: true, item: item as EvidenceItem, entry: result.entry };
    }
    if (result.reason !== 'item') return { ok: false, reason: result.reason };
    return { ok: false, reason: (await this.getEvidence(caseId, evidenceId)) ? 'changed' : 'not_found' };
  }

  async recordService(caseId: string, service: CaseService, content: RecordContent): Promise<AppendResult> {
    const result = await this.append(caseId, {
      content,
      once: SERVICE_ONCE,
      metaSet: ['#service = :service'],
      names: { '#service': 'service' },
      values: { ':service': service },
    });
    if (!result.ok && result.reason === 'item') throw new Error('service: an item failed a condition it does not have');
    return result as AppendResult;
  }

  async recordPayment(caseId: string, payment: { paymentId: string; amountFen: number; limitFen: number; paidOn: string }, content: RecordContent): Promise<PaymentOutcome> {
    let before = { fen: 0, count: 0 };
    const result = await this.append(caseId, {
      content,
      once: `payment:${payment.paymentId}`,
      // Two top-level numbers so one update can add to them whether or not they exist yet.
      metaSet: ['finePaidFen = if_not_exists(finePaidFen, :zero) + :fen', 'finePaidCount = if_not_exists(finePaidCount, :zero) + :one', 'finePaidLastOn = :paidOn'],
      values: { ':zero': 0, ':fen': payment.amountFen, ':one': 1, ':paidOn': payment.paidOn },
      guard: (meta) => {
        before = { fen: (meta.finePaidFen as number | undefined) ?? 0, count: (meta.finePaidCount as number | undefined) ?? 0 };
        return before.fen + payment.amountFen <= payment.limitFen;
      },
    });
    if (result.ok && result.created) return { ...result, paid: { fen: before.fen + payment.amountFen, count: before.count + 1, lastOn: payment.paidOn } };
    const now = await this.get(caseId);
    const paid = now?.finePaid ?? { fen: 0, count: 0 };
    if (result.ok) return { ...result, paid };
    if (result.reason === 'item') return { ok: false, reason: 'exceeds', paid };
    return { ok: false, reason: result.reason };
  }

  async activateDisclosure(caseId: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.case(caseId),
          UpdateExpression: 'SET gsi1pk = :pk, gsi1sk = :sk',
          ConditionExpression: 'attribute_exists(decision) AND attribute_not_exists(disclosureDone)',
          ExpressionAttributeValues: { ':pk': keys.activeDisclosures, ':sk': caseId },
        }),
      );
    } catch (err) {
      // No decision yet, or done for good: nothing to publish.
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  async activeDisclosures(): Promise<Case[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.activeDisclosures },
    });
    return items.map(toCase);
  }

  async recordDisclosure(caseId: string, step: { set: Partial<CaseDisclosure>; done?: boolean }, content: RecordContent, once: string): Promise<AppendResult> {
    const metaSet: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    for (const [field, attribute] of Object.entries(DISCLOSURE_FIELDS) as [keyof CaseDisclosure, string][]) {
      const v = step.set[field];
      if (v === undefined) continue;
      metaSet.push(`#d_${field} = :d_${field}`);
      names[`#d_${field}`] = attribute;
      values[`:d_${field}`] = v;
    }
    if (step.done) {
      metaSet.push('disclosureDone = :done');
      values[':done'] = true;
    }
    const result = await this.append(caseId, {
      content,
      once,
      metaSet,
      ...(step.done ? { metaRemove: ['gsi1pk', 'gsi1sk'] } : {}),
      names,
      values,
    });
    if (!result.ok && result.reason === 'item') throw new Error('disclosure: an item failed a condition it does not have');
    return result as AppendResult;
  }

  async beginArchive(caseId: string, lock: ArchiveLock): Promise<BeginArchiveOutcome> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.case(caseId),
          UpdateExpression: 'SET archiving = :lock',
          ConditionExpression:
            'attribute_exists(pk) AND #status <> :archived AND attribute_not_exists(archiving) AND #head.#seq = :seq AND #head.#hash = :hash',
          ExpressionAttributeNames: { '#status': 'status', '#head': 'logHead', '#seq': 'seq', '#hash': 'hash' },
          ExpressionAttributeValues: { ':lock': lock, ':archived': 'archived', ':seq': lock.head.seq, ':hash': lock.head.hash },
        }),
      );
      return { ok: true, lock, resumed: false };
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
    const meta = (await this.db.send(new GetCommand({ TableName: this.table, Key: keys.case(caseId), ConsistentRead: true }))).Item;
    if (!meta) return { ok: false, reason: 'not_found' };
    if (meta.status === 'archived') return { ok: false, reason: 'archived' };
    if (meta.archiving) return { ok: true, lock: meta.archiving as ArchiveLock, resumed: true };
    return { ok: false, reason: 'changed' };
  }

  async completeArchive(caseId: string, lockAt: string, content: RecordContent): Promise<AppendResult> {
    const result = await this.append(caseId, {
      content,
      archiveLockAt: lockAt,
      metaSet: ['#status = :archived', '#version = #version + :one'],
      metaRemove: ['archiving'],
      names: { '#version': 'version' },
      values: { ':one': 1 },
      // Off the officers' open lists: an archived case is no longer open.
      items: (_entry, meta) =>
        ((meta.officers as { openId: string }[] | undefined) ?? []).map((o) => ({
          Update: {
            TableName: this.table,
            Key: keys.member(caseId, o.openId),
            UpdateExpression: 'SET #status = :archived REMOVE gsi1pk, gsi1sk',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':archived': 'archived' },
          },
        })),
    });
    if (!result.ok && result.reason === 'item') throw new Error('archive: a listing item failed a condition it does not have');
    return result as AppendResult;
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
    const items = await queryUpTo(
      this.db,
      {
        TableName: this.table,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
        ExpressionAttributeValues: { ':pk': keys.pendingFollowUps, ':before': createdBefore },
        ProjectionExpression: 'caseId, recordSeq, #action',
        ExpressionAttributeNames: { '#action': 'action' },
      },
      limit,
    );
    return items.map((i) => ({ caseId: i.caseId as string, recordSeq: i.recordSeq as number, action: i.action as FollowUpAction }));
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

  // Documents (issue 13)

  async reserveDocumentNumber(caseId: string, documentId: string, counter: { kind: DraftedKind; year: number }, format: (seq: number) => string): Promise<string> {
    const reservationKey = keys.documentNumber(caseId, documentId);
    const reserved = async () =>
      (await this.db.send(new GetCommand({ TableName: this.table, Key: reservationKey, ConsistentRead: true }))).Item?.number as string | undefined;
    for (let attempt = 0; attempt < MAX_FILING_ATTEMPTS; attempt++) {
      const earlier = await reserved();
      if (earlier !== undefined) return earlier;
      const counterKey = keys.documentCounter(counter.kind, counter.year);
      const read = await this.db.send(new GetCommand({ TableName: this.table, Key: counterKey, ConsistentRead: true }));
      const current = (read.Item?.seq as number | undefined) ?? 0;
      const seq = current + 1;
      const number = format(seq);
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table,
                  Key: counterKey,
                  UpdateExpression: 'SET seq = :next, #type = :type',
                  ConditionExpression: current === 0 ? 'attribute_not_exists(pk)' : 'seq = :current',
                  ExpressionAttributeNames: { '#type': 'type' },
                  ExpressionAttributeValues: { ':next': seq, ':type': 'document-counter', ...(current === 0 ? {} : { ':current': current }) },
                },
              },
              {
                Put: {
                  TableName: this.table,
                  Item: { ...reservationKey, type: 'document-number', caseId, documentId, kind: counter.kind, year: counter.year, seq, number },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        return number;
      } catch (err) {
        // Another document took the number, or this one's reservation was made meanwhile: read again.
        if (!cancellationCodes(err)) throw err;
        await this.backoff(attempt);
      }
    }
    throw new Error(`document number did not settle after ${MAX_FILING_ATTEMPTS} attempts`);
  }

  async documentVersions(caseId: string): Promise<StoredDocument[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :doc)',
      ExpressionAttributeValues: { ':pk': keys.case(caseId).pk, ':doc': 'DOC#' },
      ConsistentRead: true,
    });
    return items.map(toDocument);
  }

  async recordDocument(caseId: string, madeAt: string, content: RecordContent & { detail: DocumentDetail }): Promise<RecordDocumentOutcome> {
    const d = content.detail;
    const key = keys.document(caseId, d.documentId, d.version);
    const stored = async (): Promise<StoredDocument | null> => {
      const res = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
      return res.Item ? toDocument(res.Item) : null;
    };
    const result = await this.append(caseId, {
      content,
      once: documentOnceKey(d),
      items: (entry) => [
        {
          Put: {
            TableName: this.table,
            Item: { ...key, type: 'document', ...documentItem(caseId, madeAt, content, entry.seq) },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    });
    if (result.ok) {
      if (result.created) return { ok: true, document: documentItem(caseId, madeAt, content, result.entry.seq), created: true };
      const doc = await stored();
      if (!doc) throw new Error(`document ${d.documentId} v${d.version}: recorded without its item`);
      return { ok: true, document: doc, created: false };
    }
    if (result.reason === 'item') {
      const doc = await stored();
      if (doc) return { ok: true, document: doc, created: false };
      throw new Error(`document ${d.documentId} v${d.version}: a condition failed but nothing matches`);
    }
    return { ok: false, reason: result.reason };
  }

  async requestCorrection(caseId: string, request: CorrectionRequest): Promise<{ request: CorrectionRequest; created: boolean }> {
    const key = keys.correction(caseId, request.documentId, request.version);
    try {
      await this.db.send(new PutCommand({ TableName: this.table, Item: { ...key, type: 'correction', ...request }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return { request, created: true };
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    const { documentId, version, reason, by, at } = res.Item as unknown as CorrectionRequest;
    return { request: { documentId, version, reason, by, at }, created: false };
  }

  async markDocumentDelivered(caseId: string, documentId: string, version: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.document(caseId, documentId, version),
          UpdateExpression: 'SET delivered = :yes',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':yes': true },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }
}

/** One entry per document version, however often its job runs. */
export const documentOnceKey = (d: Pick<DocumentDetail, 'documentId' | 'version'>) => `doc:${d.documentId}:v${d.version}`;

function documentItem(caseId: string, madeAt: string, content: RecordContent & { detail: DocumentDetail }, seq: number): StoredDocument {
  return { ...content.detail, caseId, seq, madeAt, recordedAt: content.at, actor: content.actor };
}

function toDocument(item: Record<string, unknown>): StoredDocument {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as unknown as StoredDocument;
}
