/**
 * 集体讨论记录 (行政处罚法第五十七条第二款): the heads' discussion of a round's proposed decision —
 * when, who, what was discussed and concluded — with a line for each participant to sign.
 */
import { REVIEW_OUTCOME_LABELS } from '../../review/vocabulary.ts';
import type { ReviewRound } from '../../review/workflow.ts';
import { Blanks, type DraftCommon, assemble } from '../common.ts';
import type { DocumentModel, TableCell } from '../model.ts';
import { documentDate, penaltyText } from '../text.ts';

export interface DiscussionRecordInput extends DraftCommon {
  /** The round the discussion was recorded on (its `discussion` set). */
  round: ReviewRound;
}

const label = (text: string): TableCell => ({ text, label: true });
const value = (text: string | null, extra: Omit<TableCell, 'text'> = {}): TableCell => ({ text, ...extra });

export function draftDiscussionRecord(input: DiscussionRecordInput): DocumentModel {
  const { case: c, round } = input;
  const d = round.discussion;
  if (d === null) throw new RangeError(`round ${round.round} has no collective discussion`);
  const blanks = new Blanks();
  const outcome = round.review === null ? '' : `，法制审核结论：${REVIEW_OUTCOME_LABELS[round.review.outcome]}`;

  const rows: TableCell[][] = [
    [label('案由'), value(c.summary, { span: 3 })],
    [label('当事人'), value(c.party.name, { span: 3 })],
    [label('讨论时间'), value(documentDate(d.date)), label('记录人'), value(d.recordedBy.name)],
    [label('参加人员'), value(d.participants.join('、'), { span: 3 })],
    [
      label('讨论事项'),
      value(`对本案拟作出的决定进行集体讨论：${penaltyText(round.proposal)}（第${round.round}轮送审${outcome}）。`, { span: 3 }),
    ],
    [label('讨论结论'), value(d.conclusion, { span: 3, minLines: 3 })],
  ];
  const signRows: TableCell[][] = [
    [label('参加人员'), label('签名'), label('参加人员'), label('签名')],
    ...pairs(d.participants).map(([a, b]): TableCell[] => [value(a, { minLines: 2 }), value(null), value(b ?? ''), value(null)]),
  ];
  return assemble('collective_discussion', input, {
    sealed: false,
    date: d.date,
    round: round.round,
    blanks,
    blocks: [
      { type: 'table', columns: [1.3, 2.2, 1.3, 2.2], rows },
      { type: 'heading', text: '参加人员签名' },
      { type: 'table', columns: [1.3, 2.2, 1.3, 2.2], rows: signRows },
    ],
  });
}

function pairs<T>(xs: readonly T[]): [T, T | undefined][] {
  const out: [T, T | undefined][] = [];
  for (let i = 0; i < xs.length; i += 2) out.push([xs[i] as T, xs[i + 1]]);
  return out;
}
