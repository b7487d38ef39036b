/**
 * 更正 on the 文书 card: a wrong fact is corrected by a new version, never by editing the stored one.
 * The first tap shows the form (更正原因); its submit checks on the server that the person is an officer
 * of the case and the version is still the next one, then hands the drafting to the worker
 * (`document.draft` with the correction): the next version supersedes the last, keeps its number, and
 * both stay in storage and in the record.
 */
import * as z from 'zod/mini';
import { CORRECTION_FORM, correctionFormCard, correctionTakenCard } from '../../../cards/index.ts';
import { canSeeEvidence } from '../../domain/dossier/evidence.ts';
import { isDraftedKind } from '../../domain/documents/model.ts';
import { nextVersion, parseDocumentId } from '../../domain/documents/versions.ts';
import { CASE_ID, cardAction } from '../intents.ts';
import { errorToast, MESSAGES } from '../services.ts';
import { DOCUMENT_ID, mayCorrect } from './views.ts';

export const CORRECT_MESSAGES = {
  notOfficer: '只有本案的承办人员可以更正文书。',
  archived: '本案已归档，文书不能再更正。',
  stale: '这份文书已有更新的版本，请重新发送「文书 案件编号」后再更正。',
  noDocument: '没有找到这份文书，请重新发送「文书 案件编号」。',
};

export const correctDocumentAction = cardAction({
  value: z.object({
    case_id: CASE_ID,
    document_id: DOCUMENT_ID,
    /** The version the correction makes (the latest + 1 when the card was made). */
    version: z.int().check(z.minimum(2), z.maximum(999)),
  }),
  async handle({ case_id, document_id, version }, { operator, tap, s }) {
    const c = await s.cases.get(case_id);
    if (!c || !canSeeEvidence(operator, c)) return errorToast(MESSAGES.caseNotFound(case_id));
    if (c.status === 'archived') return errorToast(CORRECT_MESSAGES.archived);
    if (!mayCorrect(operator, c)) return errorToast(CORRECT_MESSAGES.notOfficer);
    const parsed = parseDocumentId(document_id);
    const versions = (await s.cases.documentVersions(case_id)).filter((d) => d.documentId === document_id);
    const latest = versions.sort((a, b) => b.version - a.version)[0];
    if (!parsed || !isDraftedKind(parsed.kind) || !latest) return errorToast(CORRECT_MESSAGES.noDocument);
    if (latest.version + 1 !== version) return errorToast(CORRECT_MESSAGES.stale);
    const form = { caseId: case_id, caseNumber: c.caseNumber, documentId: document_id, title: latest.title, number: latest.number, version };

    const reason = tap.formValue?.[CORRECTION_FORM.reason];
    // The 更正 button: show the form.
    if (tap.formValue === undefined) return { card: correctionFormCard(form) };
    const next = nextVersion(
      versions.map((v) => v.version),
      typeof reason === 'string' ? reason : null,
    );
    if (!next.ok) return { toast: { type: 'error', content: next.errors[0] ?? '请写明更正原因' }, card: correctionFormCard({ ...form, errors: next.errors }) };
    // The first request for this version wins: a double tap hands the worker the same correction.
    const { request } = await s.cases.requestCorrection(case_id, { documentId: document_id, version, reason: next.value.reason ?? '', by: operator.openId, at: s.now().toISOString() });
    await s.jobs.submit({
      kind: 'document.draft',
      caseId: case_id,
      document: parsed.kind,
      ...(parsed.round === undefined ? {} : { round: parsed.round }),
      correction: { version: request.version, reason: request.reason, by: request.by, at: request.at },
    });
    return { toast: { type: 'success', content: `正在制作第${version}版` }, card: correctionTakenCard({ caseNumber: c.caseNumber, title: latest.title, version }) };
  },
});
