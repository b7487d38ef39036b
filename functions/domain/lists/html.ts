/**
 * The 事前公开 lists on the public site, in the site's one look (functions/domain/disclosure/html.ts):
 * one page per list (the version in force, and every published version with what changed) and one
 * page per published version (its rows, and its changes against the version before). Only published
 * versions reach these functions' input (`publicListPage` drops the rest). Every value is escaped.
 */
import { chineseDate, escapeHtml, layout } from '../disclosure/html.ts';
import type { SiteConfig } from '../disclosure/page.ts';
import { shanghaiDate } from '../shared/time.ts';
import type { PublicListPage, PublicListVersion } from './publication.ts';
import { rowKey } from './rows.ts';
import type { ListKind } from './types.ts';

export const listPagePath = (kind: ListKind): string => `lists/${kind}.html`;
export const listVersionPath = (kind: ListKind, version: number): string => `lists/${kind}-v${version}.html`;

const dateOf = (iso: string) => chineseDate(shanghaiDate(new Date(iso)));

function rowsTable(page: PublicListPage, v: PublicListVersion): string {
  if (v.rows.length === 0) return '<p>本版本没有事项。</p>\n';
  const head = page.columns.map((c) => `<th>${escapeHtml(c.label)}</th>`).join('');
  const body = v.rows
    .map((r) => {
      const cells = page.columns.map((c) => `<td>${escapeHtml((r as unknown as Record<string, string | undefined>)[c.key] ?? '')}</td>`);
      return `<tr>${cells.join('')}</tr>\n`;
    })
    .join('');
  return `<table class="rows">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}</tbody>\n</table>\n`;
}

function changesList(page: PublicListPage, v: PublicListVersion): string {
  const c = v.changes;
  const key = (r: unknown) => escapeHtml(rowKey(page.kind, r as never));
  const items: string[] = [
    ...c.added.map((r) => `<li>新增：${key(r)}</li>`),
    ...c.removed.map((r) => `<li>删除：${key(r)}</li>`),
    ...c.changed.map(
      (r) =>
        `<li>修改：${escapeHtml(r.key)}<ul>${r.fields
          .map((f) => `<li>${escapeHtml(f.label)}：${escapeHtml(f.before || '（空）')} → ${escapeHtml(f.after || '（空）')}</li>`)
          .join('')}</ul></li>`,
    ),
  ];
  return items.length === 0 ? '<p>与上一版相比没有变化。</p>\n' : `<ul>\n${items.join('\n')}\n</ul>\n`;
}

function historyTable(page: PublicListPage): string {
  const rows = page.history
    .map(
      (v) =>
        `<tr><td><a href="${page.kind}-v${v.version}.html">第 ${v.version} 版</a></td><td>${dateOf(v.publishedAt)}</td>` +
        `<td>${v.rows.length}</td><td>${escapeHtml(v.version === page.history[page.history.length - 1]?.version ? '首次发布' : v.summary)}</td></tr>\n`,
    )
    .join('');
  return `<table>\n<thead><tr><th>版本</th><th>发布日期</th><th>事项数</th><th>与上一版相比</th></tr></thead>\n<tbody>\n${rows}</tbody>\n</table>\n`;
}

/** `lists/<kind>.html`: the version in force and the history. `source` is the list's legal source. */
export function renderListPage(site: SiteConfig, page: PublicListPage, source: string): string {
  const head = `<p>依据：${escapeHtml(source)}</p>\n`;
  if (!page.current) return layout(site, page.title, `${head}<p>尚未发布。</p>\n`, '../');
  const cur = page.current;
  const main =
    head +
    `<h2>现行版本：第 ${cur.version} 版（${dateOf(cur.publishedAt)}发布，共 ${cur.rows.length} 项）</h2>\n` +
    rowsTable(page, cur) +
    '<h2>历次版本</h2>\n' +
    historyTable(page);
  return layout(site, page.title, main, '../');
}

/** `lists/<kind>-v<n>.html`: one published version, never changed once written (a change is a new version). */
export function renderListVersionPage(site: SiteConfig, page: PublicListPage, v: PublicListVersion): string {
  const first = page.history[page.history.length - 1]?.version === v.version;
  const main =
    `<p><a href="${page.kind}.html">返回${escapeHtml(page.title)}（现行版本）</a></p>\n` +
    `<p>第 ${v.version} 版，${dateOf(v.publishedAt)}发布，共 ${v.rows.length} 项。</p>\n` +
    (first ? '' : `<h2>与上一版相比：${escapeHtml(v.summary)}</h2>\n${changesList(page, v)}`) +
    `<h2>${escapeHtml(page.title)}（第 ${v.version} 版）</h2>\n` +
    rowsTable(page, v);
  return layout(site, `${page.title}（第 ${v.version} 版）`, main, '../');
}

/** Every file of one list's section of the site: its page and one page per published version. */
export function listSiteFiles(site: SiteConfig, page: PublicListPage, source: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const v of page.history) files.set(listVersionPath(page.kind, v.version), renderListVersionPage(site, page, v));
  files.set(listPagePath(page.kind), renderListPage(site, page, source));
  return files;
}
