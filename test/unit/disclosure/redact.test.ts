import { describe, expect, it } from 'vitest';
import {
  type RedactionSubjects,
  buildRedactionRules,
  findLeaks,
  maskPersonName,
  redactText,
} from '../../../functions/domain/disclosure/index.ts';
import { ORG_CODE, PERSON_ID, prng, randInt, redaction, redactionDataCopy, residentId, uscc } from './helpers.ts';

const none: RedactionSubjects = { persons: [], keep: [], confidentialPassages: [], partyIsPerson: false };
const person = (over: Partial<RedactionSubjects> = {}): RedactionSubjects => ({
  persons: [{ name: '张三', idNumber: PERSON_ID, phones: ['13812345678'], addresses: ['康定市炉城镇向阳街12号'] }],
  keep: [],
  confidentialPassages: [],
  partyIsPerson: true,
  ...over,
});
const r = (text: string, s: RedactionSubjects = none, rules = redaction) => redactText(text, s, rules);

describe('maskPersonName', () => {
  it('keeps the surname and replaces the given name with 某某, whatever its length', () => {
    expect(maskPersonName('张三', redaction)).toBe('张某某');
    expect(maskPersonName('王小明', redaction)).toBe('王某某');
    expect(maskPersonName('李', redaction)).toBe('李某某');
    expect(maskPersonName(' 张  三 ', redaction)).toBe('张某某');
  });
  it('compound surnames keep both characters; names with a separator keep the first character of the first part', () => {
    expect(maskPersonName('欧阳娜娜', redaction)).toBe('欧阳某某');
    expect(maskPersonName('司马光', redaction)).toBe('司马某某');
    expect(maskPersonName('司马', redaction)).toBe('司某某'); // 司马 alone is a surname + given name
    expect(maskPersonName('扎西·多吉', redaction)).toBe('扎某某');
    expect(maskPersonName('阿依古丽•买买提', redaction)).toBe('阿某某');
    expect(maskPersonName('泽仁拉姆', redaction)).toBe('泽某某');
  });
  it('is configurable: another mask, or no surname at all', () => {
    const d = redactionDataCopy();
    d.personName.mask = '某';
    expect(maskPersonName('张三', buildRedactionRules(d))).toBe('张某');
    d.personName.keepSurname = false;
    expect(maskPersonName('欧阳娜娜', buildRedactionRules(d))).toBe('某');
  });
});

describe('redactText: ID numbers', () => {
  it('the party’s ID number, however written (spaces, lower-case x)', () => {
    const id = residentId('51010119900101123');
    const spaced = `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`.toLowerCase();
    const s = person({ persons: [{ name: '张三', idNumber: id }] });
    expect(r(`身份证号 ${spaced}。`, s)).toBe('身份证号 [身份证号码已隐去]。');
  });
  it('any 18-digit ID in free text, valid or not; 15-digit old IDs', () => {
    expect(r(`证人身份证${residentId('11010119900307001')}在场`)).toBe('证人身份证[身份证号码已隐去]在场');
    expect(r('号码110101199003070019错')).toBe('号码[身份证号码已隐去]错');
    expect(r('旧证号510101900101123。')).toBe('旧证号[身份证号码已隐去]。');
  });
  it('keeps an organisation’s credit code (all-digit ones too) and the kept strings', () => {
    const digits = ['12513300000000001', '12513300000000002', '12513300000000003'].map(uscc).find((c) => /^\d{18}$/.test(c) && residentId(c.slice(0, 17)) !== c);
    expect(digits).toBeDefined();
    expect(r(`统一社会信用代码${digits}`)).toBe(`统一社会信用代码${digits}`);
    expect(r(`统一社会信用代码：${ORG_CODE}`)).toBe(`统一社会信用代码：${ORG_CODE}`);
    // An organisation named after a person stays whole; the person elsewhere is masked.
    const s = person({ keep: ['张三五金店'] });
    expect(r('张三五金店的经营者张三', s)).toBe('张三五金店的经营者张某某');
  });
});

describe('redactText: phone numbers', () => {
  it('mobiles in every usual form', () => {
    for (const m of ['13812345678', '138-1234-5678', '138 1234 5678', '+86 13812345678', '8613812345678', '+86-139-0000-1111']) {
      expect(r(`手机${m}。`)).toBe('手机[电话号码已隐去]。');
    }
  });
  it('landlines with area code, brackets and extension', () => {
    for (const l of ['0836-2822123', '（0836）2822123', '(028)87654321', '028-87654321转123', '02887654321']) {
      expect(r(`座机${l}，`)).toBe('座机[电话号码已隐去]，');
    }
  });
  it('anything after a phone keyword, even in an odd format', () => {
    expect(r('联系电话：2822 123。')).toBe('联系电话：[电话号码已隐去]。');
    expect(r('传真 0836 282 2123。')).toBe('传真 [电话号码已隐去]。');
  });
  it('the party’s own numbers in any spacing', () => {
    expect(r('打 138 1234 5678 找他', person())).toBe('打 [电话号码已隐去] 找他');
  });
});

