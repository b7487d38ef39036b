import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
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
    // The run's s3rver, a bucket of this stack's own: one file's cases never show up in another's listing.
    s3Endpoint: inject('s3Endpoint'),
    bucket: `t-${randomUUID()}`,
    log: silentLogger,
    ...opts,
  });
}

/**
 * One stack for the test file: started before its tests, stopped after; each test starts with the
 * previous test's jobs finished and the fake Open API empty.
 */
export function useTestStack(opts: StackOptions = {}): () => RunningStack {
  let stack: RunningStack | undefined;
  beforeAll(async () => {
    stack = await startTestStack(opts);
  });
  afterAll(async () => {
    await stack?.stop();
  });
  beforeEach(async () => {
    await stack?.jobs.idle();
    stack?.sim.reset();
  });
  return () => {
    if (!stack) throw new Error('the test stack is not running');
    return stack;
  };
}
