/** Maps domain objects to the cards' view models. */
import type { CaseCardView, CaseListCardView, DeadlineView } from '../../../cards/types.ts';
import { isCaseOfficer } from '../../domain/case/access.ts';
import { maskIdNumber } from '../../domain/case/identifiers.ts';
import { type Case, CASE_STATUS_LABELS, PARTY_TYPE_LABELS, PROCEDURE_LABELS } from '../../domain/case/types.ts';
import { AV_LEVEL_LABELS, type AvReport } from '../../domain/dossier/av-duties.ts';
import { emptyReviewState, type ReviewState, requestUnavailable } from '../../domain/review/workflow.ts';
import type { Person } from '../../domain/roster/types.ts';
import { canRecordService } from '../../domain/service/access.ts';
import { canRecordPayment, decidedFineFen, formatFen } from '../../domain/service/payment.ts';
import type { CaseSummary } from '../../ports/index.ts';

/** Whom a case card is for: it offers them only the actions they may take. Case cards always go to one person. */
export type CaseCardViewer = Pick<Person, 'openId' | 'roles'>;

export interface CaseCardOptions {
  deadlines?: DeadlineView[];
  notice?: string;
  av?: AvReport;
  /** The case's review rounds (none when absent): 申请法制审核 only while a round may be asked for. */
  reviews?: ReviewState;
}

export function caseCardView(c: Case, viewer: CaseCardViewer, opts: CaseCardOptions = {}): CaseCardView {
  const { canPay, ...fine } = fineView(c);
  return {
    caseId: c.caseId,
    caseNumber: c.caseNumber,
    status: c.status,
    statusLabel: CASE_STATUS_LABELS[c.status],
    caseType: c.caseType,
    procedure: c.procedure,
    procedureLabel: PROCEDURE_LABELS[c.procedure],
    partyName: c.party.name,
    partyType: c.party.type,
    partyTypeLabel: PARTY_TYPE_LABELS[c.party.type],
    partyIdMasked: maskIdNumber(c.party.idNumber),
    summary: c.summary,
    source: c.source,
    legalBasis: c.legalBasis,
    officers: c.officers.map((o) => ({ name: o.name, certificateNumber: o.certificateNumber })),
    filedByName: c.officers.find((o) => o.openId === c.filedBy)?.name ?? c.filedBy,
    filingDate: c.filingDate,
    deadlines: opts.deadlines ?? [],
    ...(c.status === 'filed' && isCaseOfficer(viewer.openId, c) && requestUnavailable(opts.reviews ?? emptyReviewState(c.caseId), c) === null
      ? { canRequestReview: true }
      : {}),
    ...(c.status === 'decided' && c.decision && !c.service && canRecordService(viewer, c) ? { canServe: true } : {}),
    ...fine,
    ...(canPay && canRecordPayment(viewer, c) ? { canPay: true } : {}),
    ...(opts.notice ? { notice: opts.notice } : {}),
    ...(opts.av
      ? {
          av: opts.av.activities.map((a) => ({
            activity: a.activity,
            level: a.level,
            levelLabel: a.conditional ? `${AV_LEVEL_LABELS[a.level]}（视送达方式）` : AV_LEVEL_LABELS[a.level],
            items: a.items,
            hasAudioVideo: a.hasAudioVideo,
          })),
          avWarnings: opts.av.warnings.map((w) => ({ severity: w.severity, message: w.message })),
        }
      : {}),
  };
}

export function caseListView(items: CaseSummary[], pageNumber: number, nextCursor?: string): CaseListCardView {
  return {
    items: items.map((i) => ({
      caseId: i.caseId,
      caseNumber: i.caseNumber,
      partyName: i.partyName,
      caseType: i.caseType,
      statusLabel: CASE_STATUS_LABELS[i.status],
      filingDate: i.filingDate,
    })),
    pageNumber,
    ...(nextCursor ? { nextCursor } : {}),
  };
}

/** The decided fine, what is paid and what is outstanding (and `canPay` while some is, whoever asks); nothing when the decision is not a fine. */
export function fineView(c: Case): Pick<CaseCardView, 'fine' | 'canPay'> {
  const decided = decidedFineFen(c.decision);
  if (decided === null) return {};
  const paid = c.finePaid ?? { fen: 0, count: 0 };
  return {
    fine: { decided: formatFen(decided), paid: formatFen(paid.fen), payments: paid.count, outstanding: formatFen(Math.max(0, decided - paid.fen)) },
    ...(paid.fen < decided && c.status !== 'archived' ? { canPay: true } : {}),
  };
}
