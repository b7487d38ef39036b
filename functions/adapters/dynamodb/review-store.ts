/**
 * The review state (one `REVIEW` item in the case partition) and the cards sent for each round. Every
 * step is one transaction through the case store's append: the entry sealed after the log head, the
 * REVIEW item conditioned on the version read, and on 批准 the case META's status and decision.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseDecision } from '../../domain/case/types.ts';
import { emptyReviewState, type ReviewState } from '../../domain/review/workflow.ts';
import type { RecordContent, ReviewCardKind, ReviewCardRef, ReviewCommit, ReviewStore } from '../../ports/index.ts';
import type { DynamoCaseStore } from './case-store.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';

function toState(item: Record<string, unknown>): ReviewState {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as unknown as ReviewState;
}

export class DynamoReviewStore implements ReviewStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly cases: DynamoCaseStore,
  ) {}

  async get(caseId: string): Promise<ReviewState> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.review(caseId), ConsistentRead: true }));
    return res.Item ? toState(res.Item) : emptyReviewState(caseId);
  }

  async commit(next: ReviewState, entry: RecordContent, decision?: CaseDecision): Promise<ReviewCommit> {
    const first = next.version === 1;
    const result = await this.cases.appendWith(next.caseId, {
      content: entry,
      ...(decision
        ? {
            metaSet: ['#status = :decided', '#decision = :decision', '#version = #version + :one'],
            names: { '#decision': 'decision', '#version': 'version' },
            values: { ':decided': 'decided', ':decision': decision, ':one': 1 },
          }
        : {}),
      items: () => [
        {
          Put: {
            TableName: this.table,
            Item: { ...keys.review(next.caseId), type: 'review', ...next },
            // The optimistic lock: the state this step was computed from is still the stored one.
            ConditionExpression: first ? 'attribute_not_exists(pk)' : '#v = :prev',
            ...(first ? {} : { ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':prev': next.version - 1 } }),
          },
        },
      ],
    });
    if (result.ok) return { ok: true, entry: result.entry };
    return { ok: false, reason: result.reason === 'item' ? 'conflict' : result.reason };
  }

  async rememberCard(caseId: string, card: ReviewCardRef): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.table, Item: { ...keys.reviewCard(caseId, card.round, card.kind, card.openId), type: 'review-card', ...card } }),
    );
  }

  async cards(caseId: string, round: number, kind?: ReviewCardKind): Promise<ReviewCardRef[]> {
    return (await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.review(caseId).pk, ':prefix': `${keys.reviewCardsOf(round)}${kind ? `${kind}#` : ''}` },
      ConsistentRead: true,
    })).map((i) => ({ round: i.round as number, kind: i.kind as ReviewCardKind, openId: i.openId as string, messageId: i.messageId as string }));
  }
}
