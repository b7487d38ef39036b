import { describe, expect, it } from 'vitest';
import { DEFAULT_CASE_NUMBER_FORMAT, formatCaseNumber } from '../../../functions/domain/case/case-number.ts';
import { caseNumberExamples, readCaseNumber } from '../../../functions/domain/case/read-case-number.ts';

const CUSTOM = 'XX市监罚字[{year}]第{seq}号';

describe('Function: readCaseNumber (every way people write a case number)', () => {
  it.each([
    ['甘经信立〔2026〕12号', 2026, 12],
    ['甘经信立[2025]12号', 2025, 12],
    ['甘经信立（2024）12', 2024, 12],
    ['〔2026〕12号', 2026, 12],
    ['[2025]12号', 2025, 12],
    ['(2025)12', 2025, 12],
    ['（2025）12号', 2025, 12],
    ['【2025】 12 号', 2025, 12],
    ['2025-12', 2025, 12],
    ['2025-000012', 2025, 12],
    ['2025－12', 2025, 12],
    ['２０２５－１２', 2025, 12],
    ['12号', 2027, 12],
    ['12', 2027, 12],
    ['第12号', 2027, 12],
    ['１２号', 2027, 12],
  ])('default format: %j → %i/%i (current year 2027)', (input, year, seq) => {
    expect(readCaseNumber(DEFAULT_CASE_NUMBER_FORMAT, input, 2027)).toEqual({ year, seq });
  });

  it.each([
    ['XX市监罚字[2026]第7号', 2026, 7],
    ['[2026]第7号', 2026, 7],
    ['[2026]7号', 2026, 7],
    ['（2026）第7', 2026, 7],
    ['2026-7', 2026, 7],
    ['7号', 2030, 7],
  ])('custom format: %j → %i/%i (current year 2030)', (input, year, seq) => {
    expect(readCaseNumber(CUSTOM, input, 2030)).toEqual({ year, seq });
  });

  it.each([
    '',
    '号',
    '0',
    '0号',
    '2026-0',
    '〔2026〕号',
    '〔26〕1号',
    '陇经信立〔2026〕1号',
    '甘经信〔2026〕1号',
    '甘经信立〔2026〕1号 extra',
    '12345678',
    '1.5',
    '-1',
    '2026-',
    '2026/1/1',
    'hello',
    'XX市监罚字[2026]第7号',
  ])('refuses %j (default format)', (input) => {
    expect(readCaseNumber(DEFAULT_CASE_NUMBER_FORMAT, input, 2026)).toBeNull();
  });

  it('reads back every number it formats, with and without the prefix', () => {
    for (const tpl of [DEFAULT_CASE_NUMBER_FORMAT, CUSTOM, '{seq}号（{year}）', 'A.B+{year}*{seq}$']) {
      for (const [year, seq] of [
        [2026, 1],
        [1999, 1234567],
      ] as const) {
        expect(readCaseNumber(tpl, formatCaseNumber(tpl, year, seq), 2000)).toEqual({ year, seq });
      }
    }
  });

  it('refuses with an invalid template', () => {
    expect(readCaseNumber('{year}{year}{seq}', '1', 2026)).toBeNull();
  });
});

describe('Function: caseNumberExamples', () => {
  it('lists the accepted forms, each of which reads back', () => {
    const examples = caseNumberExamples(DEFAULT_CASE_NUMBER_FORMAT, 2026);
    expect(examples).toEqual(['甘经信立〔2026〕1号', '〔2026〕1号', '2026-1', '1号']);
    for (const e of examples) expect(readCaseNumber(DEFAULT_CASE_NUMBER_FORMAT, e, 2026)).toEqual({ year: 2026, seq: 1 });
  });

  it('for a custom format', () => {
    expect(caseNumberExamples(CUSTOM, 2026)).toEqual(['XX市监罚字[2026]第1号', '[2026]第1号', '2026-1', '1号']);
  });
});
