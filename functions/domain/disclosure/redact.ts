/**
 * Redaction before anything is written to the public site. Natural persons' ID numbers, phone numbers
 * and addresses never appear — the ones the case holds and the ones written into free text; their
 * names are masked (张三 → 张某某); passages marked confidential are left out; an organisation's name
 * and credit code are kept. `findLeaks` then checks the result (and the rendered page) again.
 */
import { isValidResidentId, isValidUscc } from '../case/identifiers.ts';
import type { RedactionRules } from './config.ts';

export interface NaturalPerson {
  name: string;
  idNumber?: string;
  phones?: string[];
  addresses?: string[];
}

export interface RedactionSubjects {
  /** Every natural person whose data must not appear: the party if a person, legal representatives, witnesses. */
  persons: readonly NaturalPerson[];
  /** Strings that must survive unchanged: the organisation's name and credit code. */
  keep: readonly string[];
  /** Text the case marks as not to be published (trade secrets and the like). */
  confidentialPassages: readonly string[];
  /** The party is a natural person (detailed addresses are then found even without a keyword). */
  partyIsPerson: boolean;
}

export type LeakKind = 'name' | 'idNumber' | 'phone' | 'address';
export const LEAK_LABELS: Record<LeakKind, string> = {
  name: '自然人姓名',
  idNumber: '身份证号码',
  phone: '电话号码',
  address: '住址',
};

/** Escapes the characters that mean something in a (Unicode-mode) pattern. */
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const SPACE = '[\\s\\u3000]*';
const DIGIT_SEP = '[\\s\\u3000\\-－()（）]*';

/** A literal that may be written with spaces between its characters (「张 三」, 「5101 0119…」). */
function fuzzy(value: string, sep: string): RegExp | null {
  const chars = [...value.replace(/[\s\u3000]+/g, '')];
  if (chars.length === 0) return null;
  return new RegExp(chars.map(escapeRe).join(sep), 'gu');
}

function phoneRegex(phone: string): RegExp | null {
  const digits = phone.replace(/\D/g, '').replace(/^86(?=1[3-9]\d{9}$)/, '');
  if (digits.length < 5) return null;
  return new RegExp(`(?:\\+?86${DIGIT_SEP})?${[...digits].join(DIGIT_SEP)}`, 'gu');
}

/** 张三 → 张某某; 欧阳娜娜 → 欧阳某某; 扎西·多吉 → 扎某某 (the name's length is not revealed). */
export function maskPersonName(name: string, rules: RedactionRules): string {
  const compact = name.replace(/[\s\u3000]+/g, '');
  if (!rules.keepSurname || compact === '') return rules.nameMask;
  let first = compact;
  for (const sep of rules.separators) first = first.split(sep)[0] ?? first;
  if (first === '') first = compact;
  const compound = rules.compoundSurnames.find((s) => first.startsWith(s) && first.length > s.length);
  return (compound ?? [...first][0] ?? '') + rules.nameMask;
}

const NOT_ALNUM_BEFORE = '(?<![0-9A-Za-z])';
const NOT_ALNUM_AFTER = '(?![0-9A-Za-z])';
const ID18 = new RegExp(`${NOT_ALNUM_BEFORE}(\\d{6})[\\s-]?(\\d{8})[\\s-]?(\\d{3}[\\dXx])${NOT_ALNUM_AFTER}`, 'gu');
const ID15 = new RegExp(`${NOT_ALNUM_BEFORE}\\d{15}${NOT_ALNUM_AFTER}`, 'gu');
const MOBILE = new RegExp(`${NOT_ALNUM_BEFORE}(?:\\+?86[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d{4}){2}${NOT_ALNUM_AFTER}`, 'gu');
const LANDLINE = new RegExp(
  `${NOT_ALNUM_BEFORE}(?:[(（]0\\d{2,3}[)）][\\s-]?|0\\d{2,3}[\\s-]?)\\d{7,8}(?:\\s?(?:转|-|ext\\.?)\\s?\\d{1,6})?${NOT_ALNUM_AFTER}`,
  'gu',
);
/** A character of a place name: Han, but not the little words that come before one (在, 于, 年月日 …), or a letter or digit. */
const PLACE = '(?:(?![在于从至到自向由的了和与及或年月日时为是])[\\u4e00-\\u9fa5]|[A-Za-z0-9])';
const DIVISION = '(?:省|自治区|市|自治州|州|地区|盟|县|区|旗|镇|乡|街道)';
/**
 * 「康定市炉城镇向阳街12号」「新都桥镇营官村三组」: a division, a street or village, a number. Every
 * repetition is bounded and none is nested, so the cost stays linear in the text's length (an earlier
 * nested form backtracked exponentially on a long run of place names).
 */
