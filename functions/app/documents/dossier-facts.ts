/**
 * What the dossier check (`案卷`, `归档`) learns from the documents and the decision (issue 13): the
 * latest version of each drafted document (`dossierDocuments`), and — from the case's decision (THE
 * DECISION CONTRACT) and the service record (issue 11's loader) — the stage, so that a missing 决定书
 * (once decided) or 送达回证 (once served) shows as missing.
 */
import type { Case } from '../../domain/case/types.ts';
import type { DossierFacts } from '../../domain/dossier/checklist.ts';
import { dossierDocuments } from '../../domain/documents/record.ts';
import type { ServiceRecord } from '../../domain/service/form.ts';
import type { StoredDocument } from '../../ports/documents.ts';
import type { WorkerServices } from '../services.ts';

type PenaltyType = NonNullable<NonNullable<DossierFacts['decision']>['penalties']>[number];

const PENALTY_OF: Record<string, PenaltyType> = {
  罚款: 'fine',
  警告: 'warning',
  通报批评: 'warning',
  没收违法所得: 'confiscation',
  责令停产停业: 'suspension',
  暂扣许可证: 'suspension',
  吊销许可证: 'revocation',
  其他: 'other',
};

export function documentDossierFacts(c: Case, docs: readonly StoredDocument[], service: ServiceRecord | null): Partial<DossierFacts> {
  const facts: Partial<DossierFacts> = { documents: dossierDocuments(docs) };
  const d = c.decision;
  if (d && c.status !== 'filed') {
    const noPenalty = d.decisionType === '不予处罚';
    facts.decision = {
      kind: c.caseType !== '行政处罚' ? 'other' : noPenalty ? 'no_penalty' : 'penalty',
      date: d.date,
      ...(noPenalty ? {} : { penalties: [PENALTY_OF[d.decisionType] ?? 'other'] }),
      ...(d.decisionType === '罚款' && d.amount !== null ? { fineYuan: String(Math.round(d.amount * 100) / 100) } : {}),
    };
    if (c.status === 'decided') facts.stage = service ? 'served' : 'decided';
    if (service) facts.service = [{ method: service.method, date: service.servedOn, proof: service.proofEvidenceIds.length > 0 }];
  }
  return facts;
}

/** Reads what the dossier needs of the documents (the case's versions and its service record). */
export async function loadDocumentDossierFacts(c: Case, s: WorkerServices): Promise<Partial<DossierFacts>> {
  const [docs, service] = await Promise.all([s.cases.documentVersions(c.caseId), s.documents.loadService(c.caseId)]);
  return documentDossierFacts(c, docs, service);
}
