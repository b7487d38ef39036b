/** The lists' public pages: published versions only, escaped, the changes between versions, nothing of the authors. */
import { describe, expect, it } from 'vitest';
import { listSiteFiles, type ListVersion, publicListPage, renderListPage } from '../../../functions/domain/lists/index.ts';
import { config, matter, T1, T2, zhang } from './helpers.ts';

const site = { bureau: '甘孜州经济和信息化局', title: '行政执法公示' };
const version = (v: number, state: ListVersion['state'], rows: ReturnType<typeof matter>[], publishedAt?: string): ListVersion<'matters'> => ({
  kind: 'matters',
  id: `v${v}-${state}`,
  version: v,
  baseVersion: v - 1,
  state,
  rows,
  author: { openId: zhang.openId, name: zhang.name, department: zhang.department },
  createdAt: T1,
  ...(publishedAt ? { publishedAt } : {}),
  trail: [],
});

describe('Function: listSiteFiles', () => {
  const versions = [
    version(1, 'published', [matter('节能监察')], T1),
    version(2, 'published', [matter('节能监察', '运行监测科', { timeLimit: '十个工作日' }), matter('<script>alert(1)</script>')], T2),
    version(3, 'draft', [matter('草稿中的事项')]),
    version(3, 'withdrawn', [matter('撤回的事项')]),
  ];
  const page = publicListPage('matters', config.titles.matters, versions);
  const files = listSiteFiles(site, page, config.sources.matters);

  it('writes the list page and one page per published version, never a draft or a withdrawn one', () => {
    expect([...files.keys()].sort()).toEqual(['lists/matters-v1.html', 'lists/matters-v2.html', 'lists/matters.html']);
    const all = [...files.values()].join('\n');
    expect(all).not.toContain('草稿中的事项');
    expect(all).not.toContain('撤回的事项');
    expect(all).not.toContain(zhang.name);
    expect(all).not.toContain(zhang.openId);
  });

  it('shows the version in force, the history with links, and what changed', () => {
    const list = files.get('lists/matters.html')!;
    expect(list).toContain('现行版本：第 2 版');
    expect(list).toContain('href="matters-v1.html"');
    expect(list).toContain('新增 1 项，修改 1 项');
    const v2 = files.get('lists/matters-v2.html')!;
    expect(v2).toContain(`办理时限：${matter('x').timeLimit} → 十个工作日`);
    expect(v2).toContain('新增：&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(v2).not.toContain('<script>');
    expect(files.get('lists/matters-v1.html')).not.toContain('与上一版相比');
  });

  it('says a list never published is not published yet', () => {
    expect(renderListPage(site, publicListPage('officers', config.titles.officers, []), config.sources.officers)).toContain('尚未发布');
  });
});
