/** The receipt's activity drop-down: a change is an entry with before and after; officers only; not once archived. */
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { PEOPLE, tap, useWorker } from '../harness.ts';
import { attach, caseWith } from './helpers.ts';

const choose = (by: string, caseId: string, evidenceId: string, option?: string) => ({
  ...tap({ by, value: { action: 'evidence.activity', case_id: caseId, evidence_id: evidenceId } }),
  ...(option ? { option } : {}),
});

describe('Card action: evidence.activity', () => {
  const h = useWorker();

  it('changes the activity and records before and after, answering with the updated receipt', async () => {
    const c = await caseWith(h());
    const item = await attach(h(), c, { bytes: 'video', kind: 'video' });
    const res = await handleCardAction(choose(PEOPLE.li.openId, c.caseId, item.evidenceId, '查封扣押'), h().s);
    expect(res.toast).toMatchObject({ type: 'success', content: expect.stringContaining('查封扣押') });
    expect(JSON.stringify(res.card)).toContain('"initial_option":"查封扣押"');
    expect((await h().cases.getEvidence(c.caseId, item.evidenceId))?.activity).toBe('查封扣押');
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({
      action: 'evidence.activity_changed',
      actor: PEOPLE.li.openId,
      detail: { evidenceId: item.evidenceId, changes: [{ field: 'activity', before: '其他', after: '查封扣押' }] },
    });
  });

  it('refuses an activity that is not one of the list, no change, non-officers, strangers and archived cases', async () => {
    const c = await caseWith(h());
    const item = await attach(h(), c, { bytes: 'photo', activity: '询问' });
    const unknown = await handleCardAction(choose(PEOPLE.zhang.openId, c.caseId, item.evidenceId, '喝茶'), h().s);
    const same = await handleCardAction(choose(PEOPLE.zhang.openId, c.caseId, item.evidenceId, '询问'), h().s);
    const none = await handleCardAction(choose(PEOPLE.zhang.openId, c.caseId, item.evidenceId), h().s);
    const reviewer = await handleCardAction(choose(PEOPLE.zhao.openId, c.caseId, item.evidenceId, '听证'), h().s);
    const stranger = await handleCardAction(choose(PEOPLE.chen.openId, c.caseId, item.evidenceId, '听证'), h().s);
    expect(unknown.toast?.content).toContain('没有「喝茶」这一活动');
    expect(same.toast?.content).toContain('无需更改');
    expect(none.toast?.type).toBe('error');
    expect(reviewer.toast?.content).toContain('只有本案的承办人员');
    expect(stranger.toast?.content).toContain('未找到案件');
    const head = (await h().cases.get(c.caseId))!.logHead!;
    await h().cases.beginArchive(c.caseId, { at: '2026-03-02T01:00:00.000Z', by: PEOPLE.zhang.openId, byName: '张三', head });
    const archiving = await handleCardAction(choose(PEOPLE.zhang.openId, c.caseId, item.evidenceId, '听证'), h().s);
    expect(archiving.toast?.content).toContain('正在归档');
    expect((await h().cases.getEvidence(c.caseId, item.evidenceId))?.activity).toBe('询问');
    expect((await h().cases.records(c.caseId)).map((r) => r.action)).not.toContain('evidence.activity_changed');
  });
});
