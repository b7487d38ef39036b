/**
 * 送达: after the decision, an officer of the case records how and when the party received it —
 * `送达 <案件编号>` or the case card's `送达` button opens the form (`served_on`, `method`, `proof`
 * from the case's evidence), `确认送达` records it: `case.service` and its `decision.served` entry in
 * one transaction, once. Then the case's deadlines are synced: 起诉期限, 复议期限 and, for a fine,
 * 缴纳罚款 start from the service date, and the 7-working-day service duty is met.
 */
import * as z from 'zod/mini';
import { serviceFormCard, serviceRecordedCard } from '../../../cards/index.ts';
import type { Card } from '../../../cards/common.ts';
import { canViewCase } from '../../domain/case/access.ts';
import type { Case, CaseService } from '../../domain/case/types.ts';
import { shanghaiDate } from '../../domain/deadlines/local-date.ts';
import type { Person } from '../../domain/roster/types.ts';
import { canRecordService } from '../../domain/service/access.ts';
import { parseServiceForm, SERVICE_RECORD_ACTION, serviceRecordDetail } from '../../domain/service/form.ts';
import type { EvidenceItem } from '../../domain/dossier/evidence.ts';
import { caseFromArg } from '../case/find-case.ts';
import { DECISION_ID } from '../deadlines/facts.ts';
import { CASE_ID, cardAction, command } from '../intents.ts';
import type { CardActionResult } from '../../ports/index.ts';
import { errorToast, MESSAGES, type Services } from '../services.ts';

export const SERVICE_MESSAGES = {
  notOfficer: '只有本案的承办人员可以登记送达。',
  notDecided: (n: string) => `案件 ${n} 尚未作出决定：负责人批准决定后才能登记送达。`,
  noEvidence: (n: string) => `案件 ${n} 还没有可作为送达凭证的证据。请先把送达回证、邮寄回执或公告的照片或文件发到本案，再发送「送达 ${n}」。`,
  syncLater: '送达已登记，但期限提醒暂未更新，请稍后再点一次「确认送达」。',
};

const evidenceLabel = (e: EvidenceItem) => `${e.fileName} · ${e.activity} · ${e.receivedAt.slice(0, 10)}`;

function recordedCard(c: Case, service: CaseService, earlier: boolean): Card {
  return serviceRecordedCard({
    caseNumber: c.caseNumber,
    servedOn: service.servedOn,
    method: service.method,
    proofCount: service.proofEvidenceIds.length,
    recordedByName: service.recordedBy.name,
    earlier,
    periods: [],
  });
}

/** The form for a case, or why not: what `送达` and the case card's button both answer. */
async function serviceForm(c: Case, person: Person, s: Services, extra: { values?: { servedOn?: string; method?: string; proof?: string[] }; errors?: string[] } = {}): Promise<{ card: Card } | { refusal: string }> {
  if (!canRecordService(person, c)) return { refusal: SERVICE_MESSAGES.notOfficer };
  if (c.status === 'archived') return { refusal: MESSAGES.archived(c.caseNumber) };
  if (c.service) return { card: recordedCard(c, c.service, true) };
  if (!c.decision) return { refusal: SERVICE_MESSAGES.notDecided(c.caseNumber) };
  const evidence = (await s.cases.evidenceItems(c.caseId)).filter((e) => e.mediaKind !== 'note').sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : -1));
  if (evidence.length === 0) return { refusal: SERVICE_MESSAGES.noEvidence(c.caseNumber) };
  return {
    card: serviceFormCard({
      caseId: c.caseId,
      caseNumber: c.caseNumber,
      decisionDate: c.decision.date,
      decisionText: `${c.decision.decisionType}${c.decision.amount !== null ? ` ${c.decision.amount} 元` : ''}`,
      evidence: evidence.map((e) => ({ evidenceId: e.evidenceId, label: evidenceLabel(e) })),
      ...extra,
    }),
  };
}

export const recordServiceCommand = command({
  words: ['送达'],
  prefix: true,
  help: { command: '送达 <案件编号>', description: '决定作出后登记送达：送达日期、送达方式和送达凭证（本案证据）；复议、诉讼和缴纳罚款的期限从送达之日起算' },
  async run(ctx) {
    const c = await caseFromArg(ctx, '送达', canViewCase);
    if (!c) return;
    const answer = await serviceForm(c, ctx.person, ctx.s);
    if ('refusal' in answer) return ctx.reply.text(answer.refusal);
    return ctx.privateCard(answer.card);
  },
});

