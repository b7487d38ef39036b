/** The RosterStore contract against both stores (see roster-store.contract.ts). */
import { DynamoRosterStore } from '../../functions/adapters/dynamodb/roster-store.ts';
import { MemoryRosterStore } from '../../functions/adapters/memory/roster-store.ts';
import { freshTable } from '../helpers/db.ts';
import { rosterStoreContract } from './roster-store.contract.ts';

rosterStoreContract('DynamoRosterStore on DynamoDB Local', async () => {
  const t = await freshTable();
  return new DynamoRosterStore(t.db, t.tableName);
});
rosterStoreContract('MemoryRosterStore', async () => new MemoryRosterStore());
