/** 我的案件 and its 下一页 button: a person's open cases, newest first, ten to a page. */
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import type { Person } from '../../../../functions/domain/roster/types.ts';
import type { CaseStore } from '../../../../functions/ports/index.ts';
import { filingRequest } from '../../../helpers/factories.ts';
import { appServices, asOfficer, cardText, messageJob, PEOPLE, tap, useWorker } from '../harness.ts';

/** `n` cases of 张三 and 李四, filed a minute apart (case i is newer than case i-1). */
async function fileMany(cases: CaseStore, n: number, officers: Person[] = [PEOPLE.zhang, PEOPLE.li]) {
  for (let i = 1; i <= n; i++) {
    await cases.fileCase(
      filingRequest({ formId: `F-list-${i}`, year: 2026, partyName: `当事人${i}`, officers: officers.map(asOfficer), filedAt: `2026-03-02T01:${String(i).padStart(2, '0')}:00.000Z` }),
    );
  }
}

const caseIds = (json: string) => [...json.matchAll(/"case_id":"([^"]+)"/g)].map((m) => m[1]);
const nextCursor = (json: string) => /"action":"case\.list","cursor":"([^"]+)"/.exec(json)?.[1];

describe('Command: 我的案件', () => {
  const h = useWorker();

  it('lists the first ten, newest first, each with 查看 (case.show), and 下一页 (case.list) when there are more', async () => {
    await fileMany(h().cases, 12);
    await runJob(messageJob(h(), { from: PEOPLE.li.openId, text: '我的案件' }), h().s);
    const page = cardText(h().sent()[0]);
    expect(page).toContain('我的案件（第1页）');
    expect(caseIds(page)).toEqual(Array.from({ length: 10 }, (_, i) => `2026-${String(12 - i).padStart(6, '0')}`));
    expect(page).toContain('"action":"case.show"');
    expect(nextCursor(page)).toMatch(/^2:/);
  });

  it('says so when the person has no open case, and shows no 下一页', async () => {
    await runJob(messageJob(h(), { from: PEOPLE.chen.openId, text: '我的案件' }), h().s);
    const page = cardText(h().sent()[0]);
    expect(page).toContain('您目前没有未结案件');
    expect(nextCursor(page)).toBeUndefined();
  });
});

describe('Card action: case.list', () => {
  it('turns to the next page and knows its number; the last page has no 下一页', async () => {
    const { s, cases } = await appServices();
    await fileMany(cases, 12);
    const first = await cases.listOpenForUser(PEOPLE.zhang.openId, { limit: 10 });
    const res = await handleCardAction(tap({ by: PEOPLE.zhang.openId, value: { action: 'case.list', cursor: `2:${first.nextCursor}` } }), s);
    const page = JSON.stringify(res.card);
    expect(page).toContain('我的案件（第2页）');
    expect(caseIds(page)).toEqual(['2026-000002', '2026-000001']);
    expect(nextCursor(page)).toBeUndefined();
  });

  it('still works for an old card’s button (`list_cases`)', async () => {
    const { s, cases } = await appServices();
    await fileMany(cases, 11);
    const first = await cases.listOpenForUser(PEOPLE.li.openId, { limit: 10 });
    const res = await handleCardAction(tap({ by: PEOPLE.li.openId, value: { action: 'list_cases', cursor: `2:${first.nextCursor}` } }), s);
    expect(caseIds(JSON.stringify(res.card))).toEqual(['2026-000001']);
  });

  it('does not page through someone else’s list with their cursor, nor with a made-up one', async () => {
    const { s, cases } = await appServices();
    await fileMany(cases, 11);
    const li = await cases.listOpenForUser(PEOPLE.li.openId, { limit: 10 });
    const expired = { toast: { type: 'error', content: '该卡片已过期，请重新发送指令。' } };
    expect(await handleCardAction(tap({ by: PEOPLE.chen.openId, value: { action: 'case.list', cursor: `2:${li.nextCursor}` } }), s)).toEqual(expired);
    expect(await handleCardAction(tap({ by: PEOPLE.li.openId, value: { action: 'case.list', cursor: '2:bm90LW91cnM' } }), s)).toEqual(expired);
    expect(await handleCardAction(tap({ by: PEOPLE.li.openId, value: { action: 'case.list', cursor: 'no page number' } }), s)).toEqual(expired);
  });
});
