/** Canonical JSON, hashing and the random stream: the byte-exact parts a re-implementation must match. */
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  compareCodePoints,
  isCanonicalText,
  sha256Hex,
  shuffledPrefix,
  sortedUnique,
  uniformInt,
  type WordStream,
  wordStream,
} from '../../../functions/domain/draw/index.ts';
import { CHI2_999, chiSquare, seed } from './helpers.ts';

/** A stream that replays given words (to pin rejection sampling exactly). */
function replay(words: number[]): WordStream & { used: number } {
  let i = 0;
  return {
    nextWord() {
      const w = words[i++];
      if (w === undefined) throw new Error('replay exhausted');
      return w;
    },
    blocks: 0,
    get used() {
      return i;
    },
  };
}

describe('canonicalJson', () => {
  it("sorts keys by code point, adds no whitespace, escapes only quote and backslash (Python's json.dumps with sort_keys, ensure_ascii=False)", () => {
    // Expected text produced by Python 3.11: json.dumps(v, ensure_ascii=False, separators=(',', ':'), sort_keys=True)
    const v = { b: [1, 'é"\\'], a: null, ä: true, '😀': 'x', '\uff01': 'y' };
    expect(canonicalJson(v)).toBe('{"a":null,"b":[1,"é\\"\\\\"],"ä":true,"！":"y","😀":"x"}');
  });

  it('leaves out undefined values and refuses what has no single JSON form', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson(1.5)).toThrow(/safe integer/);
    expect(() => canonicalJson(2 ** 53)).toThrow(/safe integer/);
    expect(() => canonicalJson('a\tb')).toThrow(/canonical text/);
    expect(() => canonicalJson(' a')).toThrow(/canonical text/);
    expect(() => canonicalJson('e\u0301')).toThrow(/canonical text/); // not NFC
    expect(() => canonicalJson('\ud800')).toThrow(/canonical text/);
    expect(() => canonicalJson(new Date(0))).toThrow(/JSON value/);
  });

  it('isCanonicalText: NFC, trimmed, no control characters, well-formed', () => {
    expect(isCanonicalText('甘孜州某某有限公司')).toBe(true);
    expect(isCanonicalText('😀')).toBe(true);
    for (const bad of ['a\n', '\u0085x', 'x\u007f', 'Å'.normalize('NFD'), '\udc00', ' x', 'x\u3000']) {
      expect(isCanonicalText(bad)).toBe(false);
    }
  });
});

describe('compareCodePoints', () => {
  it('orders by code point (UTF-8 byte order), unlike UTF-16 comparison above U+FFFF', () => {
    const astral = '😀'; // U+1F600, surrogates D83D DE00
    const high = '\uff01'; // U+FF01
    expect(astral < high).toBe(true); // JavaScript's own order: by code unit
    expect(compareCodePoints(astral, high)).toBeGreaterThan(0);
    expect(Buffer.compare(Buffer.from(astral), Buffer.from(high))).toBeGreaterThan(0);
  });

  it('agrees with UTF-8 byte order on a mixed sample', () => {
    const words = ['b', 'a', 'ab', '', '甘执0002', '甘执0010', '😀', '😁', '\uffff', 'Z', 'é', '𠀀', 'a😀', 'a\uffff'];
    const byBytes = [...words].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...words].sort(compareCodePoints)).toEqual(byBytes);
    expect(sortedUnique(['b', 'a', 'b'])).toEqual(['a', 'b']);
  });
});

describe('sha256Hex', () => {
  it('is SHA-256 over UTF-8, lowercase hex (FIPS 180-2 "abc" vector)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('甘')).toBe(sha256Hex(Buffer.from('甘', 'utf8')));
  });
});

describe('wordStream', () => {
  it('is HMAC-SHA256(seed, label ‖ 0x00 ‖ counter as 8 bytes big-endian), read as big-endian words (values from Python hmac)', () => {
    const s = wordStream(seed(1), 'targets');
    const words = Array.from({ length: 16 }, () => s.nextWord());
    expect(words).toEqual([
      188974104, 1199328857, 1101458159, 491227387, 3363785794, 292895968, 3162755329, 4168942116, 1120818367,
      2395472226, 4014113935, 1182332471, 3703082049, 4156184801, 296619570, 3966184994,
    ]);
    expect(s.blocks).toBe(2);
  });

  it('differs by label and by seed, and refuses a malformed seed', () => {
    const first = (sd: string, label: string) => wordStream(sd, label).nextWord();
    expect(first(seed(1), 'targets')).not.toBe(first(seed(1), 'inspectors'));
    expect(first(seed(1), 'targets')).not.toBe(first(seed(2), 'targets'));
    expect(() => wordStream('ABC', 'x')).toThrow(/seed/);
    expect(() => wordStream(seed(1).toUpperCase(), 'x')).toThrow(/seed/);
  });
});

