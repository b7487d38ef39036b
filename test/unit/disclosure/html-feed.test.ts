import { describe, expect, it } from 'vitest';
import {
  FeedFormatError,
  JSON_FEED_VERSION,
  type PublicDecision,
  type PublicEntry,
  type WithdrawnNotice,
  buildFeed,
  buildPublicDecision,
  buildWithdrawnNotice,
  chineseDate,
  entryPath,
  escapeHtml,
  parseFeed,
  renderDecisionPage,
  renderFeed,
  renderIndexPage,
  renderWithdrawnPage,
} from '../../../functions/domain/disclosure/index.ts';
import { orgDecision, personDecision, redaction, site } from './helpers.ts';

const ctx = { site, rules: redaction, publishedOn: '2026-10-09', expiresOn: '2029-10-09' };
const unwrap = <T>(r: { ok: true; value: T } | { ok: false; errors: string[] }): T => {
  if (!r.ok) throw new Error(r.errors.join());
  return r.value;
};
const person = unwrap(buildPublicDecision(personDecision(), ctx)) as PublicDecision;
const org = unwrap(buildPublicDecision(orgDecision(), ctx)) as PublicDecision;
const withdrawn = unwrap(
  buildWithdrawnNotice(personDecision({ caseId: '2026-000003' }), { kind: '变更', reason: '复议机关变更了罚款数额' }, { ...ctx, withdrawnOn: '2026-11-09' }),
) as WithdrawnNotice;

describe('escaping', () => {
  it('escapes the five characters that matter; a script in any text stays text', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const evil = unwrap(buildPublicDecision(personDecision({ conclusion: '<script>alert(1)</script>罚款' }), ctx)) as PublicDecision;
    const html = renderDecisionPage({ ...site, bureau: '局<b>' }, evil);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;罚款');
    expect(html).toContain('局&lt;b&gt;');
  });
  it('page paths take safe ids only', () => {
    expect(entryPath('2026-000007-1')).toBe('decisions/2026-000007-1.html');
    for (const bad of ['../x', 'a/b', '', 'a b']) expect(() => entryPath(bad)).toThrow(RangeError);
  });
});

describe('a decision page', () => {
  it('shows what a reader needs, in order, labelled', () => {
    const html = renderDecisionPage(site, org);
    const order = ['执法机关', '甘孜州经济和信息化局', '执法对象', '甘孜某某商贸有限公司', '统一社会信用代码', org.target.type === 'organization' ? (org.target.creditCode as string) : '', '执法类别', '行政处罚', '案件编号', '主要事实', '执法结论', '责令改正，罚款人民币二万元', '法律依据', '决定日期', '2026年9月21日', '公开日期', '2026年10月9日'];
    let at = 0;
    for (const text of order) {
      const next = html.indexOf(text, at);
      expect(next, text).toBeGreaterThanOrEqual(at);
      at = next;
    }
    expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<title>行政处罚决定（甘经信立〔2026〕8号） - 行政执法决定公开</title>');
    expect(html).toContain('href="../index.html"');
    expect(html).not.toContain('决定书文号'); // none given
  });
  it('a person’s page has no credit-code row', () => {
    expect(renderDecisionPage(site, person)).not.toContain('统一社会信用代码');
  });
  it('loads nothing from elsewhere', () => {
    for (const html of [renderDecisionPage(site, person), renderWithdrawnPage(site, withdrawn), renderIndexPage(site, [person, org, withdrawn])]) {
      expect(html).not.toMatch(/<script|src=|https?:\/\/|@import/);
    }
  });
});

describe('the withdrawn notice page', () => {
  it('shows the note, the kind, the reason and the date; not the target or the conclusion', () => {
    const html = renderWithdrawnPage(site, withdrawn);
    expect(html).toContain('本机关于2026年9月28日作出的行政处罚决定（甘经信罚〔2026〕3号）已被依法变更，原公开的决定信息予以撤回。');
    expect(html).toContain('<dt>撤回原因</dt><dd>变更</dd>');
    expect(html).toContain('<dt>理由</dt><dd>复议机关变更了罚款数额</dd>');
    expect(html).toContain('2026年11月9日');
    expect(html).not.toContain('张某某');
    expect(html).not.toContain('罚款人民币五千元');
  });
});

