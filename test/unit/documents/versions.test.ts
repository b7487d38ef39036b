import { describe, expect, it } from 'vitest';
import { baseDossierFacts, buildAvDuties, buildDossierChecklist, reviewDossier } from '../../../functions/domain/dossier/index.ts';
import {
  DOCUMENT_RECORD_ACTIONS,
  documentDetailSchema,
  documentFileName,
  documentIdFor,
  documentKey,
  documentRecordAction,
  documentRecordDetail,
  dossierDocuments,
  draftPenaltyDecision,
  nextVersion,
  parseDocumentId,
} from '../../../functions/domain/documents/index.ts';
import avData from '../../../data/av-duties.json' with { type: 'json' };
import checklistData from '../../../data/dossier-checklist.json' with { type: 'json' };
import { approvedScenario, common, evidence, rules } from './helpers.ts';

const SHA = 'a'.repeat(64);

describe('document ids and versions', () => {
  it('one id per kind, or per review round for the round documents', () => {
    expect(documentIdFor('penalty_decision')).toBe('penalty_decision');
    expect(documentIdFor('legal_review_opinion', 2)).toBe('legal_review_opinion.r2');
    expect(documentIdFor('collective_discussion', 1)).toBe('collective_discussion.r1');
    expect(() => documentIdFor('legal_review_opinion')).toThrow(/per review round/);
    expect(() => documentIdFor('penalty_decision', 1)).toThrow(/once per case/);
    expect(parseDocumentId('legal_review_opinion.r2')).toEqual({ kind: 'legal_review_opinion', round: 2 });
    expect(parseDocumentId('../x')).toBeNull();
  });

  it('the first version needs no reason; a correction is the next number, supersedes the latest, and says why', () => {
    expect(nextVersion([], null)).toEqual({ ok: true, value: { version: 1, supersedes: null, reason: null } });
    expect(nextVersion([1], ' 当事人住所有误 ')).toEqual({ ok: true, value: { version: 2, supersedes: 1, reason: '当事人住所有误' } });
    expect(nextVersion([2, 1, 3], '金额笔误')).toEqual({ ok: true, value: { version: 4, supersedes: 3, reason: '金额笔误' } });
    expect(nextVersion([1], '  ')).toEqual({ ok: false, errors: ['更正文书须写明更正原因'] });
    expect(nextVersion([1], '因'.repeat(501))).toEqual({ ok: false, errors: ['更正原因不能超过 500 个字'] });
  });

  it('each version has its own key under the case prefix, beside the evidence; never the same key twice', () => {
    expect(documentKey('2026-000001', 'penalty_decision', 1)).toBe('cases/2026-000001/documents/penalty_decision/v1.pdf');
    expect(documentKey('2026-000001', 'legal_review_opinion.r2', 3)).toBe('cases/2026-000001/documents/legal_review_opinion.r2/v3.pdf');
    expect(() => documentKey('../2026', 'penalty_decision', 1)).toThrow();
    expect(() => documentKey('2026-000001', 'penalty_decision/../x', 1)).toThrow(/document id/);
    expect(() => documentKey('2026-000001', 'penalty_decision', 0)).toThrow(/version/);
  });

  it('the file name the officer sees', () => {
    const v = (n: number) => ({ version: n, supersedes: n > 1 ? n - 1 : null, reason: n > 1 ? '更正' : null });
    expect(documentFileName({ title: '行政处罚决定书', number: '甘经信罚〔2026〕1号', caseNumber: 'x', version: v(1) })).toBe('行政处罚决定书-甘经信罚〔2026〕1号.pdf');
    expect(documentFileName({ title: '送达回证', number: null, caseNumber: '甘经信立〔2026〕1号', version: v(2) })).toBe('送达回证-甘经信立〔2026〕1号-第2版.pdf');
    expect(documentFileName({ title: '送达回证', number: null, caseNumber: '甘经信立[2026]/1号', version: v(1) })).toBe('送达回证-甘经信立[2026]1号.pdf');
  });
});

describe('the record entry and the dossier check', () => {
  const s = approvedScenario();
  const draft = (version = 1) =>
    draftPenaltyDecision({
      ...common(s.theCase, '甘经信罚〔2026〕1号'),
      version: version === 1 ? { version: 1, supersedes: null, reason: null } : { version, supersedes: version - 1, reason: '住所有误' },
      decision: s.decision,
      evidence,
      rules,
      party: version === 1 ? {} : { address: '康定市某某路1号' },
    });

  it('the entry says which document, which version, what it replaces, and what 校验 re-hashes', () => {
    const v1 = draft(1);
    const d1 = documentRecordDetail(v1, { sha256: SHA, size: 65_000, s3Key: documentKey(s.theCase.caseId, v1.documentId, 1), s3VersionId: 'v-1' });
    expect(documentRecordAction(v1)).toBe('document.drafted');
    expect(d1).toEqual({
      documentId: 'penalty_decision',
      kind: 'penalty_decision',
      title: '行政处罚决定书',
      number: '甘经信罚〔2026〕1号',
      version: 1,
      supersedes: null,
      reason: null,
      date: '2026-10-13',
      complete: false,
      sha256: SHA,
      size: 65_000,
      s3Key: 'cases/2026-000001/documents/penalty_decision/v1.pdf',
      s3VersionId: 'v-1',
    });
    const v2 = draft(2);
    expect(documentRecordAction(v2)).toBe('document.corrected');
    expect(documentRecordDetail(v2, { sha256: SHA, size: 1, s3Key: 'k' })).toMatchObject({ version: 2, supersedes: 1, reason: '住所有误', complete: true });
    expect(Object.keys(DOCUMENT_RECORD_ACTIONS)).toEqual(['document.drafted', 'document.corrected']);
    expect(() => documentRecordDetail(v1, { sha256: 'nope', size: 1, s3Key: 'k' })).toThrow();
    expect(documentDetailSchema.safeParse({ ...d1, extra: 1 }).success).toBe(false);
  });

  it('the dossier counts the latest version of each document once, and sees a missing 决定书 or 送达回证', () => {
    const detail = (m: ReturnType<typeof draft>, v: number) => documentRecordDetail(m, { sha256: SHA, size: 1, s3Key: `k${v}` });
    const docs = dossierDocuments([detail(draft(1), 1), detail(draft(2), 2)]);
    expect(docs).toEqual([{ kind: 'penalty_decision', date: '2026-10-13', complete: true, template: true }]);

    const checklist = buildDossierChecklist(checklistData);
    const duties = buildAvDuties(avData);
    const facts = (documents: typeof docs) => ({
      ...baseDossierFacts(s.theCase, [], 'served'),
      decision: { kind: 'penalty' as const, date: '2026-10-13', penalties: ['fine' as const], fineYuan: '150000' },
      documents,
    });
    const status = (documents: typeof docs) =>
      Object.fromEntries(reviewDossier(facts(documents), checklist, duties).documents.map((d) => [d.kind, d.status]));
    expect(status([])).toMatchObject({ penalty_decision: 'missing', service_proof: 'missing' });
    expect(status(docs)).toMatchObject({ penalty_decision: 'present', service_proof: 'missing' });
    expect(status([...docs, { kind: 'service_proof', date: '2026-10-15', complete: true, template: true }])).toMatchObject({
      penalty_decision: 'present',
      service_proof: 'present',
    });
  });
});
