/** The DrawStore and InspectionLibraryStore contracts against both stores (see draw-store.contract.ts). */
import { DynamoDrawStore } from '../../functions/adapters/dynamodb/draw-store.ts';
import { DynamoInspectionLibraryStore } from '../../functions/adapters/dynamodb/library-store.ts';
import { DynamoWorkOutbox } from '../../functions/adapters/dynamodb/work-outbox.ts';
import { MemoryDrawStore } from '../../functions/adapters/memory/draw-store.ts';
import { MemoryInspectionLibraryStore } from '../../functions/adapters/memory/library-store.ts';
import { freshTable } from '../helpers/db.ts';
import { drawStoreContract } from './draw-store.contract.ts';

drawStoreContract('DynamoDrawStore on DynamoDB Local', async () => {
  const t = await freshTable();
  return {
    store: new DynamoDrawStore(t.db, t.tableName),
    outbox: new DynamoWorkOutbox(t.db, t.tableName),
    library: new DynamoInspectionLibraryStore(t.db, t.tableName),
  };
});
drawStoreContract('MemoryDrawStore', async () => {
  const store = new MemoryDrawStore();
  return { store, outbox: store.outbox, library: new MemoryInspectionLibraryStore() };
});
