/**
 * 查看 on a document version: a link of at most 30 minutes to exactly the recorded version, for the
 * people who may see the evidence — the same way as evidence 查看: answered inline, checked again in
 * the worker, recorded (`document.viewed`: who, which version, until when) before the link goes out.
 */
import * as z from 'zod/mini';
import { documentLinkCard } from '../../../cards/index.ts';
import { documentFileName } from '../../domain/documents/versions.ts';
import { canSeeEvidence, viewLinkExpiresAt } from '../../domain/dossier/evidence.ts';
import { shanghaiDateTime } from '../../domain/record/format.ts';
import { CASE_ID, cardAction, job } from '../intents.ts';
import { errorToast, MESSAGES, sendUuid } from '../services.ts';
import { DOCUMENT_ID } from './views.ts';
const VERSION = z.int().check(z.minimum(1), z.maximum(999));

export const VIEW_DOCUMENT_MESSAGES = {
  noDocument: '没有找到这份文书，请重新发送「文书 案件编号」。',
  sending: '查看链接将通过单聊发给您（30 分钟内有效）。',
};

export const viewDocumentAction = cardAction({
  value: z.object({ case_id: CASE_ID, document_id: DOCUMENT_ID, version: VERSION }),
  async handle({ case_id, document_id, version }, { operator, tap, s }) {
    const c = await s.cases.get(case_id);
    if (!c || !canSeeEvidence(operator, c)) return errorToast(MESSAGES.caseNotFound(case_id));
    const docs = await s.cases.documentVersions(case_id);
    if (!docs.some((d) => d.documentId === document_id && d.version === version)) return errorToast(VIEW_DOCUMENT_MESSAGES.noDocument);
    const requestId = tap.eventId ?? sendUuid('document-view', operator.openId, document_id, String(version), s.now().toISOString());
    await s.jobs.submit({ kind: 'document.view', caseId: case_id, documentId: document_id, version, openId: operator.openId, requestId });
    return { toast: { type: 'info', content: VIEW_DOCUMENT_MESSAGES.sending } };
  },
});

export const viewDocumentJob = job({
  payload: z.object({
    caseId: CASE_ID,
    documentId: DOCUMENT_ID,
    version: VERSION,
    openId: z.string().check(z.minLength(1)),
    requestId: z.string().check(z.minLength(1), z.maxLength(200)),
  }),
  async run({ caseId, documentId, version, openId, requestId }, s) {
    // Checked again here: the roster or the case may have changed since the tap.
    const person = await s.roster.get(openId);
    const c = await s.cases.get(caseId);
    const doc = (await s.cases.documentVersions(caseId)).find((d) => d.documentId === documentId && d.version === version);
    if (!person || !c || !doc || !canSeeEvidence(person, c)) {
      s.log.warn('document view refused in the worker', { caseId, documentId, version, openId });
      return;
    }
    const at = s.now().toISOString();
    const expires = viewLinkExpiresAt(at, s.viewLinkSeconds);
    // The view is recorded before the link goes out: no link without its entry.
    const recorded = await s.cases.appendRecord(
      caseId,
      { at, actor: openId, action: 'document.viewed', detail: { documentId, version, sha256: doc.sha256, linkExpiresAt: expires } },
      { once: `docview:${sendUuid(requestId)}` },
    );
    if (!recorded.ok) {
      s.log.error('document view not recorded', { caseId, documentId, reason: recorded.reason });
      return;
    }
    const until = recorded.entry.detail.linkExpiresAt as string;
    // A retry after the recorded link would have expired sends nothing: the entry says what was issued.
    if (Date.parse(until) - Date.parse(at) < 60_000) return;
    const fileName = documentFileName({ title: doc.title, number: doc.number, caseNumber: c.caseNumber, version: { version: doc.version, supersedes: doc.supersedes, reason: doc.reason } });
    const url = await s.evidence.viewUrl(doc.s3Key, {
      seconds: Math.max(60, Math.floor((Date.parse(until) - Date.parse(at)) / 1000)),
      fileName,
      contentType: 'application/pdf',
      ...(doc.s3VersionId ? { versionId: doc.s3VersionId } : {}),
    });
    await s.messenger.sendCard(
      openId,
      documentLinkCard({ caseNumber: c.caseNumber, fileName, sha256: doc.sha256, url, expiresAt: shanghaiDateTime(until), minutes: Math.round(s.viewLinkSeconds / 60) }),
      sendUuid('document-view', requestId),
    );
  },
});
