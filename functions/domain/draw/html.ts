/**
 * The draws on the public site (一公开), in the site's one look (functions/domain/disclosure/html.ts):
 * an index of every draw, and a page per draw — its commitment as soon as it is made, then the seed,
 * the result, the approved exceptions beside it, and the inspections' results. Only what
 * publicCommitment / publicDraw / publicResults expose: names and credit codes of targets, names and
 * certificate numbers of inspectors. The draw file beside the page (`draws/<id>.json`) is what
 * `npm run draw -- verify` recomputes. Every value is escaped.
 */
import { chineseDate, escapeHtml, layout } from '../disclosure/html.ts';
import type { SiteConfig } from '../disclosure/page.ts';
import { shanghaiDate } from '../shared/time.ts';
import type { PublicInspectionResult } from './inspection.ts';
import type { PublicCommitment, PublicDraw, PublicTarget } from './publication.ts';

export const DRAWS_INDEX_PATH = 'draws/index.html';
export const drawPagePath = (drawId: string): string => `draws/${drawId}.html`;
export const drawFilePath = (drawId: string): string => `draws/${drawId}.json`;

export type DrawPageState = 'committed' | 'revealed';

export interface DrawIndexEntry {
  drawId: string;
  planId: string;
  listItem: string;
  drawDate: string;
  state: DrawPageState;
  /** The draw that replaced this one (an approved 重新抽取). */
  supersededBy?: string;
}

