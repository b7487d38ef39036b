/**
 * 清单 on cards: a section drafts and changes rows, 行政审批科 reviews, the head approves — and the
 * approval publishes. Every step is checked on the server (role, section, state), stored with its
 * record entry on the revision read, and owes the list's job.
 */
import { describe, expect, it } from 'vitest';
import { runJob } from '../../../../functions/app/jobs.ts';
import { appServices, cardText, messageJob, PEOPLE, useWorker } from '../harness.ts';
import { act, draftWithRow, row } from './helpers.ts';


describe('Command: 清单', () => {
  const h = useWorker();
  it('answers with the three lists and their state', async () => {
    await runJob(messageJob(h(), { from: PEOPLE.sun.openId, text: '清单' }), h().s);
    const text = cardText(h().sent()[0]);
    for (const title of ['行政执法事项清单', '随机抽查事项清单', '行政执法人员名录']) expect(text).toContain(title);
    expect(text).toContain('现行：尚未发布');
    expect(text).toContain('"action":"list.show","kind":"inspection_items"');
  });
});

describe('Card action: list.show', () => {
  it('offers a section officer a new draft, 行政审批科 the directory from the roster, the office nothing to change', async () => {
    const h = await appServices();
    expect(JSON.stringify((await act(h, PEOPLE.zhang.openId, { action: 'list.show', kind: 'matters' })).card)).toContain('起草新版本');
    const office = JSON.stringify((await act(h, PEOPLE.sun.openId, { action: 'list.show', kind: 'matters' })).card);
    expect(office).not.toContain('起草新版本');
    const directory = JSON.stringify((await act(h, PEOPLE.zhao.openId, { action: 'list.show', kind: 'officers' })).card);
    expect(directory).toContain('从人员名册生成');
    expect(JSON.stringify((await act(h, PEOPLE.zhang.openId, { action: 'list.show', kind: 'officers' })).card)).not.toContain('从人员名册生成');
  });
});

describe('Card actions: list.draft, list.row_form, list.row_save, list.row_remove', () => {
  it('drafts a version, adds a row to it with its record entry, and owes the list job', async () => {
    const h = await appServices();
    const id = await draftWithRow(h);
    const head = await h.lists.head('matters');
    expect(head.open).toMatchObject({ id, state: 'draft', version: 1, rows: [row()] });
    expect((await h.lists.records('matters')).map((r) => [r.seq, r.action, r.actor])).toEqual([
      [1, 'list.draft_created', PEOPLE.zhang.openId],
      [2, 'list.row_changed', PEOPLE.zhang.openId],
    ]);
    expect(await h.outbox.get('lists:matters')).toMatchObject({ job: { kind: 'lists.changed', listKind: 'matters' }, rev: 2 });
    expect(h.submitted).toContainEqual({ kind: 'lists.changed', listKind: 'matters' });
  });

  it('sends the row form with the officer’s own section filled in', async () => {
    const h = await appServices();
    await act(h, PEOPLE.zhang.openId, { action: 'list.draft', kind: 'matters' });
    const id = (await h.lists.head('matters')).open!.id;
    const form = JSON.stringify((await act(h, PEOPLE.zhang.openId, { action: 'list.row_form', kind: 'matters', version_id: id })).card);
    expect(form).toContain('"name":"legalBasis"');
    expect(form).toContain('"default_value":"执法一科"');
    expect(form).toContain('"action":"list.row_save"');
  });

  it('sends a rejected row back in its form, filled in, with each problem; writes nothing', async () => {
    const h = await appServices();
    await act(h, PEOPLE.zhang.openId, { action: 'list.draft', kind: 'matters' });
    const id = (await h.lists.head('matters')).open!.id;
    const res = await act(h, PEOPLE.zhang.openId, { action: 'list.row_save', kind: 'matters', version_id: id }, row({ category: '罚款', section: '不存在科' }));
    expect(res.toast?.type).toBe('error');
    const card = JSON.stringify(res.card);
    expect(card).toContain('事项类别');
    expect(card).toContain('工业节能监察'); // what was typed comes back
    expect((await h.lists.head('matters')).open!.rows).toEqual([]);
  });

  it('refuses a row of another section, on the server, whatever the card offered', async () => {
    const h = await appServices();
    await act(h, PEOPLE.zhang.openId, { action: 'list.draft', kind: 'matters' });
    const id = (await h.lists.head('matters')).open!.id;
    const res = await act(h, PEOPLE.zhang.openId, { action: 'list.row_save', kind: 'matters', version_id: id }, row({ section: '运行监测科' }));
    expect(res.toast).toMatchObject({ type: 'error' });
    expect(res.toast?.content).toContain('只能起草和修改本科室的事项');
    const office = await act(h, PEOPLE.sun.openId, { action: 'list.row_save', kind: 'matters', version_id: id }, row());
    expect(office.toast?.type).toBe('error');
    expect((await h.lists.head('matters')).open!.rows).toEqual([]);
  });

  it('removes a row by its name', async () => {
    const h = await appServices();
    const id = await draftWithRow(h);
    const res = await act(h, PEOPLE.zhang.openId, { action: 'list.row_remove', kind: 'matters', version_id: id }, { key: '工业节能监察' });
    expect(res.toast).toEqual({ type: 'success', content: '已删除「工业节能监察」' });
    expect((await h.lists.head('matters')).open!.rows).toEqual([]);
  });
});

