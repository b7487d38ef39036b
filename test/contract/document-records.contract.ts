/**
 * The document part of the CaseStore contract (issue 13): gap-free per-kind per-year numbers reserved
 * once per document, the document item and its record entry written together and once per version.
 * Run against the DynamoDB store (on DynamoDB Local) and the in-memory one (document-records.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentDetail } from '../../functions/domain/documents/record.ts';
import { verifyChain } from '../../functions/domain/record/chain.ts';
import type { CaseStore, RecordContent } from '../../functions/ports/index.ts';
import { filingRequest } from '../helpers/factories.ts';

const number = (seq: number) => `甘经信罚〔2030〕${seq}号`;

export function documentDetail(o: Partial<DocumentDetail> & Pick<DocumentDetail, 'documentId' | 'kind'>): DocumentDetail {
  const version = o.version ?? 1;
  return {
    title: '行政处罚决定书',
    number: null,
    version,
    supersedes: version === 1 ? null : version - 1,
    reason: version === 1 ? null : '更正事实',
    date: '2030-05-06',
    complete: true,
    sha256: 'a'.repeat(64),
    size: 1000,
    s3Key: `cases/x/documents/${o.documentId}/v${version}.pdf`,
    ...o,
  };
}

const drafted = (detail: DocumentDetail): RecordContent & { detail: DocumentDetail } => ({
  at: '2030-05-06T02:00:00.000Z',
  actor: 'system',
  action: detail.version === 1 ? 'document.drafted' : 'document.corrected',
  detail,
});

export function documentRecordsContract(name: string, makeStore: () => Promise<CaseStore>): void {
  describe(`CaseStore documents contract: ${name}`, () => {
    let store: CaseStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    it('gives 12 documents reserving at once 12 consecutive numbers, and each the same number when it asks again', async () => {
      const { case: c } = await store.fileCase(filingRequest({ formId: 'doc-num', year: 2030 }));
      const ids = Array.from({ length: 12 }, (_, i) => `legal_review_opinion.r${i + 1}`);
      const first = await Promise.all(ids.map((id) => store.reserveDocumentNumber(c.caseId, id, { kind: 'legal_review_opinion', year: 2030 }, number)));
      expect([...first].sort((a, b) => a.length - b.length || a.localeCompare(b))).toEqual(Array.from({ length: 12 }, (_, i) => number(i + 1)));
      const again = await Promise.all(ids.map((id) => store.reserveDocumentNumber(c.caseId, id, { kind: 'legal_review_opinion', year: 2030 }, number)));
      expect(again).toEqual(first);
      // Another kind, and another year, count on their own.
      expect(await store.reserveDocumentNumber(c.caseId, 'penalty_decision', { kind: 'penalty_decision', year: 2030 }, number)).toBe(number(1));
      expect(await store.reserveDocumentNumber(c.caseId, 'prior_notice', { kind: 'legal_review_opinion', year: 2031 }, number)).toBe(number(1));
    });

    it('records a version with its entry in the chain, once however often it is recorded, and lists every version', async () => {
      const { case: c } = await store.fileCase(filingRequest({ formId: 'doc-rec', year: 2030 }));
      const v1 = documentDetail({ documentId: 'penalty_decision', kind: 'penalty_decision', number: number(1) });
      const results = await Promise.all([1, 2, 3].map(() => store.recordDocument(c.caseId, '2030-05-06T01:00:00.000Z', drafted(v1))));
      expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
      for (const r of results) expect(r).toMatchObject({ ok: true, document: { ...v1, caseId: c.caseId, seq: 2, madeAt: '2030-05-06T01:00:00.000Z', actor: 'system' } });
      const v2 = documentDetail({ documentId: 'penalty_decision', kind: 'penalty_decision', number: number(1), version: 2, sha256: 'b'.repeat(64) });
      expect(await store.recordDocument(c.caseId, '2030-05-07T01:00:00.000Z', { ...drafted(v2), actor: 'ou_a' })).toMatchObject({ ok: true, created: true, document: { version: 2, seq: 3 } });
      const fa = documentDetail({ documentId: 'filing_approval', kind: 'filing_approval', title: '立案审批表' });
      await store.recordDocument(c.caseId, '2030-05-05T01:00:00.000Z', drafted(fa));

      expect((await store.documentVersions(c.caseId)).map((d) => `${d.documentId} v${d.version}`)).toEqual([
        'filing_approval v1',
        'penalty_decision v1',
        'penalty_decision v2',
      ]);
      const log = await store.records(c.caseId);
      expect(log.map((e) => e.action)).toEqual(['case.filed', 'document.drafted', 'document.corrected', 'document.drafted']);
      expect(log[2]?.detail).toEqual(v2);
      expect(verifyChain({ caseId: c.caseId, entries: log, head: (await store.get(c.caseId))?.logHead }).ok).toBe(true);
      expect((await store.get(c.caseId))?.logHead?.seq).toBe(4);
    });

    it('marks a version delivered, once or again; a version that does not exist is not marked', async () => {
      const { case: c } = await store.fileCase(filingRequest({ formId: 'doc-delivered', year: 2030 }));
      const fa = documentDetail({ documentId: 'filing_approval', kind: 'filing_approval', title: '立案审批表' });
      const recorded = await store.recordDocument(c.caseId, '2030-05-05T01:00:00.000Z', drafted(fa));
      expect(recorded).toMatchObject({ ok: true, document: { version: 1 } });
      expect((recorded as { document: { delivered?: boolean } }).document.delivered).toBeUndefined();
      expect(await store.markDocumentDelivered(c.caseId, 'filing_approval', 1)).toBe(true);
      expect(await store.markDocumentDelivered(c.caseId, 'filing_approval', 1)).toBe(true);
      expect(await store.markDocumentDelivered(c.caseId, 'filing_approval', 2)).toBe(false);
      expect(await store.documentVersions(c.caseId)).toEqual([expect.objectContaining({ version: 1, delivered: true })]);
      expect(await store.recordDocument(c.caseId, '2030-05-05T01:00:00.000Z', drafted(fa))).toMatchObject({ ok: true, created: false, document: { delivered: true } });
    });

    it('takes the first correction asked for a version; a repeated or concurrent one gets it as stored', async () => {
      const { case: c } = await store.fileCase(filingRequest({ formId: 'doc-fix', year: 2030 }));
      const ask = (at: string, reason: string) => store.requestCorrection(c.caseId, { documentId: 'prior_notice', version: 2, reason, by: 'ou_a', at });
      const results = await Promise.all([ask('2030-05-06T01:00:00.000Z', '甲'), ask('2030-05-06T01:00:01.000Z', '乙'), ask('2030-05-06T01:00:02.000Z', '丙')]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const first = results.find((r) => r.created)?.request;
      for (const r of results) expect(r.request).toEqual(first);
      expect(await ask('2030-05-07T01:00:00.000Z', '丁')).toEqual({ request: first, created: false });
      expect((await store.requestCorrection(c.caseId, { documentId: 'prior_notice', version: 3, reason: '戊', by: 'ou_a', at: '2030-05-08T01:00:00.000Z' })).created).toBe(true);
    });

    it('refuses a document for a case that does not exist, and writes nothing', async () => {
      const d = documentDetail({ documentId: 'filing_approval', kind: 'filing_approval' });
      expect(await store.recordDocument('2099-000009', '2030-05-06T01:00:00.000Z', drafted(d))).toEqual({ ok: false, reason: 'not_found' });
      expect(await store.documentVersions('2099-000009')).toEqual([]);
    });
  });
}