const DETAILED_ADDRESS = new RegExp(
  `${PLACE}{0,24}?${DIVISION}${PLACE}{0,20}?(?:路|街|大道|巷|弄|胡同|村|社区|小区|组)` +
    `[\\u4e00-\\u9fa5A-Za-z0-9\\-－]{0,16}?(?:\\d{1,5}|[一二三四五六七八九十百零]{1,4})(?:号院|号楼|号|栋|幢|单元|室|组)` +
    `(?:[A-Za-z0-9\\-－]{0,8}(?:栋|幢|单元|室|楼|号)){0,4}`,
  'gu',
);

function keywordRegex(keywords: readonly string[], body: string): RegExp | null {
  if (keywords.length === 0) return null;
  return new RegExp(`(${keywords.map(escapeRe).join('|')})([：:\\s]*(?:为|是)?[：:\\s]*)(${body})`, 'gu');
}

/** An 18-digit number that is a valid USCC and not a valid resident ID is an organisation's: keep it. */
function isOrganisationCode(compact: string): boolean {
  return isValidUscc(compact) && !isValidResidentId(compact);
}

const SENTINEL = (i: number) => `\uE000${String.fromCharCode(0xe100 + i)}\uE001`;
/** Placeholders go in as private-use marks (no letter, digit or keyword a later rule could match) and come out at the end. */
const MARKS = { idNumber: '\uE002\uE010\uE003', phone: '\uE002\uE011\uE003', address: '\uE002\uE012\uE003', confidential: '\uE002\uE013\uE003' } as const;

