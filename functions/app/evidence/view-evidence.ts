/**
 * 查看: a link to one evidence item that works for at most 30 minutes, for the case's officers,
 * reviewers, heads and admins only. The tap is answered inline; the worker signs the link (its role
 * may read the evidence), records the view (`evidence.viewed`: who, what, until when) and only then
 * sends the link to the person by direct message.
 */
import * as z from 'zod/mini';
import { viewLinkCard } from '../../../cards/index.ts';
import { canSeeEvidence, viewLinkExpiresAt } from '../../domain/dossier/evidence.ts';
import { shanghaiDateTime } from '../../domain/record/format.ts';
import { CASE_ID, cardAction, job } from '../intents.ts';
import { errorToast, MESSAGES, sendUuid } from '../services.ts';

const EVIDENCE_ID = z.string().check(z.regex(/^ev_[0-9a-f]{24}$/));

export const VIEW_MESSAGES = {
  noItem: '没有找到这份证据，请重新打开证据清单。',
  sending: '查看链接将通过单聊发给您（30 分钟内有效）。',
};

export const viewEvidenceAction = cardAction({
  value: z.object({ case_id: CASE_ID, evidence_id: EVIDENCE_ID }),
  async handle({ case_id, evidence_id }, { operator, tap, s }) {
    const c = await s.cases.get(case_id);
    if (!c || !canSeeEvidence(operator, c)) return errorToast(MESSAGES.caseNotFound(case_id));
    if (!(await s.cases.getEvidence(case_id, evidence_id))) return errorToast(VIEW_MESSAGES.noItem);
    // One request per tap: Feishu's event id (a repeated delivery of the same tap is the same request).
    const requestId = tap.eventId ?? sendUuid('view', operator.openId, evidence_id, s.now().toISOString());
    await s.jobs.submit({ kind: 'evidence.view', caseId: case_id, evidenceId: evidence_id, openId: operator.openId, requestId });
    return { toast: { type: 'info', content: VIEW_MESSAGES.sending } };
  },
});

export const viewEvidenceJob = job({
  payload: z.object({ caseId: CASE_ID, evidenceId: EVIDENCE_ID, openId: z.string().check(z.minLength(1)), requestId: z.string().check(z.minLength(1), z.maxLength(200)) }),
  async run({ caseId, evidenceId, openId, requestId }, s) {
    // Checked again here: the roster or the case may have changed since the tap.
    const person = await s.roster.get(openId);
    const c = await s.cases.get(caseId);
    const item = await s.cases.getEvidence(caseId, evidenceId);
    if (!person || !c || !item || !canSeeEvidence(person, c)) {
      s.log.warn('evidence view refused in the worker', { caseId, evidenceId, openId });
      return;
    }
    const at = s.now().toISOString();
    const expires = viewLinkExpiresAt(at, s.viewLinkSeconds);
    // The view is recorded before the link goes out: no link without its entry.
    const recorded = await s.cases.appendRecord(
      caseId,
      { at, actor: openId, action: 'evidence.viewed', detail: { evidenceId, sha256: item.sha256, linkExpiresAt: expires } },
      { once: `view:${sendUuid(requestId)}` },
    );
    if (!recorded.ok) {
      s.log.error('evidence view not recorded', { caseId, evidenceId, reason: recorded.reason });
      return;
    }
    const until = recorded.entry.detail.linkExpiresAt as string;
    // A retry after the recorded link would have expired sends nothing: the entry says what was issued.
    if (Date.parse(until) - Date.parse(at) < 60_000) return;
    const url = await s.evidence.viewUrl(item.s3Key, {
      seconds: Math.max(60, Math.floor((Date.parse(until) - Date.parse(at)) / 1000)),
      fileName: item.fileName,
      ...(item.mimeType ? { contentType: item.mimeType } : {}),
      ...(item.s3VersionId ? { versionId: item.s3VersionId } : {}),
    });
    await s.messenger.sendCard(
      openId,
      viewLinkCard({
        caseNumber: c.caseNumber,
        fileName: item.fileName,
        sha256: item.sha256,
        url,
        expiresAt: shanghaiDateTime(until),
        minutes: Math.round(s.viewLinkSeconds / 60),
      }),
      sendUuid('view', requestId),
    );
  },
});
