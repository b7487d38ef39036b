/**
 * The RosterStore contract, run against the DynamoDB roster (on DynamoDB Local) and the in-memory one
 * (roster-store.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../functions/domain/roster/types.ts';
import type { RosterStore } from '../../functions/ports/index.ts';
import { buildPerson } from '../helpers/factories.ts';

const AT = '2026-03-01T00:00:00.000Z';

export function rosterStoreContract(name: string, makeStore: () => Promise<RosterStore>): void {
  describe(`RosterStore contract: ${name}`, () => {
    let store: RosterStore;
    const zhang = buildPerson({ openId: 'ou_zhang', name: '张三', department: '执法科' });
    const li = buildPerson({ openId: 'ou_li', name: '李四', department: '执法科', certificate: null });
    const zhao = buildPerson({ openId: 'ou_zhao', name: '赵六', department: '法规科', roles: ['reviewer', 'admin'] });
    beforeAll(async () => {
      store = await makeStore();
    });

    it('starts empty', async () => {
      expect(await store.listActive()).toEqual([]);
      expect(await store.get('ou_zhang')).toBeNull();
    });

    it('replaces the roster and reads each person back as written', async () => {
      expect(await store.replaceAll([zhang, li, zhao], AT)).toEqual({ written: 3, deactivated: 0 });
      expect(await store.get('ou_zhang')).toEqual(zhang);
      expect(await store.get('ou_li')).toEqual(li);
      expect(await store.get('ou_nobody')).toBeNull();
    });

    it('lists everyone active by department, then name, then open_id', async () => {
      const listed = await store.listActive();
      expect(new Set(listed.map((p) => p.openId))).toEqual(new Set(['ou_zhang', 'ou_li', 'ou_zhao']));
      expect(listed.find((p) => p.openId === 'ou_zhao')).toEqual(zhao);
      const keys = listed.map((p) => `${p.department}#${p.name}#${p.openId}`);
      expect(keys).toEqual([...keys].sort());
    });

    it('reads many at once, each once, active people only', async () => {
      const many = await store.getMany(['ou_zhang', 'ou_zhang', 'ou_zhao', 'ou_nobody']);
      expect([...many.keys()].sort()).toEqual(['ou_zhang', 'ou_zhao']);
      expect(many.get('ou_zhao')).toEqual(zhao);
      expect((await store.getMany([])).size).toBe(0);
    });

    it('deactivates who is missing from a new roster: no longer found, listed or read', async () => {
      const renamed: Person = { ...li, name: '李四四', roles: ['officer', 'reviewer'] };
      expect(await store.replaceAll([zhang, renamed], AT)).toEqual({ written: 2, deactivated: 1 });
      expect(await store.get('ou_zhao')).toBeNull();
      expect((await store.getMany(['ou_zhao', 'ou_li'])).has('ou_zhao')).toBe(false);
      expect((await store.listActive()).map((p) => p.openId).sort()).toEqual(['ou_li', 'ou_zhang']);
      expect(await store.get('ou_li')).toEqual(renamed);
      // Back on the roster, back in.
      expect(await store.replaceAll([zhang, renamed, zhao], AT)).toEqual({ written: 3, deactivated: 0 });
      expect(await store.get('ou_zhao')).toEqual(zhao);
    });

    it('keeps a section head and an inspector\'s specialties as written, and drops them when a new roster leaves them out', async () => {
      const wu = buildPerson({ openId: 'ou_wu', name: '吴科长', department: '执法科', roles: ['section_head', 'officer'], specialties: ['安全生产', '节能'] });
      await store.replaceAll([zhang, wu], AT);
      expect(await store.get('ou_wu')).toEqual(wu);
      expect((await store.listActive()).find((p) => p.openId === 'ou_wu')).toEqual(wu);
      const { specialties: _gone, ...plain } = wu;
      await store.replaceAll([zhang, plain], AT);
      expect(await store.get('ou_wu')).toEqual(plain);
      await store.replaceAll([zhang, li, zhao], AT);
    });

    it('hands out copies: changing what it returned changes nothing stored', async () => {
      const read = (await store.get('ou_zhang')) as Person;
      read.roles.push('head');
      read.name = '改名';
      expect(await store.get('ou_zhang')).toEqual(zhang);
    });
  });
}