describe('redactText: addresses', () => {
  it('the addresses the case holds, anywhere, even spaced', () => {
    expect(r('在康定市炉城镇 向阳街12号发现', person())).toBe('在[地址已隐去]发现');
  });
  it('whatever follows an address keyword, up to the punctuation', () => {
    expect(r('户籍地址：四川省道孚县鲜水镇某某村，现居成都', none)).toBe('户籍地址：[地址已隐去]，现居成都');
    expect(r('住所地为泸定县某处；', none)).toBe('住所地为[地址已隐去]；');
  });
  it('detailed addresses without a keyword when the party is a person (configurable)', () => {
    const text = '于2026年5月在泸定县泸桥镇滨河路88号3栋2单元经营，又在新都桥镇营官村三组存放';
    expect(r(text, person())).toBe('于2026年5月在[地址已隐去]经营，又在[地址已隐去]存放');
    expect(r(text, { ...none, partyIsPerson: false })).toBe(text);
    const always = redactionDataCopy();
    always.detailedAddresses.value = 'always';
    expect(r(text, none, buildRedactionRules(always))).toBe('于2026年5月在[地址已隐去]经营，又在[地址已隐去]存放');
    const never = redactionDataCopy();
    never.detailedAddresses.value = 'never';
    expect(r(text, person(), buildRedactionRules(never))).toBe(text);
  });
});

describe('redactText: names, confidential passages, bank accounts, and what is left alone', () => {
  it('every natural person’s name, also written with a space', () => {
    const s = person({ persons: [{ name: '张三' }, { name: '欧阳娜娜' }, { name: '张三丰' }] });
    expect(r('张 三、欧阳娜娜和张三丰到场', s)).toBe('张某某、欧阳某某和张某某到场');
  });
  it('removes passages marked confidential (they are not redacted: they are left out)', () => {
    const s = person({ confidentialPassages: ['配方比例为三比一'] });
    expect(r('经查，配方比例 为三比一，超标。', s)).toBe('经查，[依法不予公开的内容已略去]，超标。');
  });
  it('bank accounts after a keyword, and UnionPay card numbers', () => {
    expect(r('银行账号：6222 0200 1234 5678 901。')).toBe('银行账号：[账号已隐去]。');
    expect(r('转入6222020012345678901')).toBe('转入[账号已隐去]');
  });
  it('leaves amounts, dates, document numbers, articles and years as they are', () => {
    const text = '罚款5000元、没收50000元，2026-09-28作出，文号甘经信罚〔2026〕3号，依据《节约能源法》第六十八条，自2021年7月15日起施行，编号20260928。';
    expect(r(text, person())).toBe(text);
  });
  it('an extra pattern that is not a regular expression is refused at load', () => {
    const d = redactionDataCopy();
    d.extraPatterns.push({ pattern: '(unclosed', replacement: 'x' });
    expect(() => buildRedactionRules(d)).toThrow('extraPatterns.2');
  });
});

describe('properties', () => {
  const fragments = [
    '当事人张三',
    `身份证号${PERSON_ID}`,
    '电话138 1234 5678',
    '住址：康定市炉城镇向阳街12号',
    '在康定市炉城镇向阳街12号',
    '罚款五千元',
    '依据第六十八条',
    '于2026年5月',
    '证人王五，手机13900001111',
    `证人身份证${residentId('62010219800101124')}`,
    '座机0836-2822123',
    `，统一社会信用代码${ORG_CODE}`,
    '。',
    ' ',
  ];
  const subjects = person({ persons: [{ name: '张三', idNumber: PERSON_ID, phones: ['13812345678'], addresses: ['康定市炉城镇向阳街12号'] }, { name: '王五' }], keep: [ORG_CODE] });

  it('after redaction nothing leaks, the credit code survives, and a second pass changes nothing', () => {
    const rand = prng(81);
    for (let i = 0; i < 500; i++) {
      const n = randInt(rand, 1, 12);
      let text = '';
      for (let j = 0; j < n; j++) text += fragments[randInt(rand, 0, fragments.length - 1)];
      const once = redactText(text, subjects, redaction);
      expect(findLeaks(once, subjects)).toEqual([]);
      for (const raw of [PERSON_ID, '13812345678', '138 1234 5678', '康定市炉城镇向阳街12号', '张三', '王五', '13900001111']) {
        expect(once.includes(raw)).toBe(false);
      }
      if (text.includes(ORG_CODE)) expect(once).toContain(ORG_CODE);
      expect(redactText(once, subjects, redaction)).toBe(once);
    }
  });
});

describe('findLeaks', () => {
  it('names the kinds of personal data still present, never the values', () => {
    expect(findLeaks(`张三 ${PERSON_ID} 138-1234-5678 康定市炉城镇向阳街12号`, person())).toEqual(['name', 'idNumber', 'phone', 'address']);
    expect(findLeaks('无', person())).toEqual([]);
    // Any valid resident ID or mobile counts, known or not.
    expect(findLeaks(`${residentId('11010119900307001')}`, none)).toEqual(['idNumber']);
    expect(findLeaks('13700001111', none)).toEqual(['phone']);
    // Not inside what is kept (the organisation's own name).
    expect(findLeaks('张三五金店', person({ keep: ['张三五金店'] }))).toEqual([]);
  });
});

describe('regressions', () => {
  it('a keyword right before an address already hidden adds nothing (not even around the colon)', () => {
    expect(r('住址：康定市炉城镇向阳街12号，', person())).toBe('住址：[地址已隐去]，');
    expect(r('住址 康定市炉城镇向阳街12号', person())).toBe('住址 [地址已隐去]');
  });
  it('an address after a keyword does not run into the text after a hidden value', () => {
    expect(r('住址：康定市炉城镇向阳街12号当事人张三在场', person())).toBe('住址：[地址已隐去]当事人张某某在场');
  });
});

describe('long and hostile texts', () => {
  it('a long run of place names, streets or digits is read through (the patterns do not backtrack without bound)', () => {
    const s = person();
    for (const unit of ['甘孜州康定市泸定县区镇乡', '市路街村组社区', '住址电话联系电话', '1234567890 ']) {
      const text = unit.repeat(Math.ceil(3000 / unit.length));
      const out = redactText(text, s, redaction);
      expect(out.length).toBeGreaterThan(0);
      expect(redactText(out, s, redaction)).toBe(out);
    }
  });
});
