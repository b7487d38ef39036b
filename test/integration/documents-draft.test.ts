/**
 * Drafting against the real engines (issue 13): the case and its record in DynamoDB Local, the PDF in
 * s3rver, the file through the fake Open API with the real SDK client. A case put in the decided state
 * (THE DECISION CONTRACT) with its review state built by the review domain's own transitions gets its
 * 行政处罚决定书 — numbered, its remedies and periods from the rules table readable with pdftotext — and
 * the dossier check sees it; the 送达回证 follows from the service record.
 */
import { describe, expect, it } from 'vitest';
import { createFeishuClient, FeishuMessenger } from '../../functions/adapters/feishu/messenger.ts';
import { lazyChartRenderer } from '../../functions/adapters/charts/lazy.ts';
import { lazyExporter } from '../../functions/adapters/export/lazy.ts';
import { FeishuMediaUploader } from '../../functions/adapters/feishu/media-upload.ts';
import { FeishuResources } from '../../functions/adapters/feishu/resources.ts';
import { MemoryExportStore } from '../../functions/adapters/memory/export-store.ts';
import { LocalReminderScheduler } from '../../functions/adapters/scheduler/local.ts';
import { MemoryPublicSite } from '../../functions/adapters/site/local.ts';
import { loadDocumentDossierFacts } from '../../functions/app/documents/dossier-facts.ts';
import { runJob } from '../../functions/app/jobs.ts';
import type { WorkerServices } from '../../functions/app/services.ts';
import { silentLogger } from '../../functions/config/logger.ts';
import { reviewDossier } from '../../functions/domain/dossier/checklist.ts';
import { baseDossierFacts } from '../../functions/domain/dossier/checklist.ts';
import type { ReviewState } from '../../functions/domain/review/workflow.ts';
import type { ServiceRecord } from '../../functions/domain/service/form.ts';
import { avDuties } from '../../functions/handlers/av-duties.ts';
import { documentServices } from '../../functions/handlers/documents.ts';
import { dossierChecklist } from '../../functions/handlers/dossier.ts';
import { workerReminders } from '../../functions/handlers/scheduled.ts';
import { buildWorkerServices } from '../../functions/handlers/wiring.ts';
import { LOCAL_DEFAULTS } from '../../local/defaults.ts';
import { caseDecisionFrom } from '../../functions/app/review/steps.ts';
import { decideInTable } from '../helpers/decision.ts';
import { attachedContent, evidenceItem, filingRequest } from '../helpers/factories.ts';
import { pdfTextCompact } from '../helpers/poppler.ts';
import { useTestStack } from '../helpers/stack.ts';
import { decidedState } from '../unit/app/documents/helpers.ts';
import { li, officerOf, zhang } from '../unit/review/helpers.ts';

const getStack = useTestStack();

function worker(reviews: Map<string, ReviewState>, services: Map<string, ServiceRecord>): WorkerServices {
  const s = getStack();
  const client = createFeishuClient({ appId: LOCAL_DEFAULTS.appId, appSecret: LOCAL_DEFAULTS.appSecret, domain: s.simUrl, log: silentLogger });
  return buildWorkerServices(
    { db: s.db, tableName: s.tableName, jobs: { submit: async () => undefined }, caseNumberFormat: '甘经信立〔{year}〕{seq}号', now: () => new Date('2026-10-14T02:00:00.000Z'), log: silentLogger },
    new FeishuMessenger(client, silentLogger, { baseDelayMs: 1 }),
    {
      store: s.evidence,
      resources: new FeishuResources(client, silentLogger, { baseDelayMs: 1 }),
      dossierChecklist,
      documents: documentServices({ loadReview: async (id) => reviews.get(id) ?? null, loadService: async (id) => services.get(id) ?? null }),
    },
    {
      site: new MemoryPublicSite(),
      media: new FeishuMediaUploader(client, silentLogger, { baseDelayMs: 1 }),
      charts: lazyChartRenderer(),
      exporter: lazyExporter(),
      exports: new MemoryExportStore(),
    },
    workerReminders({ db: s.db, tableName: s.tableName }, { scheduler: new LocalReminderScheduler(s.db, s.tableName) }),
  );
}

