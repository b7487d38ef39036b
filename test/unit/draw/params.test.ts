/** Draw parameters and the configuration they are checked against. */
import { describe, expect, it } from 'vitest';
import drawData from '../../../data/draw.json' with { type: 'json' };
import {
  basisPointsText,
  buildDrawConfig,
  type DrawConfig,
  parseDrawParams,
  percentToBasisPoints,
  resolveCount,
} from '../../../functions/domain/draw/index.ts';
import { config, params } from './helpers.ts';

const errors = (raw: unknown, cfg: DrawConfig = config) => {
  const r = parseDrawParams(raw, cfg);
  return r.ok ? [] : r.errors;
};

describe('the shipped configuration (data/draw.json)', () => {
  it('loads: at least 2 inspectors per target, at most 5, no cap on 一般 items, 20 working days to publish results', () => {
    expect(config).toEqual({
      minInspectorsPerTarget: 2,
      maxInspectorsPerTarget: 5,
      generalItemMaxBasisPoints: null,
      resultPublicationWorkingDays: 20,
    });
  });

  it('every rule carries a source and a confidence', () => {
    for (const key of ['inspectorsPerTarget', 'generalItemMaxPercent', 'resultPublication'] as const) {
      expect(drawData[key].source.length).toBeGreaterThan(10);
      expect(['C', 'H', 'M', 'L']).toContain(drawData[key].confidence);
    }
  });

  it('refuses a minimum below the law, max below min, and a cap that is not a percentage', () => {
    const withRule = (key: string, over: object) => ({ ...drawData, [key]: { ...(drawData as unknown as Record<string, object>)[key], ...over } });
    expect(() => buildDrawConfig(withRule('inspectorsPerTarget', { min: 1 }))).toThrow(/不得低于 2/);
    expect(() => buildDrawConfig(withRule('inspectorsPerTarget', { min: 4, max: 3 }))).toThrow(/max 小于 min/);
    expect(() => buildDrawConfig(withRule('generalItemMaxPercent', { value: 0.001 }))).toThrow(/百分数/);
    expect(() => buildDrawConfig(withRule('generalItemMaxPercent', { value: 101 }))).toThrow(/百分数/);
    expect(buildDrawConfig(withRule('generalItemMaxPercent', { value: 12.5 })).generalItemMaxBasisPoints).toBe(1250);
    expect(() => buildDrawConfig({})).toThrow(/双随机配置数据格式错误/);
  });
});

describe('percentages', () => {
  it('reads at most two decimals in (0, 100] as basis points, without floating-point rounding', () => {
    expect(percentToBasisPoints(5)).toBe(500);
    expect(percentToBasisPoints('5%')).toBe(500);
    expect(percentToBasisPoints('５．５％')).toBe(550); // full width
    expect(percentToBasisPoints(12.25)).toBe(1225);
    expect(percentToBasisPoints(0.01)).toBe(1);
    expect(percentToBasisPoints('100')).toBe(10_000);
    for (const bad of [0, '0.00', 100.01, 0.1 + 0.2, '5.555', '-5', 'abc', '1e1', '']) expect(percentToBasisPoints(bad)).toBeNull();
    expect([500, 550, 1225, 505, 1, 10_000].map(basisPointsText)).toEqual(['5%', '5.5%', '12.25%', '5.05%', '0.01%', '100%']);
  });

  it('a ratio is rounded up (never below it); a count is taken as is', () => {
    expect(resolveCount({ basisPoints: 500 }, 100)).toBe(5);
    expect(resolveCount({ basisPoints: 500 }, 101)).toBe(6);
    expect(resolveCount({ basisPoints: 1 }, 1)).toBe(1);
    expect(resolveCount({ basisPoints: 10_000 }, 7)).toBe(7);
    expect(resolveCount({ count: 9 }, 3)).toBe(9);
    for (let n = 0; n <= 500; n++) {
      for (const bp of [1, 333, 500, 1250, 9_999]) {
        const k = resolveCount({ basisPoints: bp }, n);
        expect(k * 10_000).toBeGreaterThanOrEqual(n * bp);
        expect((k - 1) * 10_000).toBeLessThan(n * bp);
      }
    }
  });
});

