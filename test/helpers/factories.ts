import { createHash } from 'node:crypto';
import { buildCase, type FilingForm } from '../../functions/domain/case/filing.ts';
import { attachedDetail, buildEvidenceItem, buildNote, type EvidenceItem, noteDetail } from '../../functions/domain/dossier/evidence.ts';
import { filingFollowUp } from '../../functions/domain/case/follow-up.ts';
import type { NewRecord } from '../../functions/domain/case/record.ts';
import type { CaseOfficer } from '../../functions/domain/case/types.ts';
import type { Person } from '../../functions/domain/roster/types.ts';
import type { FileCaseRequest, RecordContent } from '../../functions/ports/index.ts';

export function buildPerson(o: Partial<Person> & { openId: string }): Person {
  return { name: '测试', department: '执法科', roles: ['officer'], certificate: { number: 'C1', validUntil: '2030-12-31' }, ...o };
}

export const officer = (openId: string, name: string): CaseOfficer => ({
  openId,
  name,
  department: '执法科',
  certificateNumber: `C-${name}`,
  certificateValidUntil: '2030-12-31',
});

export const form = (o: Partial<FilingForm> = {}): FilingForm => ({
  partyName: '某公司',
  partyType: 'organization',
  partyId: '91510000MA6123456P',
  caseType: '行政检查',
  procedure: 'ordinary',
  summary: '摘要',
  source: '监督检查',
  legalBasis: '依据',
  officerOpenIds: [],
  ...o,
});

/** A filing request the way the card action builds it. */
export function filingRequest(o: {
  formId: string;
  year?: number;
  filedAt?: string;
  officers?: CaseOfficer[];
  partyName?: string;
  formMessageId?: string;
  /** Other filing-form fields (procedure, party type, …). */
  form?: Partial<FilingForm>;
  caseType?: FilingForm['caseType'];
  /** A natural person as the party (default: an organisation). */
  person?: { name: string; idNumber: string };
}): FileCaseRequest {
  const year = o.year ?? 2026;
  const filedAt = o.filedAt ?? `${year}-03-02T02:00:00.000Z`;
  const officers = o.officers ?? [officer('ou_a', '甲'), officer('ou_b', '乙')];
  return {
    formId: o.formId,
    year,
    build: (seq) => {
      const c = buildCase({
        form: form({
          partyName: o.person?.name ?? o.partyName ?? '某公司',
          ...(o.caseType ? { caseType: o.caseType } : {}),
          ...(o.person ? { partyType: 'person' as const, partyId: o.person.idNumber } : {}),
          ...o.form,
        }),
        officers,
        filedBy: officers[0]!.openId,
        filedAt,
        year,
        seq,
        caseNumberFormat: '甘经信立〔{year}〕{seq}号',
      });
      const record: NewRecord = {
        caseId: c.caseId,
        at: filedAt,
        actor: c.filedBy,
        action: 'case.filed',
        detail: { caseNumber: c.caseNumber, officers: c.officers.map((x) => ({ openId: x.openId, certificateNumber: x.certificateNumber })), formId: o.formId },
      };
      return { case: c, record, followUp: filingFollowUp(c, o.formMessageId) };
    },
  };
}

/** An evidence item as the attach job builds it (the domain's rules), for a case filed by filingRequest. */
export function evidenceItem(o: {
  caseId: string;
  messageId: string;
  bytes?: string;
  receivedAt?: string;
  sender?: string;
  kind?: 'image' | 'file' | 'note';
}): EvidenceItem {
  const bytes = o.bytes ?? `bytes of ${o.messageId}`;
  const receivedAt = o.receivedAt ?? '2026-03-02T02:00:00.000Z';
  const sender = o.sender ?? 'ou_a';
  if (o.kind === 'note') {
    const note = buildNote({ caseId: o.caseId, text: bytes, messageId: o.messageId, receivedAt, sender, senderName: '甲' });
    if (!note.ok) throw new Error(note.errors.join('; '));
    return note.value.item;
  }
  const item = buildEvidenceItem({
    caseId: o.caseId,
    resource: { messageId: o.messageId, messageType: o.kind ?? 'image', mediaKind: o.kind === 'file' ? 'document' : 'image', fileName: o.kind === 'file' ? '笔录.pdf' : undefined },
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: Buffer.byteLength(bytes),
    receivedAt,
    sender,
    senderName: '甲',
  });
  if (!item.ok) throw new Error(item.errors.join('; '));
  return item.value;
}

/** The entry content that records an item (what the attach job appends with it). */
export function attachedContent(item: EvidenceItem): RecordContent {
  return item.mediaKind === 'note'
    ? { at: item.receivedAt, actor: item.sender, action: 'note.recorded', detail: { ...noteDetailOf(item) } }
    : { at: item.receivedAt, actor: item.sender, action: 'evidence.attached', detail: attachedDetail(item) };
}

function noteDetailOf(item: EvidenceItem) {
  return noteDetail(item, '记录');
}
