/**
 * A decided case as the disclosure domain reads it (THE DECISION CONTRACT: `case.decision`): the
 * 118号 content — body, target, category, conclusion, legal basis, date — and what has happened to
 * its page. Only what the case holds in structured fields goes in; free text such as the summary is
 * left out (names in it could not be found for masking unless the case listed them).
 */
import type { Case, CaseDecision } from '../../domain/case/types.ts';
import type { DisclosureInput, DisclosureRecord } from '../../domain/disclosure/index.ts';
import { DECISION_ID } from '../deadlines/facts.ts';

/** 执法结论: `罚款人民币5000元`, `警告`. */
export function conclusionText(d: CaseDecision): string {
  return d.amount !== null && d.amount > 0 ? `${d.decisionType}人民币${d.amount}元` : d.decisionType;
}

export function disclosureRecordOf(c: Case): DisclosureRecord | null {
  if (!c.decision) return null;
  const d = c.disclosure ?? {};
  const input: DisclosureInput = {
    caseId: c.caseId,
    decisionId: DECISION_ID,
    caseNumber: c.caseNumber,
    decisionDate: c.decision.date,
    category: c.caseType,
    party: { type: c.party.type, name: c.party.name, idNumber: c.party.idNumber },
    conclusion: conclusionText(c.decision),
    legalBasis: c.legalBasis,
  };
  return {
    input,
    // 立即公开 lifts the wait for service (the domain holds penalties until served): the next run publishes.
    ...(c.service ? { servedOn: c.service.servedOn } : d.publishRequested ? { servedOn: d.publishRequested.on } : {}),
    ...(d.publishedOn ? { publishedOn: d.publishedOn } : {}),
    ...(d.withdrawal ? { withdrawal: { kind: d.withdrawal.kind, reason: d.withdrawal.reason, recordedOn: d.withdrawal.recordedOn } } : {}),
    ...(d.withdrawnOn ? { withdrawnOn: d.withdrawnOn } : {}),
    ...(d.takenDownOn ? { takenDownOn: d.takenDownOn } : {}),
  };
}
