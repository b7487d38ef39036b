/**
 * Job case.filed: what a filing owes — the form message turned into the case card, a notice to each
 * co-officer — done part by part; a refused notice is recorded and reported, a retryable failure
 * leaves only its own part for the retry.
 */
import { describe, expect, it } from 'vitest';
import { filingFormCard } from '../../../../cards/index.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import type { Person } from '../../../../functions/domain/roster/types.ts';
import { filingRequest } from '../../../helpers/factories.ts';
import { asOfficer, cardText, PEOPLE, textOf, useWorker, type WorkerHarness } from '../harness.ts';

const CREATE = '^POST /open-apis/im/v1/messages$';

/** 张三 got a form (a real message in the fake) and filed it with `others`. */
async function fileWithForm(h: WorkerHarness, others: Person[]) {
  await h.s.messenger.sendCard(PEOPLE.zhang.openId, filingFormCard({ formId: 'F-fu', filerOpenId: PEOPLE.zhang.openId, officerOptions: [] }), 'form-uuid');
  const formMessageId = h.sent()[0]!.message_id;
  const { case: c } = await h.cases.fileCase(
    filingRequest({ formId: 'F-fu', year: 2026, partyName: '甘孜某某矿业有限公司', officers: [PEOPLE.zhang, ...others].map(asOfficer), formMessageId }),
  );
  return { c, formMessageId, ref: { caseId: c.caseId, recordSeq: 1 } };
}

/**
 * Messages the job sent (not the form it started from), besides the 立案审批表 it drafts for every
 * officer (a file and its caption; test/unit/app/documents/draft-document.test.ts pins those).
 */
const sentBy = (h: WorkerHarness, formMessageId: string) =>
  h.sent().filter((m) => m.message_id !== formMessageId && m.msg_type !== 'file' && !textOf(m).includes('已制作立案审批表'));
/** Open API calls about messages from now on. */
const imCalls = (h: WorkerHarness) => {
  const before = h.sim.requests().length;
  return () => h.sim.requests().slice(before).filter((r) => r.path.startsWith('/open-apis/im/'));
};

describe('Job: case.filed', () => {
  const h = useWorker();

  it('turns the form into the case card, tells each co-officer, and settles the follow-up', async () => {
    const { c, formMessageId, ref } = await fileWithForm(h(), [PEOPLE.li, PEOPLE.chen]);
    await runJob({ kind: 'case.filed', caseId: c.caseId }, h().s);
    const form = h().sent().find((m) => m.message_id === formMessageId);
    expect(form?.updated_at).toBeTruthy();
    expect(cardText(form)).toContain('✅ 立案成功：甘经信立〔2026〕1号');
    const notices = sentBy(h(), formMessageId);
    expect(notices.map((m) => m.receive_id)).toEqual([PEOPLE.li.openId, PEOPLE.chen.openId]);
    expect(cardText(notices[0])).toContain('您已被列为案件 甘经信立〔2026〕1号 的承办人员');
    expect(await h().cases.getFollowUp(ref)).toMatchObject({ status: 'done', parts: { form: 'sent', [`notice:${PEOPLE.li.openId}`]: 'sent' } });

    // Run again (a repeated tap, the tick): nothing more is sent (the document's sends repeat their uuids).
    const calls = imCalls(h());
    const before = h().sent().length;
    await runJob({ kind: 'case.filed', caseId: c.caseId }, h().s);
    expect(calls().filter((r) => r.path !== '/open-apis/im/v1/files' && !(r.method === 'POST' && r.path === '/open-apis/im/v1/messages'))).toEqual([]);
    expect(h().sent()).toHaveLength(before);
  });

  it('keeps the case’s deadlines itself: on Lambda the worker cannot hand a job to itself', async () => {
    const { case: c } = await h().cases.fileCase(
      filingRequest({ formId: 'F-dl', year: 2026, partyName: '甘孜某某矿业有限公司', officers: [PEOPLE.zhang, PEOPLE.li].map(asOfficer), caseType: '行政处罚' }),
    );
    h().failSubmits(true);
    await runJob({ kind: 'case.filed', caseId: c.caseId }, h().s);
    h().failSubmits(false);
    const stored = await h().deadlines.list(`case:${c.caseId}`);
    expect(stored.map((d) => d.deadline.ruleId)).toContain('case_time_limit');
    expect(h().scheduler.schedules.size).toBeGreaterThan(0);
  });

  it('records a co-officer Feishu will not reach, tells the filer, and still tells the others', async () => {
    const { c, formMessageId, ref } = await fileWithForm(h(), [PEOPLE.li, PEOPLE.chen]);
    h().sim.injectFault({ match: CREATE, status: 400, code: 230013, msg: 'Bot has NO availability to this user.', count: 1 });
    await runJob({ kind: 'case.filed', caseId: c.caseId }, h().s);
    const records = await h().cases.records(c.caseId);
    expect(records[1]).toMatchObject({ seq: 2, action: 'notice.failed', actor: 'system', detail: { notice: 'case.filed', recipient: PEOPLE.li.openId, name: '李四', code: 230013 } });
    const toFiler = sentBy(h(), formMessageId).find((m) => m.receive_id === PEOPLE.zhang.openId);
    expect(textOf(toFiler)).toContain('承办通知未能送达 李四');
    expect(sentBy(h(), formMessageId).some((m) => m.receive_id === PEOPLE.chen.openId)).toBe(true);
    expect(await h().cases.getFollowUp(ref)).toMatchObject({ status: 'done', parts: { [`notice:${PEOPLE.li.openId}`]: 'reported' } });
  });

  it('fails the job on a retryable failure, leaving only that part for the retry', async () => {
    const { c, formMessageId, ref } = await fileWithForm(h(), [PEOPLE.li]);
    // More failures than the messenger's own attempts: the part stays pending.
    h().sim.injectFault({ match: CREATE, status: 503, count: 4 });
    await expect(runJob({ kind: 'case.filed', caseId: c.caseId }, h().s)).rejects.toThrow('follow-up incomplete');
    expect(await h().cases.getFollowUp(ref)).toMatchObject({ status: 'pending', parts: { form: 'sent', [`notice:${PEOPLE.li.openId}`]: 'pending' } });
    const calls = imCalls(h());
    await runJob({ kind: 'case.filed', caseId: c.caseId }, h().s);
    // No update of the form again: only the notice (and the document's deduplicated sends) go out.
    expect(calls().filter((r) => r.method !== 'POST')).toEqual([]);
    expect(sentBy(h(), formMessageId).map((m) => m.receive_id)).toEqual([PEOPLE.li.openId]);
    expect((await h().cases.getFollowUp(ref))?.status).toBe('done');
    // The filing, and the 立案审批表 drafted on the first run.
    expect((await h().cases.records(c.caseId)).map((e) => e.action)).toEqual(['case.filed', 'document.drafted']);
  });

  it('does nothing for a case that does not exist', async () => {
    const calls = imCalls(h());
    await runJob({ kind: 'case.filed', caseId: '2026-000404' }, h().s);
    expect(calls()).toEqual([]);
  });
});
