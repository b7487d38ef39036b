/**
 * `案卷 <案件编号>`: the dossier in the standard order with its self-check (评查) against the veto items
 * and document list (data/dossier-checklist.json): the score, each missing item, each veto failure.
 * The record-intact item reads the latest `校验`. Looking is recorded (`dossier.viewed`).
 */
import { dossierCard } from '../../../cards/index.ts';
import { CASE_STATUS_LABELS, type Case } from '../../domain/case/types.ts';
import { baseDossierFacts, type DossierReview, reviewDossier } from '../../domain/dossier/checklist.ts';
import { canSeeEvidence, type EvidenceItem } from '../../domain/dossier/evidence.ts';
import type { RecordEntry } from '../../domain/case/record.ts';
import { caseFromArg } from '../case/find-case.ts';
import { command } from '../intents.ts';
import type { WorkerServices } from '../services.ts';

/** The latest 校验's verdict, if one was run: what the dossier's "record intact" item reads. */
export function latestVerification(entries: readonly RecordEntry[]): boolean | undefined {
  const last = [...entries].reverse().find((e) => e.action === 'case.verified');
  return typeof last?.detail.intact === 'boolean' ? last.detail.intact : undefined;
}

export function reviewCase(c: Case, items: readonly EvidenceItem[], recordIntact: boolean | undefined, s: WorkerServices): DossierReview {
  const facts = { ...baseDossierFacts(c, items), ...(recordIntact === undefined ? {} : { recordIntact }) };
  return reviewDossier(facts, s.dossierChecklist, s.avDuties);
}

export const showDossierCommand = command({
  words: ['案卷'],
  prefix: true,
  help: { command: '案卷 <案件编号>', description: '按标准顺序查看案卷并自查评分（否决项、缺少的文书、音像记录）' },
  async run(ctx) {
    const c = await caseFromArg(ctx, '案卷', canSeeEvidence);
    if (!c) return;
    const [entries, items] = await Promise.all([ctx.s.cases.records(c.caseId), ctx.s.cases.evidenceItems(c.caseId)]);
    const review = reviewCase(c, items, latestVerification(entries), ctx.s);
    const recorded = await ctx.s.cases.appendRecord(
      c.caseId,
      {
        at: ctx.s.now().toISOString(),
        actor: ctx.person.openId,
        action: 'dossier.viewed',
        detail: { score: review.score, grade: review.grade, vetoFailures: review.vetoFailures.length, missing: review.missing.length },
      },
      { once: `dossier:${ctx.message.eventId}` },
    );
    if (!recorded.ok) ctx.s.log.error('dossier.viewed not recorded', { caseId: c.caseId, reason: recorded.reason });
    const sent = await ctx.privateCard(
      dossierCard({
        caseNumber: c.caseNumber,
        statusLabel: CASE_STATUS_LABELS[c.status],
        score: review.score,
        grade: review.grade,
        canArchive: review.canArchive && c.status !== 'archived',
        documents: review.documents.map((d) => ({ position: d.position, name: d.name, status: d.status, count: d.count })),
        vetoFailures: review.vetoFailures.map((v) => ({ name: v.name, reasons: v.reasons })),
        vetoUnknown: review.vetoUnknown.map((v) => ({ name: v.name, reasons: v.reasons })),
        deductions: review.deductions.map((d) => ({ points: d.points, reason: d.reason })),
        avWarnings: review.av.warnings.map((w) => w.message),
        notes: [...review.notes, ...(c.status === 'archived' ? ['本案已归档。'] : [])],
        evidenceCount: items.length,
      }),
    );
    if (sent) await ctx.s.chat.rememberCard(sent, c.caseId);
  },
});
