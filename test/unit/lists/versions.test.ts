/** Versioned lists: drafting by sections, the approval chain, immutability of published versions. */
import { describe, expect, it } from 'vitest';
import {
  approveDraft,
  availableActions,
  changeDraftRow,
  type ListOutcome,
  type ListVersion,
  publishVersion,
  type Transition,
  reviewDraft,
  startDraft,
  submitDraft,
  withdrawDraft,
} from '../../../functions/domain/lists/index.ts';
import type { Person } from '../../../functions/domain/roster/types.ts';
import { prng, randInt } from '../deadlines/helpers.ts';
import { item, li, matter, qian, sun, T1, T2, T3, T4, wu, zhang, zhao } from './helpers.ts';

function ok<K extends 'matters' | 'inspection_items' | 'officers'>(r: ListOutcome<K>): ListVersion<K> {
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.version;
}

/** A first published 执法事项清单 with rows of two sections. */
function published(): ListVersion<'matters'> {
  let v = ok(startDraft({ kind: 'matters', id: 'v1', at: T1, author: zhao, current: null, open: null, scope: 'whole', rows: [matter('事项一'), matter('事项二', '节能科')] }));
  v = ok(submitDraft({ version: v, current: null, actor: zhao, at: T1 }));
  v = ok(reviewDraft({ version: v, decision: 'pass', actor: zhao, at: T2 }));
  v = ok(approveDraft({ version: v, decision: 'approve', actor: qian, at: T3 }));
  return ok(publishVersion({ version: v, current: null, actor: qian, at: T4 }));
}

