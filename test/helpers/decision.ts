/**
 * THE DECISION CONTRACT in tests (issues 10, 11, 13): a case put in the state the head's 批准 leaves it
 * in — `status: 'decided'` and `decision: CaseDecision` on its META item — written directly, until
 * issue 10's 批准 (which writes them with the `review.decided` entry) can make it from the cards.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import type { MemoryCaseStore } from '../../functions/adapters/memory/case-store.ts';
import type { Case, CaseDecision } from '../../functions/domain/case/types.ts';
import type { HeadDecision } from '../../functions/domain/review/workflow.ts';

/** The case's decision as 批准 records it, from the review's approved head decision. */
export function caseDecisionOf(d: HeadDecision, major: boolean): CaseDecision {
  return {
    date: d.date,
    decisionType: d.proposal.decisionType,
    amount: d.proposal.amount,
    major,
    round: d.round,
    approvedBy: { openId: d.by.openId, name: d.by.name },
    approvedAt: d.at,
  };
}

/** In the in-memory store (its own map: the store has no method for it until issue 10). */
export function decideInMemory(store: MemoryCaseStore, caseId: string, decision: CaseDecision): void {
  const c = (store as unknown as { cases: Map<string, Case> }).cases.get(caseId);
  if (!c) throw new Error(`no case ${caseId}`);
  c.status = 'decided';
  c.decision = structuredClone(decision);
  c.version += 1;
}

/** In DynamoDB (Local): the META item's status and decision. */
export async function decideInTable(db: DynamoDBDocumentClient, tableName: string, caseId: string, decision: CaseDecision): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.case(caseId),
      UpdateExpression: 'SET #status = :decided, decision = :decision, #version = #version + :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: { ':decided': 'decided', ':decision': decision, ':one': 1 },
    }),
  );
}
