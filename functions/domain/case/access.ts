import type { Person, Role } from '../roster/types.ts';
import type { Case } from './types.ts';

/** Roles that oversee every case of the bureau: review, decide, coordinate. */
const OVERSIGHT_ROLES: readonly Role[] = ['reviewer', 'head', 'admin'];

/** The case's filer or one of its officers: the people who work the case. */
export function isCaseOfficer(openId: string, c: Pick<Case, 'filedBy' | 'officers'>): boolean {
  return c.filedBy === openId || c.officers.some((o) => o.openId === openId);
}

/** A case is visible to its filer, its officers, and the oversight roles. */
export function canViewCase(person: Person, c: Pick<Case, 'filedBy' | 'officers'>): boolean {
  return isCaseOfficer(person.openId, c) || person.roles.some((r) => OVERSIGHT_ROLES.includes(r));
}
