/** Streams, a private s3rver and a request recorder for the evidence adapters' tests. */
import type { S3Client } from '@aws-sdk/client-s3';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createEvidenceS3Client } from '../../functions/adapters/s3/client.ts';
import { startS3 } from '../../local/engines.ts';

export const MiB = 1024 * 1024;

/** Deterministic bytes (so a second call gives the same file) of any length. */
export function bytesOf(length: number, seed = 1): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
export const sha256b64 = (b: Uint8Array): string => createHash('sha256').update(b).digest('base64');

/** The buffer as a network-like stream: 64 KiB chunks, each a fresh copy. */
export function streamOf(data: Buffer, chunk = 64 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += chunk) yield Buffer.from(data.subarray(i, i + chunk));
    })(),
  );
}

/** Random bytes generated on the fly (never held whole); reports the SHA-256 of what it produced. */
export function generatedStream(total: number, chunk = 64 * 1024): { stream: Readable; digest: () => string } {
  const hash = createHash('sha256');
  let produced = 0;
  const stream = new Readable({
    read() {
      if (produced >= total) return void this.push(null);
      const b = randomBytes(Math.min(chunk, total - produced));
      produced += b.length;
      hash.update(b);
      this.push(b);
    },
  });
  return { stream, digest: () => hash.digest('hex') };
}

/** `data` as a stream that fails with `error` once `after` bytes have been read. */
export function failingStream(data: Buffer, after: number, error = new Error('connection reset by peer')): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= after) return void this.destroy(error);
      const n = Math.min(64 * 1024, after - sent);
      this.push(Buffer.from(data.subarray(sent, sent + n)));
      sent += n;
    },
  });
}

export interface SentCommand {
  command: string;
  input: Record<string, unknown>;
}

/** Records every command the client sends (before it goes out, so failed ones count too). */
export function recordCommands(client: S3Client): SentCommand[] {
  const sent: SentCommand[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      // Bodies are not kept (a recorder must not hold the file in memory); their length is.
      const { Body, ...input } = args.input as Record<string, unknown>;
      if (Body !== undefined) input.BodyLength = (Body as Uint8Array).length;
      sent.push({ command: String(context.commandName).replace(/Command$/, ''), input });
      return next(args);
    },
    { step: 'initialize', name: 'recordCommandsForTest' },
  );
  return sent;
}

export interface PrivateS3 {
  endpoint: string;
  bucket: string;
  client: S3Client;
  /** Every key in the bucket (staging included). */
  keys(): Promise<string[]>;
  stop(): Promise<void>;
}

/** An s3rver of the test file's own, so "nothing left in the bucket" is about this file's writes only. */
export async function privateS3(bucket = 'evidence'): Promise<PrivateS3> {
  const directory = mkdtempSync(join(tmpdir(), 'enf-evidence-'));
  const s3 = await startS3({ directory, buckets: [bucket] });
  const client = createEvidenceS3Client({ endpoint: s3.endpoint });
  // Its own client, so looking does not show up among the commands a test records.
  const inspector = createEvidenceS3Client({ endpoint: s3.endpoint });
  return {
    endpoint: s3.endpoint,
    bucket,
    client,
    async keys() {
      const res = await inspector.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (res.Contents ?? []).map((o) => o.Key as string).sort();
    },
    async stop() {
      client.destroy();
      inspector.destroy();
      await s3.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * The same, with s3rver in a child process: memory measured in this process is then the adapter's
 * and the SDK's alone, not the stand-in's (which buffers request chunks on its side of the socket).
 */
export async function childProcessS3(bucket = 'evidence'): Promise<PrivateS3> {
  const directory = mkdtempSync(join(tmpdir(), 'enf-evidence-'));
  const engines = new URL('../../local/engines.ts', import.meta.url).href;
  const code = `import { startS3 } from ${JSON.stringify(engines)};
const s = await startS3({ directory: ${JSON.stringify(directory)}, buckets: [${JSON.stringify(bucket)}] });
console.log(s.endpoint);
process.stdin.on('end', () => s.stop().then(() => process.exit(0)));
process.stdin.resume();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => reject(new Error(`s3rver child exited (${c})`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  const client = createEvidenceS3Client({ endpoint });
  return {
    endpoint,
    bucket,
    client,
    async keys() {
      const res = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (res.Contents ?? []).map((o) => o.Key as string).sort();
    },
    async stop() {
      client.destroy();
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin!.end(); // the child stops s3rver and exits when its stdin closes
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
