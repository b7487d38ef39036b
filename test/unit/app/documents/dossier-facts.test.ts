/**
 * What the dossier check learns from the legal review (reviewDossierFacts), on states built by the
 * review domain's own transitions.
 */
import { describe, expect, it } from 'vitest';
import { reviewDossierFacts } from '../../../../functions/app/documents/dossier-facts.ts';
import { emptyReviewState } from '../../../../functions/domain/review/index.ts';
import { useWorker } from '../harness.ts';
import { decidedState, filedCase, reviewedState } from './helpers.ts';

const h = useWorker();

describe('reviewDossierFacts', () => {
  it('knows nothing before a first request', () => {
    expect(reviewDossierFacts(null)).toEqual({});
    expect(reviewDossierFacts(emptyReviewState('2026-000001'))).toEqual({});
  });

  it('a passed round of a 重大 case: review required and approved on its date, 集体讨论 required and not yet held, the checklist as assessments', async () => {
    const { c, evidenceIds } = await filedCase(h());
    const facts = reviewDossierFacts(reviewedState(c, evidenceIds));
    expect(facts.review).toEqual({ required: true, rounds: [{ outcome: 'approved', date: '2026-09-30' }] });
    expect(facts.collectiveDiscussion).toEqual({ required: true });
    expect(facts.assessments).toEqual({
      enforcingBodyLawful: true,
      withinPower: true,
      officersQualified: true,
      procedureLawful: true,
      factsClear: true,
      evidenceSufficient: true,
      lawApplicationCorrect: true,
      transferHandled: true,
    });
  });

  it('after the discussion and 批准: the discussion’s date', async () => {
    const { c, evidenceIds } = await filedCase(h());
    expect(reviewDossierFacts(decidedState(c, evidenceIds)).collectiveDiscussion).toEqual({ required: true, date: '2026-10-09' });
  });
});
