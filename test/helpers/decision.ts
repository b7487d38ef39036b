/**
 * Puts a case in the state the head's 批准 leaves it in: `status: 'decided'` and `decision:
 * CaseDecision` on the case's META item, written directly, for tests that start from a decision
 * without going through the review's cards — on DynamoDB (Local) as the item is stored, or in the
 * in-memory store.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import type { MemoryCaseStore } from '../../functions/adapters/memory/case-store.ts';
import type { Case, CaseDecision } from '../../functions/domain/case/types.ts';

/** In the in-memory store (its own map: the store writes a decision only with its review entry). */
export function decideInMemory(store: MemoryCaseStore, caseId: string, decision: CaseDecision): void {
  const c = (store as unknown as { cases: Map<string, Case> }).cases.get(caseId);
  if (!c) throw new Error(`no case ${caseId}`);
  c.status = 'decided';
  c.decision = structuredClone(decision);
  c.version += 1;
}

/** A decision with defaults (a fine of 5,000 yuan approved on `date`). */
export function decision(o: Partial<CaseDecision> & { date: string }): CaseDecision {
  return {
    decisionType: '罚款',
    amount: 5000,
    major: false,
    round: 1,
    approvedBy: { openId: 'ou_head', name: '钱局长' },
    approvedAt: `${o.date}T02:00:00.000Z`,
    ...o,
  };
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
