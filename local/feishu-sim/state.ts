/**
 * What the fake Open API remembers. Tokens and users survive reset(); everything a test produces
 * (messages, resources, faults, registrations, the request log) does not.
 */
import { readFileSync } from 'node:fs';
import { ResourceStore } from './resources.ts';
import type { FeishuSimOptions, SimCardUpdate, SimFault, SimMessage, SimRequest, SimUpload, SimUploadedFile, SimUser } from './types.ts';

/** What a matching request gets instead of being served, or how it is cut. */
export type Fault =
  | { kind: 'error'; status: number; code: number | undefined; msg: string | undefined; resetSeconds: number; headers: Record<string, string> }
  | { kind: 'cut'; afterBytes: number };

interface ArmedFault {
  re: RegExp;
  remaining: number;
  fault: Fault;
}

function toRegExp(match: RegExp | string): RegExp {
  return typeof match === 'string' ? new RegExp(match) : new RegExp(match.source, match.flags.replace(/[gy]/g, ''));
}

export class SimState {
  readonly now: () => number;
  readonly appId: string | undefined;
  readonly appSecret: string | undefined;
  readonly senderAppId: string;
  readonly botOpenId: string;
  readonly botName: string;
  readonly tokenTtlMs: number;
  readonly authFailureStatus: number;

  // Survive reset().
  readonly tokens = new Map<string, number>(); // token -> expiresAt (ms)
  readonly users = new Map<string, SimUser>();
  private seq = 0;
  private logSeq = 0;
  private fileSeq = 0;

  // Cleared by reset().
  messages: SimMessage[] = [];
  byId = new Map<string, SimMessage>();
  uuids = new Map<string, { message_id: string; at: number }>();
  readonly resources = new ResourceStore();
  /** Files the bot uploaded (im/v1/files), by file_key; their bytes are resources of message ''. */
  uploads = new Map<string, SimUploadedFile>();
  private faults: ArmedFault[] = [];
  inbound = new Map<string, string>();
  cardTokens = new Map<string, string>();
  cardUpdates: SimCardUpdate[] = [];
  requestLog: SimRequest[] = [];
  /** Images and files uploaded through im/v1/images and im/v1/files, in order, with their bytes. */
  mediaUploads: SimUpload[] = [];

  private readonly waiters = new Set<{ n: number; done: () => void }>();

  constructor(opts: FeishuSimOptions) {
    this.now = opts.now ?? Date.now;
    this.appId = opts.appId;
    this.appSecret = opts.appSecret;
    this.senderAppId = opts.appId ?? 'cli_sim';
    this.botOpenId = opts.botOpenId ?? 'ou_sim_bot';
    this.botName = opts.botName ?? '执法助手(模拟)';
    this.tokenTtlMs = (opts.tokenTtlSeconds ?? 7200) * 1000;
    this.authFailureStatus = opts.authFailureStatus ?? 400;
    for (const u of opts.users ?? []) this.users.set(u.open_id, { ...u });
  }

  reset(): void {
    this.messages = [];
    this.byId = new Map();
    this.uuids = new Map();
    this.resources.clear();
    this.uploads = new Map();
    this.faults = [];
    this.inbound = new Map();
    this.cardTokens = new Map();
    this.cardUpdates = [];
    this.requestLog = [];
    this.mediaUploads = [];
  }

  stamp(): string {
    return String(this.now());
  }

  nextMessageId(): string {
    this.seq += 1;
    return `om_sim_${this.seq}`;
  }

  nextFileKey(): string {
    this.fileSeq += 1;
    return `file_v3_sim_${this.fileSeq}`;
  }

  /** The bytes of an uploaded file, as uploaded. */
  uploadedBytes(fileKey: string): Buffer | undefined {
    const r = this.uploads.has(fileKey) ? this.resources.get('', fileKey) : undefined;
    return r ? readFileSync(r.path) : undefined;
  }

  logId(): string {
    this.logSeq += 1;
    return `sim${String(this.logSeq).padStart(10, '0')}`;
  }

  snapshot(): SimMessage[] {
    return structuredClone(this.messages);
  }

  record(m: SimMessage): void {
    // A file message serves the uploaded bytes as its resource, as Feishu does.
    const fileKey = m.msg_type === 'file' && typeof (m.content as { file_key?: unknown }).file_key === 'string' ? (m.content as { file_key: string }).file_key : undefined;
    if (fileKey) this.resources.link(m.message_id, fileKey, '');
    this.messages.push(m);
    this.byId.set(m.message_id, m);
    if (m.uuid) this.uuids.set(m.uuid, { message_id: m.message_id, at: this.now() });
    for (const w of [...this.waiters]) if (this.messages.length >= w.n) w.done();
  }

  /** The message an earlier send with this uuid made, within Feishu's one-hour window. */
  dedupe(uuid: string | undefined, windowMs: number): SimMessage | undefined {
    if (!uuid) return undefined;
    const hit = this.uuids.get(uuid);
    if (!hit) return undefined;
    if (this.now() - hit.at > windowMs) {
      this.uuids.delete(uuid);
      return undefined;
    }
    return this.byId.get(hit.message_id);
  }

  waitForMessages(n: number, timeoutMs: number): Promise<SimMessage[]> {
    return new Promise((resolve) => {
      if (this.messages.length >= n) return resolve(this.snapshot());
      const w = {
        n,
        done: () => {
          clearTimeout(timer);
          this.waiters.delete(w);
          resolve(this.snapshot());
        },
      };
      const timer = setTimeout(w.done, timeoutMs);
      this.waiters.add(w);
    });
  }

  /** Resolves every pending waitForMessages (on close). */
  releaseWaiters(): void {
    for (const w of [...this.waiters]) w.done();
  }

  injectFault(f: SimFault): void {
    if (!Number.isInteger(f.count) || f.count < 1) throw new Error(`bad fault count ${f.count}`);
    let fault: Fault;
    if ('afterBytes' in f && f.afterBytes !== undefined) {
      if (!Number.isInteger(f.afterBytes) || f.afterBytes < 0) throw new Error(`bad fault afterBytes ${f.afterBytes}`);
      fault = { kind: 'cut', afterBytes: f.afterBytes };
    } else {
      const e = f as Extract<SimFault, { status: number }>;
      if (!Number.isInteger(e.status) || e.status < 100 || e.status > 599) throw new Error(`bad fault status ${e.status}`);
      fault = { kind: 'error', status: e.status, code: e.code, msg: e.msg, resetSeconds: e.resetSeconds ?? 1, headers: { ...(e.headers ?? {}) } };
    }
    this.faults.push({ re: toRegExp(f.match), remaining: f.count, fault });
  }

  /** The first armed fault matching "METHOD path", counted down. */
  takeFault(method: string, path: string): Fault | undefined {
    const key = `${method} ${path}`;
    const f = this.faults.find((x) => x.remaining > 0 && x.re.test(key));
    if (!f) return undefined;
    f.remaining -= 1;
    if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f.fault;
  }
}
