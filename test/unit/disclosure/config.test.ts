import { describe, expect, it } from 'vitest';
import {
  DisclosureConfigError,
  buildDisclosureRules,
  buildRedactionRules,
  publicationMonths,
} from '../../../functions/domain/disclosure/index.ts';
import { disclosureDataCopy, disclosureRules, redaction, redactionDataCopy } from './helpers.ts';

describe('the shipped disclosure configuration', () => {
  it('says where each rule comes from', () => {
    const r = redactionDataCopy();
    expect(typeof r.$comment).toBe('string');
    expect(r.sources.map((s: { law: string }) => s.law)).toContain('国办发〔2018〕118号');
    for (const key of ['personName', 'placeholders', 'phoneKeywords', 'addressKeywords', 'detailedAddresses']) expect(typeof r[key].$comment).toBe('string');
    for (const p of r.extraPatterns) expect(typeof p.$comment).toBe('string');
    const d = disclosureDataCopy();
    for (const key of ['publicationPeriods', 'holdUntilServed', 'atRiskWorkingDays']) expect(typeof d[key].$comment).toBe('string');
  });

  it('builds: 36 months for every decision, penalties wait for service, 2 working days of warning', () => {
    expect(disclosureRules).toEqual({ publicationPeriods: [{ months: 36 }], holdUntilServed: ['行政处罚'], atRiskWorkingDays: 2 });
    expect(redaction.nameMask).toBe('某某');
    expect(redaction.compoundSurnames[0]?.length).toBeGreaterThanOrEqual(2);
    expect(redaction.addressKeywords[0]?.length).toBeGreaterThanOrEqual(redaction.addressKeywords.at(-1)?.length ?? 0);
  });

  it('the first matching publication period wins; the last one applies to the rest', () => {
    const d = disclosureDataCopy();
    d.publicationPeriods.value = [{ partyType: 'person', months: 24 }, { category: '行政许可', months: 60 }, { months: 36 }];
    const rules = buildDisclosureRules(d);
    expect(publicationMonths(rules, '行政处罚', 'person')).toBe(24);
    expect(publicationMonths(rules, '行政许可', 'person')).toBe(24);
    expect(publicationMonths(rules, '行政许可', 'organization')).toBe(60);
    expect(publicationMonths(rules, '行政检查', 'organization')).toBe(36);
  });
});

describe('the configuration is refused when', () => {
  const refuse = (build: () => unknown, text: string) => {
    expect(build).toThrow(DisclosureConfigError);
    expect(build).toThrow(text);
  };
  it('the last publication period has a condition, or a period is not a positive whole number of months', () => {
    const d = disclosureDataCopy();
    d.publicationPeriods.value = [{ category: '行政处罚', months: 36 }];
    refuse(() => buildDisclosureRules(d), '最后一条须不带条件');
    d.publicationPeriods.value = [{ months: 0 }];
    refuse(() => buildDisclosureRules(d), 'publicationPeriods.value.0.months');
    d.publicationPeriods.value = [{ months: 36, years: 3 }];
    refuse(() => buildDisclosureRules(d), 'publicationPeriods.value.0');
  });
  it('a category is unknown', () => {
    const d = disclosureDataCopy();
    d.holdUntilServed.categories = ['罚款'];
    refuse(() => buildDisclosureRules(d), 'holdUntilServed.categories.0');
  });
  it('a redaction rule is missing or malformed', () => {
    const d = redactionDataCopy();
    delete d.placeholders.phone;
    refuse(() => buildRedactionRules(d), 'placeholders.phone');
    const e = redactionDataCopy();
    e.detailedAddresses.value = 'sometimes';
    refuse(() => buildRedactionRules(e), 'detailedAddresses.value');
    const f = redactionDataCopy();
    f.personName.compoundSurnames = ['欧'];
    refuse(() => buildRedactionRules(f), 'personName.compoundSurnames.0');
  });
});