describe('Card actions: list.submit, list.review, list.approve', () => {
  it('runs the chain: submitted by the section, reviewed by 行政审批科, approved and published by the head', async () => {
    const h = await appServices();
    const id = await draftWithRow(h);
    const ref = { kind: 'matters', version_id: id };
    expect((await act(h, PEOPLE.zhang.openId, { action: 'list.submit', ...ref })).toast).toEqual({ type: 'success', content: '已提交行政审批科审核' });
    expect((await act(h, PEOPLE.zhao.openId, { action: 'list.review', ...ref, decision: 'pass' }, { note: '' })).toast?.type).toBe('success');
    const approved = await act(h, PEOPLE.qian.openId, { action: 'list.approve', ...ref, decision: 'approve' }, {});
    expect(approved.toast).toEqual({ type: 'success', content: '已批准并发布，公示网站即将更新' });
    const head = await h.lists.head('matters');
    expect(head).toMatchObject({ open: null, current: { id, state: 'published', version: 1 } });
    expect((await h.lists.records('matters')).map((r) => r.action).slice(2)).toEqual(['list.submitted', 'list.reviewed', 'list.approved', 'list.published']);
  });

  it('checks each step on the server: who may take it, the state it needs, a reason for a return', async () => {
    const h = await appServices();
    const id = await draftWithRow(h);
    const ref = { kind: 'matters', version_id: id };
    // Nobody but the section or 行政审批科 submits; nobody but 行政审批科 reviews; only the head approves.
    expect((await act(h, PEOPLE.chen.openId, { action: 'list.submit', ...ref })).toast?.content).toContain('只有执法一科或行政审批科可以提交');
    expect((await act(h, PEOPLE.zhao.openId, { action: 'list.review', ...ref, decision: 'pass' })).toast?.type).toBe('info'); // still a draft
    await act(h, PEOPLE.zhang.openId, { action: 'list.submit', ...ref });
    expect((await act(h, PEOPLE.zhang.openId, { action: 'list.review', ...ref, decision: 'pass' })).toast?.content).toBe('只有行政审批科可以审核清单');
    expect((await act(h, PEOPLE.zhao.openId, { action: 'list.review', ...ref, decision: 'return' }, { note: '  ' })).toast?.content).toBe('退回时请写明需要修改的内容');
    expect((await act(h, PEOPLE.zhao.openId, { action: 'list.approve', ...ref, decision: 'approve' })).toast?.content).toBe('只有负责人可以批准清单');
    // A double tap finds the version moved on and says where it is; nothing is written twice.
    await act(h, PEOPLE.zhao.openId, { action: 'list.review', ...ref, decision: 'pass' });
    const again = await act(h, PEOPLE.zhao.openId, { action: 'list.review', ...ref, decision: 'pass' });
    expect(again.toast).toMatchObject({ type: 'info' });
    expect((await h.lists.records('matters')).filter((r) => r.action === 'list.reviewed')).toHaveLength(1);
  });

  it('returns a version to the section with the reason, shown on its card', async () => {
    const h = await appServices();
    const id = await draftWithRow(h);
    const ref = { kind: 'matters', version_id: id };
    await act(h, PEOPLE.zhang.openId, { action: 'list.submit', ...ref });
    const back = await act(h, PEOPLE.zhao.openId, { action: 'list.review', ...ref, decision: 'return' }, { note: '办理时限请写明法定依据' });
    expect(back.toast?.content).toBe('已退回起草科室修改');
    expect((await h.lists.head('matters')).open!.state).toBe('draft');
    const card = JSON.stringify((await act(h, PEOPLE.zhang.openId, { action: 'list.show', kind: 'matters' })).card);
    expect(card).toContain('退回意见');
    expect(card).toContain('办理时限请写明法定依据');
  });

  it('answers a card of a version that is no longer open with the list as it is', async () => {
    const h = await appServices();
    const res = await act(h, PEOPLE.zhang.openId, { action: 'list.submit', kind: 'matters', version_id: 'matters-gone' });
    expect(res.toast).toEqual({ type: 'info', content: '该版本不存在，以下是清单的当前状态' });
  });

  it('never edits a published version: a change is a new draft from it', async () => {
    const h = await appServices();
    const id = await draftWithRow(h);
    const ref = { kind: 'matters', version_id: id };
    await act(h, PEOPLE.zhang.openId, { action: 'list.submit', ...ref });
    await act(h, PEOPLE.zhao.openId, { action: 'list.review', ...ref, decision: 'pass' });
    await act(h, PEOPLE.qian.openId, { action: 'list.approve', ...ref, decision: 'approve' });
    const edit = await act(h, PEOPLE.zhang.openId, { action: 'list.row_save', ...ref }, row({ timeLimit: '10个工作日' }));
    expect(edit.toast?.type).toBe('info');
    expect((await h.lists.version('matters', id))?.rows).toEqual([row()]);
    await act(h, PEOPLE.zhang.openId, { action: 'list.draft', kind: 'matters' });
    expect((await h.lists.head('matters')).open).toMatchObject({ version: 2, baseVersion: 1, rows: [row()] });
  });
});

