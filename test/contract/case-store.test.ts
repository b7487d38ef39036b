/** The CaseStore contract against both stores (see case-store.contract.ts). */
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { MemoryCaseStore } from '../../functions/adapters/memory/case-store.ts';
import { freshTable } from '../helpers/db.ts';
import { caseStoreContract } from './case-store.contract.ts';

caseStoreContract('DynamoCaseStore on DynamoDB Local', async () => {
  const t = await freshTable();
  return new DynamoCaseStore(t.db, t.tableName);
});
caseStoreContract('MemoryCaseStore', async () => new MemoryCaseStore());
