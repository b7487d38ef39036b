/** The site's paths, content types, cache headers and write order: the same for every store. */
import { describe, expect, it } from 'vitest';
import {
  CACHE_CONTROL,
  FEED_TYPE,
  SITE_WRITE_CONCURRENCY,
  applyInOrder,
  HTML_TYPE,
  JSON_TYPE,
  cacheControlOf,
  checkSitePath,
  contentTypeOf,
  isSitePath,
  orderChanges,
} from '../../../functions/adapters/site/files.ts';
import { entryPath, SECTION_LINKS } from '../../../functions/domain/disclosure/index.ts';
import { PublicSiteError } from '../../../functions/ports/public-site.ts';

describe('site paths', () => {
  it('are the index, the feed, the decision, list and draw pages the domain names, nothing else', () => {
    for (const ok of [
      'index.html',
      'feed.json',
      entryPath('2026-000007-1'),
      'decisions/a_b-C.html',
      ...SECTION_LINKS.map((l) => l.path),
      'lists/inspection_items-v12.html',
      'draws/D20260302-1a2b.html',
      'draws/D20260302-1a2b.json',
    ]) {
      expect(isSitePath(ok), ok).toBe(true);
    }
    for (const bad of [
      '',
      '/index.html',
      'index.htm',
      'decisions/',
      'decisions/x.json',
      'decisions/../index.html',
      '../secrets.json',
      'decisions/a/b.html',
      'decisions/a%2fb.html',
      'decisions\\a.html',
      'Index.html',
      'index.html\0',
      `decisions/${'a'.repeat(81)}.html`,
      'feed.json/',
      ' feed.json',
      'lists/other.html',
      'lists/matters-v0.html',
      'lists/matters-v.html',
      'lists/matters.json',
      'draws/../index.html',
      'draws/a.txt',
      `draws/${'a'.repeat(65)}.json`,
    ]) {
      expect(isSitePath(bad), bad).toBe(false);
      expect(() => checkSitePath(bad)).toThrow(PublicSiteError);
    }
    expect(isSitePath(undefined)).toBe(false);
  });

  it('have their content type and cache lifetime', () => {
    expect(contentTypeOf('index.html')).toBe(HTML_TYPE);
    expect(contentTypeOf('decisions/2026-000007-1.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('feed.json')).toBe(FEED_TYPE);
    expect(FEED_TYPE).toBe('application/feed+json; charset=utf-8');
    expect(cacheControlOf('index.html')).toBe(CACHE_CONTROL.listing);
    expect(cacheControlOf('feed.json')).toBe('public, max-age=60');
    expect(cacheControlOf('decisions/2026-000007-1.html')).toBe('public, max-age=300');
    expect(contentTypeOf('draws/D1.json')).toBe(JSON_TYPE);
    expect(JSON_TYPE).toBe('application/json; charset=utf-8');
    expect(contentTypeOf('lists/matters.html')).toBe(HTML_TYPE);
    expect(cacheControlOf('draws/D1.json')).toBe(CACHE_CONTROL.page);
    expect(() => contentTypeOf('x.txt')).toThrow(PublicSiteError);
  });
});

describe('Function: orderChanges', () => {
  it('writes pages first, then the index, then the feed, and deletes last', () => {
    const put = new Map([
      ['feed.json', 'F'],
      ['index.html', 'I'],
      ['decisions/b.html', 'B'],
      ['decisions/a.html', 'A'],
    ]);
    expect(orderChanges({ put, remove: ['decisions/old.html'] })).toEqual({
      write: [
        ['decisions/b.html', 'B'],
        ['decisions/a.html', 'A'],
        ['index.html', 'I'],
        ['feed.json', 'F'],
      ],
      remove: ['decisions/old.html'],
    });
  });

  it('refuses the whole run when any path is not the site’s, before anything is written', () => {
    expect(() => orderChanges({ put: new Map([['decisions/a.html', 'A'], ['../x.html', 'X']]), remove: [] })).toThrow(PublicSiteError);
    expect(() => orderChanges({ put: new Map(), remove: ['/etc/passwd'] })).toThrow(/not a path of the public site/);
  });
});

describe('Function: applyInOrder', () => {
  /** A store that records every event and how many writes were under way at once. */
  function recordingStore(fail?: string) {
    const events: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const step = async (what: string, path: string) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      events.push(`start ${what} ${path}`);
      await new Promise((r) => setImmediate(r));
      inFlight -= 1;
      events.push(`end ${what} ${path}`);
      if (path === fail) throw new Error(`failed ${path}`);
    };
    return {
      events,
      max: () => maxInFlight,
      store: { write: (p: string) => step('write', p), remove: (p: string) => step('remove', p) },
    };
  }
  const pages = Array.from({ length: 20 }, (_, i) => `decisions/p-${i}.html`);
  const changes = {
    put: new Map<string, string>([['feed.json', 'F'], ['index.html', 'I'], ...pages.map((p) => [p, p] as [string, string])]),
    remove: ['decisions/old-1.html', 'decisions/old-2.html'],
  };

  it('writes several pages at a time, bounded, then the index alone, then the feed alone, then deletes', async () => {
    const r = recordingStore();
    const result = await applyInOrder(r.store, changes);
    expect(r.max()).toBe(SITE_WRITE_CONCURRENCY);
    const at = (e: string) => r.events.indexOf(e);
    const lastPageEnd = Math.max(...pages.map((p) => at(`end write ${p}`)));
    expect(at('start write index.html')).toBeGreaterThan(lastPageEnd);
    expect(at('start write feed.json')).toBe(at('end write index.html') + 1);
    expect(at('start remove decisions/old-1.html')).toBeGreaterThan(at('end write feed.json'));
    expect(result).toEqual({ written: [...pages, 'index.html', 'feed.json'], removed: ['decisions/old-1.html', 'decisions/old-2.html'] });
  });

  it('stops after the chunk with a failure: its other writes end, nothing after it starts', async () => {
    const r = recordingStore('decisions/p-3.html');
    await expect(applyInOrder(r.store, changes)).rejects.toThrow('failed decisions/p-3.html');
    const started = r.events.filter((e) => e.startsWith('start'));
    expect(started).toHaveLength(SITE_WRITE_CONCURRENCY);
    expect(r.events.filter((e) => e.startsWith('end'))).toHaveLength(SITE_WRITE_CONCURRENCY);
    expect(r.events.some((e) => e.includes('index.html') || e.includes('remove'))).toBe(false);
  });
});
