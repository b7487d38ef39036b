/** 案卷, 校验 and 归档 on the in-memory stores (the same commands against DynamoDB Local and s3rver: test/e2e/evidence-flow.test.ts). */
import { describe, expect, it } from 'vitest';
import { runJob } from '../../../../functions/app/jobs.ts';
import { dossierKeys } from '../../../../functions/domain/dossier/evidence.ts';
import { verifyChain } from '../../../../functions/domain/record/chain.ts';
import { cardText, messageJob, NOW, PEOPLE, textOf, useWorker, type WorkerHarness } from '../harness.ts';
import { attach, caseWith } from '../evidence/helpers.ts';

const say = (h: WorkerHarness, from: string, text: string) => runJob(messageJob(h, { from, text }), h.s);
const lastCard = (h: WorkerHarness) => cardText(h.sent().filter((m) => m.msg_type === 'interactive').at(-1));

describe('Command: 案卷', () => {
  const h = useWorker();

  it('shows the documents in the standard order with the score, what is missing and what is not confirmed; the look is recorded', async () => {
    const c = await caseWith(h());
    await attach(h(), c, { bytes: 'seizure photo', activity: '查封扣押' });
    await say(h(), PEOPLE.zhang.openId, '案卷 1号');
    const card = lastCard(h());
    expect(card).toContain(`案卷 ${c.caseNumber}`);
    expect(card).toMatch(/评查得分 \d+ 分/);
    expect(card).toContain('卷内文件（标准顺序）');
    expect(card.indexOf('立案')).toBeLessThan(card.indexOf('证据材料'));
    // 查封扣押 without video: the law requires full-process audio/video.
    expect(card).toContain('查封扣押：没有视频');
    expect(card).toContain('尚未校验全过程记录');
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'dossier.viewed', actor: PEOPLE.zhang.openId, detail: { vetoFailures: 0 } });
  });

  it('answers a stranger as for a case that does not exist', async () => {
    await caseWith(h());
    await say(h(), PEOPLE.sun.openId, '案卷 1号');
    await say(h(), PEOPLE.sun.openId, '案卷 99号');
    const [a, b] = h().sent().map(textOf);
    expect(a).toBe(b?.replace('99号', '1号'));
  });
});

describe('Command: 校验', () => {
  const h = useWorker();

  it('answers that an intact case is intact, and records the check', async () => {
    const c = await caseWith(h());
    await attach(h(), c, { bytes: 'a photo' });
    await say(h(), PEOPLE.zhao.openId, '校验 1号');
    expect(lastCard(h())).toContain('校验通过');
    expect(lastCard(h())).toContain('1 个文件重新计算 SHA&#45;256 均与记录相符');
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'case.verified', actor: PEOPLE.zhao.openId, detail: { intact: true, checkedObjects: 1 } });
  });

  it('names the object replaced in storage and how it differs', async () => {
    const c = await caseWith(h());
    const item = await attach(h(), c, { bytes: 'the original', kind: 'document', fileName: '笔录.pdf' });
    h().evidence.tamper(item.s3Key, Buffer.from('a forgery'));
    await say(h(), PEOPLE.zhang.openId, '校验 1号');
    const card = lastCard(h());
    expect(card).toContain('校验未通过');
    expect(card).toContain('证据「笔录&#46;pdf」');
    expect(card).toContain('文件在存储中被替换过');
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'case.verified', detail: { intact: false, problems: [{ kind: 'object_replaced', key: item.s3Key }] } });
  });

  it('answers a stranger as for a case that does not exist, and records nothing', async () => {
    const c = await caseWith(h());
    await say(h(), PEOPLE.sun.openId, '校验 1号');
    expect(textOf(h().sent()[0])).toContain('未找到案件');
    expect(await h().cases.records(c.caseId)).toHaveLength(1);
  });
});

