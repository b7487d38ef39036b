/** List rows: fields, validation, import from JSON and CSV with every bad row reported by line. */
import { describe, expect, it } from 'vitest';
import listsData from '../../../data/lists.json' with { type: 'json' };
import {
  buildListsConfig,
  FIELDS,
  type ListImportResult,
  type ListKind,
  parseListRow,
  parseListRows,
} from '../../../functions/domain/lists/index.ts';
import { config, item, matter } from './helpers.ts';

const problems = <K extends ListKind>(r: ListImportResult<K>) => (r.ok ? [] : r.problems);

describe('the shipped configuration (data/lists.json)', () => {
  it('loads, with a source for each list', () => {
    expect(config.titles).toEqual({ matters: '行政执法事项清单', inspection_items: '随机抽查事项清单', officers: '行政执法人员名录' });
    expect(config.requiredOptional).toEqual({ matters: [], inspection_items: [], officers: [] });
    expect(config.defaultField).toBe('经济和信息化');
    for (const s of Object.values(config.sources)) expect(s).toMatch(/〔\d{4}〕\d+号/);
  });

  it('refuses a required field that is not an optional field of the list, and a missing default field', () => {
    const data = structuredClone(listsData) as { lists: Record<string, Record<string, unknown>> };
    data.lists.matters!.requiredOptional = ['ratio'];
    expect(() => buildListsConfig(data)).toThrow(/lists\.matters\.requiredOptional：ratio 不是该清单的可选字段/);
    const noField = structuredClone(listsData) as { lists: Record<string, Record<string, unknown>> };
    delete noField.lists.officers!.defaultField;
    expect(() => buildListsConfig(noField)).toThrow(/缺少默认执法领域/);
    expect(() => buildListsConfig({})).toThrow(/清单配置数据格式错误/);
  });
});

describe('parseListRow', () => {
  it('reads a 执法事项 row, trims, normalises line ends, keeps line breaks in long texts', () => {
    const r = parseListRow('matters', { ...matter(' 对重点用能单位的节能监察 '), procedure: '1. 立案\r\n2. 调查\r\n' });
    expect(r).toEqual({ ok: true, row: { ...matter('对重点用能单位的节能监察'), procedure: '1. 立案\n2. 调查' } });
  });

  it('names each bad field in Chinese: categories, one-line fields, lengths, missing values', () => {
    const r = parseListRow('matters', { ...matter('a'), category: '行政征收', section: '运行\n监测科', remedy: '', timeLimit: 'x'.repeat(201) });
    expect(r).toEqual({
      ok: false,
      errors: [
        '事项类别：请填写：行政处罚、行政检查、行政强制、行政许可、其他',
        '责任科室：不能换行或含控制字符',
        '办理时限：不能超过 200 个字',
        '救济渠道：不能为空',
      ],
    });
    expect(parseListRow('matters', 'x')).toEqual({ ok: false, errors: ['内容无法识别，请重新填写'] });
    const sections = ['运行监测科', '节能科', '行政审批科'];
    expect(parseListRow('matters', matter('a', '安监科'), { sections })).toEqual({ ok: false, errors: ['责任科室：「安监科」不是本局的科室（运行监测科、节能科、行政审批科）'] });
    expect(parseListRow('matters', matter('a', '节能科'), { sections }).ok).toBe(true);
    expect(parseListRow('inspection_items', item('a', '安监科'), { sections })).toEqual({ ok: false, errors: ['检查科室：「安监科」不是本局的科室（运行监测科、节能科、行政审批科）'] });
  });

  it('a 随机抽查事项 is 一般 or 重点; 对象, 比例, 频次 are optional unless the bureau requires them', () => {
    expect(parseListRow('inspection_items', item('a', undefined, { kind: '特殊' as never }))).toEqual({
      ok: false,
      errors: ['事项类别：请填写：一般、重点'],
    });
    expect(parseListRow('inspection_items', { ...item('a'), targets: '', ratio: null })).toEqual({ ok: true, row: item('a') });
    expect(parseListRow('inspection_items', item('a'), { requiredOptional: ['targets', 'ratio'] })).toEqual({
      ok: false,
      errors: ['抽查对象：不能为空', '抽查比例：不能为空'],
    });
    expect(parseListRow('inspection_items', { ...item('a'), targets: '辖区工业企业', ratio: 5, frequency: '每年1次' }, { requiredOptional: ['targets', 'ratio'] })).toEqual({
      ok: true,
      row: { ...item('a'), targets: '辖区工业企业', ratio: '5', frequency: '每年1次' },
    });
  });
});

describe('parseListRows', () => {
  it('reads CSV with the Chinese column titles (a BOM, quoted multi-line cells) and reports every bad row by line', () => {
    const header = FIELDS.matters.map((x) => x.label).join(',');
    const line = (m: ReturnType<typeof matter>) => [m.matter, m.category, m.legalBasis, m.section, `"${m.procedure}"`, m.timeLimit, m.remedy].join(',');
    const csv = [
      `\uFEFF${header}`,
      line(matter('事项一')),
      line(matter('事项二', '节能科', { category: '罚款' as never })), // 3: bad category
      line(matter('事项一')), // 4: duplicate of line 2
      line(matter('事项三', '节能科', { procedure: '第一步\n第二步' })), // 5: good, spans lines 5–6
      line(matter('', '节能科')), // 7: no name
    ].join('\n');
    const r = parseListRows('matters', csv, 'csv');
    expect(problems(r)).toEqual([
      { line: 3, message: '事项类别：请填写：行政处罚、行政检查、行政强制、行政许可、其他' },
      { line: 4, message: '事项名称「事项一」与第 2 行重复' },
      { line: 7, message: '事项名称：不能为空' },
    ]);
    const good = parseListRows('matters', [header, line(matter('事项一')), line(matter('事项三', '节能科', { procedure: '第一步\n第二步' }))].join('\r\n'), 'csv');
    expect(good).toEqual({ ok: true, rows: [matter('事项一'), matter('事项三', '节能科', { procedure: '第一步\n第二步' })] });
  });

  it('reads JSON with English keys or Chinese titles, and names missing CSV columns', () => {
    const json = JSON.stringify([item('事项一'), { 抽查事项: '事项二', 抽查依据: '依据', 检查科室: '节能科', 抽查内容: '内容', 抽查方式: '现场检查', 事项类别: '一般', 抽查频次: '每年1次' }]);
    expect(parseListRows('inspection_items', json, 'json')).toEqual({
      ok: true,
      rows: [item('事项一'), { item: '事项二', legalBasis: '依据', section: '节能科', content: '内容', method: '现场检查', kind: '一般', frequency: '每年1次' }],
    });
    expect(problems(parseListRows('officers', '姓名\n张三', 'csv'))).toEqual([{ line: 1, message: '缺少列：执法证号、执法领域' }]);
    expect(problems(parseListRows('officers', '[1, {"姓名": "张三", "执法证号": "甘执1", "执法领域": "工信"}]', 'json'))).toEqual([
      { line: 1, message: '每一行应为一个对象（{…}）' },
    ]);
  });
});
