/**
 * Job document.draft (and the 立案审批表 the case.filed job drafts): each document from what the case
 * holds, numbered gap-free per kind and year, stored at its key (the same bytes on a retry), entered in
 * the record with its item, and sent to every officer as a PDF file through the fake Open API.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runJob } from '../../../../functions/app/jobs.ts';
import { documentKey } from '../../../../functions/domain/documents/index.ts';
import { verifyChain } from '../../../../functions/domain/record/chain.ts';
import { PEOPLE, textOf, useWorker, type WorkerHarness } from '../harness.ts';
import { at, decideCase, decidedState, filedCase, reviewedState } from './helpers.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const files = (h: WorkerHarness) => h.sent().filter((m) => m.msg_type === 'file');
const fileOf = (h: WorkerHarness, m: { content: unknown }) => h.sim.uploadedFile((m.content as { file_key: string }).file_key);
async function bytesAt(h: WorkerHarness, key: string): Promise<Buffer | undefined> {
  const o = await h.evidence.open(key);
  if (!o) return undefined;
  const chunks: Buffer[] = [];
  for await (const c of o.body) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

describe('Job: case.filed drafts the 立案审批表', () => {
  const h = useWorker();

  it('stores the PDF at its key, records it with its item, and sends it to each officer as a file with a caption', async () => {
    const { c } = await filedCase(h());
    await runJob({ kind: 'case.filed', caseId: c.caseId }, h().s);

    const [doc, ...more] = await h().cases.documentVersions(c.caseId);
    expect(more).toEqual([]);
    const key = documentKey(c.caseId, 'filing_approval', 1);
    expect(doc).toMatchObject({ documentId: 'filing_approval', kind: 'filing_approval', title: '立案审批表', number: null, version: 1, date: c.filingDate, s3Key: key, madeAt: c.filedAt, actor: 'system' });
    const stored = await bytesAt(h(), key);
    expect(stored?.subarray(0, 5).toString()).toBe('%PDF-');
    expect(doc?.sha256).toBe(sha(stored ?? new Uint8Array()));

    const entry = (await h().cases.records(c.caseId)).at(-1);
    expect(entry).toMatchObject({ action: 'document.drafted', actor: 'system', seq: doc?.seq, detail: { documentId: 'filing_approval', sha256: doc?.sha256, s3Key: key } });

    const sent = files(h());
    expect(sent.map((m) => m.receive_id)).toEqual([PEOPLE.zhang.openId, PEOPLE.li.openId]);
    for (const m of sent) expect(fileOf(h(), m)?.equals(stored ?? Buffer.alloc(0))).toBe(true);
    expect(h().sim.uploadedFiles()[0]).toMatchObject({ file_type: 'pdf', file_name: `立案审批表-${c.caseNumber}.pdf` });
    const caption = h().sent().find((m) => m.msg_type === 'text' && m.receive_id === PEOPLE.li.openId);
    expect(textOf(caption)).toContain(`${c.caseNumber}：已制作立案审批表`);
  });

  it('a retried job draws the same bytes and records and sends nothing new', async () => {
    const { c } = await filedCase(h());
    await runJob({ kind: 'case.filed', caseId: c.caseId }, h().s);
    const first = await h().cases.documentVersions(c.caseId);
    const log = (await h().cases.records(c.caseId)).length;
    const sent = h().sent().length;
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'filing_approval' }, h().s);
    await runJob({ kind: 'case.filed', caseId: c.caseId }, h().s);
    expect(await h().cases.documentVersions(c.caseId)).toEqual(first);
    expect(await h().cases.records(c.caseId)).toHaveLength(log);
    expect(h().sent()).toHaveLength(sent);
  });

  it('a temporary Feishu failure fails the job after the others were sent; the retry sends only what is left', async () => {
    const { c } = await filedCase(h());
    h().sim.injectFault({ match: '^POST /open-apis/im/v1/files$', status: 503, count: 4 });
    await expect(runJob({ kind: 'document.draft', caseId: c.caseId, document: 'filing_approval' }, h().s)).rejects.toThrow('delivery incomplete');
    expect(files(h()).map((m) => m.receive_id)).toEqual([PEOPLE.li.openId]);
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'filing_approval' }, h().s);
    expect(files(h()).map((m) => m.receive_id).sort()).toEqual([PEOPLE.li.openId, PEOPLE.zhang.openId].sort());
    expect((await h().cases.records(c.caseId)).filter((e) => e.action === 'document.drafted')).toHaveLength(1);
  });

  it('an officer Feishu refuses for good is recorded and skipped; the others get it; a repeated job uploads nothing again', async () => {
    const { c } = await filedCase(h());
    h().sim.injectFault({ match: '^POST /open-apis/im/v1/messages$', status: 400, code: 230013, count: 1 });
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'filing_approval' }, h().s);
    expect(files(h()).map((m) => m.receive_id)).toEqual([PEOPLE.li.openId]);
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({
      action: 'notice.failed',
      actor: 'system',
      detail: { notice: 'document:filing_approval:v1', recipient: PEOPLE.zhang.openId, name: '张三', code: 230013 },
    });
    expect((await h().cases.documentVersions(c.caseId))[0]?.delivered).toBe(true);
    const uploads = h().sim.uploadedFiles().length;
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'filing_approval' }, h().s);
    expect(h().sim.uploadedFiles()).toHaveLength(uploads);
  });
});

describe('Job: document.draft from the review, the decision and the service', () => {
  const h = useWorker();

  it('drafts the 法制审核意见书 of a reviewed round and the 事先告知书 of the passed round, each with the next number of its kind', async () => {
    const a = await filedCase(h());
    const b = await filedCase(h());
    h().reviewStates.set(a.c.caseId, reviewedState(a.c, a.evidenceIds));
    h().reviewStates.set(b.c.caseId, reviewedState(b.c, b.evidenceIds));
    await runJob({ kind: 'document.draft', caseId: a.c.caseId, document: 'legal_review_opinion', round: 1 }, h().s);
    await runJob({ kind: 'document.draft', caseId: b.c.caseId, document: 'legal_review_opinion', round: 1 }, h().s);
    await runJob({ kind: 'document.draft', caseId: b.c.caseId, document: 'prior_notice' }, h().s);
    // A retry reuses the number it took.
    await runJob({ kind: 'document.draft', caseId: a.c.caseId, document: 'legal_review_opinion', round: 1 }, h().s);
    const [opinionA] = await h().cases.documentVersions(a.c.caseId);
    const docsB = await h().cases.documentVersions(b.c.caseId);
    expect(opinionA).toMatchObject({ documentId: 'legal_review_opinion.r1', number: '甘经信法审〔2026〕1号', date: '2026-09-30', madeAt: at('2026-09-30') });
    expect(docsB.map((d) => [d.documentId, d.number])).toEqual([
      ['legal_review_opinion.r1', '甘经信法审〔2026〕2号'],
      ['prior_notice', '甘经信罚告〔2026〕1号'],
    ]);
    expect(files(h())).toHaveLength(6);
  });

  it('drafts the 集体讨论记录 and, from the case’s decision (THE DECISION CONTRACT), the 行政处罚决定书', async () => {
    const { c, evidenceIds } = await filedCase(h());
    decideCase(h(), c, decidedState(c, evidenceIds));
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'prior_notice' }, h().s);
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'collective_discussion', round: 1 }, h().s);
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'penalty_decision' }, h().s);
    const docs = await h().cases.documentVersions(c.caseId);
    expect(docs.map((d) => [d.documentId, d.number, d.date])).toEqual([
      ['collective_discussion.r1', null, '2026-10-09'],
      ['penalty_decision', '甘经信罚〔2026〕1号', '2026-10-13'],
      ['prior_notice', '甘经信罚告〔2026〕1号', '2026-09-30'],
    ]);
    const decision = docs.find((d) => d.kind === 'penalty_decision');
    expect(decision).toMatchObject({ madeAt: at('2026-10-13', 15), complete: false });
    // The party's address is not held by the case: the officers are told to fill it in.
    expect(h().sent().some((m) => textOf(m).includes('请打印后手工填写：住所'))).toBe(true);
    const log = await h().cases.records(c.caseId);
    expect(verifyChain({ caseId: c.caseId, entries: log, head: (await h().cases.get(c.caseId))?.logHead }).ok).toBe(true);
  });

  it('drafts the 送达回证 from the service record, naming the decision served', async () => {
    const { c, evidenceIds } = await filedCase(h());
    decideCase(h(), c, decidedState(c, evidenceIds));
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'penalty_decision' }, h().s);
    h().serviceRecords.set(c.caseId, { servedOn: '2026-10-15', method: '直接送达', proofEvidenceIds: [evidenceIds[1] as string] });
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'service_proof' }, h().s);
    const proof = (await h().cases.documentVersions(c.caseId)).find((d) => d.kind === 'service_proof');
    expect(proof).toMatchObject({ title: '送达回证', number: null, date: '2026-10-15', madeAt: '2026-10-14T16:00:00.000Z' });
  });

  it('drafts nothing, and writes nothing, while the case does not hold what a document says', async () => {
    const { c } = await filedCase(h());
    for (const document of ['prior_notice', 'penalty_decision', 'service_proof'] as const) {
      await runJob({ kind: 'document.draft', caseId: c.caseId, document }, h().s);
    }
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'legal_review_opinion', round: 1 }, h().s);
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'legal_review_opinion' }, h().s);
    await runJob({ kind: 'document.draft', caseId: '2026-000404', document: 'filing_approval' }, h().s);
    expect(await h().cases.documentVersions(c.caseId)).toEqual([]);
    expect((await h().evidence.list(c.caseId)).map((o) => o.key).filter((k) => k.includes('/documents/'))).toEqual([]);
    expect(h().sent()).toEqual([]);
  });

  it('a correction is a new version that supersedes the last, keeps its number, and leaves both in storage and the record', async () => {
    const { c, evidenceIds } = await filedCase(h());
    h().reviewStates.set(c.caseId, reviewedState(c, evidenceIds));
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'prior_notice' }, h().s);
    const correction = { version: 2, reason: '联系电话有误', by: PEOPLE.zhang.openId, at: '2026-10-01T03:00:00.000Z' };
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'prior_notice', correction }, h().s);
    // A second tap of the same 更正 (or a retry) adds nothing; a stale one (version 2 again, later) neither.
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'prior_notice', correction: { ...correction, at: '2026-10-01T03:00:05.000Z' } }, h().s);
    const versions = await h().cases.documentVersions(c.caseId);
    expect(versions.map((d) => [d.version, d.supersedes, d.reason, d.number, d.actor])).toEqual([
      [1, null, null, '甘经信罚告〔2026〕1号', 'system'],
      [2, 1, '联系电话有误', '甘经信罚告〔2026〕1号', PEOPLE.zhang.openId],
    ]);
    expect(versions[0]?.sha256).not.toBe(versions[1]?.sha256);
    for (const v of versions) expect(sha((await bytesAt(h(), v.s3Key)) ?? new Uint8Array())).toBe(v.sha256);
    expect((await h().cases.records(c.caseId)).map((e) => e.action).slice(-2)).toEqual(['document.drafted', 'document.corrected']);
    expect(h().sim.uploadedFiles().map((f) => f.file_name)).toContain('行政处罚事先告知书-甘经信罚告〔2026〕1号-第2版.pdf');
  });
});
