/** The ListStore and WorkOutbox contracts against both stores (see list-store.contract.ts). */
import { DynamoListStore } from '../../functions/adapters/dynamodb/list-store.ts';
import { DynamoWorkOutbox } from '../../functions/adapters/dynamodb/work-outbox.ts';
import { MemoryListStore } from '../../functions/adapters/memory/list-store.ts';
import { freshTable } from '../helpers/db.ts';
import { listStoreContract } from './list-store.contract.ts';

listStoreContract('DynamoListStore on DynamoDB Local', async () => {
  const t = await freshTable();
  return { store: new DynamoListStore(t.db, t.tableName), outbox: new DynamoWorkOutbox(t.db, t.tableName) };
});
listStoreContract('MemoryListStore', async () => {
  const store = new MemoryListStore();
  return { store, outbox: store.outbox };
});
