/**
 * GET /public/ on the bot port serves the public site's files (functions/adapters/site/) and nothing
 * else: the site's own paths only, as sent (no traversal, no decoding), their content types, cache and
 * security headers, GET only, 404 for everything else. It is public, so any Host may read it.
 */
import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestStack } from '../helpers/stack.ts';

const getStack = useTestStack();

/** A request with the path exactly as given: fetch and URL parsing would resolve `..` first. */
function raw(path: string, opts: { method?: string; headers?: Record<string, string> } = {}) {
  const { hostname, port } = new URL(getStack().botUrl);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  await getStack().site.apply({
    put: new Map([
      ['decisions/2026-000001-1.html', '<!doctype html><p>决定</p>'],
      ['index.html', '<!doctype html><p>目录</p>'],
      ['feed.json', '{"version":"https://jsonfeed.org/version/1.1","items":[]}'],
    ]),
    remove: [],
  });
});

describe('GET /public/', () => {
  it('serves the index at /public/ and /public/index.html, a decision page and the feed, with their headers', async () => {
    for (const path of ['/public/', '/public/index.html', '/public/?utm=x']) {
      const res = await raw(path);
      expect(res.status, path).toBe(200);
      expect(res.text).toBe('<!doctype html><p>目录</p>');
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('public, max-age=60');
    }
    const page = await raw('/public/decisions/2026-000001-1.html');
    expect(page).toMatchObject({ status: 200, text: '<!doctype html><p>决定</p>' });
    expect(page.headers['cache-control']).toBe('public, max-age=300');
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const feed = await raw('/public/feed.json');
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    expect(JSON.parse(feed.text)).toMatchObject({ items: [] });
  });

  it('redirects /public to /public/, where the pages’ relative links resolve', async () => {
    const res = await raw('/public');
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/public/');
  });

  it('answers 404 for anything that is not one of the site’s files, traversal included', async () => {
    for (const path of [
      '/public/../package.json',
      '/public/..%2fpackage.json',
      '/public/%2e%2e/package.json',
      '/public/decisions/../../package.json',
      '/public/decisions/..%2F..%2Fpackage.json',
      '/public/decisions%2F2026-000001-1.html',
      '/public//etc/passwd',
      '/public/%2Fetc%2Fpasswd',
      '/public/index.html%00',
      '/public/decisions\\..\\..\\package.json',
      '/public/decisions/',
      '/public/decisions/2026-000009-1.html',
      '/public/feed.json/',
      '/public/stack.json',
      '/public/.env',
      '/public/%E0%A4%A',
    ]) {
      const res = await raw(path);
      expect(res.status, path).toBe(404);
      expect(res.text, path).toBe('{"error":"not found"}');
    }
  });

  it('takes GET only', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await raw('/public/index.html', { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe('GET');
    }
  });

  it('is public: any Host and Origin may read it (the pages are what the bureau publishes)', async () => {
    const res = await raw('/public/index.html', { headers: { host: 'gongkai.example.gov.cn', origin: 'https://elsewhere.example' } });
    expect(res.status).toBe(200);
    // The development routes stay local-only.
    const dev = await raw('/_dev/tick', { method: 'POST', headers: { host: 'gongkai.example.gov.cn', 'content-type': 'application/json' } });
    expect(dev.status).toBe(403);
  });
});