describe('Command: 归档', () => {
  const h = useWorker();

  it('refuses a case with a veto failure, saying which, and changes nothing', async () => {
    // 王五's certificate ran out on 2025-12-31: officers without a valid certificate are a veto item.
    const c = await caseWith(h(), [PEOPLE.zhang, PEOPLE.wang]);
    await say(h(), PEOPLE.zhang.openId, '归档 1号');
    const card = lastCard(h());
    expect(card).toContain('不能归档');
    expect(card).toContain('执法人员不具备执法资格');
    expect(card).toContain('王五 的执法证已于 2025&#45;12&#45;31 到期');
    expect((await h().cases.get(c.caseId))?.status).toBe('filed');
    expect(await h().evidence.list(c.caseId)).toEqual([]);
  });

  it('refuses a case whose record does not verify (an object replaced)', async () => {
    const c = await caseWith(h());
    const item = await attach(h(), c, { bytes: 'original' });
    h().evidence.tamper(item.s3Key, Buffer.from('replaced'));
    await say(h(), PEOPLE.zhang.openId, '归档 1号');
    expect(lastCard(h())).toContain('全过程记录被篡改');
    expect((await h().cases.get(c.caseId))?.status).toBe('filed');
  });

  it('seals a case without veto failure: read-only, the manifest and its page beside the evidence, their hashes in the chain', async () => {
    const c = await caseWith(h());
    await attach(h(), c, { bytes: 'photo', activity: '现场检查' });
    await say(h(), PEOPLE.zhang.openId, '归档 1号');
    expect(lastCard(h())).toContain('已归档');
    const archived = await h().cases.get(c.caseId);
    expect(archived?.status).toBe('archived');
    const keys = dossierKeys(c.caseId);
    const [json, html] = [await h().evidence.hash(keys.manifest), await h().evidence.hash(keys.html)];
    const records = await h().cases.records(c.caseId);
    expect(records.at(-1)).toMatchObject({
      action: 'case.archived',
      detail: { manifestKey: keys.manifest, manifestSha256: json?.sha256, htmlKey: keys.html, htmlSha256: html?.sha256, coversSeq: 2, changes: [{ field: 'status', before: 'filed', after: 'archived' }] },
    });
    expect(verifyChain({ caseId: c.caseId, entries: records, head: archived?.logHead }).ok).toBe(true);
    const opened = await h().evidence.open(keys.manifest);
    const chunks: Buffer[] = [];
    for await (const chunk of opened!.body) chunks.push(chunk as Buffer);
    const manifest = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    expect(manifest).toMatchObject({ case: { caseNumber: c.caseNumber }, record: { headSeq: 2 }, archivedBy: { name: '张三' }, archivedAt: NOW.toISOString() });
    // The party's ID number stays out of the archive's copy.
    expect(JSON.stringify(manifest)).not.toContain('91510000MA6123456P');

    // Read-only now; looking and verifying still work, and are recorded.
    h().sim.reset();
    const job = messageJob(h(), { from: PEOPLE.zhang.openId, text: '记录 归档之后' });
    await h().chat.setCurrentCase(PEOPLE.zhang.openId, job.chatId, c.caseId, NOW.toISOString());
    await runJob(job, h().s);
    expect(textOf(h().sent()[0])).toContain('已归档');
    await say(h(), PEOPLE.zhang.openId, '校验 1号');
    expect(lastCard(h())).toContain('校验通过');
    await say(h(), PEOPLE.zhang.openId, '归档 1号');
    expect(textOf(h().sent().at(-1))).toContain('已经归档');
    expect((await h().cases.evidenceItems(c.caseId))).toHaveLength(1);
  });

  it('resumes an archive whose job did not finish, with the time and archivist it began with', async () => {
    const c = await caseWith(h());
    const head = (await h().cases.get(c.caseId))!.logHead!;
    await h().cases.beginArchive(c.caseId, { at: '2026-03-01T08:00:00.000Z', by: PEOPLE.li.openId, byName: '李四', head });
    await say(h(), PEOPLE.zhang.openId, '归档 1号');
    expect((await h().cases.get(c.caseId))?.status).toBe('archived');
    const opened = await h().evidence.open(dossierKeys(c.caseId).manifest);
    const chunks: Buffer[] = [];
    for await (const chunk of opened!.body) chunks.push(chunk as Buffer);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toMatchObject({ archivedAt: '2026-03-01T08:00:00.000Z', archivedBy: { name: '李四' } });
  });

  it('is for the case’s officers, heads and admins; a stranger hears the case does not exist', async () => {
    const c = await caseWith(h());
    await h().roster.replaceAll([...Object.values(PEOPLE), { ...PEOPLE.sun, openId: 'ou_reviewer_only', name: '审核员', roles: ['reviewer'] }], NOW.toISOString());
    await say(h(), 'ou_reviewer_only', '归档 1号');
    await say(h(), PEOPLE.sun.openId, '归档 1号');
    const [reviewer, office] = h().sent().map(textOf);
    expect(reviewer).toContain('只有本案的承办人员、负责人或行政审批科可以归档');
    expect(office).toContain('未找到案件');
    expect((await h().cases.get(c.caseId))?.status).toBe('filed');
  });
});
