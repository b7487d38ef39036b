import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { silentLogger } from '../../functions/config/logger.ts';
import { type RunningStack, type StackOptions, startStack } from '../../local/stack.ts';

/** A whole offline stack on free ports, with its own table in the run's shared DynamoDB Local. */
export function startTestStack(opts: StackOptions = {}): Promise<RunningStack> {
  return startStack({
    port: 0,
    simPort: 0,
    dataDir: null,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `t-${randomUUID()}`,
    log: silentLogger,
    ...opts,
  });
}
