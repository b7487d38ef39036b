/** Diffs between versions, the officers' directory from the roster, and the public page. */
import { describe, expect, it } from 'vitest';
import {
  approveDraft,
  diffRows,
  diffSummary,
  directoryRows,
  drawItemFrom,
  type ListOutcome,
  type ListVersion,
  parseListRows,
  publicListPage,
  publishVersion,
  reviewDraft,
  startDraft,
  submitDraft,
} from '../../../functions/domain/lists/index.ts';
import type { Person } from '../../../functions/domain/roster/types.ts';
import { config, item, matter, qian, T1, T2, T3, T4, wu, zhang, zhao } from './helpers.ts';

function ok<K extends 'matters' | 'inspection_items' | 'officers'>(r: ListOutcome<K>): ListVersion<K> {
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.version;
}

function throughChain<K extends 'matters' | 'inspection_items' | 'officers'>(v: ListVersion<K>, current: ListVersion<K> | null, submitter: Person): ListVersion<K> {
  let x = ok(submitDraft({ version: v, current, actor: submitter, at: T2 }));
  x = ok(reviewDraft({ version: x, decision: 'pass', actor: zhao, at: T2 }));
  x = ok(approveDraft({ version: x, decision: 'approve', actor: qian, at: T3 }));
  return ok(publishVersion({ version: x, current, actor: qian, at: T4 }));
}

describe('diffRows', () => {
  it('added, removed, and changed rows with the changed fields by their Chinese labels', () => {
    const before = [matter('甲'), matter('乙'), matter('丙')];
    const after = [matter('丙', undefined, { timeLimit: '即时办结', remedy: '行政复议' }), matter('甲'), matter('丁')];
    const d = diffRows('matters', before, after);
    expect(d.added.map((r) => r.matter)).toEqual(['丁']);
    expect(d.removed.map((r) => r.matter)).toEqual(['乙']);
    expect(d.changed).toEqual([
      {
        key: '丙',
        before: before[2],
        after: after[0],
        fields: [
          { field: 'timeLimit', label: '办理时限', before: matter('x').timeLimit, after: '即时办结' },
          { field: 'remedy', label: '救济渠道', before: matter('x').remedy, after: '行政复议' },
        ],
      },
    ]);
    expect(d.unchanged).toBe(1);
    expect(diffSummary(d)).toBe('新增 1 项，删除 1 项，修改 1 项');
    expect(diffSummary(diffRows('matters', before, before))).toBe('无变化');
  });

  it('an optional field filled in or cleared is a change; a renamed row is one removed and one added', () => {
    const d = diffRows('inspection_items', [item('a'), item('b', undefined, { ratio: '5%' })], [item('a', undefined, { ratio: '3%' }), item('b2')]);
    expect(d.changed[0]?.fields).toEqual([{ field: 'ratio', label: '抽查比例', before: '', after: '3%' }]);
    expect([d.added.map((r) => r.item), d.removed.map((r) => r.item)]).toEqual([['b2'], ['b']]);
  });
});

describe('directoryRows (执法人员名录 from the roster)', () => {
  const roster: Person[] = [
    { openId: 'ou_1', name: '张三', department: '运行监测科', roles: ['officer'], certificate: { number: '甘执0002', validUntil: '2029-12-31' } },
    { openId: 'ou_2', name: '李四', department: '节能科', roles: ['officer', 'reviewer'], certificate: { number: '甘执0001', validUntil: '2026-07-01' } },
    { openId: 'ou_3', name: '王五', department: '运行监测科', roles: ['officer'], certificate: { number: '甘执0003', validUntil: '2026-06-30' } },
    { openId: 'ou_4', name: '周九', department: '运行监测科', roles: ['officer'], certificate: null },
    { openId: 'ou_5', name: '赵六', department: '行政审批科', roles: ['admin'], certificate: { number: '甘执0009', validUntil: '2029-12-31' } },
  ];

  it('lists officers certified on the date, by certificate number, with name, number and field only', () => {
    const rows = directoryRows(roster, { date: '2026-07-01', defaultField: config.defaultField, fieldByOpenId: { ou_2: '节能监察' } });
    expect(rows).toEqual([
      { name: '李四', certificateNumber: '甘执0001', field: '节能监察' },
      { name: '张三', certificateNumber: '甘执0002', field: '经济和信息化' },
    ]);
    for (const r of rows) expect(Object.keys(r).sort()).toEqual(['certificateNumber', 'field', 'name']);
  });

  it('becomes a draft of 行政审批科 that goes through the same chain', () => {
    const rows = directoryRows(roster, { date: '2026-07-01', defaultField: config.defaultField });
    const v = ok(startDraft({ kind: 'officers', id: 'o1', at: T1, author: zhao, current: null, open: null, scope: 'whole', rows }));
    const p = throughChain(v, null, zhao);
    expect(publicListPage('officers', config.titles.officers, [p]).current?.rows).toEqual(rows);
    expect(publicListPage('officers', config.titles.officers, [p]).columns.map((c) => c.label)).toEqual(['姓名', '执法证号', '执法领域']);
  });
});

