/**
 * The public site as pure functions returning HTML: an index page, one page per decision, and the
 * withdrawn notice in place of a withdrawn decision. Every value is escaped; the pages load nothing
 * from elsewhere (no scripts, no fonts), so a static bucket serves them as they are.
 */
import type { LocalDate } from '../deadlines/local-date.ts';
import { annualReportTitle, annualReportUrl, type PublishedAnnualReport, sortAnnualReports } from './annual-reports.ts';
import type { PublicDecision, PublicEntry, SiteConfig, WithdrawnNotice } from './page.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** `2026年9月28日` */
export function chineseDate(date: LocalDate): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The page of an entry, relative to the site root. Ids are `[0-9A-Za-z_-]` only. */
export function entryPath(id: string): string {
  if (!/^[0-9A-Za-z_-]{1,80}$/.test(id)) throw new RangeError(`页面标识无效：${id}`);
  return `decisions/${id}.html`;
}

export const INDEX_PATH = 'index.html';
export const FEED_PATH = 'feed.json';

const STYLE =
  'body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.6;color:#222}' +
  'header{border-bottom:2px solid #b00;margin-bottom:1rem}table{border-collapse:collapse;width:100%}' +
  'th,td{border:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}dl{display:grid;grid-template-columns:9rem 1fr;gap:.4rem 1rem}' +
  'dt{font-weight:bold}dd{margin:0;white-space:pre-wrap}.withdrawn{color:#b00}footer{margin-top:2rem;font-size:.85rem;color:#666}' +
  '.rows td{white-space:pre-wrap}code{word-break:break-all}';

/**
 * The other public sections of the site (事前公开 lists, 双随机 draws): the index links them, and
 * their pages (functions/domain/lists/html.ts, functions/domain/draw/html.ts) share this layout.
 */
export const SECTION_LINKS: readonly { path: string; label: string }[] = [
  { path: 'lists/matters.html', label: '行政执法事项清单' },
  { path: 'lists/inspection_items.html', label: '随机抽查事项清单' },
  { path: 'lists/officers.html', label: '行政执法人员名录' },
  { path: 'draws/index.html', label: '双随机抽查：抽取过程与结果' },
];

/**
 * One look for the whole site: header, main, footer. `root` leads back to the site root from the
 * page's folder (`''` at the root, `'../'` one folder down). `main` must already be escaped.
 */
export function layout(site: SiteConfig, title: string, main: string, root: string, extraHead = ''): string {
  return (
    '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(title)} - ${escapeHtml(site.title)}</title>\n<style>${STYLE}</style>\n${extraHead}</head>\n<body>\n` +
    `<header><p>${escapeHtml(site.bureau)}</p><h1>${escapeHtml(title)}</h1></header>\n<main>\n${main}</main>\n` +
    `<footer><a href="${root}${INDEX_PATH}">${escapeHtml(site.title)}</a> · <a href="${root}${FEED_PATH}">数据（JSON）</a>` +
    '<br>依据国办发〔2018〕118号公开；自然人个人信息已依法隐去。</footer>\n</body>\n</html>\n'
  );
}

function row(label: string, value: string | undefined): string {
  return value === undefined || value === '' ? '' : `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>\n`;
}

/** One decision: 执法机关, 执法对象, 执法类别, 执法结论, 法律依据, 决定日期 (118号), and the numbers. */
export function renderDecisionPage(site: SiteConfig, d: PublicDecision): string {
  const main =
    '<dl>\n' +
    row('执法机关', d.body) +
    row('执法对象', d.target.name) +
    (d.target.type === 'organization' ? row('统一社会信用代码', d.target.creditCode) : '') +
    row('执法类别', d.category) +
    row('决定书文号', d.decisionNumber) +
    row('案件编号', d.caseNumber) +
    row('主要事实', d.facts) +
    row('执法结论', d.conclusion) +
    row('法律依据', d.legalBasis) +
    row('决定日期', chineseDate(d.decisionDate)) +
    row('公开日期', chineseDate(d.publishedOn)) +
    '</dl>\n';
  return layout(site, d.title, main, '../');
}

/** The notice in place of a withdrawn decision: the public note and the reason, nothing of the decision itself. */
export function renderWithdrawnPage(site: SiteConfig, n: WithdrawnNotice): string {
  const main =
    `<p class="withdrawn">${escapeHtml(n.note)}</p>\n<dl>\n` +
    row('撤回原因', n.kind) +
    row('理由', n.reason) +
    row('执法机关', n.body) +
    row('决定书文号', n.decisionNumber) +
    row('案件编号', n.caseNumber) +
    row('撤回日期', chineseDate(n.withdrawnOn)) +
    '</dl>\n';
  return layout(site, n.title, main, '../');
}

export function renderEntryPage(site: SiteConfig, e: PublicEntry): string {
  return e.status === 'published' ? renderDecisionPage(site, e) : renderWithdrawnPage(site, e);
}

/** Newest decision first, then by id: the order of the index and the feed. */
export function sortEntries(entries: readonly PublicEntry[]): PublicEntry[] {
  return [...entries].sort((a, b) =>
    a.decisionDate !== b.decisionDate ? (a.decisionDate < b.decisionDate ? 1 : -1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
}

/** The index: the decisions, the 事前公开 and 双随机 sections, and the published annual statistics (newest first). */
export function renderIndexPage(site: SiteConfig, entries: readonly PublicEntry[], reports: readonly PublishedAnnualReport[] = []): string {
  const list = sortEntries(entries);
  const rows = list
    .map((e) => {
      const link = `<a href="${entryPath(e.id)}">${escapeHtml(e.decisionNumber ?? e.caseNumber)}</a>`;
      if (e.status === 'withdrawn') {
        return `<tr class="withdrawn"><td>${chineseDate(e.decisionDate)}</td><td>${link}</td><td>${escapeHtml(e.category)}</td><td>—</td><td>已撤回（${escapeHtml(e.kind)}）</td></tr>\n`;
      }
      return `<tr><td>${chineseDate(e.decisionDate)}</td><td>${link}</td><td>${escapeHtml(e.category)}</td><td>${escapeHtml(e.target.name)}</td><td>${escapeHtml(e.conclusion)}</td></tr>\n`;
    })
    .join('');
  const sections = SECTION_LINKS.map((l) => `<li><a href="${l.path}">${escapeHtml(l.label)}</a></li>`).join('');
  const main =
    '<h2>执法决定（事后公开）</h2>\n' +
    (list.length === 0
      ? '<p>暂无公开的执法决定。</p>\n'
      : '<table>\n<thead><tr><th>决定日期</th><th>文号</th><th>执法类别</th><th>执法对象</th><th>执法结论</th></tr></thead>\n' +
        `<tbody>\n${rows}</tbody>\n</table>\n`) +
    `<h2>事前公开与双随机抽查</h2>\n<ul>${sections}</ul>\n` +
    (reports.length === 0
      ? ''
      : `<h2>年度行政执法数据统计</h2>\n<ul>${sortAnnualReports(reports)
          .map((r) => `<li><a href="${annualReportUrl(r.year)}">${escapeHtml(annualReportTitle(r.year))}</a>（${chineseDate(r.publishedOn)}公开）</li>`)
          .join('')}</ul>\n`);
  return layout(site, site.title, main, '', `<link rel="alternate" type="application/feed+json" href="${FEED_PATH}">\n`);
}