describe('parseDrawParams', () => {
  it('puts the parameters in canonical form: filter lists ordered and de-duplicated, defaults empty', () => {
    const r = parseDrawParams(
      params({
        targetFilter: { types: ['other_organization', 'enterprise', 'enterprise'], riskLevels: ['D', 'C'], sectorTags: '电力；工业' },
        sampleSize: { percent: '5%' },
        inspectorSpecialties: ['节能', '安全生产'],
      }),
      config,
    );
    expect(r).toEqual({
      ok: true,
      params: {
        planId: '2026年第三季度安全生产抽查',
        listItem: { name: '工业企业安全生产检查', kind: '重点', listVersion: 1 },
        drawDate: '2026-09-01',
        targetFilter: { types: ['enterprise', 'other_organization'], riskLevels: ['C', 'D'], sectorTags: ['工业', '电力'] },
        sampleSize: { basisPoints: 500 },
        inspectorsPerTarget: 2,
        inspectorSpecialties: ['安全生产', '节能'],
      },
    });
    const plain = parseDrawParams(params({ sampleSize: { count: '3' } }), config);
    expect(plain.ok && plain.params.targetFilter).toEqual({ types: [], riskLevels: [], sectorTags: [] });
    expect(plain.ok && plain.params.sampleSize).toEqual({ count: 3 });
  });

  it('requires at least 2 inspectors per target (行政处罚法第四十二条) and at most the configured maximum', () => {
    expect(errors(params({ inspectorsPerTarget: 1 }))).toEqual(['每户检查人员数：不少于 2 名（行政处罚法第四十二条：执法人员不得少于两人）']);
    expect(errors(params({ inspectorsPerTarget: 6 }))).toEqual(['每户检查人员数：不超过 5 名（本局规定）']);
    expect(errors(params({ inspectorsPerTarget: 3 }), { ...config, minInspectorsPerTarget: 3 })).toEqual([]);
    expect(errors(params({ inspectorsPerTarget: 2 }), { ...config, minInspectorsPerTarget: 3 })[0]).toMatch(/不少于 3 名/);
  });

  it('caps the ratio of 一般 items when the bureau sets a cap, never 重点 items', () => {
    const capped = { ...config, generalItemMaxBasisPoints: 1000 };
    const general = { name: '某一般事项', kind: '一般', listVersion: 2 };
    expect(errors(params({ listItem: general, sampleSize: { percent: 10 } }), capped)).toEqual([]);
    expect(errors(params({ listItem: general, sampleSize: { percent: 10.01 } }), capped)).toEqual([
      '抽取数量：一般检查事项的抽查比例不超过 10%（本局规定），当前为 10.01%',
    ]);
    expect(errors(params({ sampleSize: { percent: 50 } }), capped)).toEqual([]); // 重点
  });

  it('names each wrong field in Chinese', () => {
    const e = errors({
      planId: ' ',
      listItem: { name: '事项', kind: '特别', listVersion: 0 },
      drawDate: '2026-02-30',
      sampleSize: { count: 0 },
      inspectorsPerTarget: '2',
      targetFilter: { riskLevels: ['E'] },
    });
    expect(e).toEqual([
      '抽查计划：不能为空',
      '抽查事项：请选择：一般或重点',
      '抽取日期：不是有效日期',
      '检查对象范围：风险等级应为 A、B、C 或 D',
      '抽取数量：请填写抽取户数（正整数）或比例（如 5%，最多两位小数）',
      '每户检查人员数：每户检查人员数应为整数',
    ]);
    expect(errors(params({ sampleSize: { percent: 0 } }))[0]).toMatch(/^抽取数量/);
    expect(errors(params({ sampleSize: { count: 1.5 } }))[0]).toMatch(/^抽取数量/);
    expect(errors(params({ sampleSize: 3 }))[0]).toMatch(/^抽取数量/);
    expect(errors(null)).toEqual(['抽取参数：内容无法识别，请重新发送「抽查」']);
    expect(errors(params({ targetFilter: 'x' }))).toEqual(['检查对象范围：请选择检查对象的类型、风险等级或行业']);
    expect(errors(params({ targetFilter: { types: 'enterprise' } }))).toEqual(['检查对象范围：类型应为：企业、个体工商户、农民专业合作社、其他组织']);
    expect(errors(params({ inspectorSpecialties: 5 }))).toEqual(['检查人员专长：应为文字或文字列表']);
  });
});
