import type { Case } from '../case/types.ts';
import type { Person } from '../roster/types.ts';

/**
 * Who may record that a decision was served: the case's officers and its filer — the people who
 * served it and hold the proof. Oversight roles may view the case but do not record its service.
 */
export function canRecordService(person: Person, c: Pick<Case, 'filedBy' | 'officers'>): boolean {
  return c.filedBy === person.openId || c.officers.some((o) => o.openId === person.openId);
}
