/** The documents part of the CaseStore contract against both stores (see document-records.contract.ts). */
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { MemoryCaseStore } from '../../functions/adapters/memory/case-store.ts';
import { freshTable } from '../helpers/db.ts';
import { documentRecordsContract } from './document-records.contract.ts';

documentRecordsContract('DynamoCaseStore on DynamoDB Local', async () => {
  const t = await freshTable();
  return new DynamoCaseStore(t.db, t.tableName);
});
documentRecordsContract('MemoryCaseStore', async () => new MemoryCaseStore());
