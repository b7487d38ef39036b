/** Shared by the list intents' tests: a matters row of 执法一科, and a draft holding it. */
import { expect } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { type AppHarness, PEOPLE, tap } from '../harness.ts';

export const act = (h: AppHarness, by: string, value: Record<string, unknown>, formValue?: Record<string, unknown>) =>
  handleCardAction(tap({ by, value, ...(formValue ? { formValue } : {}) }), h.s);

export const row = (over: Record<string, string> = {}) => ({
  matter: '工业节能监察',
  category: '行政检查',
  legalBasis: '《中华人民共和国节约能源法》第十二条',
  section: '执法一科',
  procedure: '制定计划→实施检查→制作笔录→处理',
  timeLimit: '检查结束后20个工作日内',
  remedy: '行政复议或行政诉讼',
  ...over,
});


/** Drafts the matters list as 张三 (执法一科) with one row; returns the open version's id. */
export async function draftWithRow(h: AppHarness, rowValue = row()): Promise<string> {
  await act(h, PEOPLE.zhang.openId, { action: 'list.draft', kind: 'matters' });
  const id = (await h.lists.head('matters')).open!.id;
  const saved = await act(h, PEOPLE.zhang.openId, { action: 'list.row_save', kind: 'matters', version_id: id }, rowValue);
  expect(saved.toast?.type, JSON.stringify(saved.toast)).toBe('success');
  return id;
}

