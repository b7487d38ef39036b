/**
 * The legal review's rules as the handlers use them: the bureau's 法制审核目录清单
 * (data/review-catalogue.json), the official calendar and the rules table (法制审核时限), loaded once
 * per cold start (bundled JSON).
 */
import catalogueData from '../../data/review-catalogue.json' with { type: 'json' };
import { loadCalendar, loadRules } from '../adapters/calendar/index.ts';
import type { ReviewRules } from '../app/services.ts';
import { buildReviewCatalogue } from '../domain/review/catalogue.ts';

export const reviewRules: ReviewRules = {
  catalogue: buildReviewCatalogue(catalogueData),
  calendar: loadCalendar(),
  rules: loadRules(),
};
