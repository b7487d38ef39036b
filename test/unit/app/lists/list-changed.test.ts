/**
 * Job lists.changed: the site gets a published version (its page, its version page beside the earlier
 * ones, the index), never a draft; 行政审批科 and the head are asked to act on what reached them, the
 * author is told of a return and of the publication; each part once, however often the job runs.
 */
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import { cardText, PEOPLE, tap, useWorker, type WorkerHarness } from '../harness.ts';
import { draftWithRow, row } from './helpers.ts';

const act = (h: WorkerHarness, by: string, value: Record<string, unknown>, formValue?: Record<string, unknown>) =>
  handleCardAction(tap({ by, value, ...(formValue ? { formValue } : {}) }), h.s);
const changed = (h: WorkerHarness) => runJob({ kind: 'lists.changed', listKind: 'matters' }, h.s);
const to = (h: WorkerHarness, openId: string) => h.sent().filter((m) => m.receive_id === openId);

async function publish(h: WorkerHarness, id: string) {
  const ref = { kind: 'matters', version_id: id };
  await act(h, PEOPLE.zhang.openId, { action: 'list.submit', ...ref });
  await act(h, PEOPLE.zhao.openId, { action: 'list.review', ...ref, decision: 'pass' });
  await act(h, PEOPLE.qian.openId, { action: 'list.approve', ...ref, decision: 'approve' });
}

describe('Job: lists.changed', () => {
  const h = useWorker();

  it('asks 行政审批科 to review a submitted draft, and writes nothing on the site', async () => {
    const id = await draftWithRow(h());
    await act(h(), PEOPLE.zhang.openId, { action: 'list.submit', kind: 'matters', version_id: id });
    await changed(h());
    const [review] = to(h(), PEOPLE.zhao.openId);
    expect(cardText(review)).toContain('执法一科提交了行政执法事项清单第 1 版，请审核');
    expect(cardText(review)).toContain('"action":"list.review"');
    expect(to(h(), PEOPLE.zhang.openId)).toEqual([]); // the one who submitted needs no notice
    expect(h().site.paths()).toEqual([]);
    expect(await h().outbox.get('lists:matters')).toBeNull();
  });

  it('publishes the approved version with the index and placeholders, tells the author, and repeats nothing', async () => {
    const id = await draftWithRow(h());
    await publish(h(), id);
    await changed(h());
    expect(h().site.paths()).toEqual([
      'draws/index.html',
      'index.html',
      'lists/inspection_items.html',
      'lists/matters-v1.html',
      'lists/matters.html',
      'lists/officers.html',
    ]);
    const page = (await h().site.read('lists/matters.html'))!;
    expect(page).toContain('现行版本：第 1 版');
    expect(page).toContain('工业节能监察');
    expect(page).toContain('《中华人民共和国节约能源法》第十二条');
    expect(page).not.toContain(PEOPLE.zhang.name); // no author on the public page
    expect(await h().site.read('lists/inspection_items.html')).toContain('尚未发布');
    expect(await h().site.read('index.html')).toContain('href="lists/matters.html"');
    expect((await h().lists.head('matters')).siteVersion).toBe(1);
    const told = to(h(), PEOPLE.zhang.openId).map(cardText);
    expect(told.some((t) => t.includes('行政执法事项清单第 1 版已发布到公示网站'))).toBe(true);
    expect(to(h(), PEOPLE.qian.openId).map(cardText).join()).toContain('请批准');

    const before = h().sent().length;
    await changed(h());
    expect(h().sent()).toHaveLength(before);
  });

  it('keeps every published version beside the new one, with what changed', async () => {
    const first = await draftWithRow(h());
    await publish(h(), first);
    await changed(h());
    await act(h(), PEOPLE.zhang.openId, { action: 'list.draft', kind: 'matters' });
    const second = (await h().lists.head('matters')).open!.id;
    await act(h(), PEOPLE.zhang.openId, { action: 'list.row_save', kind: 'matters', version_id: second }, row({ timeLimit: '检查结束后10个工作日内' }));
    await act(h(), PEOPLE.zhang.openId, { action: 'list.row_save', kind: 'matters', version_id: second }, row({ matter: '能源计量审查' }));
    // A draft in progress never reaches the site.
    await changed(h());
    expect(await h().site.read('lists/matters-v2.html')).toBeNull();
    await publish(h(), second);
    await changed(h());
    const v2 = (await h().site.read('lists/matters-v2.html'))!;
    expect(v2).toContain('与上一版相比：新增 1 项，修改 1 项');
    expect(v2).toContain('检查结束后20个工作日内 → 检查结束后10个工作日内');
    const page = (await h().site.read('lists/matters.html'))!;
    expect(page).toContain('现行版本：第 2 版');
    expect(page).toContain('href="matters-v1.html"');
    expect(await h().site.read('lists/matters-v1.html')).toContain('第 1 版');
  });

  it('tells the author of a return, with the reason', async () => {
    const id = await draftWithRow(h());
    await act(h(), PEOPLE.zhang.openId, { action: 'list.submit', kind: 'matters', version_id: id });
    await act(h(), PEOPLE.zhao.openId, { action: 'list.review', kind: 'matters', version_id: id, decision: 'return' }, { note: '请补充法律依据条款' });
    await changed(h());
    const text = to(h(), PEOPLE.zhang.openId).map(cardText).join();
    expect(text).toContain('行政执法事项清单第 1 版被退回');
    expect(text).toContain('请补充法律依据条款');
  });
});
