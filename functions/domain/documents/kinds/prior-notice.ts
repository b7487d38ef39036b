/**
 * 行政处罚事先告知书 (行政处罚法第四十四条): the proposed penalty with its facts, evidence and legal
 * basis, the right to state and defend, and — where Art. 63 gives it — the right to ask for a hearing
 * within the period of the rules table (`hearing_request`, Art. 64(1): five working days).
 */
import type { LocalDate } from '../../deadlines/local-date.ts';
import type { Rule } from '../../deadlines/rules.ts';
import type { Proposal } from '../../review/proposal.ts';
import { Blanks, type DraftCommon, assemble } from '../common.ts';
import { cite } from '../config.ts';
import { hearingRightApplies } from '../hearing.ts';
import type { Block, DocumentModel } from '../model.ts';
import { type EvidenceRef, documentDate, evidenceLines, partyPronoun, penaltyText, periodPhrase, phraseOfPeriod, ruleCitation, sentence } from '../text.ts';

export interface PriorNoticeInput extends DraftCommon {
  /** The proposed decision of the review round that passed. */
  proposal: Proposal;
  /** The case's evidence items (to name the ones the proposal relies on). */
  evidence: readonly EvidenceRef[];
  rules: readonly Rule[];
  /** The day the notice is made. */
  date: LocalDate;
  /** Overrides the bureau's table (`hearingRightApplies`) when a law gives the right in this case. */
  hearingRight?: boolean;
}

export function draftPriorNotice(input: PriorNoticeInput): DocumentModel {
  const { case: c, proposal: p, config, rules } = input;
  if (p.decisionType === '不予处罚') throw new RangeError('不予处罚 is not a penalty: no prior notice (行政处罚法第四十四条)');
  const you = partyPronoun(c.party.type);
  const blanks = new Blanks();
  const hearing = input.hearingRight ?? hearingRightApplies(p, c.party.type, config);
  const statementPeriod = phraseOfPeriod(config.statement.period);

  const blocks: Block[] = [
    { type: 'paragraph', text: `${c.party.name}：`, indent: false },
    {
      type: 'paragraph',
      text: `本局于${documentDate(c.filingDate)}对${you}${c.summary}一案立案调查（案号：${c.caseNumber}）。经调查，现查明：${sentence(p.facts)}`,
    },
  ];
  const lines = evidenceLines(p.evidenceIds, input.evidence);
  if (lines.length === 0) {
    blanks.need('所依据的证据', null);
    blocks.push({ type: 'paragraph', text: '上述事实有以下证据证明：' }, { type: 'field', label: '证据', value: null });
  } else {
    blocks.push({ type: 'paragraph', text: '上述事实有以下证据证明：' }, ...lines.map((text): Block => ({ type: 'paragraph', text })));
  }
  blocks.push(
    {
      type: 'paragraph',
      text: `${you}的上述行为，依据${p.legalProvisions}的规定，本局拟对${you}作出如下行政处罚：${penaltyText(p)}。`,
    },
    {
      type: 'paragraph',
      text:
        `根据${cite(config.statement.source)}的规定，${you}有权进行陈述和申辩。` +
        `${you}可以在收到本告知书之日起${statementPeriod}内向本局提出陈述、申辩意见；逾期未提出的，视为放弃陈述、申辩的权利。`,
    },
  );
  if (hearing) {
    blocks.push({
      type: 'paragraph',
      text:
        `根据${cite(config.citations.hearingRight)}的规定，${you}有要求举行听证的权利。` +
        `要求听证的，应当在收到本告知书之日起${periodPhrase(rules, 'hearing_request')}内向本局提出（${ruleCitation(rules, 'hearing_request')}）；` +
        '逾期未提出的，视为放弃听证的权利。',
    });
  }
  if (config.bureau.address !== null) blocks.push({ type: 'field', label: '联系地址', value: config.bureau.address });
  if (config.bureau.phone !== null) blocks.push({ type: 'field', label: '联系电话', value: config.bureau.phone });
  return assemble('prior_notice', input, { date: input.date, blanks, blocks });
}
