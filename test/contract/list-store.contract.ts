/**
 * The ListStore and WorkOutbox contracts, run against the DynamoDB stores (on DynamoDB Local) and the
 * in-memory ones (list-store.test.ts): versions and the head, the revision every change is conditioned
 * on, a published version never written again, gapless record numbers, the owed job, notices and the
 * site's version only ever raised.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { approveDraft, publishVersion, reviewDraft, startDraft, submitDraft, type ListVersion } from '../../functions/domain/lists/index.ts';
import type { ListStore, WorkOutbox } from '../../functions/ports/index.ts';
import { matter, qian, T1, T2, T3, T4, zhang, zhao } from '../unit/lists/helpers.ts';

export function listStoreContract(name: string, make: () => Promise<{ store: ListStore; outbox: WorkOutbox }>): void {
  describe(`ListStore contract: ${name}`, () => {
    let store: ListStore;
    let outbox: WorkOutbox;
    beforeAll(async () => {
      ({ store, outbox } = await make());
    });

    it('starts with no version, at revision 0', async () => {
      expect(await store.head('matters')).toEqual({ kind: 'matters', current: null, open: null, rev: 0, siteVersion: 0, noticedSeq: 0 });
      expect(await store.published('matters')).toEqual([]);
      expect(await store.records('matters')).toEqual([]);
    });

    let draft: ListVersion<'matters'>;
    it('opens a draft with its record entry, owes the list job, and refuses a stale revision', async () => {
      const d = startDraft({ kind: 'matters', id: 'v1', at: T1, author: zhang, current: null, open: null, rows: [matter('节能监察')], scope: 'section' });
      if (!d.ok) throw new Error(d.errors.join());
      draft = d.version;
      expect(await store.save('matters', 0, d.version, d.entries, T1)).toBe(true);
      expect(await store.save('matters', 0, d.version, d.entries, T1)).toBe(false);
      const head = await store.head('matters');
      expect(head).toMatchObject({ rev: 1, current: null, open: { id: 'v1', state: 'draft', rows: [matter('节能监察')] } });
      expect(await store.version('matters', 'v1')).toEqual(d.version);
      expect(await store.records('matters')).toEqual([{ ...d.entries[0], seq: 1 }]);
      expect(await outbox.get('lists:matters')).toMatchObject({ subject: 'lists:matters', job: { kind: 'lists.changed', listKind: 'matters' }, rev: 1, since: T1 });
      expect(await store.head('inspection_items')).toMatchObject({ rev: 0, open: null });
    });

    it('moves the head with each transition; publication makes the version the one in force and closes it', async () => {
      const steps = [
        submitDraft({ version: draft, current: null, actor: zhang, at: T2 }),
      ];
      let v = draft;
      let rev = 1;
      const run = async (o: ReturnType<typeof submitDraft<'matters'>>, at: string) => {
        if (!o.ok) throw new Error(o.errors.join());
        expect(await store.save('matters', rev, o.version, o.entries, at)).toBe(true);
        rev += 1;
        v = o.version;
      };
      await run(steps[0]!, T2);
      await run(reviewDraft({ version: v, decision: 'pass', actor: zhao, at: T3 }), T3);
      await run(approveDraft({ version: v, decision: 'approve', actor: qian, at: T4 }), T4);
      expect((await store.head('matters')).open).toMatchObject({ id: 'v1', state: 'approved' });
      await run(publishVersion({ version: v, current: null, actor: qian, at: T4 }), T4);
      const head = await store.head('matters');
      expect(head).toMatchObject({ rev: 5, open: null, current: { id: 'v1', state: 'published', version: 1, publishedAt: T4 } });
      expect((await store.published('matters')).map((x) => x.id)).toEqual(['v1']);
      expect((await store.records('matters')).map((r) => [r.seq, r.action])).toEqual([
        [1, 'list.draft_created'],
        [2, 'list.submitted'],
        [3, 'list.reviewed'],
        [4, 'list.approved'],
        [5, 'list.published'],
      ]);
      // A published version is never written again, whatever revision the caller holds.
      const edited = { ...head.current!, rows: [] };
      expect(await store.save('matters', 5, edited, [], T4)).toBe(false);
      expect((await store.version('matters', 'v1'))?.rows).toEqual([matter('节能监察')]);
      expect((await store.head('matters')).rev).toBe(5);
    });

    it('keeps a withdrawn version but closes the list for a new draft', async () => {
      const current = (await store.head('matters')).current!;
      const d = startDraft({ kind: 'matters', id: 'v2', at: T4, author: zhang, current, open: null, scope: 'section', rows: [matter('节能监察'), matter('能耗检查')] });
      if (!d.ok) throw new Error(d.errors.join());
      expect(await store.save('matters', 5, d.version, d.entries, T4)).toBe(true);
      const w = { ...d.version, state: 'withdrawn' as const };
      expect(await store.save('matters', 6, w, [], T4)).toBe(true);
      expect(await store.head('matters')).toMatchObject({ rev: 7, open: null, current: { id: 'v1' } });
      expect(await store.version('matters', 'v2')).toMatchObject({ state: 'withdrawn' });
      expect((await store.published('matters')).map((x) => x.id)).toEqual(['v1']);
    });

    it('raises notices and the site version, never lowers them', async () => {
      await store.markNoticed('matters', 3);
      await store.markNoticed('matters', 2);
      expect((await store.head('matters')).noticedSeq).toBe(3);
      await store.markSite('matters', 1);
      await store.markSite('matters', 0);
      expect((await store.head('matters')).siteVersion).toBe(1);
    });

    it('completes owed work only at the revision read; a later change stays pending', async () => {
      const owed = (await outbox.get('lists:matters'))!;
      expect(owed.rev).toBe(7);
      expect((await outbox.pending('9999', 10)).map((w) => w.subject)).toContain('lists:matters');
      await outbox.complete('lists:matters', 6);
      expect(await outbox.get('lists:matters')).not.toBeNull();
      await outbox.complete('lists:matters', 7);
      expect(await outbox.get('lists:matters')).toBeNull();
      expect((await outbox.pending('9999', 10)).map((w) => w.subject)).not.toContain('lists:matters');
    });
  });
}
