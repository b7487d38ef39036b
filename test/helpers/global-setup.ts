/** Starts one DynamoDB Local and one s3rver for the whole run; each test file makes its own table (or bucket). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, startS3 } from '../../local/engines.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
  }
}

interface Engines {
  dynamoEndpoint: string;
  s3Endpoint: string;
  stop(): Promise<void>;
}

// Vitest calls this setup once per project (vitest.config.ts), each time in a module instance of its
// own: the projects share one set of engines through the main process's global object, stopped after
// the last teardown.
const shared = globalThis as typeof globalThis & { __testEngines?: { engines: Promise<Engines>; users: number } };

async function startEngines(): Promise<Engines> {
  const s3Dir = mkdtempSync(join(tmpdir(), 'enf-s3-'));
  const [dynamo, s3] = await Promise.all([
    startDynamoDbLocal(),
    startS3({ directory: s3Dir, buckets: ['evidence-test'] }),
  ]);
  return {
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    async stop() {
      await Promise.all([dynamo.stop(), s3.stop()]);
      rmSync(s3Dir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject) {
  const run = (shared.__testEngines ??= { engines: startEngines(), users: 0 });
  run.users++;
  const e = await run.engines;
  project.provide('dynamoEndpoint', e.dynamoEndpoint);
  project.provide('s3Endpoint', e.s3Endpoint);
  return async () => {
    if (--run.users > 0) return;
    delete shared.__testEngines;
    await e.stop();
  };
}
