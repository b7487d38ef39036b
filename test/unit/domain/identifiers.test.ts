import { describe, expect, it } from 'vitest';
import { isValidResidentId, isValidUscc, maskIdNumber } from '../../../functions/domain/case/identifiers.ts';

// Independent implementations of the two checksums (weights derived, not copied).
// GB 11643-1999, ISO 7064 MOD 11-2: weight of position i (0-based, 17 digits) is 2^(17-i) mod 11.
function residentCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}
const residentId = (first17: string) => first17 + residentCheck(first17);

// GB 32100-2015: alphabet is 0-9 and A-Z without I, O, S, V, Z; weight of position i is 3^i mod 31.
const USCC_ALPHABET = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'].filter((c) => !'IOSVZ'.includes(c)).join('');
function usccCheck(first17: string): string {
  let sum = 0;
  let w = 1;
  for (let i = 0; i < 17; i++) {
    sum += USCC_ALPHABET.indexOf(first17[i] as string) * w;
    w = (w * 3) % 31;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31] as string;
}
const uscc = (first17: string) => first17 + usccCheck(first17);

/** A resident id whose check digit is X (search over the sequence number). */
function residentIdWithX(): string {
  for (let s = 0; s < 1000; s++) {
    const id = residentId(`11010519900307${String(s).padStart(3, '0')}`);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X id found');
}

describe('isValidResidentId', () => {
  it('accepts the GB 11643 example and computed ids', () => {
    expect(USCC_ALPHABET).toHaveLength(31);
    expect(residentId('11010519491231002')).toBe('11010519491231002X'); // the standard's own example
    for (const base of ['11010519491231002', '44030419850611123', '62010220000229456', '51010119000101001', '31011520241231987']) {
      expect(isValidResidentId(residentId(base)), base).toBe(true);
    }
  });

  it('accepts X check digit in either case', () => {
    const id = residentIdWithX();
    expect(isValidResidentId(id)).toBe(true);
    expect(isValidResidentId(id.toLowerCase())).toBe(true);
  });

  it('rejects a wrong check digit', () => {
    const id = residentId('44030419850611123');
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(isValidResidentId(wrong)).toBe(false);
    const x = residentIdWithX();
    expect(isValidResidentId(`${x.slice(0, 17)}0`)).toBe(false);
  });

  it.each([
    ['Feb 30', '44030419990230123'],
    ['Feb 29 in a non-leap year', '44030420230229123'],
    ['Feb 29 in 1900 (not leap)', '44030419000229123'],
    ['month 13', '44030419991301123'],
    ['month 00', '44030419990001123'],
    ['day 00', '44030419990100123'],
    ['day 32', '44030419990132123'],
    ['April 31', '44030419990431123'],
    ['year before 1900', '44030418991231123'],
  ])('rejects an impossible birth date (%s) even with a correct checksum', (_label, base) => {
    expect(isValidResidentId(residentId(base))).toBe(false);
  });

  it('accepts leap day in a leap year', () => {
    expect(isValidResidentId(residentId('44030420000229123'))).toBe(true);
    expect(isValidResidentId(residentId('44030420240229123'))).toBe(true);
  });

  it.each([
    ['17 digits', '44030419850611123'],
    ['19 characters', `${residentId('44030419850611123')}0`],
    ['empty', ''],
    ['letter inside', `4403041985A611123${'0'}`],
    ['X not at the end', `X${residentId('44030419850611123').slice(1)}`],
    ['15-digit old format', '440304850611123'],
    ['spaces', ` ${residentId('44030419850611123')}`],
    ['full-width digits', '４４０３０４１９８５０６１１１２３４'],
  ])('rejects malformed input: %s', (_label, id) => {
    expect(isValidResidentId(id)).toBe(false);
  });
});

describe('isValidUscc', () => {
  const bases = ['91110108MA01ABCDE', '91350100M000100Y4', '12100000400000000', '5144000078298766X', '9144030071526726X'];

  it('accepts computed valid codes and a well-known real one', () => {
    for (const b of bases) {
      const code = uscc(b.replace(/[IOSVZ]/g, '0'));
      expect(isValidUscc(code), code).toBe(true);
    }
    // a published code (华为技术有限公司)
    expect(usccCheck('91440300192203821')).toBe('6');
    expect(isValidUscc('914403001922038216')).toBe(true);
  });

  it('accepts lowercase input (normalised)', () => {
    const code = uscc('91110108MA01ABCDE');
    expect(/[A-Z]/.test(code)).toBe(true);
    expect(isValidUscc(code.toLowerCase())).toBe(true);
  });

  it('rejects a wrong check character', () => {
    for (const b of bases) {
      const code = uscc(b);
      const i = USCC_ALPHABET.indexOf(code[17] as string);
      const wrong = code.slice(0, 17) + USCC_ALPHABET[(i + 1) % 31];
      expect(isValidUscc(wrong), wrong).toBe(false);
    }
  });

  it.each(['I', 'O', 'S', 'V', 'Z'])('rejects the excluded letter %s anywhere', (letter) => {
    // Position 10 (inside the organisation code) and the check position.
    const base = '91110108MA01ABCDE';
    const withLetter = `${base.slice(0, 10)}${letter}${base.slice(11)}`;
    // Compute a "check" as if the letter were allowed: any check char must be rejected.
    for (const check of USCC_ALPHABET) expect(isValidUscc(withLetter + check)).toBe(false);
    expect(isValidUscc(base + letter)).toBe(false);
    expect(isValidUscc((base + letter).toLowerCase())).toBe(false);
  });

  it.each([
    ['17 characters', '91110108MA01ABCDE'],
    ['19 characters', `${uscc('91110108MA01ABCDE')}0`],
    ['letter in the region code', uscc('9111010AMA01ABCDE')],
    ['empty', ''],
    ['punctuation', `-${uscc('91110108MA01ABCDE').slice(1)}`],
    ['inner space', `${uscc('91110108MA01ABCDE').slice(0, 9)} ${uscc('91110108MA01ABCDE').slice(10)}`],
  ])('rejects malformed input: %s', (_label, code) => {
    expect(isValidUscc(code)).toBe(false);
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 4 and the last 4 characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber('914403001922038216')).toBe('9144**********8216');
    expect(maskIdNumber('123456789')).toBe('1234*6789');
  });

  it('masks short values completely', () => {
    expect(maskIdNumber('12345678')).toBe('********');
    expect(maskIdNumber('abc')).toBe('***');
    expect(maskIdNumber('')).toBe('');
  });

  it('never reveals the birth date of a resident id', () => {
    const id = residentId('44030419850611123');
    const masked = maskIdNumber(id);
    expect(masked).toHaveLength(18);
    expect(masked).not.toContain('19850611');
  });
});
