/** The EventMarkers contract against both implementations (see event-markers.contract.ts). */
import { DynamoEventMarkers } from '../../functions/adapters/dynamodb/event-markers.ts';
import { MemoryEventMarkers } from '../../functions/adapters/memory/event-markers.ts';
import { freshTable } from '../helpers/db.ts';
import { eventMarkersContract } from './event-markers.contract.ts';

eventMarkersContract('DynamoEventMarkers on DynamoDB Local', async () => {
  const t = await freshTable();
  return new DynamoEventMarkers(t.db, t.tableName);
});
eventMarkersContract('MemoryEventMarkers', async () => new MemoryEventMarkers());
