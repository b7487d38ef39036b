/**
 * Whether the prior notice must tell the party of the right to a hearing (行政处罚法第六十三条):
 * the kinds of decision listed, and fines or confiscations from the bureau's "较大数额" up.
 */
import type { PartyType } from '../case/types.ts';
import { toFen } from '../review/money.ts';
import type { Proposal } from '../review/proposal.ts';
import type { DocumentsConfig } from './config.ts';

export function hearingRightApplies(
  proposal: Pick<Proposal, 'decisionType' | 'amount'>,
  partyType: PartyType,
  config: Pick<DocumentsConfig, 'hearing'>,
): boolean {
  if (config.hearing.decisionTypes.includes(proposal.decisionType)) return true;
  if (proposal.amount === null) return false;
  const amount = proposal.amount;
  return config.hearing.amounts.some((a) => a.decisionType === proposal.decisionType && toFen(amount) >= toFen(a[partyType]));
}
