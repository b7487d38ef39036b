/**
 * The control routes over HTTP, for a fake Open API in another process (`tsx local/feishu-sim.ts`,
 * spawnFeishuSim): what FeishuSim offers in-process, asynchronously.
 */
import { Agent, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { spawnTsx } from '../child-process.ts';
import type { SimCardUpdate, SimFault, SimMessage, SimRequest, SimResourceInfo, SimResourceMeta, SimUser } from './types.ts';

export class SimClient {
  /** Keep-alive: a stack sends one registration per message job (node:http costs less CPU than fetch). */
  private readonly agent = new Agent({ keepAlive: true });

  constructor(readonly url: string) {}

  private request(method: 'GET' | 'POST', path: string, contentType: string | null, body: Buffer | Readable | null): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        `${this.url}${path}`,
        { method, agent: this.agent, headers: contentType ? { 'content-type': contentType } : {} },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (body === null || Buffer.isBuffer(body)) req.end(body ?? undefined);
      else body.on('error', (e) => req.destroy(e)).pipe(req);
    });
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = method === 'POST' ? await this.request('POST', path, 'application/json', Buffer.from(JSON.stringify(body ?? {}))) : await this.request('GET', path, null, null);
    if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return JSON.parse(res.text) as T;
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
    const res = await this.request('POST', `/_sim/resources?${query}`, 'application/octet-stream', body);
    const json = JSON.parse(res.text) as { error?: string } & SimResourceInfo;
    if (res.status !== 201) throw new Error(`POST /_sim/resources answered ${res.status}: ${json.error ?? ''}`);
    return { size: json.size, sha256: json.sha256 };
  }

  /** Ends the kept-alive connections. */
  close(): void {
    this.agent.destroy();
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
export async function spawnFeishuSim(opts: { appId?: string; appSecret?: string; host?: string } = {}): Promise<SimProcess> {
  const child = await spawnTsx(
    fileURLToPath(new URL('../feishu-sim.ts', import.meta.url)),
    {
      FEISHU_SIM_PORT: '0',
      FEISHU_SIM_HOST: opts.host ?? '127.0.0.1',
      ...(opts.appId ? { FEISHU_APP_ID: opts.appId } : {}),
      ...(opts.appSecret ? { FEISHU_APP_SECRET: opts.appSecret } : {}),
    },
    /feishu-sim listening on (\S+)/,
  );
  const client = new SimClient(child.url);
  return {
    url: child.url,
    client,
    pid: child.pid,
    stop: async () => {
      client.close();
      await child.stop();
    },
  };
}
