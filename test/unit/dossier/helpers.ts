/** Builders for dossier tests. */
import { type DossierFacts, type EvidenceItem, evidenceIdFor, evidenceKey } from '../../../functions/domain/dossier/index.ts';

/** A valid stored evidence item; the id and key follow the case, message and hash given. */
export function evidence(o: Partial<EvidenceItem> = {}): EvidenceItem {
  const caseId = o.caseId ?? '2026-000001';
  const messageId = o.messageId ?? 'om_1';
  const sha256 = o.sha256 ?? 'ab'.repeat(32);
  const item: EvidenceItem = {
    evidenceId: evidenceIdFor(caseId, messageId),
    caseId,
    sha256,
    size: 1000,
    fileName: '现场.jpg',
    mediaKind: 'image',
    mimeType: 'image/jpeg',
    activity: '其他',
    receivedAt: '2026-03-02T02:00:00.000Z',
    sender: 'ou_zhangsan',
    senderName: '张三',
    messageId,
    s3Key: evidenceKey(caseId, sha256),
    ...o,
  };
  for (const k of Object.keys(item) as (keyof EvidenceItem)[]) if (item[k] === undefined) delete item[k];
  return item;
}

/**
 * An ordinary-procedure penalty case, closed, with every document it needs, a passed legal review,
 * every conclusion confirmed and the record verified: the 100-point dossier tests take away from.
 */
export function completeFacts(): DossierFacts {
  return {
    caseType: '行政处罚',
    procedure: 'ordinary',
    partyType: 'organization',
    filingDate: '2026-03-02',
    stage: 'closed',
    filing: { partyName: '某公司', partyId: '91510000MA6123456P', summary: '无证经营', source: '投诉举报', legalBasis: '《某条例》第十条' },
    officers: [
      { openId: 'ou_zhangsan', name: '张三', certificateValidUntil: '2027-12-31' },
      { openId: 'ou_lisi', name: '李四', certificateValidUntil: '2027-12-31' },
    ],
    evidence: [
      { activity: '现场检查', mediaKind: 'image', receivedAt: '2026-03-03T02:00:00.000Z', sender: 'ou_zhangsan' },
      { activity: '现场检查', mediaKind: 'video', receivedAt: '2026-03-03T02:10:00.000Z', sender: 'ou_lisi' },
      { activity: '询问', mediaKind: 'audio', receivedAt: '2026-03-05T03:00:00.000Z', sender: 'ou_zhangsan' },
    ],
    documents: [
      { kind: 'case_source', date: '2026-03-01', complete: true, template: true },
      { kind: 'filing_approval', date: '2026-03-02', complete: true, template: true },
      { kind: 'inspection_record', date: '2026-03-03', complete: true, template: true, signed: true },
      { kind: 'inquiry_record', date: '2026-03-05', complete: true, template: true, signed: true },
      { kind: 'investigation_report', date: '2026-04-01', complete: true, template: true },
      { kind: 'legal_review_opinion', date: '2026-04-08', complete: true, template: true },
      { kind: 'prior_notice', date: '2026-04-10', complete: true, template: true },
      { kind: 'decision_approval', date: '2026-04-20', complete: true, template: true },
      { kind: 'penalty_decision', date: '2026-04-20', complete: true, template: true },
      { kind: 'execution_record', date: '2026-05-06', complete: true, template: true },
      { kind: 'closing_report', date: '2026-05-08', complete: true, template: true },
      { kind: 'remarks_sheet', date: '2026-05-08', complete: true, template: true },
    ],
    review: { required: true, rounds: [{ outcome: 'approved', date: '2026-04-08' }] },
    notice: { servedDate: '2026-04-10' },
    statement: { made: false },
    hearing: { requested: false },
    decision: { kind: 'penalty', date: '2026-04-20', penalties: ['fine'], fineYuan: '5000' },
    caseTimeLimitDue: '2026-05-31',
    service: [{ method: '直接送达', date: '2026-04-20', proof: true }],
    publication: { required: false },
    transfer: { required: false, done: false },
    assessments: {
      enforcingBodyLawful: true,
      withinPower: true,
      officersQualified: true,
      procedureLawful: true,
      factsClear: true,
      evidenceSufficient: true,
      characterisationCorrect: true,
      lawApplicationCorrect: true,
      transferHandled: true,
    },
    recordIntact: true,
  };
}
