import { isCaseOfficer } from '../case/access.ts';
import type { Case } from '../case/types.ts';
import type { Person } from '../roster/types.ts';

/**
 * Who may record that a decision was served: the case's officers and its filer — the people who
 * served it and hold the proof. Oversight roles may view the case but do not record its service.
 */
export function canRecordService(person: Pick<Person, 'openId'>, c: Pick<Case, 'filedBy' | 'officers'>): boolean {
  return isCaseOfficer(person.openId, c);
}
