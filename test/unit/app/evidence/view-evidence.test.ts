/** 查看: a link valid for at most 30 minutes, to the case's officers, reviewers, heads and admins; every view recorded. */
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import { cardText, PEOPLE, tap, useWorker } from '../harness.ts';
import { attach, caseWith } from './helpers.ts';

describe('Card action: evidence.view', () => {
  const h = useWorker();

  it('hands the link on to the worker for someone who may see the case, and tells them where it goes', async () => {
    const c = await caseWith(h());
    const item = await attach(h(), c, { bytes: 'photo' });
    const res = await handleCardAction(tap({ by: PEOPLE.zhao.openId, value: { action: 'evidence.view', case_id: c.caseId, evidence_id: item.evidenceId } }), h().s);
    expect(res.toast).toMatchObject({ type: 'info', content: expect.stringContaining('30 分钟') });
    expect(h().submitted).toEqual([{ kind: 'evidence.view', caseId: c.caseId, evidenceId: item.evidenceId, openId: PEOPLE.zhao.openId, requestId: 'ev-tap' }]);
  });

  it('refuses anyone else as for a case that does not exist, and hands nothing on', async () => {
    const c = await caseWith(h());
    const item = await attach(h(), c, { bytes: 'photo' });
    const stranger = await handleCardAction(tap({ by: PEOPLE.sun.openId, value: { action: 'evidence.view', case_id: c.caseId, evidence_id: item.evidenceId } }), h().s);
    const missing = await handleCardAction(tap({ by: PEOPLE.sun.openId, value: { action: 'evidence.view', case_id: '2026-000099', evidence_id: item.evidenceId } }), h().s);
    expect(stranger.toast?.content).toBe(missing.toast?.content.replace('2026-000099', c.caseId));
    expect(h().submitted).toEqual([]);
  });
});

describe('Job: evidence.view', () => {
  const h = useWorker();

  it('records the view (who, what, until when), then sends the link privately; a repeat sends nothing more', async () => {
    const c = await caseWith(h());
    const item = await attach(h(), c, { bytes: 'the photo', fileName: '现场.jpg' });
    const job = { kind: 'evidence.view' as const, caseId: c.caseId, evidenceId: item.evidenceId, openId: PEOPLE.li.openId, requestId: 'ev-1' };
    await runJob(job, h().s);
    await runJob(job, h().s);
    const views = (await h().cases.records(c.caseId)).filter((r) => r.action === 'evidence.viewed');
    expect(views).toEqual([expect.objectContaining({ actor: PEOPLE.li.openId, at: '2026-03-02T02:00:00.000Z', detail: { evidenceId: item.evidenceId, sha256: item.sha256, linkExpiresAt: '2026-03-02T02:30:00.000Z' } })]);
    const sent = h().sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ receive_id: PEOPLE.li.openId, msg_type: 'interactive' });
    const card = cardText(sent[0]);
    expect(card).toContain(`"default_url":"https://evidence.invalid/${item.s3Key}?expires=1800`);
    expect(card).toContain('2026&#45;03&#45;02 10&#58;30&#58;00');
  });

  it('checks again in the worker: someone who may not see the case gets no link and no entry', async () => {
    const c = await caseWith(h());
    const item = await attach(h(), c, { bytes: 'photo' });
    await runJob({ kind: 'evidence.view', caseId: c.caseId, evidenceId: item.evidenceId, openId: PEOPLE.sun.openId, requestId: 'ev-2' }, h().s);
    expect(h().sent()).toEqual([]);
    expect((await h().cases.records(c.caseId)).map((r) => r.action)).not.toContain('evidence.viewed');
  });

  it('still records and links a view of an archived case (looking is not changing)', async () => {
    const c = await caseWith(h());
    const item = await attach(h(), c, { bytes: 'photo' });
    const head = (await h().cases.get(c.caseId))!.logHead!;
    await h().cases.beginArchive(c.caseId, { at: '2026-03-02T01:00:00.000Z', by: PEOPLE.zhang.openId, byName: '张三', head });
    await runJob({ kind: 'evidence.view', caseId: c.caseId, evidenceId: item.evidenceId, openId: PEOPLE.zhang.openId, requestId: 'ev-3' }, h().s);
    expect(h().sent()).toHaveLength(1);
  });
});
