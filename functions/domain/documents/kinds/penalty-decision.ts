/**
 * 行政处罚决定书 (行政处罚法第五十九条): the party, the facts and evidence, the legal basis, the
 * decision, how and by when to pay, and the remedies with their periods — all periods and their
 * citations from the rules table (`fine_payment`, `admin_review`, `lawsuit`), never copied here.
 */
import type { Rule } from '../../deadlines/rules.ts';
import type { HeadDecision } from '../../review/workflow.ts';
import { Blanks, type DraftCommon, assemble } from '../common.ts';
import { cite, type DocumentsConfig } from '../config.ts';
import { hearingRightApplies } from '../hearing.ts';
import type { Block, DocumentModel } from '../model.ts';
import {
  type EvidenceRef,
  documentDate,
  evidenceLines,
  ordersPayment,
  partyAddressLabel,
  partyIdLabel,
  partyPronoun,
  penaltyText,
  periodPhrase,
  ruleCitation,
  sentence,
} from '../text.ts';

export interface PenaltyDecisionInput extends DraftCommon {
  /** The head's 批准 (verdict `approved`): its date is the decision's, its proposal the decision. */
  decision: HeadDecision;
  evidence: readonly EvidenceRef[];
  rules: readonly Rule[];
  /** What the case does not hold yet; a missing address is left blank (Art. 59 requires it). */
  party?: { address?: string | null; representative?: string | null };
  /** The prior notice served, when recorded: its number and the day it was served. */
  notice?: { number: string | null; servedOn: string } | null;
  /** Overrides the bureau's table (`hearingRightApplies`), as on the notice. */
  hearingRight?: boolean;
}

export function draftPenaltyDecision(input: PenaltyDecisionInput): DocumentModel {
  const { case: c, decision, config, rules } = input;
  if (decision.verdict !== 'approved') throw new RangeError('only an approved decision (批准) makes a 行政处罚决定书');
  const p = decision.proposal;
  if (p.decisionType === '不予处罚') throw new RangeError('不予处罚 is decided by a 不予行政处罚决定书 (no_penalty_decision)');
  const you = partyPronoun(c.party.type);
  const blanks = new Blanks();
  const hearing = input.hearingRight ?? hearingRightApplies(p, c.party.type, config);

  const blocks: Block[] = [
    { type: 'field', label: '当事人', value: c.party.name },
    { type: 'field', label: partyIdLabel(c.party.type), value: blanks.need(partyIdLabel(c.party.type), c.party.idNumber) },
    { type: 'field', label: partyAddressLabel(c.party.type), value: blanks.need(partyAddressLabel(c.party.type), input.party?.address) },
  ];
  const representative = input.party?.representative?.trim();
  if (c.party.type === 'organization' && representative) blocks.push({ type: 'field', label: '法定代表人（负责人）', value: representative });

  let procedure = `本局于${documentDate(c.filingDate)}对${you}${c.summary}一案立案调查（案号：${c.caseNumber}）。`;
  if (input.notice) {
    const number = input.notice.number === null ? '' : `（${input.notice.number}）`;
    procedure +=
      `${documentDate(input.notice.servedOn)}，本局向${you}送达了《行政处罚事先告知书》${number}，` +
      `告知${you}拟作出行政处罚的内容及事实、理由、依据，以及依法享有的陈述、申辩${hearing ? '、要求听证' : ''}的权利。`;
  }
  if (p.hearingHeld) procedure += '本案已依法举行听证。';
  blocks.push(
    { type: 'paragraph', text: procedure },
    { type: 'paragraph', text: `当事人陈述、申辩及采纳情况：${sentence(p.defence)}` },
    { type: 'paragraph', text: `经查明：${sentence(p.facts)}` },
  );
  const lines = evidenceLines(p.evidenceIds, input.evidence);
  if (lines.length === 0) {
    blanks.need('所依据的证据', null);
    blocks.push({ type: 'paragraph', text: '以上事实有以下证据证明：' }, { type: 'field', label: '证据', value: null });
  } else {
    blocks.push({ type: 'paragraph', text: '以上事实有以下证据证明：' }, ...lines.map((text): Block => ({ type: 'paragraph', text })));
  }
  const discretion = p.discretion === '从轻' || p.discretion === '从重' || p.discretion === '减轻' ? `，依法${p.discretion}处罚` : '';
  blocks.push(
    {
      type: 'paragraph',
      text: `本局认为，${you}的上述行为事实清楚、证据确凿。依据${p.legalProvisions}的规定${discretion}，本局决定对${you}作出如下行政处罚：`,
    },
    { type: 'paragraph', text: `${penaltyText(p)}。` },
  );
  if (ordersPayment(p)) blocks.push({ type: 'paragraph', text: paymentText(p.decisionType === '罚款', you, config, rules) });
  blocks.push({ type: 'paragraph', text: remediesText(you, config, rules) });
  return assemble('penalty_decision', input, { date: decision.date, blanks, blocks });
}

/** How and by when to pay: from the day the decision is received, the period of `fine_payment`. */
function paymentText(isFine: boolean, you: string, config: DocumentsConfig, rules: readonly Rule[]): string {
  const { bank, accountName, accountNumber } = config.payment;
  const account = [accountName && `户名：${accountName}`, accountNumber && `账号：${accountNumber}`].filter(Boolean).join('，');
  const where = bank === null ? '到指定的银行或者通过电子支付系统缴纳' : `缴至${bank}${account ? `（${account}）` : ''}或者通过电子支付系统缴纳`;
  let text = `${you}应当自收到本决定书之日起${periodPhrase(rules, 'fine_payment')}内，${where}（${ruleCitation(rules, 'fine_payment')}）。`;
  const lateFee = config.citations.lateFee;
  if (isFine && lateFee.summary) text += `${lateFee.summary.replace(/。$/, '')}（${cite(lateFee)}）。`;
  return text;
}

/** Administrative review and lawsuit, each with its period and source from the rules table. */
function remediesText(you: string, config: DocumentsConfig, rules: readonly Rule[]): string {
  const court = config.remedies.court ?? '人民法院';
  const noSuspension = config.citations.noSuspension;
  return (
    `${you}如不服本决定，可以在收到本决定书之日起${periodPhrase(rules, 'admin_review')}内向${config.remedies.reviewBody}申请行政复议` +
    `（${ruleCitation(rules, 'admin_review')}），也可以在收到本决定书之日起${periodPhrase(rules, 'lawsuit')}内依法向${court}提起行政诉讼` +
    `（${ruleCitation(rules, 'lawsuit')}）。` +
    (noSuspension.summary ? `${noSuspension.summary.replace(/。$/, '')}（${cite(noSuspension)}）。` : '')
  );
}
