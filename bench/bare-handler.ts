/**
 * The baseline for the module-load comparison in bench/run.ts: the least a DynamoDB-backed Lambda
 * handler can load. It only imports the DynamoDB document client and creates one at module scope.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async () => ({ statusCode: 200, body: db ? '{}' : '' });
