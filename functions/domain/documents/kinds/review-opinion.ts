/**
 * 法制审核意见书, one per review round: what was submitted, the ten checklist points with their
 * results and notes, the outcome and the reviewer's opinion (国办发〔2018〕118号 审核内容; the plan 三、3).
 */
import { CHECK_RESULTS, CHECKLIST_ITEMS, CHECKLIST_KEYS, REVIEW_OUTCOME_LABELS } from '../../review/vocabulary.ts';
import type { ReviewRound } from '../../review/workflow.ts';
import { Blanks, type DraftCommon, assemble } from '../common.ts';
import type { DocumentModel, TableCell } from '../model.ts';
import { documentDate, penaltyText } from '../text.ts';

export interface ReviewOpinionInput extends DraftCommon {
  /** A reviewed round (its `review` set). */
  round: ReviewRound;
}

const label = (text: string): TableCell => ({ text, label: true });
const value = (text: string | null, extra: Omit<TableCell, 'text'> = {}): TableCell => ({ text, ...extra });
const resultLabel = (r: string) => CHECK_RESULTS.find((x) => x.value === r)?.label ?? r;

export function draftReviewOpinion(input: ReviewOpinionInput): DocumentModel {
  const { case: c, round } = input;
  const review = round.review;
  if (review === null) throw new RangeError(`round ${round.round} has not been reviewed`);
  const p = round.proposal;
  const blanks = new Blanks();
  const submission =
    round.previousRound === null ? `第${round.round}轮` : `第${round.round}轮（第${round.previousRound}轮后重新提交）`;

  const caseRows: TableCell[][] = [
    [label('案号'), value(c.caseNumber, { span: 3 })],
    [label('当事人'), value(c.party.name), label('案件类型'), value(c.caseType)],
    [label('承办人员'), value(round.handlingOfficers.map((o) => o.name).join('、'), { span: 3 })],
    [label('送审日期'), value(documentDate(round.requestDate)), label('审核轮次'), value(submission)],
    [label('拟作出的决定'), value(penaltyText(p), { span: 3 })],
    [label('认定的事实'), value(p.facts, { span: 3, minLines: 2 })],
    [label('法律依据'), value(p.legalProvisions, { span: 3 })],
    [label('裁量情形'), value(p.discretion), label('重大执法决定'), value(round.classification.major ? '是（须集体讨论）' : '否')],
  ];
  const checkRows: TableCell[][] = [
    [label('审核事项'), label('结论'), label('问题及说明')],
    ...CHECKLIST_KEYS.map((k): TableCell[] => {
      const entry = review.checklist[k];
      return [value(CHECKLIST_ITEMS[k].planText), value(resultLabel(entry.result)), value(entry.note ?? '')];
    }),
  ];
  const outcomeRows: TableCell[][] = [
    [label('审核结论'), value(REVIEW_OUTCOME_LABELS[review.outcome], { span: 3 })],
    [label('审核意见'), value(review.opinion ?? '无', { span: 3, minLines: 3 })],
    [label('审核人'), value(review.reviewer.name), label('审核日期'), value(documentDate(review.date))],
  ];
  return assemble('legal_review_opinion', input, {
    date: review.date,
    round: round.round,
    blanks,
    blocks: [
      { type: 'table', columns: [1.3, 2.2, 1.3, 2.2], rows: caseRows },
      { type: 'heading', text: '审核内容' },
      { type: 'table', columns: [3, 1, 3], rows: checkRows },
      { type: 'table', columns: [1.3, 2.2, 1.3, 2.2], rows: outcomeRows },
      { type: 'signatures', items: [{ label: '审核人（签名）', date: true }] },
    ],
  });
}