describe('Card actions: list.withdraw, list.generate', () => {
  it('withdraws a draft: kept, closed, never published', async () => {
    const h = await appServices();
    const id = await draftWithRow(h);
    expect((await act(h, PEOPLE.li.openId, { action: 'list.withdraw', kind: 'matters', version_id: id })).toast?.content).toBe('只有起草人或行政审批科可以撤回');
    expect((await act(h, PEOPLE.zhang.openId, { action: 'list.withdraw', kind: 'matters', version_id: id })).toast?.content).toBe('已撤回该版本');
    expect(await h.lists.head('matters')).toMatchObject({ open: null, current: null });
    expect((await h.lists.version('matters', id))?.state).toBe('withdrawn');
  });

  it('makes the officers’ directory from the roster: officers certified today, name, number and field only', async () => {
    const h = await appServices();
    expect((await act(h, PEOPLE.zhang.openId, { action: 'list.generate', kind: 'officers' })).toast?.content).toBe('执法人员名录由行政审批科根据人员名册生成');
    const res = await act(h, PEOPLE.zhao.openId, { action: 'list.generate', kind: 'officers' });
    expect(res.toast?.content).toContain('3 名持有效执法证的执法人员');
    const rows = (await h.lists.head('officers')).open!.rows;
    expect(rows.map((r) => r.name).sort()).toEqual(['张三', '李四', '陈七'].sort());
    expect(rows[0]).toEqual({ name: expect.any(String), certificateNumber: expect.any(String), field: '经济和信息化' });
  });
});
