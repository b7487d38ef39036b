/** Builders for dossier tests. */
import {
  type DossierFacts,
  type EvidenceItem,
  type ObservedObject,
  attachedDetail,
  buildEvidenceItem,
  buildNote,
  changeActivity,
  evidenceIdFor,
  evidenceKey,
  noteDetail,
} from '../../../functions/domain/dossier/index.ts';
import { type NewEntry, type SealedEntry, sealEntry, sha256Hex } from '../../../functions/domain/record/index.ts';

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

/**
 * A case as the app layer will hold it: a sealed log (filed, two attachments, a note, an activity
 * change, a view), the evidence items, and the stored objects' bytes by key.
 */
export function caseScenario() {
  const caseId = '2026-000001';
  const bytes = new Map<string, Uint8Array>();
  const entries: SealedEntry[] = [];
  const items: EvidenceItem[] = [];
  const append = (content: Omit<NewEntry, 'caseId'>) => {
    const r = sealEntry(entries.at(-1) ?? null, { caseId, ...content });
    if (!r.ok) throw new Error(r.errors.join('; '));
    entries.push(r.value);
  };
  append({
    at: '2026-03-02T02:00:00.000Z',
    actor: 'ou_zhangsan',
    action: 'case.filed',
    detail: { caseNumber: '甘经信立〔2026〕1号', officers: [{ openId: 'ou_zhangsan', certificateNumber: '62000001' }, { openId: 'ou_lisi', certificateNumber: '62000002' }], formId: 'form_1' },
  });
  const attach = (messageId: string, content: string, messageType: 'image' | 'media', mimeType: string, at: string, sender: string, senderName: string) => {
    const data = new TextEncoder().encode(content);
    const r = buildEvidenceItem({
      caseId,
      resource: { messageId, messageType, mediaKind: messageType === 'image' ? 'image' : 'video', ...(messageType === 'media' ? { fileName: '执法记录仪.mp4' } : {}) },
      sha256: sha256Hex(data),
      size: data.length,
      mimeType,
      receivedAt: at,
      sender,
      senderName,
      s3VersionId: `v-${messageId}`,
    });
    if (!r.ok) throw new Error(r.errors.join('; '));
    items.push(r.value);
    bytes.set(r.value.s3Key, data);
    append({ at, actor: sender, action: 'evidence.attached', detail: attachedDetail(r.value) });
    return r.value;
  };
  const photo = attach('om_photo', 'JPEG bytes of the site', 'image', 'image/jpeg', '2026-03-03T02:00:00.000Z', 'ou_zhangsan', '张三');
  const video = attach('om_video', 'MP4 bytes of the seizure', 'media', 'video/mp4', '2026-03-03T02:30:00.000Z', 'ou_lisi', '李四');
  const note = buildNote({ caseId, text: '现场门窗紧闭，无人应答', messageId: 'om_note', receivedAt: '2026-03-03T03:00:00.000Z', sender: 'ou_lisi', senderName: '李四', activity: '现场检查' });
  if (!note.ok) throw new Error(note.errors.join('; '));
  items.push(note.value.item);
  bytes.set(note.value.item.s3Key, note.value.bytes);
  append({ at: '2026-03-03T03:00:00.000Z', actor: 'ou_lisi', action: 'note.recorded', detail: noteDetail(note.value.item, note.value.text) });
  const changed = changeActivity(video, '查封扣押', false);
  if (!changed.ok) throw new Error(changed.errors.join('; '));
  items[items.indexOf(video)] = changed.value.item;
  append({ at: '2026-03-03T03:10:00.000Z', actor: 'ou_lisi', action: 'evidence.activity_changed', detail: { evidenceId: video.evidenceId, changes: changed.value.changes } });
  append({ at: '2026-03-04T01:00:00.000Z', actor: 'ou_zhangsan', action: 'evidence.viewed', detail: { evidenceId: photo.evidenceId, sha256: photo.sha256, linkExpiresAt: '2026-03-04T01:30:00.000Z' } });
  const observed = (): ObservedObject[] => [...bytes].map(([key, data]) => ({ key, sha256: sha256Hex(data), size: data.length, versionId: items.find((i) => i.s3Key === key)?.s3VersionId }));
  return { caseId, entries, items, bytes, observed, photo, video: changed.value.item, note: note.value.item, head: () => ({ seq: (entries.at(-1) as SealedEntry).seq, hash: (entries.at(-1) as SealedEntry).hash }) };
}