describe('publicListPage', () => {
  it('from a section’s import to the public page; a change is a new version shown beside the first, with its diff', () => {
    const csv = ['抽查事项,抽查依据,检查科室,抽查内容,抽查方式,事项类别', '工业企业安全生产检查,《安全生产法》第六十二条,运行监测科,安全生产责任制,现场检查,重点'].join('\n');
    const imported = parseListRows('inspection_items', csv, 'csv');
    if (!imported.ok) throw new Error();
    const v1 = throughChain(ok(startDraft({ kind: 'inspection_items', id: 'i1', at: T1, author: zhang, current: null, open: null, scope: 'section', rows: imported.rows })), null, zhang);

    const draft = ok(startDraft({ kind: 'inspection_items', id: 'i2', at: T2, author: wu, current: v1, open: null, scope: 'section', rows: [item('重点用能单位节能检查', '节能科', { kind: '一般' })] }));
    // While v2 is a draft, the page shows v1 only.
    const during = publicListPage('inspection_items', config.titles.inspection_items, [v1, draft]);
    expect(during.history.map((h) => h.version)).toEqual([1]);
    expect(JSON.stringify(during)).not.toContain('重点用能单位节能检查');

    const v2 = throughChain(draft, v1, wu);
    const page = publicListPage('inspection_items', config.titles.inspection_items, [v2, v1]);
    expect(page.title).toBe('随机抽查事项清单');
    expect(page.current).toMatchObject({ version: 2, publishedAt: T4, summary: '新增 1 项' });
    expect(page.current?.rows.map((r) => r.item)).toEqual(['工业企业安全生产检查', '重点用能单位节能检查']);
    expect(page.history.map((h) => [h.version, h.summary])).toEqual([
      [2, '新增 1 项'],
      [1, '新增 1 项'],
    ]);
    expect(page.history[1]?.rows).toEqual(v1.rows);
  });

  it('never shows drafts, reviewed, approved-but-unpublished or withdrawn versions, nor who drafted or reviewed', () => {
    const base = { kind: 'matters' as const, at: T1, current: null, open: null, scope: 'section' as const };
    const draft = ok(startDraft({ ...base, id: 'a', author: zhang, rows: [matter('草稿事项')] }));
    const submitted = ok(submitDraft({ version: draft, current: null, actor: zhang, at: T2 }));
    const reviewed = ok(reviewDraft({ version: submitted, decision: 'pass', actor: zhao, at: T2, note: '审核意见' }));
    const approved = ok(approveDraft({ version: reviewed, decision: 'approve', actor: qian, at: T3 }));
    const withdrawn = { ...approved, state: 'withdrawn' as const };
    const page = publicListPage('matters', '行政执法事项清单', [draft, submitted, reviewed, approved, withdrawn]);
    expect(page.current).toBeNull();
    expect(page.history).toEqual([]);
    const published = ok(publishVersion({ version: approved, current: null, actor: qian, at: T4 }));
    const text = JSON.stringify(publicListPage('matters', '行政执法事项清单', [published]));
    for (const hidden of [zhang.openId, zhao.openId, qian.openId, '张三', '赵六', '钱局长', '审核意见']) expect(text).not.toContain(hidden);
  });
});

describe('drawItemFrom (the list item a draw names)', () => {
  it('takes name, 一般/重点 and version from the published list; refuses an unlisted item or an unpublished list', () => {
    const v = ok(startDraft({ kind: 'inspection_items', id: 'i1', at: T1, author: zhang, current: null, open: null, scope: 'section', rows: [item('工业企业安全生产检查'), item('能耗检查', undefined, { kind: '一般' })] }));
    expect(drawItemFrom(v, '能耗检查')).toEqual({ ok: false, errors: ['随机抽查事项清单尚未发布，请先发布清单再组织抽查'] });
    const p = throughChain(v, null, zhang);
    expect(drawItemFrom(p, ' 能耗检查 ')).toEqual({ ok: true, listItem: { name: '能耗检查', kind: '一般', listVersion: 1 } });
    expect(drawItemFrom(p, '消防检查')).toEqual({ ok: false, errors: ['「消防检查」不在现行随机抽查事项清单（第 1 版）中'] });
    expect(drawItemFrom(null, 'x').ok).toBe(false);
  });
});