const caseIdValue = z.object({ case_id: CASE_ID });

/** The case card's `送达` button: the form in place of the card. */
export const openServiceAction = cardAction({
  value: caseIdValue,
  async handle({ case_id }, { operator, s }) {
    const c = await s.cases.get(case_id);
    if (!c || !canViewCase(operator, c)) return errorToast(MESSAGES.caseNotFound(case_id));
    const answer = await serviceForm(c, operator, s);
    if ('refusal' in answer) return errorToast(answer.refusal);
    return { card: answer.card };
  },
});

/** `确认送达`: checked on the server whatever the card offered, recorded once. */
export const recordServiceAction = cardAction({
  value: caseIdValue,
  async handle({ case_id }, { operator, tap, s }) {
    const c = await s.cases.get(case_id);
    if (!c || !canViewCase(operator, c)) return errorToast(MESSAGES.caseNotFound(case_id));
    if (!canRecordService(operator, c)) return errorToast(SERVICE_MESSAGES.notOfficer);
    if (c.status === 'archived') return errorToast(MESSAGES.archived(c.caseNumber));
    if (c.service) return syncThen(s, c, { card: recordedCard(c, c.service, true) });
    if (!c.decision) return errorToast(SERVICE_MESSAGES.notDecided(c.caseNumber));
    const now = s.now();
    const evidence = await s.cases.evidenceItems(c.caseId);
    const parsed = parseServiceForm(tap.formValue ?? null, {
      decisionDate: c.decision.date,
      today: shanghaiDate(now),
      caseEvidenceIds: evidence.filter((e) => e.mediaKind !== 'note').map((e) => e.evidenceId),
    });
    if (!parsed.ok) {
      const raw = (tap.formValue ?? {}) as Record<string, unknown>;
      const values = {
        ...(typeof raw.served_on === 'string' && /^\d{4}-\d{2}-\d{2}/.test(raw.served_on) ? { servedOn: raw.served_on.slice(0, 10) } : {}),
        ...(typeof raw.method === 'string' ? { method: raw.method } : {}),
        ...(Array.isArray(raw.proof) ? { proof: raw.proof.filter((p): p is string => typeof p === 'string') } : {}),
      };
      const form = await serviceForm(c, operator, s, { values, errors: parsed.errors });
      if ('refusal' in form) return errorToast(form.refusal);
      return { toast: { type: 'error', content: MESSAGES.fixForm }, card: form.card };
    }
    const service: CaseService = {
      servedOn: parsed.value.servedOn,
      method: parsed.value.method,
      proofEvidenceIds: parsed.value.proofEvidenceIds,
      recordedBy: { openId: operator.openId, name: operator.name },
      recordedAt: now.toISOString(),
    };
    const recorded = await s.cases.recordService(c.caseId, service, {
      at: now.toISOString(),
      actor: operator.openId,
      action: SERVICE_RECORD_ACTION,
      detail: serviceRecordDetail(DECISION_ID, parsed.value),
    });
    if (!recorded.ok) {
      if (recorded.reason === 'not_found') return errorToast(MESSAGES.caseNotFound(case_id));
      return errorToast(recorded.reason === 'archived' ? MESSAGES.archived(c.caseNumber) : MESSAGES.archiving(c.caseNumber));
    }
    const kept = recorded.created ? service : ((await s.cases.get(c.caseId))?.service ?? service);
    return syncThen(s, c, { toast: { type: 'success', content: recorded.created ? '送达已登记' : '本案已登记送达' }, card: recordedCard(c, kept, !recorded.created) });
  },
});

/**
 * Hands the case's deadline sync and its 送达回证 to the worker; a repeated tap hands them on again if
 * this one failed (both idempotent).
 */
async function syncThen(s: Services, c: Case, answer: CardActionResult): Promise<CardActionResult> {
  try {
    await s.jobs.submit({ kind: 'deadlines.sync', scope: 'case', caseId: c.caseId });
    await s.jobs.submit({ kind: 'document.draft', caseId: c.caseId, document: 'service_proof' });
  } catch (err) {
    s.log.error('deadlines.sync not handed on after service', { caseId: c.caseId, err });
    return errorToast(SERVICE_MESSAGES.syncLater);
  }
  return answer;
}