const row = (label: string, value: string) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>\n`;
const code = (s: string) => `<code>${escapeHtml(s)}</code>`;
const dateOf = (iso: string) => (iso === '' ? '' : chineseDate(shanghaiDate(new Date(iso))));

function commitmentList(c: PublicCommitment): string {
  return (
    '<dl>\n' +
    row('抽取编号', escapeHtml(c.drawId)) +
    row('抽查计划', escapeHtml(c.planId)) +
    row('抽查事项', escapeHtml(c.listItem)) +
    row('抽取日期', escapeHtml(chineseDate(c.drawDate))) +
    row('检查对象范围', escapeHtml(c.targetScope)) +
    row('抽取数量', escapeHtml(c.sampleSize)) +
    row('每户检查人员', `${c.inspectorsPerTarget} 名`) +
    row('检查人员专长', escapeHtml(c.inspectorSpecialties.join('、') || '不限')) +
    row('算法', escapeHtml(c.algorithm)) +
    row('承诺哈希', code(c.commitmentHash)) +
    row('种子哈希', code(c.seedHash)) +
    row('检查对象名录库哈希', code(c.libraryHashes.targets)) +
    row('执法检查人员名录库哈希', code(c.libraryHashes.inspectors)) +
    row('回避名单哈希', code(c.libraryHashes.conflicts)) +
    (c.supersedes ? row('重新抽取，取代', `<a href="${escapeHtml(c.supersedes.drawId)}.html">${escapeHtml(c.supersedes.drawId)}</a>`) : '') +
    '</dl>\n'
  );
}

function targetsTable(targets: readonly PublicTarget[]): string {
  if (targets.length === 0) return '<p>无。</p>\n';
  const body = targets
    .map(
      (t) =>
        `<tr><td>${t.position}</td><td>${escapeHtml(t.name)}</td><td>${escapeHtml(t.creditCode)}</td>` +
        `<td>${t.inspectors.map((i) => `${escapeHtml(i.name)}（${escapeHtml(i.certificateNumber)}）`).join('、')}</td></tr>\n`,
    )
    .join('');
  return (
    '<table>\n<thead><tr><th>抽取顺序</th><th>检查对象</th><th>统一社会信用代码</th><th>检查人员（执法证号）</th></tr></thead>\n' +
    `<tbody>\n${body}</tbody>\n</table>\n`
  );
}

/**
 * `draws/<id>.html`. Before the reveal `draw` is the commitment only: the page says the result
 * follows. `results` are the inspections' results recorded so far.
 */
export function renderDrawPage(
  site: SiteConfig,
  draw: { state: 'committed'; commitment: PublicCommitment } | { state: 'revealed'; draw: PublicDraw; results: readonly PublicInspectionResult[]; supersededBy?: string },
): string {
  const c = draw.state === 'committed' ? draw.commitment : draw.draw;
  let main =
    '<p><a href="index.html">全部抽取</a></p>\n' +
    '<h2>抽取承诺（抽取前公布）</h2>\n' +
    '<p>抽取前冻结检查对象名录库、执法检查人员名录库和回避名单（SHA-256），并公布种子的哈希；种子由密码学安全随机数生成，抽取后公布。任何人可用公布的种子和名录库按 SJDRAW-1 算法重新计算并核对结果。</p>\n' +
    commitmentList(c);
  if (draw.state === 'committed') {
    main += '<p>抽取结果将在此公布。</p>\n';
    return layout(site, `双随机抽取 ${c.drawId}`, main, '../');
  }
  const d = draw.draw;
  if (draw.supersededBy) {
    main += `<p class="withdrawn">本次抽取已经负责人批准重新抽取，以 <a href="${escapeHtml(draw.supersededBy)}.html">${escapeHtml(draw.supersededBy)}</a> 的结果为准。</p>\n`;
  }
  main +=
    '<h2>抽取结果</h2>\n<dl>\n' +
    row('种子', code(d.seed)) +
    row('符合条件的检查对象', `${d.populationSize} 户`) +
    row('可派检查人员', `${d.eligibleInspectors} 名`) +
    row('结果哈希', code(d.resultHash)) +
    row('核对文件', `<a href="${escapeHtml(d.drawId)}.json">${escapeHtml(d.drawId)}.json</a>（npm run draw -- verify &lt;本文件网址&gt;）`) +
    '</dl>\n' +
    targetsTable(d.result);
  if (d.exceptions.length > 0) {
    const rows = d.exceptions
      .map((e) => `<tr><td>${e.seq}</td><td>${escapeHtml(e.kind)}</td><td>${escapeHtml(dateOf(e.approvedAt))}</td><td>${escapeHtml(e.change)}</td></tr>\n`)
      .join('');
    main +=
      '<h2>例外处理（经负责人批准）</h2>\n' +
      `<table>\n<thead><tr><th>序号</th><th>类型</th><th>批准日期</th><th>变化</th></tr></thead>\n<tbody>\n${rows}</tbody>\n</table>\n` +
      '<h2>例外处理后的当前结果</h2>\n' +
      targetsTable(d.current);
  }
  if (draw.results.length > 0) {
    const rows = draw.results
      .map((r) => `<tr><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.creditCode)}</td><td>${escapeHtml(r.outcome)}</td><td>${escapeHtml(chineseDate(r.endedOn))}</td></tr>\n`)
      .join('');
    main +=
      '<h2>检查结果</h2>\n' +
      `<table>\n<thead><tr><th>检查对象</th><th>统一社会信用代码</th><th>检查结果</th><th>检查结束日期</th></tr></thead>\n<tbody>\n${rows}</tbody>\n</table>\n`;
  }
  return layout(site, `双随机抽取 ${d.drawId}`, main, '../');
}

/** `draws/index.html`: every draw, newest first. */
export function renderDrawIndex(site: SiteConfig, draws: readonly DrawIndexEntry[]): string {
  const list = [...draws].sort((a, b) => (a.drawDate !== b.drawDate ? (a.drawDate < b.drawDate ? 1 : -1) : a.drawId < b.drawId ? 1 : -1));
  const rows = list
    .map((d) => {
      const state = d.supersededBy ? `已重新抽取（${escapeHtml(d.supersededBy)}）` : d.state === 'committed' ? '已承诺，待公布结果' : '已公布结果';
      return (
        `<tr><td>${escapeHtml(chineseDate(d.drawDate))}</td><td><a href="${escapeHtml(d.drawId)}.html">${escapeHtml(d.drawId)}</a></td>` +
        `<td>${escapeHtml(d.planId)}</td><td>${escapeHtml(d.listItem)}</td><td>${state}</td></tr>\n`
      );
    })
    .join('');
  const main =
    list.length === 0
      ? '<p>暂无抽取。</p>\n'
      : `<table>\n<thead><tr><th>抽取日期</th><th>抽取编号</th><th>抽查计划</th><th>抽查事项</th><th>状态</th></tr></thead>\n<tbody>\n${rows}</tbody>\n</table>\n`;
  return layout(site, '双随机抽查：抽取过程与结果', main, '../');
}
