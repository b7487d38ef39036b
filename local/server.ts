/**
 * Serves the Lambda handlers over HTTP, exactly as API Gateway's HTTP API (payload 2.0) would call them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { cacheControlOf, contentTypeOf, INDEX_PATH, isSitePath, SECURITY_HEADERS } from '../functions/adapters/site/files.ts';
import { localOnlyRefusal } from './loopback-guard.ts';

type Invoke = (event: unknown, context: unknown) => Promise<unknown>;

export interface LocalRoutes {
  webhook: Invoke;
  tick: Invoke;
  ready: () => boolean;
  /** The public disclosure site's files (functions/adapters/site/), served at /public/. */
  publicSite?: (path: string) => Promise<string | null>;
}

export const PUBLIC_PREFIX = '/public/';

/**
 * Any Host: Feishu reaches its routes through a tunnel; /healthz tells nothing; /public/ is the public
 * site (redacted pages, GET only). Every other route is local-only.
 */
const OPEN_ROUTES = new Set(['/feishu/events', '/feishu/cards', '/healthz']);

/** API Gateway's payload limit is 10 MB; past that it answers 413 without calling the function. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

function lambdaContext(name: string) {
  const deadline = Date.now() + 30_000;
  return {
    functionName: name,
    awsRequestId: crypto.randomUUID(),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    callbackWaitsForEmptyEventLoop: false,
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

/**
 * The site's path for a request path under /public/, or null. Only the site's own file names pass,
 * as sent (files.ts): they need no percent-encoding, so nothing is decoded — no `..`, no encoded
 * slash or dot, no other file of the machine.
 */
export function publicSitePath(requestPath: string): string | null {
  const rest = requestPath.slice(PUBLIC_PREFIX.length);
  if (rest === '') return INDEX_PATH;
  // A folder's page (`statistics/<year>/`, `draws/`): its index.html, as CloudFront's directory-index
  // function (infra/constructs/directory-index.ts) and the S3 website endpoint serve it.
  if (rest.endsWith('/')) return isSitePath(`${rest}index.html`) ? `${rest}index.html` : null;
  return isSitePath(rest) ? rest : null;
}

/** A folder named without its slash (`statistics/2025`): redirected to the folder, as CloudFront does. */
function folderWithoutSlash(requestPath: string): boolean {
  const rest = requestPath.slice(PUBLIC_PREFIX.length);
  const last = rest.slice(rest.lastIndexOf('/') + 1);
  return last !== '' && !last.includes('.') && isSitePath(`${rest}/index.html`);
}

async function servePublic(req: IncomingMessage, res: ServerResponse, path: string, read: LocalRoutes['publicSite']) {
  if (path === '/public') {
    // Relative links in the pages resolve against the folder.
    res.writeHead(301, { location: PUBLIC_PREFIX });
    return res.end();
  }
  if (req.method !== 'GET') return send(res, 405, { error: 'method not allowed' }, { allow: 'GET' });
  if (folderWithoutSlash(path)) {
    res.writeHead(301, { location: `${path}/` });
    return res.end();
  }
  const file = publicSitePath(path);
  const body = file && read ? await read(file) : null;
  if (file === null || body === null) return send(res, 404, { error: 'not found' });
  res.writeHead(200, { 'content-type': contentTypeOf(file), 'cache-control': cacheControlOf(file), ...SECURITY_HEADERS });
  res.end(body);
}

function toHttpApiEvent(req: IncomingMessage, path: string, body: Buffer) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  return {
    version: '2.0',
    routeKey: `${req.method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers,
    requestContext: { http: { method: req.method, path, sourceIp: req.socket.remoteAddress ?? '' }, timeEpoch: Date.now() },
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
}

export function createLocalServer(routes: LocalRoutes): Server {
  return createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      if (path === '/public' || path.startsWith(PUBLIC_PREFIX)) return await servePublic(req, res, path, routes.publicSite);
      if (!OPEN_ROUTES.has(path)) {
        const refusal = localOnlyRefusal(req.method ?? 'GET', req.headers);
        if (refusal) return send(res, refusal.status, { error: refusal.error });
      }
      if (req.method === 'GET' && path === '/healthz') {
        return routes.ready() ? send(res, 200, { ok: true }) : send(res, 503, { ok: false });
      }
      if (req.method === 'POST' && (path === '/feishu/events' || path === '/feishu/cards' || path === '/_dev/tick')) {
        if (!routes.ready()) return send(res, 503, { error: 'starting' });
        const body = await readBody(req);
        if (body === null) return send(res, 413, { error: 'request too large' });
        if (path === '/_dev/tick') {
          let input: unknown;
          try {
            input = body.length ? JSON.parse(body.toString('utf8')) : {};
          } catch {
            return send(res, 400, { error: 'body must be JSON like {"now":"2026-11-26T09:00:00+08:00"}' });
          }
          const now = (input as { now?: unknown } | null)?.now;
          if (now !== undefined && (typeof now !== 'string' || Number.isNaN(Date.parse(now)))) {
            return send(res, 400, { error: 'now must be an ISO time' });
          }
          return send(res, 200, await routes.tick(input, lambdaContext('tick')));
        }
        const out = (await routes.webhook(toHttpApiEvent(req, path, body), lambdaContext('webhook'))) as APIGatewayProxyResultV2;
        const r = (typeof out === 'string' ? { statusCode: 200, body: out } : out) as APIGatewayProxyStructuredResultV2;
        return send(res, r.statusCode ?? 200, r.body ?? '', (r.headers ?? {}) as Record<string, string>);
      }
      return send(res, 404, { error: 'not found' });
    } catch (err) {
      console.error(err);
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    }
  });
}
