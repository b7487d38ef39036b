import { describe, expect, it } from 'vitest';
import {
  DRAFTED_KINDS,
  DocumentsConfigError,
  buildDocumentsConfig,
  formatDocumentNumber,
  hearingRightApplies,
  isNumbered,
  numberingYear,
  readDocumentNumber,
} from '../../../functions/domain/documents/index.ts';
import { DOCUMENT_KINDS } from '../../../functions/domain/dossier/index.ts';
import { config, documentsData } from './helpers.ts';

const edit = (f: (d: Record<string, any>) => void) => {
  const copy = structuredClone(documentsData) as Record<string, any>;
  f(copy);
  return copy;
};

describe('data/documents.json', () => {
  it('the shipped file is valid; every drafted kind is a dossier kind with a title', () => {
    expect(config.bureau.name).toBe('甘孜州经济和信息化局');
    for (const k of DRAFTED_KINDS) {
      expect(DOCUMENT_KINDS).toContain(k);
      expect(config.kinds[k].title.length).toBeGreaterThan(0);
    }
  });

  it('refuses a format without {year} and {seq}, two kinds with one format, a missing kind, unknown keys', () => {
    expect(() => buildDocumentsConfig(edit((d) => (d.kinds.penalty_decision.numberFormat = '甘经信罚{seq}号')))).toThrow(/kinds\.penalty_decision\.numberFormat/);
    expect(() => buildDocumentsConfig(edit((d) => (d.kinds.prior_notice.numberFormat = d.kinds.penalty_decision.numberFormat)))).toThrow(
      /编号格式重复/,
    );
    expect(() => buildDocumentsConfig(edit((d) => delete d.kinds.service_proof))).toThrow(DocumentsConfigError);
    expect(() => buildDocumentsConfig(edit((d) => (d.kinds.penalty_decision.numbering = 'x')))).toThrow(DocumentsConfigError);
    expect(() => buildDocumentsConfig(edit((d) => (d.payment.accountNumber = '123')))).toThrow(/银行/);
    expect(() => buildDocumentsConfig(edit((d) => (d.hearing.decisionTypes = ['罚没'])))).toThrow(/hearing\.decisionTypes/);
  });
});

describe('document numbers: the case-number code, per kind, per year', () => {
  it('formats and reads back the way case numbers are read', () => {
    expect(isNumbered(config, 'penalty_decision')).toBe(true);
    expect(isNumbered(config, 'service_proof')).toBe(false);
    expect(formatDocumentNumber(config, 'penalty_decision', 2026, 1)).toBe('甘经信罚〔2026〕1号');
    expect(formatDocumentNumber(config, 'prior_notice', 2026, 12)).toBe('甘经信罚告〔2026〕12号');
    expect(readDocumentNumber(config, 'penalty_decision', '甘经信罚[2026]7号', 2026)).toEqual({ year: 2026, seq: 7 });
    expect(readDocumentNumber(config, 'penalty_decision', '〔2025〕3号', 2026)).toEqual({ year: 2025, seq: 3 });
    expect(readDocumentNumber(config, 'penalty_decision', '4号', 2026)).toEqual({ year: 2026, seq: 4 });
    expect(readDocumentNumber(config, 'service_proof', '1号', 2026)).toBeNull();
    expect(() => formatDocumentNumber(config, 'service_proof', 2026, 1)).toThrow(/no number format/);
    expect(() => formatDocumentNumber(config, 'penalty_decision', 2026, 0)).toThrow(RangeError);
  });

  it('a document counts in the year of the date it bears (Asia/Shanghai date, given)', () => {
    expect(numberingYear('2026-12-31')).toBe(2026);
    expect(numberingYear('2027-01-01')).toBe(2027);
  });
});

describe('the hearing right (行政处罚法第六十三条)', () => {
  it('fines and confiscations from the threshold up, per party type, limits included', () => {
    const fine = (amount: number) => ({ decisionType: '罚款' as const, amount });
    expect(hearingRightApplies(fine(10000), 'organization', config)).toBe(true);
    expect(hearingRightApplies(fine(9999.99), 'organization', config)).toBe(false);
    expect(hearingRightApplies(fine(2000), 'person', config)).toBe(true);
    expect(hearingRightApplies(fine(1999.99), 'person', config)).toBe(false);
    expect(hearingRightApplies({ decisionType: '没收违法所得', amount: 2000 }, 'person', config)).toBe(true);
  });

  it('suspension, licences and 其他 always; warnings and 通报批评 never', () => {
    for (const t of ['责令停产停业', '暂扣许可证', '吊销许可证', '其他'] as const) expect(hearingRightApplies({ decisionType: t, amount: null }, 'person', config), t).toBe(true);
    for (const t of ['警告', '通报批评', '不予处罚'] as const) expect(hearingRightApplies({ decisionType: t, amount: null }, 'organization', config), t).toBe(false);
  });
});
