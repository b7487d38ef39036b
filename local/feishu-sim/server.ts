/**
 * The fake Open API's server: route groups (auth, IM messages, cards, resources, contact) under
 * /open-apis, the control routes under /_sim, fault injection and the request log in between.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { controlRoute } from './control.ts';
import { cutAfter, HttpError, type Json, parseJsonObject, readBody, sendJson } from './http.ts';
import { authRoutes, checkAuth } from './routes/auth.ts';
import { cardRoutes } from './routes/cards.ts';
import { contactRoutes } from './routes/contact.ts';
import { fileRoutes } from './routes/files.ts';
import { messageRoutes } from './routes/messages.ts';
import { resourceRoutes } from './routes/resources.ts';
import { uploadRoutes } from './routes/uploads.ts';
import type { OpenApiRoute } from './routes/route.ts';
import { SimState } from './state.ts';
import type { FeishuSim, FeishuSimOptions, SimRequest } from './types.ts';

const JSON_LIMIT = 1024 * 1024;

export async function startFeishuSim(opts: FeishuSimOptions = {}): Promise<FeishuSim> {
  const s = new SimState(opts);
  const routes: OpenApiRoute[] = [...authRoutes(s), ...messageRoutes(s), ...cardRoutes(s), ...resourceRoutes(s), ...contactRoutes(s), ...fileRoutes(s), ...uploadRoutes(s)];

  async function openApi(method: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = url.pathname;
    const limit = routes.find((r) => r.method === method && r.path.test(path))?.maxBody ?? JSON_LIMIT;
    const { buf, tooLarge } = await readBody(req, limit);
    const entry: SimRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      at: s.stamp(),
    };
    s.requestLog.push(entry);
    const reply = (status: number, body: unknown, headers?: Record<string, string>): void => {
      entry.status = status;
      sendJson(res, s.logId(), status, body, headers);
    };

    const fault = s.takeFault(method, path);
    if (fault?.kind === 'error') {
      const code = fault.code ?? (fault.status === 429 ? 99991400 : 1);
      const msg = fault.msg ?? (code === 99991400 ? 'request trigger frequency limit' : 'sim injected fault');
      const headers: Record<string, string> = { ...fault.headers };
      if (fault.status === 429 || code === 99991400) {
        headers['x-ogw-ratelimit-limit'] ??= '50';
        headers['x-ogw-ratelimit-reset'] ??= String(fault.resetSeconds);
      }
      const logId = s.logId();
      entry.status = fault.status;
      return sendJson(res, logId, fault.status, { code, msg, error: { log_id: logId } }, headers);
    }
    if (fault?.kind === 'cut') cutAfter(res, fault.afterBytes);

    if (tooLarge) return reply(413, { code: 9499, msg: 'request body too large' });

    let matched: { route: OpenApiRoute; params: string[] } | undefined;
    for (const route of routes) {
      if (route.method !== method) continue;
      const m = route.path.exec(path);
      if (m) {
        matched = { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
        break;
      }
    }
    if (!matched) return reply(404, { code: 404, msg: `404 page not found: ${method} ${path}` });

    try {
      if (matched.route.auth) checkAuth(s, req.headers.authorization);
      let body: Json = {};
      if (matched.route.json) {
        body = parseJsonObject(buf);
        entry.body = body;
      }
      // A streamed answer is logged with its status as its headers go out, not when the copy ends: the
      // client may have read the last byte before the server's pipeline settles.
      const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
      res.writeHead = ((...a: unknown[]) => {
        entry.status = a[0] as number;
        return writeHead(...a);
      }) as typeof res.writeHead;
      const out = matched.route.run({ params: matched.params, query: url.searchParams, body, raw: buf, req, res });
      if (!(out instanceof Promise)) reply(200, out);
      else {
        // A streamed answer resolves to its status; an asynchronous JSON route (an upload) to its answer.
        const done = await out;
        if (typeof done === 'number') entry.status = done;
        else reply(200, done);
      }
    } catch (e) {
      if (e instanceof HttpError) return reply(e.status, { code: e.code, msg: e.message });
      throw e;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/_sim/')) return controlRoute(s, method, url.pathname, url.searchParams, req, res);
    return openApi(method, url, req, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, s.logId(), 500, { code: 1, msg: `sim internal error: ${(e as Error)?.message ?? String(e)}` });
      else res.destroy();
    });
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    messages: () => s.snapshot(),
    reset: () => s.reset(),
    injectFault: (f) => s.injectFault(f),
    waitForMessages: (n, timeoutMs = 5000) => s.waitForMessages(n, timeoutMs),
    registerInboundMessage: (messageId, chatId) => void s.inbound.set(messageId, chatId),
    registerCardToken: (token, messageId) => void s.cardTokens.set(token, messageId),
    registerResource: (r) => s.resources.registerBytes(r),
    registerResourceFile: (r) => s.resources.registerFile(r),
    addUser: (u) => void s.users.set(u.open_id, { ...u }),
    cardUpdates: () => structuredClone(s.cardUpdates),
    uploadedFiles: () => structuredClone([...s.uploads.values()]),
    uploadedFile: (fileKey) => s.uploadedBytes(fileKey),
    requests: () => structuredClone(s.requestLog),
    uploads: () => s.mediaUploads.map((u) => ({ ...u, bytes: Buffer.from(u.bytes) })),
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        s.releaseWaiters();
        server.close(() => {
          s.resources.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
