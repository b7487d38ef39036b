/** Builders for dossier tests. */
import { type EvidenceItem, evidenceIdFor, evidenceKey } from '../../../functions/domain/dossier/index.ts';

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
