/** The DeadlineStore contract against both stores (see deadline-store.contract.ts). */
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { DynamoDeadlineStore } from '../../functions/adapters/dynamodb/deadline-store.ts';
import { MemoryCaseStore } from '../../functions/adapters/memory/case-store.ts';
import { MemoryDeadlineStore } from '../../functions/adapters/memory/deadline-store.ts';
import { freshTable } from '../helpers/db.ts';
import { deadlineStoreContract } from './deadline-store.contract.ts';

deadlineStoreContract('DynamoDeadlineStore on DynamoDB Local', async () => {
  const t = await freshTable();
  return { store: new DynamoDeadlineStore(t.db, t.tableName), cases: new DynamoCaseStore(t.db, t.tableName) };
});
deadlineStoreContract('MemoryDeadlineStore', async () => {
  const cases = new MemoryCaseStore();
  return { store: new MemoryDeadlineStore(cases), cases };
});
