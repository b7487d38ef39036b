/** Placeholder replaced when the deadline engine lands (same session). */
import type { DeadlineView } from '../../cards/types.ts';
import type { Case } from '../domain/case/types.ts';
export function caseDeadlines(_c: Case): DeadlineView[] {
  return [];
}
export function answerDeadline(_args: string): string {
  return '';
}
