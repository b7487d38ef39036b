/**
 * Puts a case in the state issue 10's 批准 leaves it in (THE DECISION CONTRACT): `status: 'decided'`
 * and `decision: CaseDecision` on the case's META item. Until issue 10 lands the cards cannot make
 * it, so the tests that start from a decision write those fields here — on DynamoDB (Local) as the
 * item is stored, or in the in-memory store.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import type { MemoryCaseStore } from '../../functions/adapters/memory/case-store.ts';
import type { Case, CaseDecision } from '../../functions/domain/case/types.ts';

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

export async function decideInTable(db: DynamoDBDocumentClient, tableName: string, caseId: string, d: CaseDecision): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.case(caseId),
      UpdateExpression: 'SET #status = :decided, decision = :d',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':decided': 'decided', ':d': d },
    }),
  );
}

export function decideInMemory(store: MemoryCaseStore, caseId: string, d: CaseDecision): void {
  const c = (store as unknown as { cases: Map<string, Case> }).cases.get(caseId);
  if (!c) throw new Error(`no case ${caseId}`);
  c.status = 'decided';
  c.decision = structuredClone(d);
}
