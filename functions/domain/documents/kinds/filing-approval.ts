/** 立案审批表: the case as filed, with room for the opinions and signatures of the approval chain. */
import { PARTY_TYPE_LABELS, PROCEDURE_LABELS } from '../../case/types.ts';
import { Blanks, type DraftCommon, assemble, officersText } from '../common.ts';
import type { DocumentModel, TableCell } from '../model.ts';
import { documentDate, partyIdLabel } from '../text.ts';

const label = (text: string): TableCell => ({ text, label: true });
const value = (text: string | null, extra: Omit<TableCell, 'text'> = {}): TableCell => ({ text, ...extra });

export function draftFilingApproval(input: DraftCommon): DocumentModel {
  const c = input.case;
  const blanks = new Blanks();
  const rows: TableCell[][] = [
    [label('案件类型'), value(c.caseType), label('程序'), value(PROCEDURE_LABELS[c.procedure])],
    [label('当事人'), value(c.party.name), label('当事人类型'), value(PARTY_TYPE_LABELS[c.party.type])],
    [label(partyIdLabel(c.party.type)), value(blanks.need(partyIdLabel(c.party.type), c.party.idNumber), { span: 3 })],
    [label('案件来源'), value(blanks.need('案件来源', c.source), { span: 3 })],
    [label('案情摘要'), value(blanks.need('案情摘要', c.summary), { span: 3, minLines: 3 })],
    [label('立案依据'), value(blanks.need('立案依据', c.legalBasis), { span: 3, minLines: 2 })],
    [label('承办人员'), value(officersText(c.officers), { span: 3 })],
    [label('承办人意见'), value('符合立案条件，建议立案调查。\n承办人（签名）：　　　　　　　　年　　月　　日', { span: 3, minLines: 3 })],
    [label('承办机构意见'), value(null, { span: 3, minLines: 2 })],
    [label('负责人审批意见'), value(null, { span: 3, minLines: 3 })],
    [label('立案日期'), value(documentDate(c.filingDate), { span: 3 })],
  ];
  return assemble('filing_approval', input, {
    sealed: false,
    date: c.filingDate,
    blanks,
    blocks: [{ type: 'table', columns: [1.3, 2.2, 1.3, 2.2], rows }],
  });
}