describe('the approval chain', () => {
  it('draft → submitted → reviewed → approved → published, each step with its record entry and trail', () => {
    const rows = [matter('对重点用能单位的节能监察')];
    const d = startDraft({ kind: 'matters', id: 'v1', at: T1, author: zhang, current: null, open: null, scope: 'section', rows });
    expect(d).toMatchObject({
      ok: true,
      version: { kind: 'matters', id: 'v1', version: 1, baseVersion: 0, state: 'draft', rows, author: { openId: zhang.openId, department: '运行监测科' } },
      entries: [{ listKind: 'matters', versionId: 'v1', version: 1, action: 'list.draft_created', actor: zhang.openId, at: T1, detail: { summary: '新增 1 项', added: 1 } }],
    });
    const s = submitDraft({ version: ok(d), current: null, actor: li, at: T2 }); // a colleague of the same section
    expect(s).toMatchObject({ ok: true, version: { state: 'submitted' }, entries: [{ action: 'list.submitted', actor: li.openId }] });
    const r = reviewDraft({ version: ok(s), decision: 'pass', actor: zhao, at: T3 });
    expect(r).toMatchObject({ ok: true, version: { state: 'reviewed' }, entries: [{ action: 'list.reviewed', actor: zhao.openId }] });
    const a = approveDraft({ version: ok(r), decision: 'approve', actor: qian, at: T3 });
    expect(a).toMatchObject({ ok: true, version: { state: 'approved' }, entries: [{ action: 'list.approved', actor: qian.openId }] });
    const p = publishVersion({ version: ok(a), current: null, actor: qian, at: T4 });
    expect(p).toMatchObject({ ok: true, version: { state: 'published', publishedAt: T4 }, entries: [{ action: 'list.published', detail: { summary: '新增 1 项' } }] });
    expect(ok(p).trail.map((t) => [t.from, t.to, t.actorName])).toEqual([
      [null, 'draft', '张三'],
      ['draft', 'submitted', '李四'],
      ['submitted', 'reviewed', '赵六'],
      ['reviewed', 'approved', '钱局长'],
      ['approved', 'published', '钱局长'],
    ]);
  });

  it('each step is taken only by its role, only from its state (a double tap answers with code "state")', () => {
    const d = ok(startDraft({ kind: 'matters', id: 'v1', at: T1, author: zhang, current: null, open: null, scope: 'section', rows: [matter('x')] }));
    expect(submitDraft({ version: d, current: null, actor: wu, at: T2 })).toEqual({ ok: false, code: 'forbidden', errors: ['只有运行监测科或行政审批科可以提交该草稿'] });
    expect(reviewDraft({ version: d, decision: 'pass', actor: zhao, at: T2 })).toMatchObject({ ok: false, code: 'state' });
    const s = ok(submitDraft({ version: d, current: null, actor: zhang, at: T2 }));
    expect(submitDraft({ version: s, current: null, actor: zhang, at: T2 })).toEqual({ ok: false, code: 'state', errors: ['该版本已提交，正等待行政审批科审核'] });
    expect(reviewDraft({ version: d, decision: 'pass', actor: zhao, at: T2 })).toEqual({
      ok: false,
      code: 'state',
      errors: ['该版本是草稿，尚未提交审核（当前状态：草稿）'],
    });
    expect(reviewDraft({ version: s, decision: 'pass', actor: qian, at: T2 })).toEqual({ ok: false, code: 'forbidden', errors: ['只有行政审批科可以审核清单'] });
    expect(approveDraft({ version: s, decision: 'approve', actor: qian, at: T2 })).toMatchObject({ ok: false, code: 'state' });
    const r = ok(reviewDraft({ version: s, decision: 'pass', actor: zhao, at: T3 }));
    expect(approveDraft({ version: r, decision: 'approve', actor: zhao, at: T3 })).toEqual({ ok: false, code: 'forbidden', errors: ['只有负责人可以批准清单'] });
    expect(publishVersion({ version: r, current: null, actor: qian, at: T3 })).toMatchObject({ ok: false, code: 'state' });
    const a = ok(approveDraft({ version: r, decision: 'approve', actor: qian, at: T3 }));
    expect(publishVersion({ version: a, current: null, actor: zhang, at: T4 })).toEqual({ ok: false, code: 'forbidden', errors: ['只有负责人或行政审批科可以发布清单'] });
    const p = ok(publishVersion({ version: a, current: null, actor: zhao, at: T4 }));
    expect(publishVersion({ version: p, current: null, actor: zhao, at: T4 })).toMatchObject({ ok: false, code: 'state' });
  });

  it('a return goes back to draft with the reason (required); the head never approves a version they drafted', () => {
    const d = ok(startDraft({ kind: 'matters', id: 'v1', at: T1, author: zhang, current: null, open: null, scope: 'section', rows: [matter('x')] }));
    const s = ok(submitDraft({ version: d, current: null, actor: zhang, at: T2 }));
    expect(reviewDraft({ version: s, decision: 'return', actor: zhao, at: T2, note: ' ' })).toEqual({ ok: false, code: 'invalid', errors: ['退回时请写明需要修改的内容'] });
    const back = reviewDraft({ version: s, decision: 'return', actor: zhao, at: T2, note: '法律依据请写到条' });
    expect(back).toMatchObject({ ok: true, version: { state: 'draft' }, entries: [{ action: 'list.returned', detail: { by: 'review', note: '法律依据请写到条' } }] });
    expect(ok(back).trail.at(-1)).toMatchObject({ from: 'submitted', to: 'draft', note: '法律依据请写到条' });
    const r = ok(reviewDraft({ version: ok(submitDraft({ version: ok(back), current: null, actor: zhang, at: T3 })), decision: 'pass', actor: zhao, at: T3 }));
    const headBack = approveDraft({ version: r, decision: 'return', actor: qian, at: T3, note: '请补充救济渠道' });
    expect(headBack).toMatchObject({ ok: true, version: { state: 'draft' }, entries: [{ action: 'list.returned', detail: { by: 'head' } }] });

    const headAuthor: Person = { ...qian, roles: ['head', 'admin'] };
    let own = ok(startDraft({ kind: 'matters', id: 'v9', at: T1, author: headAuthor, current: null, open: null, scope: 'whole', rows: [matter('x')] }));
    own = ok(reviewDraft({ version: ok(submitDraft({ version: own, current: null, actor: headAuthor, at: T1 })), decision: 'pass', actor: zhao, at: T2 }));
    expect(approveDraft({ version: own, decision: 'approve', actor: headAuthor, at: T3 })).toEqual({ ok: false, code: 'forbidden', errors: ['不能批准本人起草的清单'] });
  });

  it('withdraw: the author or 行政审批科, never a published version', () => {
    const d = ok(startDraft({ kind: 'matters', id: 'v1', at: T1, author: zhang, current: null, open: null, scope: 'section', rows: [matter('x')] }));
    expect(withdrawDraft({ version: d, actor: li, at: T2 })).toEqual({ ok: false, code: 'forbidden', errors: ['只有起草人或行政审批科可以撤回'] });
    expect(withdrawDraft({ version: d, actor: zhang, at: T2, note: '重新整理' })).toMatchObject({ ok: true, version: { state: 'withdrawn' }, entries: [{ action: 'list.withdrawn', detail: { note: '重新整理' } }] });
    expect(withdrawDraft({ version: published(), actor: zhao, at: T2 })).toMatchObject({ ok: false, code: 'state', errors: ['该版本已发布。已发布的版本不能修改；修改会生成新的草稿版本（当前状态：已发布）'] });
  });
});

