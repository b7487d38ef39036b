import type { Person, Role } from '../roster/types.ts';
import type { Case } from './types.ts';

/** Roles that oversee every case of the bureau: review, decide, coordinate. */
const OVERSIGHT_ROLES: readonly Role[] = ['reviewer', 'head', 'admin'];

/** A case is visible to its filer, its officers, and the oversight roles. */
export function canViewCase(person: Person, c: Pick<Case, 'filedBy' | 'officers'>): boolean {
  if (c.filedBy === person.openId) return true;
  if (c.officers.some((o) => o.openId === person.openId)) return true;
  return person.roles.some((r) => OVERSIGHT_ROLES.includes(r));
}
