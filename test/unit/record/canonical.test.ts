import { describe, expect, it } from 'vitest';
import { canonicalJson, isCanonicalisable, sha256Hex } from '../../../functions/domain/record/index.ts';
import { prng, randInt } from './helpers.ts';

const text = (v: unknown) => {
  const r = canonicalJson(v);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
};
const errorsOf = (v: unknown) => {
  const r = canonicalJson(v);
  if (r.ok) throw new Error(`expected no canonical form, got ${r.value}`);
  return r.errors;
};

describe('canonicalJson: the documented form', () => {
  it('sorts object members by key at every depth, keeps array order, writes no whitespace', () => {
    expect(text({ b: 1, a: [3, 1, { z: null, y: true }], c: { d: false } })).toBe('{"a":[3,1,{"y":true,"z":null}],"b":1,"c":{"d":false}}');
  });

  it('compares keys by UTF-16 code units (RFC 8785), not by code point', () => {
    // U+1F600 is D83D DE00 in UTF-16, below U+FFFF; by code point it would sort after.
    expect(text({ '\uFFFF': 1, '😀': 2, a: 3, B: 4 })).toBe('{"B":4,"a":3,"😀":2,"\uFFFF":1}');
    expect(text({ 立: 1, 案: 2 })).toBe('{"案":2,"立":1}');
  });

  it('leaves out members whose value is undefined, as DynamoDB does', () => {
    expect(text({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(text({ a: undefined })).toBe('{}');
    expect(text({ x: { y: undefined } })).toBe('{"x":{}}');
  });

  it('refuses undefined array elements and holes instead of turning them into null', () => {
    expect(errorsOf([1, undefined, 2])).toEqual(['$[1]: undefined array element']);
    expect(errorsOf([1, , 2])).toEqual(['$[1]: undefined array element']);
    expect(errorsOf(undefined)).toEqual(['$: undefined']);
  });

  it('writes safe integers in plain decimal, -0 as 0', () => {
    expect(text([0, -0, 7, -12, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])).toBe(
      '[0,0,7,-12,9007199254740991,-9007199254740991]',
    );
    expect(text(1e15)).toBe('1000000000000000');
  });

  it.each([[1.5], [0.1], [Number.MAX_SAFE_INTEGER + 1], [1e21], [Number.NaN], [Number.POSITIVE_INFINITY], [-Number.MAX_VALUE]])(
    'refuses %d (decimals go in strings)',
    (n) => {
      expect(errorsOf({ n })[0]).toMatch(/^\$\.n: only safe integers/);
    },
  );

  it('escapes strings exactly as JSON.stringify: named escapes, \\u00xx for other controls, the rest literal', () => {
    expect(text('"\\\b\f\n\r\t')).toBe('"\\"\\\\\\b\\f\\n\\r\\t"');
    expect(text('\u0000\u0001\u001f\u007f')).toBe('"\\u0000\\u0001\\u001f\u007f"');
    expect(text('\u2028\u2029é立😀/')).toBe('"\u2028\u2029é立😀/"');
  });

  it('refuses lone surrogates in strings and keys (UTF-8 cannot carry them)', () => {
    expect(errorsOf('\uD83D')[0]).toMatch(/lone surrogate/);
    expect(errorsOf('a\uDE00b')[0]).toMatch(/lone surrogate/);
    expect(errorsOf({ '\uD800': 1 })[0]).toMatch(/key contains a lone surrogate/);
    expect(text('\uD83D\uDE00')).toBe('"😀"');
  });

  it.each([
    ['a Date', new Date(0), /not a plain object \(\[object Date\]\)/],
    ['a Map', new Map(), /not a plain object/],
    ['a Set', new Set([1]), /not a plain object/],
    ['a class instance', new (class Thing {})(), /not a plain object/],
    ['a bigint', 1n, /bigint is not allowed/],
    ['a function', () => 1, /function is not allowed/],
    ['a symbol', Symbol('s'), /symbol is not allowed/],
  ])('refuses %s, naming the path', (_what, value, message) => {
    const errors = errorsOf({ detail: { v: value } });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\$\.detail\.v: /);
    expect(errors[0]).toMatch(message);
  });

  it('accepts objects without a prototype; refuses cycles but not shared references', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.k = 'v';
    expect(text(bare)).toBe('{"k":"v"}');
    const shared = { x: 1 };
    expect(text({ a: shared, b: shared, c: [shared] })).toBe('{"a":{"x":1},"b":{"x":1},"c":[{"x":1}]}');
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    expect(errorsOf(loop)).toEqual(['$.self: circular reference']);
  });

  it('reports every problem, not only the first', () => {
    expect(errorsOf({ a: 1.5, b: [undefined], c: new Date(0) })).toHaveLength(3);
  });

  it('isCanonicalisable agrees', () => {
    expect(isCanonicalisable({ a: [1, 'x', null] })).toBe(true);
    expect(isCanonicalisable({ a: 0.5 })).toBe(false);
  });
});

describe('sha256Hex', () => {
  it('hashes the UTF-8 bytes, lowercase hex', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('立案')).toBe(sha256Hex(Buffer.from('立案', 'utf8')));
  });
});

// Random JSON values within the canonical domain, for property loops.
function randomValue(rand: () => number, depth: number): unknown {
  const pick = randInt(rand, 0, depth > 2 ? 4 : 6);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return randInt(rand, -1e9, 1e9);
    case 3:
    case 4: {
      const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '\n', '\u0001', '立', '案', 'é', '😀', '\u2028', '/'];
      return Array.from({ length: randInt(rand, 0, 8) }, () => alphabet[randInt(rand, 0, alphabet.length - 1)]).join('');
    }
    case 5:
      return Array.from({ length: randInt(rand, 0, 4) }, () => randomValue(rand, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = randInt(rand, 0, 5); i > 0; i--) o[String(randomValue(rand, 3))] = randomValue(rand, depth + 1);
      return o;
    }
  }
}

function shuffleKeys(v: unknown, rand: () => number): unknown {
  if (Array.isArray(v)) return v.map((x) => shuffleKeys(x, rand));
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).sort(() => rand() - 0.5);
    return Object.fromEntries(entries.map(([k, x]) => [k, shuffleKeys(x, rand)]));
  }
  return v;
}

describe('canonicalJson: properties over 2,000 random values', () => {
  it('is valid JSON that parses back to the same value, is a fixed point, and ignores key order', () => {
    const rand = prng(20260705);
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(rand, 0);
      const c = text(value);
      expect(JSON.parse(c)).toEqual(value);
      expect(text(JSON.parse(c))).toBe(c);
      expect(text(shuffleKeys(value, rand))).toBe(c);
    }
  });
});
