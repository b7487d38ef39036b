/** The ReviewStore contract against both stores (see review-store.contract.ts). */
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { DynamoReviewStore } from '../../functions/adapters/dynamodb/review-store.ts';
import { MemoryCaseStore } from '../../functions/adapters/memory/case-store.ts';
import { MemoryReviewStore } from '../../functions/adapters/memory/review-store.ts';
import { freshTable } from '../helpers/db.ts';
import { reviewStoreContract } from './review-store.contract.ts';

reviewStoreContract('DynamoReviewStore on DynamoDB Local', async () => {
  const t = await freshTable();
  const cases = new DynamoCaseStore(t.db, t.tableName);
  return { cases, reviews: new DynamoReviewStore(t.db, t.tableName, cases) };
});
reviewStoreContract('MemoryReviewStore', async () => {
  const cases = new MemoryCaseStore();
  return { cases, reviews: new MemoryReviewStore(cases) };
});
