/**
 * `npm run bench:evidence`: ingest of a 10 MB and a 100 MB file through the local stack, side by side
 * (peak memory and throughput against a plain stream copy). It prints a table and, last, one JSON line; it asserts nothing.
 *
 * The parent starts DynamoDB Local and s3rver (so neither is in the measured process) and runs one
 * `node` child per size. Each child runs the whole offline stack (local/stack.ts: the webhook, the
 * worker in-process, the fake Open API), files a case over HTTP as Feishu sends it, sets it as the
 * current case, ingests a 1 MB file to warm up, then sends the measured file as a signed, encrypted
 * `im.message.receive_v1` push and waits for the receipt: download through the Feishu SDK, SHA-256
 * while streaming, multipart upload to s3rver, the item and its sealed entry in DynamoDB.
 *
 * The file comes from a small HTTP server of the bench's own on the same path (the fake Open API would
 * serve it from a file on disk, which the plain-copy baseline would then read from the page cache) (`GET /open-apis/im/v1/messages/:id/resources/:key`), which generates the
 * bytes as it sends them (never held whole) and passes every other Open API call to the fake.
 *
 * Measured in the child: its peak RSS (`process.resourceUsage().maxRSS`, the kernel's figure for the
 * whole process) at the receipt, and the peak V8 heap + ArrayBuffers sampled every 5 ms during the
 * ingest; the time from the push to the receipt. Then, in the same child, a plain stream copy of the
 * same bytes (HTTP GET from the same server piped to a file) for the throughput baseline.
 *
 * Options: --sizes 10,100 (MB, MiB really)
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../functions/config/logger.ts';
import { startDynamoDbLocal, startS3 } from '../local/engines.ts';
import { type RunningStack, startStack } from '../local/stack.ts';
import { cardAction, feishuRequest, messageEvent, USERS, validFilingForm } from '../test/helpers/feishu.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

// ---------------------------------------------------------------------------------------------
// The bytes: a fixed 1 MiB block, each 64 KiB chunk stamped with its index, so every file of a size
// is the same bytes and no two chunks are equal. Generated as sent.

const BLOCK = (() => {
  const out = Buffer.alloc(MiB);
  let h = createHash('sha256').update('bench:evidence').digest();
  for (let off = 0; off < MiB; off += h.length) {
    h.copy(out, off);
    h = createHash('sha256').update(h).digest();
  }
  return out;
})();

function chunkAt(index: number, size: number): Buffer {
  const start = (index * CHUNK) % MiB;
  const b = Buffer.from(BLOCK.subarray(start, start + size));
  b.writeUInt32BE(index, 0);
  return b;
}

function generated(total: number): Readable {
  let index = 0;
  let sent = 0;
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      if (sent >= total) return void this.push(null);
      const n = Math.min(CHUNK, total - sent);
      sent += n;
      this.push(chunkAt(index++, n));
    },
  });
}

function sha256Of(total: number): string {
  const h = createHash('sha256');
  for (let i = 0, sent = 0; sent < total; i++) {
    const n = Math.min(CHUNK, total - sent);
    h.update(chunkAt(i, n));
    sent += n;
  }
  return h.digest('hex');
}

// ---------------------------------------------------------------------------------------------
// The child: one size, the whole stack in this process

/** Serves generated resources at the Open API's path; passes everything else to the fake. */
async function resourceServer(sizes: Map<string, number>, fake: () => string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench.invalid');
    const m = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/.exec(url.pathname);
    const total = m ? sizes.get(m[2] as string) : undefined;
    if (req.method === 'GET' && total !== undefined) {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(total), 'content-disposition': 'attachment; filename="bench.mp4"' });
      generated(total).pipe(res);
      return;
    }
    const up = new URL(req.url ?? '/', fake());
    const forward = http.request(up, { method: req.method, headers: { ...req.headers, host: up.host } }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function post(stack: RunningStack, path: string, payload: unknown): Promise<Record<string, any>> {
  const { body, headers } = feishuRequest(payload);
  const res = await fetch(`${stack.botUrl}${path}`, { method: 'POST', body, headers });
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as Record<string, any>;
}

async function child(sizeMiB: number): Promise<void> {
  const dynamoEndpoint = option('dynamo') as string;
  const s3Endpoint = option('s3') as string;
  const sizes = new Map<string, number>();
  let simUrl = '';
  const files = await resourceServer(sizes, () => simUrl);
  const stack = await startStack({
    port: 0,
    simPort: 0,
    dataDir: null,
    dynamoEndpoint,
    tableName: `bench-${process.pid}`,
    s3Endpoint,
    bucket: `bench-${process.pid}`,
    log: silentLogger,
    feishuDomain: (url) => {
      simUrl = url;
      return files.url;
    },
  });
  try {
    // A case of 张三 and 李四, filed over HTTP, and made 张三's current case in his chat with the bot.
    const chatId = `oc_p2p_${USERS.zhang}`;
    await post(stack, '/feishu/events', messageEvent({ openId: USERS.zhang, text: '立案', chatId }));
    await stack.jobs.idle();
    const form = stack.sim.messages().at(-1);
    const formId = /"form_id":"([^"]+)"/.exec(JSON.stringify(form?.content))?.[1];
    const filed = await post(stack, '/feishu/cards', cardAction({ openId: USERS.zhang, value: { action: 'case.file', form_id: formId }, formValue: validFilingForm(), messageId: form?.message_id, chatId }));
    const number = /〔(\d{4})〕(\d+)号/.exec(String(filed.toast?.content));
    if (!number) throw new Error(`filing failed: ${JSON.stringify(filed)}`);
    const caseId = `${number[1]}-${String(number[2]).padStart(6, '0')}`;
    await stack.jobs.idle();
    await post(stack, '/feishu/cards', cardAction({ openId: USERS.zhang, value: { action: 'case.current', case_id: caseId }, messageId: form?.message_id, chatId }));

    let n = 0;
    const ingest = async (bytes: number): Promise<{ ms: number; sha256: string }> => {
      n += 1;
      const key = `file_v3_bench_${n}`;
      sizes.set(key, bytes);
      const before = stack.sim.messages().length;
      const started = performance.now();
      await post(stack, '/feishu/events', messageEvent({ openId: USERS.zhang, chatId, messageType: 'media', content: JSON.stringify({ file_key: key, file_name: `bench-${n}.mp4` }) }));
      await stack.jobs.idle();
      const ms = performance.now() - started;
      const receipt = stack.sim.messages().slice(before).find((m) => JSON.stringify(m.content).includes('证据回执'));
      const sha256 = /[0-9a-f]{64}/.exec(JSON.stringify(receipt?.content ?? ''))?.[0];
      if (!sha256) throw new Error(`no receipt for ${bytes} bytes: ${JSON.stringify(stack.sim.messages().slice(before)).slice(0, 400)}`);
      return { ms, sha256 };
    };

    await ingest(1 * MiB); // warm-up: modules, clients, token
    const total = sizeMiB * MiB;
    const base = process.memoryUsage();
    let peakHeap = base.heapUsed + base.arrayBuffers;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers);
    }, 5);
    const run = await ingest(total);
    clearInterval(sampler);
    const maxRssKiB = process.resourceUsage().maxRSS;
    const expected = sha256Of(total);
    if (run.sha256 !== expected) throw new Error(`receipt hash ${run.sha256} is not the bytes' ${expected}`);

    // The baseline: the same bytes from the same server, piped to a file.
    const dir = mkdtempSync(join(tmpdir(), 'bench-evidence-'));
    let copyMs: number;
    try {
      const started = performance.now();
      const res = await fetch(`${files.url}/open-apis/im/v1/messages/om_copy/resources/file_v3_bench_${n}?type=file`);
      await pipeline(Readable.fromWeb(res.body as never), createWriteStream(join(dir, 'copy')));
      copyMs = performance.now() - started;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    process.stdout.write(
      `${JSON.stringify({
        sizeMiB,
        ingestMs: r1(run.ms),
        copyMs: r1(copyMs),
        maxRssMiB: r1(maxRssKiB / 1024),
        peakHeapGrowthMiB: r1((peakHeap - base.heapUsed - base.arrayBuffers) / MiB),
        baseRssMiB: r1(base.rss / MiB),
      })}\n`,
    );
  } finally {
    await stack.stop();
    await files.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The parent

function runChild(sizeMiB: number, dynamo: string, s3: string): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(sizeMiB), '--dynamo', dynamo, '--s3', s3];
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 600_000);
    p.once('close', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`child ${sizeMiB} MiB failed (${code}): ${err.slice(-1500)}`));
      try {
        resolve(JSON.parse(line) as Record<string, number>);
      } catch {
        reject(new Error(`child ${sizeMiB} MiB: unexpected output ${out.slice(-400)}`));
      }
    });
  });
}

