/**
 * The site's files, the same for every store: which paths exist (nothing else can be written or
 * served: no traversal, no personal data in a URL), their content types and cache headers, and the
 * order a run's changes are written in.
 */
import { FEED_PATH, INDEX_PATH } from '../../domain/disclosure/html.ts';
import { PublicSiteError, type SiteChanges } from '../../ports/public-site.ts';

export { FEED_PATH, INDEX_PATH };

/** The publisher's environment: the site bucket's name (set by infra/constructs/public-site.ts). */
export const PUBLIC_SITE_ENV = 'PUBLIC_SITE_BUCKET';

/**
 * `index.html`, `feed.json`, `decisions/<page id>.html` (ids as `entryPath` makes them); the 事前公开
 * lists, `lists/<kind>.html` and `lists/<kind>-v<n>.html` (functions/domain/lists/html.ts); the draws,
 * `draws/index.html`, `draws/<draw id>.html` and the verification file `draws/<draw id>.json`
 * (functions/domain/draw/html.ts); the annual 行政执法数据统计, `statistics/<year>/index.html`, and their
 * list `statistics/index.json` (functions/domain/disclosure/annual-reports.ts).
 */
const SITE_PATH =
  /^(?:index\.html|feed\.json|decisions\/[0-9A-Za-z_-]{1,80}\.html|lists\/(?:matters|inspection_items|officers)(?:-v[1-9]\d{0,3})?\.html|draws\/[0-9A-Za-z_-]{1,64}\.(?:html|json)|statistics\/(?:\d{4}\/index\.html|index\.json))$/;

export function isSitePath(path: unknown): path is string {
  return typeof path === 'string' && SITE_PATH.test(path);
}

export function checkSitePath(path: unknown): string {
  if (!isSitePath(path)) throw new PublicSiteError(`not a path of the public site: ${JSON.stringify(path)}`, false, 'InvalidPath');
  return path;
}

export const HTML_TYPE = 'text/html; charset=utf-8';
/** JSON Feed's own media type (jsonfeed.org/version/1.1); browsers show it as JSON. */
export const FEED_TYPE = 'application/feed+json; charset=utf-8';
/** A draw's verification file (`npm run draw -- verify <URL>` reads it). */
export const JSON_TYPE = 'application/json; charset=utf-8';

export function contentTypeOf(path: string): string {
  const p = checkSitePath(path);
  if (p === FEED_PATH) return FEED_TYPE;
  return p.endsWith('.json') ? JSON_TYPE : HTML_TYPE;
}

/**
 * Short lifetimes: a withdrawn decision's notice replaces its page at the same URL, and the index and
 * feed change with every run, so no copy may outlive the 3-working-day withdrawal limit — or, for
 * the index and feed, a reader's next visit — by much. CDN and browsers revalidate after that.
 */
export const CACHE_CONTROL = {
  page: 'public, max-age=300',
  listing: 'public, max-age=60',
} as const;

export function cacheControlOf(path: string): string {
  const p = checkSitePath(path);
  return p === INDEX_PATH || p === FEED_PATH ? CACHE_CONTROL.listing : CACHE_CONTROL.page;
}

/**
 * Headers every response of the site carries (the local server and the CloudFront response policy):
 * the pages are self-contained — one inline style, no scripts, nothing loaded from elsewhere.
 */
export const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

/** The order of `PublicSite.apply`: pages, index, feed; then deletions. */
export function orderChanges(changes: SiteChanges): { write: [string, string][]; remove: string[] } {
  const entries = [...changes.put.entries()];
  for (const [path] of entries) checkSitePath(path);
  for (const path of changes.remove) checkSitePath(path);
  const last = [INDEX_PATH, FEED_PATH];
  const pages = entries.filter(([p]) => !last.includes(p));
  const listings = last.flatMap((p) => entries.filter(([q]) => q === p));
  return { write: [...pages, ...listings], remove: [...changes.remove] };
}

/**
 * Files written (or deleted) at once within a step. A first run may publish hundreds of pages; one
 * at a time, 1,000 S3 writes would take most of the tick's minute.
 */
export const SITE_WRITE_CONCURRENCY = 8;

async function inChunks<T>(items: readonly T[], size: number, each: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    // allSettled, then throw: every write of the chunk has ended before the run stops.
    const results = await Promise.allSettled(items.slice(i, i + size).map(each));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

/**
 * `apply` on top of a store's write and remove: the pages (several at a time), then the index, then
 * the feed, then the deletions (several at a time). Stops after the first step with a failure.
 */
export async function applyInOrder(
  store: { write(path: string, content: string): Promise<void>; remove(path: string): Promise<void> },
  changes: SiteChanges,
  concurrency: number = SITE_WRITE_CONCURRENCY,
): Promise<{ written: string[]; removed: string[] }> {
  const { write, remove } = orderChanges(changes);
  const written: string[] = [];
  const removed: string[] = [];
  const listings = [INDEX_PATH, FEED_PATH];
  const pages = write.filter(([p]) => !listings.includes(p));
  await inChunks(pages, concurrency, async ([path, content]) => {
    await store.write(path, content);
    written.push(path);
  });
  for (const [path, content] of write.filter(([p]) => listings.includes(p))) {
    await store.write(path, content);
    written.push(path);
  }
  await inChunks(remove, concurrency, async (path) => {
    await store.remove(path);
    removed.push(path);
  });
  // In the order they were asked for, whatever order the writes finished in.
  const order = new Map(write.map(([p], i) => [p, i]));
  written.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const removeOrder = new Map(remove.map((p, i) => [p, i]));
  removed.sort((a, b) => (removeOrder.get(a) ?? 0) - (removeOrder.get(b) ?? 0));
  return { written, removed };
}
