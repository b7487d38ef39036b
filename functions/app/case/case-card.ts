/**
 * The case card as every intent shows it: deadlines of its stage, the audio/video duties of what it
 * records, and the actions the viewer may take.
 */
import type { Card } from '../../../cards/common.ts';
import { caseCard } from '../../../cards/index.ts';
import type { Case } from '../../domain/case/types.ts';
import { avDutyReport } from '../../domain/dossier/av-duties.ts';
import { caseReviewLines } from '../review/views.ts';
import type { Services } from '../services.ts';
import { type CaseCardViewer, caseCardView } from './views.ts';

export async function caseCardFor(c: Case, viewer: CaseCardViewer, s: Services, notice?: string): Promise<Card> {
  const items = await s.cases.evidenceItems(c.caseId);
  const av = avDutyReport({ evidence: items }, s.avDuties);
  const reviews = await s.reviews.get(c.caseId);
  const review = caseReviewLines(reviews, s.now(), s);
  return caseCard({ ...caseCardView(c, viewer, { deadlines: s.deadlinesFor(c), av, reviews, ...(notice ? { notice } : {}) }), ...(review.length > 0 ? { review } : {}) });
}