describe('drafting against DynamoDB Local, s3rver and the fake Open API', () => {
  it('the 行政处罚决定书 of a decided case: numbered, stored, recorded, sent, readable, and counted by the dossier; then the 送达回证', async () => {
    const reviews = new Map<string, ReviewState>();
    const serviceRecords = new Map<string, ServiceRecord>();
    const s = worker(reviews, serviceRecords);
    const { case: filed } = await s.cases.fileCase(
      filingRequest({ formId: 'int-doc-1', year: 2026, partyName: '甘孜某某矿业有限公司', officers: [officerOf(zhang), officerOf(li)], caseType: '行政处罚' }),
    );
    const evidenceIds: string[] = [];
    for (const i of [0, 1]) {
      const bytes = `现场检查照片 ${i}`;
      const stored = await s.evidence.put({ caseId: filed.caseId, body: [Buffer.from(bytes)] });
      const item = { ...evidenceItem({ caseId: filed.caseId, messageId: `om_int_${i}`, bytes, sender: zhang.openId }), s3Key: stored.key };
      expect((await s.cases.attachEvidence(item, attachedContent(item))).kind).toBe('attached');
      evidenceIds.push(item.evidenceId);
    }
    const state = decidedState(filed, evidenceIds);
    reviews.set(filed.caseId, state);
    const approved = state.headDecisions[0];
    if (!approved) throw new Error('not decided');
    await decideInTable(getStack().db, getStack().tableName, filed.caseId, caseDecisionFrom(approved, true));

    const c = await s.cases.get(filed.caseId);
    const before = reviewDossier({ ...baseDossierFacts(c!, []), ...(await loadDocumentDossierFacts(c!, s)) }, dossierChecklist, avDuties);
    expect(before.documents.find((d) => d.kind === 'penalty_decision')?.status).toBe('missing');

    await runJob({ kind: 'document.draft', caseId: filed.caseId, document: 'penalty_decision' }, s);
    const [doc] = await s.cases.documentVersions(filed.caseId);
    expect(doc).toMatchObject({ kind: 'penalty_decision', number: '甘经信罚〔2026〕1号', date: '2026-10-13', version: 1 });
    const opened = await s.evidence.open(doc!.s3Key);
    const chunks: Buffer[] = [];
    for await (const chunk of opened!.body) chunks.push(Buffer.from(chunk as Uint8Array));
    const pdf = Buffer.concat(chunks);
    const text = pdfTextCompact(pdf);
    for (const words of ['行政处罚决定书', '甘经信罚〔2026〕1号', '甘孜某某矿业有限公司', '罚款人民币', '六十日', '行政复议', '六个月', '行政诉讼', '十五日']) {
      expect(text, words).toContain(words);
    }
    const files = getStack().sim.messages().filter((m) => m.msg_type === 'file');
    expect(files.map((m) => m.receive_id)).toEqual([zhang.openId, li.openId]);
    expect(getStack().sim.uploadedFile((files[0]?.content as { file_key: string }).file_key)?.equals(pdf)).toBe(true);

    const after = reviewDossier({ ...baseDossierFacts(c!, []), ...(await loadDocumentDossierFacts(c!, s)) }, dossierChecklist, avDuties);
    expect(after.documents.find((d) => d.kind === 'penalty_decision')?.status).toBe('present');

    serviceRecords.set(filed.caseId, { servedOn: '2026-10-14', method: '直接送达', proofEvidenceIds: [evidenceIds[0] as string] });
    await runJob({ kind: 'document.draft', caseId: filed.caseId, document: 'service_proof' }, s);
    const proof = (await s.cases.documentVersions(filed.caseId)).find((d) => d.kind === 'service_proof');
    expect(proof).toMatchObject({ title: '送达回证', date: '2026-10-14' });
    const records = await s.cases.records(filed.caseId);
    expect(records.map((r) => r.action).slice(-2)).toEqual(['document.drafted', 'document.drafted']);
  });
});