describe('drafting', () => {
  it('who may draft: sections (officers) and 行政审批科; a whole list and the officers directory only 行政审批科', () => {
    const base = { kind: 'matters' as const, id: 'v1', at: T1, current: null, open: null };
    expect(startDraft({ ...base, author: sun, scope: 'section', rows: [matter('x', '办公室')] })).toEqual({ ok: false, code: 'forbidden', errors: ['只有执法科室和行政审批科可以起草清单'] });
    expect(startDraft({ ...base, author: zhang, scope: 'whole', rows: [matter('x')] })).toMatchObject({ ok: false, code: 'forbidden', errors: ['只有行政审批科可以整体替换清单，科室请导入本科室的事项'] });
    expect(startDraft({ kind: 'officers', id: 'o1', at: T1, current: null, open: null, author: zhang, scope: 'section', rows: [] })).toMatchObject({
      ok: false,
      errors: ['执法人员名录由行政审批科根据人员名册生成'],
    });
  });

  it("a section's import replaces that section's rows only; other sections' rows are kept in place", () => {
    const v1 = published();
    const r = startDraft({
      kind: 'matters',
      id: 'v2',
      at: T1,
      author: zhang,
      current: v1,
      open: null,
      scope: 'section',
      rows: [matter('事项一', '运行监测科', { timeLimit: '即时' }), matter('事项三')],
    });
    const v2 = ok(r);
    expect(v2.rows.map((x) => [x.matter, x.section, x.timeLimit])).toEqual([
      ['事项一', '运行监测科', '即时'],
      ['事项二', '节能科', matter('x').timeLimit],
      ['事项三', '运行监测科', matter('x').timeLimit],
    ]);
    expect(v2).toMatchObject({ version: 2, baseVersion: 1 });
    expect(r.ok && r.entries[0]?.detail).toEqual({ summary: '新增 1 项，修改 1 项', added: 1, removed: 0, changed: 1 });
    // A section's file without one of its rows removes that row.
    const dropped = ok(startDraft({ kind: 'matters', id: 'v2', at: T1, author: zhang, current: v1, open: null, scope: 'section', rows: [matter('事项三')] }));
    expect(dropped.rows.map((x) => x.matter)).toEqual(['事项二', '事项三']);
  });

  it("refuses a section's rows for another section, a name taken by another section, no change, and a second open version", () => {
    const v1 = published();
    const base = { kind: 'matters' as const, id: 'v2', at: T1, author: zhang, current: v1, open: null, scope: 'section' as const };
    expect(startDraft({ ...base, rows: [matter('新事项', '节能科')] })).toEqual({
      ok: false,
      code: 'forbidden',
      errors: ['事项名称「新事项」属于节能科，运行监测科只能起草和修改本科室的事项'],
    });
    expect(startDraft({ ...base, rows: [matter('事项二')] })).toEqual({ ok: false, code: 'invalid', errors: ['事项名称「事项二」已是节能科的事项，名称不能重复'] });
    expect(startDraft({ ...base, rows: [matter('事项一')] })).toEqual({ ok: false, code: 'unchanged', errors: ['与现行第 1 版相比没有变化'] });
    const open = ok(startDraft({ ...base, rows: [matter('事项三')] }));
    expect(startDraft({ ...base, author: wu, open, rows: [matter('事项四', '节能科')] })).toEqual({
      ok: false,
      code: 'conflict',
      errors: ['该清单已有未发布的第 2 版（草稿，运行监测科起草），请在其上修改，或待其发布、撤回后再起草'],
    });
  });

  it('changeDraftRow: sections edit their own rows of the open draft (so several sections fill one draft), 行政审批科 any', () => {
    const v1 = published();
    let v = ok(startDraft({ kind: 'matters', id: 'v2', at: T1, author: zhang, current: v1, open: null, scope: 'section' }));
    expect(v.rows).toEqual(v1.rows); // a copy to edit
    const added = changeDraftRow({ version: v, change: { op: 'upsert', row: matter('节能新事项', '节能科') }, actor: wu, at: T2 });
    expect(added).toMatchObject({ ok: true, entries: [{ action: 'list.row_changed', actor: wu.openId, detail: { op: 'add', key: '节能新事项' } }] });
    v = ok(added);
    const updated = changeDraftRow({ version: v, change: { op: 'upsert', row: { ...matter('事项一'), remedy: '向甘孜州人民政府申请行政复议' } }, actor: zhang, at: T2 });
    expect(updated).toMatchObject({ ok: true, entries: [{ detail: { op: 'update', key: '事项一', fields: ['救济渠道'] } }] });
    v = ok(updated);
    expect(changeDraftRow({ version: v, change: { op: 'upsert', row: matter('事项二') }, actor: zhang, at: T2 })).toEqual({
      ok: false,
      code: 'forbidden',
      errors: ['事项名称「事项二」属于节能科，运行监测科只能起草和修改本科室的事项'],
    }); // cannot take over another section's row by moving it
    expect(changeDraftRow({ version: v, change: { op: 'remove', key: '事项二' }, actor: zhang, at: T2 })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(changeDraftRow({ version: v, change: { op: 'remove', key: '不存在' }, actor: zhao, at: T2 })).toEqual({ ok: false, code: 'invalid', errors: ['草稿中没有「不存在」'] });
    expect(changeDraftRow({ version: v, change: { op: 'upsert', row: { ...matter('事项一'), category: 'x' } }, actor: zhang, at: T2 })).toMatchObject({ ok: false, code: 'invalid', errors: [expect.stringMatching(/^事项类别/)] });
    expect(changeDraftRow({ version: v, change: { op: 'upsert', row: v.rows[0] }, actor: zhang, at: T2 })).toMatchObject({ ok: false, code: 'unchanged' });
    v = ok(changeDraftRow({ version: v, change: { op: 'remove', key: '事项二' }, actor: zhao, at: T2 }));
    expect(v.rows.map((r) => r.matter)).toEqual(['事项一', '节能新事项']);
    const submitted = ok(submitDraft({ version: v, current: v1, actor: zhang, at: T3 }));
    expect(changeDraftRow({ version: submitted, change: { op: 'remove', key: '事项一' }, actor: zhao, at: T3 })).toMatchObject({ ok: false, code: 'state' });
  });

  it('a draft that ends up equal to the current version cannot be submitted', () => {
    const v1 = published();
    const v = ok(startDraft({ kind: 'matters', id: 'v2', at: T1, author: zhang, current: v1, open: null, scope: 'section' }));
    expect(submitDraft({ version: v, current: v1, actor: zhang, at: T2 })).toEqual({ ok: false, code: 'unchanged', errors: ['与现行第 1 版相比没有变化'] });
  });
});

describe('published versions are never edited', () => {
  it('every editing function refuses a published version; a change makes a new version beside it', () => {
    const v1 = published();
    const frozen = structuredClone(v1);
    expect(changeDraftRow({ version: v1, change: { op: 'remove', key: '事项一' }, actor: zhao, at: T2 })).toMatchObject({ ok: false, code: 'state' });
    expect(submitDraft({ version: v1, current: v1, actor: zhao, at: T2 })).toMatchObject({ ok: false, code: 'state' });
    expect(reviewDraft({ version: v1, decision: 'return', actor: zhao, at: T2, note: 'x' })).toMatchObject({ ok: false, code: 'state' });
    expect(approveDraft({ version: v1, decision: 'return', actor: qian, at: T2, note: 'x' })).toMatchObject({ ok: false, code: 'state' });
    let v2 = ok(startDraft({ kind: 'matters', id: 'v2', at: T1, author: zhang, current: v1, open: null, scope: 'section', rows: [matter('事项一'), matter('事项三')] }));
    v2 = ok(submitDraft({ version: v2, current: v1, actor: zhang, at: T2 }));
    v2 = ok(reviewDraft({ version: v2, decision: 'pass', actor: zhao, at: T2 }));
    v2 = ok(approveDraft({ version: v2, decision: 'approve', actor: qian, at: T3 }));
    v2 = ok(publishVersion({ version: v2, current: v1, actor: qian, at: T4 }));
    expect(v2.version).toBe(2);
    expect(v1).toEqual(frozen);
  });

  it('refuses to publish over a version published after the draft began (stale base)', () => {
    const v1 = published();
    let stale = ok(startDraft({ kind: 'matters', id: 'v2', at: T1, author: zhang, current: null, open: null, scope: 'section', rows: [matter('事项九')] }));
    stale = ok(approveDraft({ version: ok(reviewDraft({ version: ok(submitDraft({ version: stale, current: null, actor: zhang, at: T1 })), decision: 'pass', actor: zhao, at: T2 })), decision: 'approve', actor: qian, at: T3 }));
    expect(publishVersion({ version: stale, current: v1, actor: qian, at: T4 })).toEqual({
      ok: false,
      code: 'conflict',
      errors: ['起草后清单已发布了第 1 版，本版本不能发布；请撤回后在现行版本上重新起草'],
    });
  });
});

describe('availableActions (the buttons of a list card)', () => {
  it('shows each person what they may do now', () => {
    const d = ok(startDraft({ kind: 'inspection_items', id: 'i1', at: T1, author: zhang, current: null, open: null, scope: 'section', rows: [item('a')] }));
    expect(availableActions(d, zhang)).toEqual(['edit', 'submit', 'withdraw']);
    expect(availableActions(d, li)).toEqual(['edit', 'submit']);
    expect(availableActions(d, wu)).toEqual(['edit']);
    expect(availableActions(d, zhao)).toEqual(['edit', 'submit', 'withdraw']);
    expect(availableActions(d, sun)).toEqual([]);
    const s = ok(submitDraft({ version: d, current: null, actor: zhang, at: T2 }));
    expect(availableActions(s, zhao)).toEqual(['review', 'return', 'withdraw']);
    expect(availableActions(s, qian)).toEqual([]);
    const r = ok(reviewDraft({ version: s, decision: 'pass', actor: zhao, at: T2 }));
    expect(availableActions(r, qian)).toEqual(['approve', 'return']);
    const a = ok(approveDraft({ version: r, decision: 'approve', actor: qian, at: T3 }));
    expect(availableActions(a, qian)).toEqual(['publish']);
    expect(availableActions(ok(publishVersion({ version: a, current: null, actor: qian, at: T4 })), zhao)).toEqual([]);
  });
});

describe('random sequences of actions by random people (state-machine property)', () => {
  it('only the chain’s transitions happen, a published version never changes, and a second open version is refused', () => {
    const people = [zhang, li, wu, zhao, qian, sun];
    const allowed = new Set([
      'null>draft',
      'draft>submitted',
      'submitted>reviewed',
      'submitted>draft',
      'reviewed>approved',
      'reviewed>draft',
      'approved>published',
      'draft>withdrawn',
      'submitted>withdrawn',
      'reviewed>withdrawn',
      'approved>withdrawn',
    ]);
    const rand = prng(5);
    let publications = 0;
    for (let run = 0; run < 40; run++) {
      let current: ListVersion<'matters'> | null = null;
      let open: ListVersion<'matters'> | null = null;
      const snapshots: [ListVersion<'matters'>, string][] = [];
      let n = 0;
      for (let step = 0; step < 120; step++) {
        const actor = people[randInt(rand, 0, people.length - 1)] as Person;
        const at = new Date(Date.UTC(2026, 6, 1, 0, 0, step)).toISOString();
        const note = rand() < 0.8 ? '意见' : undefined;
        // Half the time the action the state waits for, so that walks reach publication.
        const next: Record<string, number> = { draft: 2, submitted: 3, reviewed: 4, approved: 5 };
        const choice = !open ? 0 : rand() < 0.5 ? (next[open.state] as number) : randInt(rand, 0, 6);
        const before = open?.trail.length ?? 0;
        let r: ListOutcome<'matters'>;
        if (choice === 0) {
          const rows = [matter(`事项${randInt(rand, 1, 4)}`, actor.department), matter(`事项${randInt(rand, 5, 8)}`, actor.department)];
          r = startDraft({ kind: 'matters', id: `v${++n}`, at, author: actor, current, open, scope: rand() < 0.3 ? 'whole' : 'section', rows });
          if (open) expect(r.ok).toBe(false);
        } else if (choice === 1) {
          const row = matter(`事项${randInt(rand, 1, 8)}`, actor.department, { remedy: `渠道${step}` });
          r = changeDraftRow({ version: open as ListVersion<'matters'>, change: { op: 'upsert', row }, actor, at });
        } else if (choice === 2) r = submitDraft({ version: open as ListVersion<'matters'>, current, actor, at });
        else if (choice === 3) r = reviewDraft({ version: open as ListVersion<'matters'>, decision: rand() < 0.7 ? 'pass' : 'return', actor, at, note });
        else if (choice === 4) r = approveDraft({ version: open as ListVersion<'matters'>, decision: rand() < 0.7 ? 'approve' : 'return', actor, at, note });
        else if (choice === 5) r = publishVersion({ version: open as ListVersion<'matters'>, current, actor, at });
        else r = withdrawDraft({ version: open as ListVersion<'matters'>, actor, at });
        if (!r.ok) continue;
        const v: ListVersion<'matters'> = r.version;
        if (choice === 1) expect(v.trail).toHaveLength(before); // editing a draft is not a transition
        else {
          expect(v.trail).toHaveLength(choice === 0 ? 1 : before + 1);
          const t = v.trail.at(-1) as Transition;
          expect(allowed.has(`${t.from}>${t.to}`)).toBe(true);
          expect(t.to).toBe(v.state);
        }
        if (v.state === 'published') {
          expect(v.version).toBe((current?.version ?? 0) + 1);
          current = v;
          open = null;
          snapshots.push([v, JSON.stringify(v)]);
          publications++;
        } else if (v.state === 'withdrawn') open = null;
        else open = v;
      }
      for (const [v, json] of snapshots) {
        expect(JSON.stringify(v)).toBe(json);
        for (let i = 1; i < v.trail.length; i++) expect(v.trail[i]!.from).toBe(v.trail[i - 1]!.to);
      }
    }
    expect(publications).toBeGreaterThan(10); // the walk does reach publication
  });
});
