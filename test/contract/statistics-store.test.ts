/** The StatisticsStore contract against both implementations (see statistics-store.contract.ts). */
import { DynamoStatisticsStore } from '../../functions/adapters/dynamodb/statistics-store.ts';
import { MemoryStatisticsStore } from '../../functions/adapters/memory/statistics-store.ts';
import { freshTable } from '../helpers/db.ts';
import { statisticsStoreContract } from './statistics-store.contract.ts';

statisticsStoreContract('DynamoStatisticsStore on DynamoDB Local', async () => {
  const t = await freshTable();
  return new DynamoStatisticsStore(t.db, t.tableName);
});
statisticsStoreContract('MemoryStatisticsStore', async () => new MemoryStatisticsStore());
