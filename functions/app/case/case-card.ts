/** The case card as every intent shows it: deadlines of its stage and the audio/video duties of what it records. */
import type { Card } from '../../../cards/common.ts';
import { caseCard } from '../../../cards/index.ts';
import type { Case } from '../../domain/case/types.ts';
import { avDutyReport } from '../../domain/dossier/av-duties.ts';
import { caseReviewLines } from '../review/views.ts';
import type { Services } from '../services.ts';
import { caseCardView } from './views.ts';

export async function caseCardFor(c: Case, s: Services, notice?: string): Promise<Card> {
  const items = await s.cases.evidenceItems(c.caseId);
  const av = avDutyReport({ evidence: items }, s.avDuties);
  const review = caseReviewLines(await s.reviews.get(c.caseId), s.now(), s);
  return caseCard({ ...caseCardView(c, { deadlines: s.deadlinesFor(c), av, ...(notice ? { notice } : {}) }), ...(review.length > 0 ? { review } : {}) });
}
