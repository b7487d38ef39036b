/**
 * 送达回证: which document was served on whom, where, how and when (the service record), by which
 * officers, with room for the recipient's signature or seal and, for 留置送达, the witnesses'.
 */
import type { ServiceRecord } from '../../service/form.ts';
import { Blanks, type DraftCommon, assemble } from '../common.ts';
import type { DocumentModel, TableCell } from '../model.ts';
import { type EvidenceRef, documentDate, evidenceLines } from '../text.ts';

export interface ServiceProofInput extends DraftCommon {
  /** The document served: its title and number (e.g. the 行政处罚决定书). */
  served: { title: string; number: string | null };
  service: ServiceRecord;
  /** Where it was served; blank to fill in when not recorded. */
  place?: string | null;
  /** The case's evidence, to name the proof the service record cites. */
  evidence: readonly EvidenceRef[];
}

const label = (text: string): TableCell => ({ text, label: true });
const value = (text: string | null, extra: Omit<TableCell, 'text'> = {}): TableCell => ({ text, ...extra });

export function draftServiceProof(input: ServiceProofInput): DocumentModel {
  const { case: c, service, served } = input;
  const blanks = new Blanks();
  const proof = evidenceLines(service.proofEvidenceIds, input.evidence);
  const rows: TableCell[][] = [
    [label('送达文书名称'), value(`《${served.title}》`, { span: 3 })],
    [label('文书编号'), value(blanks.need('文书编号', served.number), { span: 3 })],
    [label('受送达人'), value(c.party.name, { span: 3 })],
    [label('送达地点'), value(blanks.need('送达地点', input.place), { span: 3 })],
    [label('送达方式'), value(service.method), label('送达日期'), value(documentDate(service.servedOn))],
    [label('送达人'), value(c.officers.map((o) => o.name).join('、')), label('送达人签名'), value(null)],
    [label('受送达人签名或盖章'), value('\n签收日期：　　　　年　　月　　日', { span: 3, minLines: 3 })],
    [label('见证人签名（留置送达时）'), value(null, { span: 3, minLines: 2 })],
    [label('备注'), value(proof.length === 0 ? '' : `送达凭证：\n${proof.join('\n')}`, { span: 3, minLines: 2 })],
  ];
  return assemble('service_proof', input, {
    date: service.servedOn,
    blanks,
    blocks: [{ type: 'table', columns: [1.5, 2.2, 1.3, 2.0], rows }],
  });
}
