import { describe, expect, it } from 'vitest';
import {
  amountText,
  chineseNumeral,
  documentDate,
  evidenceLines,
  penaltyText,
  periodPhrase,
  ruleCitation,
  sentence,
  yuanFigures,
  yuanInCapitals,
} from '../../../functions/domain/documents/index.ts';
import { evidence, rules } from './helpers.ts';

describe('numbers and dates as documents write them', () => {
  it('periods in Chinese numerals', () => {
    const cases: [number, string][] = [
      [1, '一'], [5, '五'], [10, '十'], [15, '十五'], [20, '二十'], [60, '六十'], [90, '九十'],
      [100, '一百'], [105, '一百零五'], [110, '一百一十'], [1010, '一千零一十'], [9999, '九千九百九十九'],
    ];
    for (const [n, text] of cases) expect(chineseNumeral(n), String(n)).toBe(text);
    expect(() => chineseNumeral(0)).toThrow(RangeError);
    expect(() => chineseNumeral(1.5)).toThrow(RangeError);
  });

  it('amounts in financial capitals, computed in fen', () => {
    const cases: [number, string][] = [
      [5000, '伍仟元整'],
      [10000, '壹万元整'],
      [10500, '壹万零伍佰元整'],
      [15000, '壹万伍仟元整'],
      [150000, '壹拾伍万元整'],
      [100500.5, '壹拾万零伍佰元伍角'],
      [1010, '壹仟零壹拾元整'],
      [20000500, '贰仟万零伍佰元整'],
      [100000001, '壹亿零壹元整'],
      [10_000_000_000, '壹佰亿元整'],
      [5.05, '伍元零伍分'],
      [0.01, '壹分'],
      [0.3, '叁角'],
      [8000.5, '捌仟元伍角'],
      [0.1 + 0.2, '叁角'], // float noise does not leak: 0.30000000000000004 is 30 fen
    ];
    for (const [n, text] of cases) expect(yuanInCapitals(n), String(n)).toBe(text);
    expect(() => yuanInCapitals(0)).toThrow(RangeError);
    expect(yuanFigures(1234567.8)).toBe('1,234,567.80元');
    expect(amountText(5000)).toBe('人民币5,000元（大写：伍仟元整）');
  });

  it('dates with Arabic numerals in full (GB/T 9704), sentences closed once', () => {
    expect(documentDate('2026-07-05')).toBe('2026年7月5日');
    expect(documentDate('2026-10-13')).toBe('2026年10月13日');
    expect(sentence('经复核不予采纳')).toBe('经复核不予采纳。');
    expect(sentence('经复核不予采纳。')).toBe('经复核不予采纳。');
    expect(sentence(' 是否属实？ ')).toBe('是否属实？');
  });

  it('penalties in words', () => {
    expect(penaltyText({ decisionType: '罚款', amount: 5000 })).toBe('罚款人民币5,000元（大写：伍仟元整）');
    expect(penaltyText({ decisionType: '警告', amount: null })).toBe('警告');
    expect(penaltyText({ decisionType: '吊销许可证', amount: null })).toBe('吊销许可证件');
    expect(penaltyText({ decisionType: '其他', amount: 200 })).toBe('其他行政处罚人民币200元（大写：贰佰元整）');
  });
});

describe('periods and their sources come from the rules table', () => {
  it('the four periods a document states', () => {
    expect(periodPhrase(rules, 'fine_payment')).toBe('十五日');
    expect(periodPhrase(rules, 'admin_review')).toBe('六十日');
    expect(periodPhrase(rules, 'lawsuit')).toBe('六个月');
    expect(periodPhrase(rules, 'hearing_request')).toBe('五个工作日');
    expect(ruleCitation(rules, 'lawsuit')).toBe('《中华人民共和国行政诉讼法》第四十六条第一款');
  });

  it('a rule missing from the table or not counted forward is an error, never a default', () => {
    expect(() => periodPhrase(rules.filter((r) => r.id !== 'admin_review'), 'admin_review')).toThrow(/admin_review/);
    expect(() => periodPhrase(rules, 'annual_statistics_publication')).toThrow(/fixed_next_year_date/);
    expect(() => periodPhrase(rules, 'certificate_expiry_reminder')).toThrow(/days_before/);
  });
});

describe('evidence lines', () => {
  it('the proposal’s order, numbered, with kind and activity', () => {
    expect(evidenceLines(['ev-003', 'ev-001'], evidence)).toEqual([
      '1. 执法记录仪-01.mp4（视频，现场检查）',
      '2. 现场检查照片-20260915-101500.jpg（照片，现场检查）',
    ]);
    expect(evidenceLines([], evidence)).toEqual([]);
    expect(() => evidenceLines(['ev-404'], evidence)).toThrow(/ev-404/);
  });
});
