/**
 * What the lists' and draws' jobs share when they write the public site: the site's configuration
 * (the bureau's name from data/documents.json, one title for the whole site), and the pages the
 * index links (a list never published and the draws' index get a placeholder, so no link of the
 * index leads nowhere). The index is rendered from the live feed, so the decisions it lists stay, and
 * from the site's list of published annual reports (`statistics/index.json`), so their links stay.
 */
import documentsData from '../../data/documents.json' with { type: 'json' };
import listsData from '../../data/lists.json' with { type: 'json' };
import { FEED_PATH, INDEX_PATH, parseFeed, renderIndexPage, type SiteConfig } from '../domain/disclosure/index.ts';
import { annualReportsOnSite } from './disclosure/site-reports.ts';
import { DRAWS_INDEX_PATH, renderDrawIndex } from '../domain/draw/html.ts';
import { buildListsConfig, LIST_KINDS, listPagePath, publicListPage, renderListPage } from '../domain/lists/index.ts';
import type { PublicSite } from '../ports/public-site.ts';

export const SITE: SiteConfig = { bureau: documentsData.bureau.name, title: '行政执法公示' };

export const LISTS_CONFIG = buildListsConfig(listsData);

/**
 * Adds to `put` the index, and a placeholder for every page the index links that the site does not
 * have and `put` does not write. Apply `put` with `site.apply` (pages first, the index last).
 */
export async function withIndex(site: PublicSite, put: Map<string, string>): Promise<Map<string, string>> {
  for (const kind of LIST_KINDS) {
    const path = listPagePath(kind);
    if (!put.has(path) && (await site.read(path)) === null) {
      put.set(path, renderListPage(SITE, publicListPage(kind, LISTS_CONFIG.titles[kind], []), LISTS_CONFIG.sources[kind]));
    }
  }
  if (!put.has(DRAWS_INDEX_PATH) && (await site.read(DRAWS_INDEX_PATH)) === null) put.set(DRAWS_INDEX_PATH, renderDrawIndex(SITE, []));
  const feed = await site.read(FEED_PATH);
  put.set(INDEX_PATH, renderIndexPage(SITE, feed === null ? [] : parseFeed(feed), await annualReportsOnSite(site, put)));
  return put;
}