describe('the index page', () => {
  it('lists every live entry, newest decision first, with links; withdrawn ones marked', () => {
    const html = renderIndexPage(site, [withdrawn, org, person]);
    const rows = html.split('<tr').slice(2);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('href="decisions/2026-000003-1.html"'); // 09-28, id 2026-000003-1 < 2026-000007-1
    expect(rows[0]).toContain('已撤回（变更）');
    expect(rows[1]).toContain('href="decisions/2026-000007-1.html"');
    expect(rows[1]).toContain('张某某');
    expect(rows[2]).toContain('甘孜某某商贸有限公司');
    expect(html).toContain('<link rel="alternate" type="application/feed+json" href="feed.json">');
  });
  it('says so when nothing is published', () => {
    expect(renderIndexPage(site, [])).toContain('暂无公开的执法决定。');
  });
  it('links the 事前公开 lists and the draws, with or without decisions', () => {
    for (const html of [renderIndexPage(site, []), renderIndexPage(site, [org])]) {
      for (const href of ['lists/matters.html', 'lists/inspection_items.html', 'lists/officers.html', 'draws/index.html']) {
        expect(html).toContain(`href="${href}"`);
      }
      expect(html).toContain('随机抽查事项清单');
    }
  });
});

describe('the JSON feed', () => {
  const entries: PublicEntry[] = [org, withdrawn, person];
  it('is JSON Feed 1.1 with the public model under _enforcement', () => {
    const feed = buildFeed(site, entries);
    expect(feed.version).toBe(JSON_FEED_VERSION);
    expect(feed.language).toBe('zh-CN');
    expect(feed.home_page_url).toBeUndefined();
    expect(feed.items.map((i) => [i.id, i.url, i.date_published])).toEqual([
      ['2026-000003-1', 'decisions/2026-000003-1.html', '2026-10-09T00:00:00+08:00'],
      ['2026-000007-1', 'decisions/2026-000007-1.html', '2026-10-09T00:00:00+08:00'],
      ['2026-000008-1', 'decisions/2026-000008-1.html', '2026-10-09T00:00:00+08:00'],
    ]);
    expect(feed.items[0]?.date_modified).toBe('2026-11-09T00:00:00+08:00');
    expect(feed.items[1]?.content_text).toBe('甘孜州经济和信息化局对张某某作出行政处罚决定：罚款人民币五千元（依据：《中华人民共和国节约能源法》第六十八条第一款；决定日期：2026年9月28日）');
    expect(feed.items[0]?.content_text.startsWith('本机关于')).toBe(true);
  });
  it('uses absolute URLs when the site has a base URL', () => {
    const feed = buildFeed({ ...site, baseUrl: 'https://example.gov.cn/gongkai' }, [person]);
    expect(feed.home_page_url).toBe('https://example.gov.cn/gongkai/index.html');
    expect(feed.feed_url).toBe('https://example.gov.cn/gongkai/feed.json');
    expect(feed.items[0]?.url).toBe('https://example.gov.cn/gongkai/decisions/2026-000007-1.html');
  });
  it('reads back exactly the live entries it was written from', () => {
    const back = parseFeed(renderFeed(site, entries));
    expect(back).toEqual(buildFeed(site, entries).items.map((i) => i._enforcement));
    expect(new Set(back.map((e) => e.id))).toEqual(new Set(entries.map((e) => e.id)));
  });
  it('refuses a feed it cannot read (rather than publishing over it)', () => {
    expect(() => parseFeed('{')).toThrow(FeedFormatError);
    expect(() => parseFeed('{"version":"https://jsonfeed.org/version/1","items":[]}')).toThrow(FeedFormatError);
    expect(() => parseFeed(JSON.stringify({ version: JSON_FEED_VERSION, items: [{ id: 'x', _enforcement: { status: 'gone' } }] }))).toThrow(FeedFormatError);
    expect(parseFeed(JSON.stringify({ version: JSON_FEED_VERSION, items: [] }))).toEqual([]);
  });
  it('chineseDate', () => {
    expect(chineseDate('2026-01-05')).toBe('2026年1月5日');
  });
});