describe('uniformInt', () => {
  it('rejects words at or above the largest multiple of n, then takes the remainder', () => {
    // n = 3: 2^32 mod 3 = 1, so 4294967295 is rejected and the next word is used.
    const s = replay([4294967295, 5]);
    expect(uniformInt(s, 3)).toBe(2);
    expect(s.used).toBe(2);
    // n = 2^31 + 1: about half of all words are rejected.
    const n = 2 ** 31 + 1;
    const limit = 2 ** 32 - (2 ** 32 % n);
    const t = replay([limit, limit - 1]);
    expect(uniformInt(t, n)).toBe((limit - 1) % n);
    // n = 1 still reads a word; n = 2^32 takes the word as is.
    const u = replay([7, 4294967295]);
    expect(uniformInt(u, 1)).toBe(0);
    expect(uniformInt(u, 2 ** 32)).toBe(4294967295);
    expect(u.used).toBe(2);
  });

  it('refuses an empty or non-integer range', () => {
    const s = replay([1]);
    for (const n of [0, -1, 1.5, 2 ** 32 + 1]) expect(() => uniformInt(s, n)).toThrow(/bad range/);
  });

  it('is uniform: chi-square over 7 values from 70,000 draws stays below the 0.1% point', () => {
    const s = wordStream(seed(42), 'uniform-test');
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[uniformInt(s, 7)]! += 1;
    expect(chiSquare(counts)).toBeLessThan(CHI2_999[6] as number);
  });
});

/** The same partial shuffle with a classic off-by-one (never leaves an element in place): biased. */
function biasedPrefix<T>(items: readonly T[], stream: WordStream, count: number): T[] {
  const a = items.slice();
  for (let i = 0; i < count; i++) {
    const j = a.length - i > 1 ? i + 1 + uniformInt(stream, a.length - i - 1) : i;
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a.slice(0, count);
}

/** Counts of each unordered 2-subset of 5 items over 2,000 fixed seeds. */
function subsetCounts(sample: (items: readonly number[], s: WordStream, k: number) => number[]): number[] {
  const index = new Map<string, number>();
  for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) index.set(`${a},${b}`, index.size);
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 2000; i++) {
    const [x, y] = sample([0, 1, 2, 3, 4], wordStream(seed(i), 'targets'), 2).sort() as [number, number];
    counts[index.get(`${x},${y}`) as number]! += 1;
  }
  return counts;
}

describe('shuffledPrefix (forward Fisher–Yates)', () => {
  it('is unbiased: every 2-subset of 5 equally likely over 2,000 fixed seeds (chi-square, 9 df, below the 0.1% point)', () => {
    expect(chiSquare(subsetCounts(shuffledPrefix))).toBeLessThan(CHI2_999[9] as number);
  });

  it('the same test catches a biased shuffle (so it can fail)', () => {
    expect(chiSquare(subsetCounts(biasedPrefix))).toBeGreaterThan(CHI2_999[9] as number);
  });

  it('every position is uniform: the first drawn of 20 over 4,000 seeds (19 df)', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const counts = new Array<number>(20).fill(0);
    for (let i = 0; i < 4000; i++) counts[shuffledPrefix(items, wordStream(seed(i), 'targets'), 1)[0] as number]! += 1;
    expect(chiSquare(counts)).toBeLessThan(CHI2_999[19] as number);
  });

  it('a longer prefix continues the shorter one (reserves never change the draw), and the input is not modified', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    for (let i = 0; i < 50; i++) {
      const short = shuffledPrefix(items, wordStream(seed(i), 'targets'), 5);
      const long = shuffledPrefix(items, wordStream(seed(i), 'targets'), 12);
      expect(long.slice(0, 5)).toEqual(short);
      expect(new Set(long).size).toBe(12);
    }
    expect(items).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffledPrefix(items, wordStream(seed(1), 'targets'), 50).sort((a, b) => a - b)).toEqual(items);
    expect(() => shuffledPrefix(items, wordStream(seed(1), 'targets'), 51)).toThrow();
  });
});
