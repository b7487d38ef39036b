import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Feishu gives the acknowledgement path 3 s; the SDK's default retries under throttling take longer
 * than that. Two attempts and short socket timeouts keep a failing answer inside the window.
 */
export const ACK_PATH_CLIENT_CONFIG: DynamoDBClientConfig = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 500, requestTimeout: 1500 },
};

/** The document client every store uses; optional fields left undefined are simply not stored. */
export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return documentClient(new DynamoDBClient(config));
}

export function isConditionalCheckFailed(err: unknown): boolean {
  return (err as { name?: string })?.name === 'ConditionalCheckFailedException';
}
