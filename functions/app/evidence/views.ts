/** Evidence items to the cards' view models. */
import type { EvidenceListItemView, ReceiptCardView } from '../../../cards/types.ts';
import { type EvidenceItem, formatBytes, receiptFields } from '../../domain/dossier/evidence.ts';
import { ACTIVITIES, MEDIA_KIND_LABELS } from '../../domain/dossier/vocabulary.ts';
import { shanghaiDateTime } from '../../domain/record/format.ts';

/** How the case was chosen, as the receipt names it. */
export type AttachVia = 'reply' | 'current' | 'chosen';
export const VIA_LABELS: Record<AttachVia, string> = { reply: '回复的案件卡片', current: '本会话的当前案件', chosen: '您选择的案件' };

export function receiptView(item: EvidenceItem, caseNumber: string, opts: { via?: AttachVia; notes?: string[]; editable: boolean; title?: string }): ReceiptCardView {
  return {
    caseId: item.caseId,
    caseNumber,
    evidenceId: item.evidenceId,
    title: opts.title ?? (item.mediaKind === 'note' ? '文字记录已保存' : '证据已保存'),
    fields: receiptFields(item, caseNumber),
    activity: item.activity,
    activities: ACTIVITIES,
    ...(opts.via ? { via: VIA_LABELS[opts.via] } : {}),
    ...(opts.notes?.length ? { notes: opts.notes } : {}),
    editable: opts.editable,
  };
}

export function evidenceListItem(item: EvidenceItem): EvidenceListItemView {
  return {
    evidenceId: item.evidenceId,
    fileName: item.fileName,
    kindLabel: MEDIA_KIND_LABELS[item.mediaKind],
    sizeText: formatBytes(item.size),
    activity: item.activity,
    receivedAt: shanghaiDateTime(item.receivedAt),
    senderName: item.senderName,
    sha256: item.sha256,
  };
}
