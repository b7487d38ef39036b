import { describe, expect, it } from 'vitest';
import { canViewCase } from '../../../functions/domain/case/access.ts';
import type { Person, Role } from '../../../functions/domain/roster/types.ts';

const who = (openId: string, roles: Role[]): Person => ({ openId, name: openId, department: '科', roles, certificate: null });
const officer = (openId: string) => ({ openId, name: openId, department: '科', certificateNumber: 'n', certificateValidUntil: '2030-01-01' });
const theCase = { filedBy: 'ou_filer', officers: [officer('ou_filer'), officer('ou_partner')] };

describe('canViewCase', () => {
  it('lets the filer and the officers see the case', () => {
    expect(canViewCase(who('ou_filer', ['officer']), theCase)).toBe(true);
    expect(canViewCase(who('ou_partner', ['officer']), theCase)).toBe(true);
  });

  it('lets the filer see it even when not listed as an officer', () => {
    expect(canViewCase(who('ou_filer', ['office']), { filedBy: 'ou_filer', officers: [officer('ou_x')] })).toBe(true);
  });

  it.each(['reviewer', 'head', 'admin'] as const)('lets the oversight role %s see every case', (role) => {
    expect(canViewCase(who('ou_other', [role]), theCase)).toBe(true);
    expect(canViewCase(who('ou_other', ['officer', role]), theCase)).toBe(true);
  });

  it.each([[['officer']], [['office']], [['officer', 'office']], [[]]] as Role[][][])(
    'hides the case from an uninvolved person with roles %j',
    (roles) => {
      expect(canViewCase(who('ou_other', roles), theCase)).toBe(false);
    },
  );

  it('matches open ids exactly', () => {
    expect(canViewCase(who('ou_partne', ['officer']), theCase)).toBe(false);
    expect(canViewCase(who('OU_PARTNER', ['officer']), theCase)).toBe(false);
    expect(canViewCase(who('', ['officer']), { filedBy: 'ou_filer', officers: [] })).toBe(false);
  });
});