/** Redacts one text. Deterministic; applying it twice changes nothing more. */
export function redactText(input: string, subjects: RedactionSubjects, rules: RedactionRules): string {
  const ph = MARKS;
  let text = input;
  // Placeholders from an earlier pass stay placeholders (a second pass changes nothing).
  for (const kind of ['idNumber', 'phone', 'address', 'confidential'] as const) text = text.split(rules.placeholders[kind]).join(MARKS[kind]);

  // Confidential passages first: nothing inside them is published, not even redacted.
  for (const passage of subjects.confidentialPassages) {
    const re = fuzzy(passage, SPACE);
    if (re) text = text.replace(re, () => ph.confidential);
  }

  // Protect what must survive (an organisation whose name contains a person's name, its credit code).
  const kept = [...subjects.keep].filter((k) => k.trim() !== '').sort((a, b) => b.length - a.length);
  kept.forEach((k, i) => {
    const re = fuzzy(k, SPACE);
    if (re) text = text.replace(re, () => SENTINEL(i));
  });

  for (const p of subjects.persons) {
    if (p.idNumber) {
      const re = fuzzy(p.idNumber.toUpperCase(), DIGIT_SEP);
      if (re) text = text.replace(new RegExp(re.source, 'giu'), () => ph.idNumber);
    }
    for (const phone of p.phones ?? []) {
      const re = phoneRegex(phone);
      if (re) text = text.replace(re, () => ph.phone);
    }
    for (const address of [...(p.addresses ?? [])].sort((a, b) => b.length - a.length)) {
      const re = fuzzy(address, SPACE);
      if (re) text = text.replace(re, () => ph.address);
    }
  }

  for (const { regex, replacement } of rules.extraPatterns) text = text.replace(new RegExp(regex.source, regex.flags), replacement);

  text = text.replace(ID18, (m, a: string, b: string, c: string) => (isOrganisationCode(`${a}${b}${c}`.toUpperCase()) ? m : ph.idNumber));
  text = text.replace(ID15, () => ph.idNumber);
  text = text.replace(MOBILE, () => ph.phone);
  text = text.replace(LANDLINE, () => ph.phone);
  const phoneKw = keywordRegex(rules.phoneKeywords, '[+\\d][\\d\\s\\-－()（）]{5,30}\\d');
  if (phoneKw) text = text.replace(phoneKw, (_m, k: string, sep: string) => `${k}${sep}${ph.phone}`);
  // Up to the punctuation, at most 40 characters, never into a placeholder already there.
  const stop = '，,。；;）)\\n\\r\\uE000-\\uE003';
  const addressKw = keywordRegex(rules.addressKeywords, `[^${stop}：:\\s][^${stop}]{0,39}`);
  if (addressKw) text = text.replace(addressKw, (_m, k: string, sep: string) => `${k}${sep}${ph.address}`);
  if (rules.detailedAddresses === 'always' || (rules.detailedAddresses === 'person_party' && subjects.partyIsPerson)) {
    text = text.replace(DETAILED_ADDRESS, () => ph.address);
  }

  const names = subjects.persons.map((p) => p.name).filter((n) => n.trim() !== '');
  for (const name of [...new Set(names)].sort((a, b) => b.length - a.length)) {
    const re = fuzzy(name, SPACE);
    const masked = maskPersonName(name, rules);
    if (re) text = text.replace(re, () => masked);
  }

  kept.forEach((k, i) => {
    text = text.split(SENTINEL(i)).join(k);
  });
  for (const kind of ['idNumber', 'phone', 'address', 'confidential'] as const) text = text.split(MARKS[kind]).join(rules.placeholders[kind]);
  return text;
}

/**
 * What personal data of the subjects (or any valid ID number or mobile number) a text still shows,
 * by kind — never the values, so the answer can go into logs and the office's digest. Text inside the
 * kept strings (the organisation's own name and code) does not count.
 */
export function findLeaks(input: string, subjects: RedactionSubjects): LeakKind[] {
  let text = input;
  for (const k of [...subjects.keep].filter((x) => x.trim() !== '').sort((a, b) => b.length - a.length)) {
    const re = fuzzy(k, SPACE);
    if (re) text = text.replace(re, ' ');
  }
  const found = new Set<LeakKind>();
  const has = (re: RegExp | null) => re !== null && new RegExp(re.source, `${re.flags.replace('g', '')}i`).test(text);
  for (const p of subjects.persons) {
    if ([...p.name.replace(/[\s\u3000]+/g, '')].length >= 2 && has(fuzzy(p.name, SPACE))) found.add('name');
    if (p.idNumber && has(fuzzy(p.idNumber, DIGIT_SEP))) found.add('idNumber');
    if ((p.phones ?? []).some((ph) => has(phoneRegex(ph)))) found.add('phone');
    if ((p.addresses ?? []).some((a) => a.replace(/[\s\u3000]+/g, '').length >= 4 && has(fuzzy(a, SPACE)))) found.add('address');
  }
  for (const m of text.matchAll(ID18)) {
    const compact = `${m[1]}${m[2]}${m[3]}`.toUpperCase();
    if (isValidResidentId(compact) && !subjects.keep.includes(compact)) found.add('idNumber');
  }
  if (new RegExp(MOBILE.source, 'u').test(text)) found.add('phone');
  return (['name', 'idNumber', 'phone', 'address'] as const).filter((k) => found.has(k));
}
