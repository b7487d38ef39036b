import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The acknowledgement path's DynamoDB client. Feishu gives it 3 s; the SDK's defaults (3 attempts, no
 * timeouts) can wait forever on a connection that was accepted and never answered. Each attempt is cut
 * off at 500 ms — `throwOnRequestTimeout` makes that an error; without it @smithy/node-http-handler only
 * logs a warning — and there are two attempts: a hung call fails in about 1 s (two timeouts and a
 * backoff of at most 50 ms; a throttled one backs off up to 1 s). A DynamoDB round trip in the region
 * takes a few milliseconds. handleFeishuPush's deadline bounds the sum of the calls.
 */
export const ACK_PATH_CLIENT_CONFIG: DynamoDBClientConfig = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 300, requestTimeout: 500, throwOnRequestTimeout: true },
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
