/** Shared fixtures for the disclosure tests: the shipped rules and valid national identifiers. */
import disclosureData from '../../../data/disclosure-rules.json' with { type: 'json' };
import redactionData from '../../../data/redaction-rules.json' with { type: 'json' };
import {
  type DisclosureInput,
  type SiteConfig,
  buildDisclosureRules,
  buildRedactionRules,
} from '../../../functions/domain/disclosure/index.ts';

export { cal, prng, randInt, rules } from '../deadlines/helpers.ts';

export const redaction = buildRedactionRules(redactionData);
export const disclosureRules = buildDisclosureRules(disclosureData);

export function copy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
export const redactionDataCopy = () => copy(redactionData) as Record<string, any>;
export const disclosureDataCopy = () => copy(disclosureData) as Record<string, any>;

/** 18-digit resident ID with its check digit (GB 11643-1999), computed independently of the code under test. */
export function residentId(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (sum % 11)) % 11;
  return first17 + (c === 10 ? 'X' : String(c));
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 18-character USCC with its check character (GB 32100-2015). */
export function uscc(first17: string): string {
  let sum = 0;
  let w = 1;
  for (let i = 0; i < 17; i++) {
    sum += USCC_ALPHABET.indexOf(first17[i] as string) * w;
    w = (w * 3) % 31;
  }
  return first17 + USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

export const PERSON_ID = residentId('51330119850312201');
export const ORG_CODE = uscc('91513300MA62ABCDE');

export const site: SiteConfig = { bureau: '甘孜州经济和信息化局', title: '行政执法决定公开' };

export function personDecision(over: Partial<DisclosureInput> = {}): DisclosureInput {
  return {
    caseId: '2026-000007',
    decisionId: '1',
    caseNumber: '甘经信立〔2026〕7号',
    decisionNumber: '甘经信罚〔2026〕3号',
    decisionDate: '2026-09-28',
    category: '行政处罚',
    party: {
      type: 'person',
      name: '张三',
      idNumber: PERSON_ID,
      phones: ['13812345678'],
      addresses: ['康定市炉城镇向阳街12号'],
    },
    facts: `当事人张三（身份证号${PERSON_ID}，住址：康定市炉城镇向阳街12号，电话13812345678）未按规定开展节能审查。`,
    conclusion: '罚款人民币五千元',
    legalBasis: '《中华人民共和国节约能源法》第六十八条第一款',
    ...over,
  };
}

export function orgDecision(over: Partial<DisclosureInput> = {}): DisclosureInput {
  return {
    caseId: '2026-000008',
    decisionId: '1',
    caseNumber: '甘经信立〔2026〕8号',
    decisionDate: '2026-09-21',
    category: '行政处罚',
    party: { type: 'organization', name: '甘孜某某商贸有限公司', idNumber: ORG_CODE },
    otherPersons: [{ name: '李四', phones: ['13900001111'] }],
    facts: '法定代表人李四（电话13900001111）称，公司于2026年5月在康定市炉城镇向阳街12号仓库存放未经检验的设备。',
    conclusion: '责令改正，罚款人民币二万元',
    legalBasis: '《中华人民共和国特种设备安全法》第八十三条',
    ...over,
  };
}
