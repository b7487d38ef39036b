import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { ensureTable } from '../../functions/adapters/dynamodb/table.ts';
import { localDynamoClient } from '../../local/engines.ts';

/** A fresh table in the run's DynamoDB Local. */
export async function freshTable() {
  const client = localDynamoClient(inject('dynamoEndpoint'));
  const tableName = `t-${randomUUID()}`;
  await ensureTable(client, tableName);
  return { client, db: documentClient(client), tableName };
}