async function parent(): Promise<void> {
  const sizes = (option('sizes') ?? '10,100').split(',').map(Number);
  const s3Dir = mkdtempSync(join(tmpdir(), 'bench-evidence-s3-'));
  const [dynamo, s3] = await Promise.all([startDynamoDbLocal(), startS3({ directory: s3Dir, buckets: [] })]);
  try {
    const results: Record<string, number>[] = [];
    for (const size of sizes) results.push(await runChild(size, dynamo.endpoint, s3.endpoint));
    const mbps = (mib: number, ms: number) => r1((mib * MiB) / 1e6 / (ms / 1000));
    console.log(`\nEvidence ingest through the local stack (${availableParallelism()} cores, load average ${loadavg().map(r2).join(' ')})\n`);
    console.log('| file | ingest (push → receipt) | plain stream copy | ingest / copy | peak RSS of the process | peak heap + buffers growth |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const r of results) {
      const size = r.sizeMiB as number;
      console.log(
        `| ${size} MiB | ${r2((r.ingestMs as number) / 1000)} s, ${mbps(size, r.ingestMs as number)} MB/s | ${r2((r.copyMs as number) / 1000)} s, ${mbps(size, r.copyMs as number)} MB/s | ${r2((r.copyMs as number) / (r.ingestMs as number))} | ${r.maxRssMiB} MiB | ${r.peakHeapGrowthMiB} MiB |`,
      );
    }
    const small = results.find((r) => r.sizeMiB === 10);
    const large = results.find((r) => r.sizeMiB === 100);
    const ratio = small && large ? r2((large.maxRssMiB as number) / (small.maxRssMiB as number)) : undefined;
    if (ratio !== undefined) console.log(`\npeak RSS 100 MiB / 10 MiB: ${ratio}× (target ≤ 1.2×: ${ratio <= 1.2 ? 'met' : 'NOT met'})`);
    console.log(JSON.stringify({ bench: 'evidence-ingest', results, peakRssRatio: ratio }));
  } finally {
    await Promise.all([dynamo.stop(), s3.stop()]);
    rmSync(s3Dir, { recursive: true, force: true });
  }
}

const childSize = option('child');
if (childSize) await child(Number(childSize));
else await parent();
