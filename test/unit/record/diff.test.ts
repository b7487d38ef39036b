import { describe, expect, it } from 'vitest';
import { diff, shanghaiDateTime } from '../../../functions/domain/record/index.ts';
import { prng, randInt } from './helpers.ts';

describe('diff: before/after of what changed', () => {
  it('names a changed field with both sides', () => {
    expect(diff({ activity: '其他', size: 5 }, { activity: '现场检查', size: 5 })).toEqual([{ field: 'activity', before: '其他', after: '现场检查' }]);
  });

  it('an added field has no before; a removed field has no after', () => {
    expect(diff({ a: 1 }, { a: 1, b: 'x' })).toEqual([{ field: 'b', after: 'x' }]);
    expect(diff({ a: 1, b: 'x' }, { a: 1 })).toEqual([{ field: 'b', before: 'x' }]);
  });

  it('undefined counts as absent; null is a value', () => {
    expect(diff({ a: undefined }, {})).toEqual([]);
    expect(diff({ a: undefined }, { a: null })).toEqual([{ field: 'a', after: null }]);
    expect(diff({ a: null }, {})).toEqual([{ field: 'a', before: null }]);
  });

  it('walks into nested objects with dotted paths, in key order, depth first', () => {
    expect(
      diff(
        { status: 'filed', party: { name: '某公司', address: { city: '康定' } }, z: 1 },
        { status: 'archived', party: { name: '某有限公司', address: { city: '康定' } }, z: 1 },
      ),
    ).toEqual([
      { field: 'party.name', before: '某公司', after: '某有限公司' },
      { field: 'status', before: 'filed', after: 'archived' },
    ]);
  });

  it('reports arrays whole, and an object replaced by a scalar whole', () => {
    expect(diff({ officers: ['ou_a', 'ou_b'] }, { officers: ['ou_b', 'ou_a'] })).toEqual([
      { field: 'officers', before: ['ou_a', 'ou_b'], after: ['ou_b', 'ou_a'] },
    ]);
    expect(diff({ p: { x: 1 } }, { p: 'x' })).toEqual([{ field: 'p', before: { x: 1 }, after: 'x' }]);
  });

  it('ignores key order and -0 (canonical equality)', () => {
    expect(diff({ o: { a: 1, b: 2 }, n: 0 }, { o: { b: 2, a: 1 }, n: -0 })).toEqual([]);
    expect(diff({ o: [{ a: 1, b: 2 }] }, { o: [{ b: 2, a: 1 }] })).toEqual([]);
  });

  it('a value without a canonical form is always reported (sealing then refuses it)', () => {
    expect(diff({ x: 1.5 }, { x: 1.5 })).toEqual([{ field: 'x', before: 1.5, after: 1.5 }]);
  });

  it('property: diff(x, x) is empty; applying a diff to before gives after (flat records)', () => {
    const rand = prng(47);
    const values = [null, true, false, 0, 1, -3, '', '立案', 'x', ['a'], { k: 1 }];
    for (let i = 0; i < 500; i++) {
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const k of ['a', 'b', 'c', 'd', 'e']) {
        if (rand() < 0.7) before[k] = values[randInt(rand, 0, values.length - 1)];
        if (rand() < 0.7) after[k] = rand() < 0.5 && k in before ? before[k] : values[randInt(rand, 0, values.length - 1)];
      }
      expect(diff(before, before)).toEqual([]);
      const applied: Record<string, unknown> = { ...before };
      for (const c of diff(before, after)) {
        const top = c.field.split('.')[0] as string;
        if (c.field.includes('.')) applied[top] = after[top];
        else if ('after' in c) applied[c.field] = c.after;
        else delete applied[c.field];
      }
      expect(applied).toEqual(after);
    }
  });
});

describe('shanghaiDateTime: instants as people read them', () => {
  it.each([
    ['2026-03-02T02:03:04.000Z', '2026-03-02 10:03:04'],
    ['2026-12-31T16:00:00Z', '2027-01-01 00:00:00'],
    ['2026-03-02T10:03:04+08:00', '2026-03-02 10:03:04'],
  ])('%s → %s', (instant, text) => {
    expect(shanghaiDateTime(instant)).toBe(text);
  });

  it('leaves what is not an instant as it is', () => {
    expect(shanghaiDateTime('2026-03-02')).toBe('2026-03-02');
    expect(shanghaiDateTime('2026-13-02T00:00:00Z')).toBe('2026-13-02T00:00:00Z');
  });
});
