/** 设为当前案件: per person and chat; the case's officers only; named in the answer. */
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import { messageJob, PEOPLE, tap, useWorker } from '../harness.ts';
import { caseWith } from '../evidence/helpers.ts';

describe('Card action: case.current', () => {
  const h = useWorker();

  it('makes the case the officer’s current case in the chat of the card, and names it', async () => {
    const c = await caseWith(h());
    const res = await handleCardAction(tap({ by: PEOPLE.li.openId, value: { action: 'case.current', case_id: c.caseId } }), h().s);
    expect(res.toast).toMatchObject({ type: 'success', content: expect.stringContaining(`当前案件：${c.caseNumber}`) });
    expect(await h().chat.currentCase(PEOPLE.li.openId, 'oc_chat')).toBe(c.caseId);
    expect(await h().chat.currentCase(PEOPLE.zhang.openId, 'oc_chat')).toBeNull();
    expect(await h().chat.caseOfCard('om_card')).toBe(c.caseId);
  });

  it('refuses non-officers, strangers (as for a missing case) and archived cases', async () => {
    const c = await caseWith(h());
    const reviewer = await handleCardAction(tap({ by: PEOPLE.zhao.openId, value: { action: 'case.current', case_id: c.caseId } }), h().s);
    const stranger = await handleCardAction(tap({ by: PEOPLE.chen.openId, value: { action: 'case.current', case_id: c.caseId } }), h().s);
    const missing = await handleCardAction(tap({ by: PEOPLE.chen.openId, value: { action: 'case.current', case_id: '2026-000099' } }), h().s);
    expect(reviewer.toast?.content).toContain('只有本案的承办人员');
    expect(stranger.toast?.content).toBe(missing.toast?.content.replace('2026-000099', c.caseId));
    expect(await h().chat.currentCase(PEOPLE.zhao.openId, 'oc_chat')).toBeNull();
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, text: '归档 1号' }), h().s);
    expect((await h().cases.get(c.caseId))?.status).toBe('archived');
    const archived = await handleCardAction(tap({ by: PEOPLE.zhang.openId, value: { action: 'case.current', case_id: c.caseId } }), h().s);
    expect(archived.toast?.content).toContain('已归档');
    expect(await h().chat.currentCase(PEOPLE.zhang.openId, 'oc_chat')).toBeNull();
  });
});
