/**
 * The control routes over HTTP, for a fake Open API in another process (`tsx local/feishu-sim.ts`,
 * spawnFeishuSim): what FeishuSim offers in-process, asynchronously.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import type { SimCardUpdate, SimFault, SimMessage, SimRequest, SimResourceInfo, SimResourceMeta, SimUser } from './types.ts';

export class SimClient {
  constructor(readonly url: string) {}

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  messages(): Promise<SimMessage[]> {
    return this.call('GET', '/_sim/messages');
  }
  cardUpdates(): Promise<SimCardUpdate[]> {
    return this.call('GET', '/_sim/card-updates');
  }
  requests(): Promise<SimRequest[]> {
    return this.call('GET', '/_sim/requests');
  }
  async reset(): Promise<void> {
    await this.call('POST', '/_sim/reset');
  }
  async injectFault(f: SimFault): Promise<void> {
    await this.call('POST', '/_sim/faults', { ...f, match: typeof f.match === 'string' ? f.match : f.match.source });
  }
  async registerInboundMessage(message_id: string, chat_id: string): Promise<void> {
    await this.call('POST', '/_sim/inbound', { message_id, chat_id });
  }
  async registerCardToken(token: string, message_id: string): Promise<void> {
    await this.call('POST', '/_sim/card-tokens', { token, message_id });
  }
  async addUser(u: SimUser): Promise<void> {
    await this.call('POST', '/_sim/users', u);
  }

  /** Streams the bytes to POST /_sim/resources (over 100 MB is refused). */
  async uploadResource(meta: SimResourceMeta, body: Readable | Buffer): Promise<SimResourceInfo> {
    const query = new URLSearchParams({ message_id: meta.message_id, file_key: meta.file_key, type: meta.type });
    if (meta.file_name) query.set('file_name', meta.file_name);
    if (meta.content_type) query.set('content_type', meta.content_type);
    const res = await fetch(`${this.url}/_sim/resources?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: body as unknown as RequestInit['body'],
      duplex: 'half',
    } as RequestInit);
    const json = (await res.json()) as { ok: boolean; error?: string } & SimResourceInfo;
    if (res.status !== 201) throw new Error(`POST /_sim/resources answered ${res.status}: ${json.error ?? ''}`);
    return { size: json.size, sha256: json.sha256 };
  }
}

export interface SimProcess {
  url: string;
  client: SimClient;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Runs the fake Open API in a process of its own (on any free port), so its work — the card validator
 * above all — does not share an event loop with the bot: as on Lambda, where Feishu is elsewhere.
 */
export function spawnFeishuSim(opts: { appId?: string; appSecret?: string; host?: string } = {}): Promise<SimProcess> {
  const entry = fileURLToPath(new URL('../feishu-sim.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: {
      ...process.env,
      FEISHU_SIM_PORT: '0',
      FEISHU_SIM_HOST: opts.host ?? '127.0.0.1',
      ...(opts.appId ? { FEISHU_APP_ID: opts.appId } : {}),
      ...(opts.appSecret ? { FEISHU_APP_SECRET: opts.appSecret } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()).length > 4000 && (stderr = stderr.slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /feishu-sim listening on (\S+)/.exec(out);
      if (!m?.[1]) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({ url: m[1], client: new SimClient(m[1]), pid: child.pid ?? 0, stop });
    };
    child.stdout.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`feishu-sim exited (code ${code}, signal ${signal}) before listening: ${stderr.slice(-800)}`)));
  });
}
