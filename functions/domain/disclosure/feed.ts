/**
 * The machine-readable feed: JSON Feed 1.1 (https://jsonfeed.org/version/1.1), one item per live
 * entry, the full public model under the `_enforcement` extension. The feed is also where the
 * publisher reads the live entries back from (`parseFeed`), so the site can be updated incrementally.
 */
import * as z from 'zod/mini';
import { CASE_TYPES } from '../case/types.ts';
import { isLocalDate } from '../deadlines/local-date.ts';
import { FEED_PATH, INDEX_PATH, chineseDate, entryPath, sortEntries } from './html.ts';
import type { PublicEntry, SiteConfig } from './page.ts';
import { WITHDRAWAL_KINDS } from './withdrawal.ts';

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

const date = z.string().check(z.refine(isLocalDate));
const id = z.string().check(z.regex(/^[0-9A-Za-z_-]{1,80}$/));
const common = {
  id,
  caseNumber: z.string(),
  decisionNumber: z.optional(z.string()),
  title: z.string(),
  body: z.string(),
  category: z.enum(CASE_TYPES),
  decisionDate: date,
  publishedOn: date,
  expiresOn: date,
};
export const publicEntrySchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('published'),
    ...common,
    target: z.discriminatedUnion('type', [
      z.object({ type: z.literal('person'), name: z.string() }),
      z.object({ type: z.literal('organization'), name: z.string(), creditCode: z.optional(z.string()) }),
    ]),
    facts: z.optional(z.string()),
    conclusion: z.string(),
    legalBasis: z.string(),
  }),
  z.object({
    status: z.literal('withdrawn'),
    ...common,
    withdrawnOn: date,
    kind: z.enum(WITHDRAWAL_KINDS),
    note: z.string(),
    reason: z.string(),
  }),
]);

const feedSchema = z.object({
  version: z.literal(JSON_FEED_VERSION),
  items: z.array(z.object({ id: z.string(), _enforcement: publicEntrySchema })),
});

export interface JsonFeed {
  version: typeof JSON_FEED_VERSION;
  title: string;
  home_page_url?: string;
  feed_url?: string;
  description: string;
  language: 'zh-CN';
  items: JsonFeedItem[];
}

export interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_text: string;
  /** RFC 3339, Shanghai midnight of the publication day. */
  date_published: string;
  date_modified?: string;
  _enforcement: PublicEntry;
}

function url(site: SiteConfig, path: string): string {
  return site.baseUrl === undefined ? path : `${site.baseUrl.replace(/\/?$/, '/')}${path}`;
}

const rfc3339 = (d: string) => `${d}T00:00:00+08:00`;

export function buildFeed(site: SiteConfig, entries: readonly PublicEntry[]): JsonFeed {
  const feed: JsonFeed = {
    version: JSON_FEED_VERSION,
    title: site.title,
    description: `${site.bureau}执法决定信息（国办发〔2018〕118号事后公开），自然人个人信息已依法隐去`,
    language: 'zh-CN',
    items: sortEntries(entries).map((e) => {
      const item: JsonFeedItem = {
        id: e.id,
        url: url(site, entryPath(e.id)),
        title: e.title,
        content_text:
          e.status === 'published'
            ? `${e.body}对${e.target.name}作出${e.category}决定：${e.conclusion}（依据：${e.legalBasis}；决定日期：${chineseDate(e.decisionDate)}）`
            : `${e.note}理由：${e.reason}`,
        date_published: rfc3339(e.publishedOn),
        _enforcement: e,
      };
      if (e.status === 'withdrawn') item.date_modified = rfc3339(e.withdrawnOn);
      return item;
    }),
  };
  if (site.baseUrl !== undefined) {
    feed.home_page_url = url(site, INDEX_PATH);
    feed.feed_url = url(site, FEED_PATH);
  }
  return feed;
}

export function renderFeed(site: SiteConfig, entries: readonly PublicEntry[]): string {
  return `${JSON.stringify(buildFeed(site, entries), null, 2)}\n`;
}

export class FeedFormatError extends Error {
  override name = 'FeedFormatError';
}

/** The live entries from a feed this module wrote (an unreadable feed throws: never publish over it blindly). */
export function parseFeed(text: string): PublicEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new FeedFormatError(`公开数据文件不是有效的 JSON：${(err as Error).message}`);
  }
  const parsed = feedSchema.safeParse(raw);
  if (!parsed.success) throw new FeedFormatError(`公开数据文件格式错误：${parsed.error.issues.map((i) => i.path.join('.')).join('；')}`);
  return parsed.data.items.map((i) => i._enforcement as PublicEntry);
}
