/** The libraries: target import, the inspector library from the roster, conflicts, frozen forms and hashes. */
import { describe, expect, it } from 'vitest';
import {
  buildInspectorLibrary,
  canonicalJson,
  canonicalLibraryTexts,
  conflictPairs,
  freezeLibraries,
  libraryHashes,
  parseTargets,
  type TargetImportResult,
} from '../../../functions/domain/draw/index.ts';
import type { Person } from '../../../functions/domain/roster/types.ts';
import { prng, randInt } from '../deadlines/helpers.ts';
import { DRAW_DATE, inspector, inspectors, target, targets, uscc } from './helpers.ts';

const problems = (r: TargetImportResult) => (r.ok ? [] : r.problems);

const row = (i: number, over: Record<string, unknown> = {}) => ({
  name: `企业${i}`,
  credit_code: uscc(i),
  type: '企业',
  risk_level: 'B',
  sector_tags: ['工业'],
  ...over,
});

describe('parseTargets', () => {
  it('reads JSON with English or Chinese keys, normalises values and keeps an organisation address', () => {
    const text = JSON.stringify([
      row(1, { name: ' 甘孜州某某有限公司 ', credit_code: uscc(1).toLowerCase(), risk_level: 'c类', sector_tags: '工业；电力;工业', address: '康定市某路1号' }),
      { 名称: '某某个体店', 统一社会信用代码: `  ${uscc(2)} `, 类型: 'individual_business', 风险等级: 'A', 行业标签: [] },
    ]);
    expect(parseTargets(text, 'json')).toEqual({
      ok: true,
      targets: [
        { creditCode: uscc(1), name: '甘孜州某某有限公司', type: 'enterprise', riskLevel: 'C', sectorTags: ['工业', '电力'], address: '康定市某路1号' },
        { creditCode: uscc(2), name: '某某个体店', type: 'individual_business', riskLevel: 'A', sectorTags: [] },
      ],
    });
  });

  it('accepts full-width credit-code characters (typed with a Chinese input method)', () => {
    const fullWidth = uscc(3).replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const r = parseTargets(JSON.stringify([row(3, { credit_code: fullWidth })]), 'json');
    expect(r.ok && r.targets[0]?.creditCode).toBe(uscc(3));
  });

  it('reports every bad row by line (checksum, type, risk, address of a person, duplicate, missing name) and accepts nothing', () => {
    const bad = uscc(4).slice(0, 17) + (uscc(4).endsWith('0') ? '1' : '0');
    const text = [
      '[',
      `  ${JSON.stringify(row(1))},`, // 2 good
      `  ${JSON.stringify(row(2, { credit_code: bad }))},`, // 3 checksum
      `  ${JSON.stringify(row(3, { type: '公司' }))},`, // 4 type
      `  ${JSON.stringify(row(4, { risk_level: 'E' }))},`, // 5 risk
      `  ${JSON.stringify(row(5, { type: '个体工商户', address: '某村' }))},`, // 6 address for a person
      `  ${JSON.stringify(row(1, { name: '重复' }))},`, // 7 duplicate of line 2
      `  ${JSON.stringify(row(6, { name: '  ' }))},`, // 8 empty name
      '  "not an object",', // 9
      `  ${JSON.stringify(row(7, { sector_tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }))}`, // 10 too many tags
      ']',
    ].join('\n');
    const r = parseTargets(text, 'json');
    expect(r.ok).toBe(false);
    expect(problems(r).map((p) => p.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    const msg = problems(r).map((p) => p.message);
    expect(msg[0]).toMatch(/统一社会信用代码.*校验不通过/);
    expect(msg[1]).toMatch(/类型.*企业、个体工商户/);
    expect(msg[2]).toMatch(/风险等级/);
    expect(msg[3]).toMatch(/个体工商户.*个人信息/);
    expect(msg[4]).toMatch(/与第 2 行重复/);
    expect(msg[5]).toMatch(/名称：不能为空/);
    expect(msg[6]).toMatch(/对象/);
    expect(msg[7]).toMatch(/标签最多 20 个/);
  });

  it('reads CSV with Chinese headers, quoted cells, a BOM and ; separated tags; reports bad rows by line', () => {
    const csv = [
      '\uFEFF名称,统一社会信用代码,类型,风险等级,行业标签,地址',
      `"甘孜州某某有限公司, 分公司",${uscc(1)},企业,D,工业;电力,"康定市某路""1""号"`,
      `某某店,${uscc(2)},个体工商户,A,,`,
      `,${uscc(3)},企业,B,,`,
      `某某合作社,${uscc(4)},农民专业合作社,X,,`,
    ].join('\r\n');
    const r = parseTargets(csv, 'csv');
    expect(problems(r).map((p) => p.line)).toEqual([4, 5]);
    const good = parseTargets(csv.split('\r\n').slice(0, 3).join('\n'), 'csv');
    expect(good).toEqual({
      ok: true,
      targets: [
        { creditCode: uscc(1), name: '甘孜州某某有限公司, 分公司', type: 'enterprise', riskLevel: 'D', sectorTags: ['工业', '电力'], address: '康定市某路"1"号' },
        { creditCode: uscc(2), name: '某某店', type: 'individual_business', riskLevel: 'A', sectorTags: [] },
      ],
    });
  });

  it('names missing CSV columns, and refuses an empty file or a non-array JSON', () => {
    expect(problems(parseTargets('名称,类型\n某某,企业', 'csv'))).toEqual([{ line: 1, message: '缺少列：统一社会信用代码、风险等级' }]);
    expect(problems(parseTargets('名称,统一社会信用代码,类型,风险等级\n', 'csv'))[0]?.message).toMatch(/没有数据行/);
    expect(problems(parseTargets('{}', 'json'))[0]?.message).toMatch(/JSON 数组/);
    expect(problems(parseTargets('[', 'json'))[0]?.message).toMatch(/JSON 无法解析/);
  });
});

const p = (openId: string, over: Partial<Person> = {}): Person => ({
  openId,
  name: openId.replace('ou_', ''),
  department: '运行监测科',
  roles: ['officer'],
  certificate: { number: `甘执-${openId}`, validUntil: '2027-12-31' },
  ...over,
});

describe('buildInspectorLibrary', () => {
  it('keeps officers certified on the draw date, with only name, certificate, validity and specialties', () => {
    const people = [
      p('ou_a'),
      p('ou_b', { certificate: { number: '甘执-B', validUntil: DRAW_DATE } }), // valid through the draw date
      p('ou_c', { certificate: { number: '甘执-C', validUntil: '2026-08-31' } }), // expired the day before
      p('ou_d', { certificate: null }),
      p('ou_e', { roles: ['office'], certificate: null }), // not an officer: not considered
      p('ou_f', { certificate: { number: '甘执-B', validUntil: '2028-01-01' } }), // duplicate number
    ];
    const lib = buildInspectorLibrary(people, { ou_a: ['安全生产', ' 节能 ', '安全生产'] }, DRAW_DATE);
    expect(lib.inspectors).toEqual([
      { certificateNumber: '甘执-ou_a', name: 'a', certificateValidUntil: '2027-12-31', specialties: ['安全生产', '节能'] },
      { certificateNumber: '甘执-B', name: 'b', certificateValidUntil: DRAW_DATE, specialties: [] },
    ]);
    expect(lib.openIdByCertificate).toEqual({ '甘执-ou_a': 'ou_a', '甘执-B': 'ou_b' });
    expect(lib.excluded.map((e) => [e.openId, e.reason])).toEqual([
      ['ou_c', '行政执法证（甘执-C）已于 2026-08-31 到期'],
      ['ou_d', '没有行政执法证'],
      ['ou_f', '证件号 甘执-B 与名册中另一人重复，请在人员名册中更正'],
    ]);
  });

  it('conflictPairs maps people to certificate numbers and drops people not in the library', () => {
    const lib = buildInspectorLibrary([p('ou_a'), p('ou_b')], {}, DRAW_DATE);
    const pairs = conflictPairs(
      [
        { openId: 'ou_b', creditCode: uscc(2) },
        { openId: 'ou_a', creditCode: uscc(9) },
        { openId: 'ou_a', creditCode: uscc(1) },
        { openId: 'ou_a', creditCode: uscc(1) },
        { openId: 'ou_zz', creditCode: uscc(1) },
      ],
      lib.openIdByCertificate,
    );
    expect(pairs).toEqual([
      { certificateNumber: '甘执-ou_a', creditCode: uscc(1) },
      { certificateNumber: '甘执-ou_a', creditCode: uscc(9) },
      { certificateNumber: '甘执-ou_b', creditCode: uscc(2) },
    ]);
  });
});

describe('freezeLibraries and the library hashes', () => {
  const base = { targets: targets(5), inspectors: inspectors(3), conflicts: [{ certificateNumber: '甘执0001', creditCode: uscc(2) }] };

  it('sorts records by key and tags, strips other fields (the address), and writes the documented canonical text', () => {
    const withAddress = { ...target(2, { sectorTags: ['电力', '工业', '电力'] }), address: '康定市某路1号' };
    const r = freezeLibraries({ targets: [withAddress, target(1)], inspectors: [inspector(2), inspector(1)], conflicts: [] });
    if (!r.ok) throw new Error(r.errors.join());
    expect(r.libraries.targets.map((t) => t.creditCode)).toEqual([uscc(1), uscc(2)]);
    expect(r.libraries.targets[1]).toEqual({ creditCode: uscc(2), name: '企业2', type: 'enterprise', riskLevel: 'B', sectorTags: ['工业', '电力'] });
    const text = canonicalLibraryTexts(r.libraries);
    expect(text.targets).toBe(
      `{"format":"sj-draw-targets/1","targets":[{"creditCode":"${uscc(1)}","name":"企业1","riskLevel":"B","sectorTags":["工业"],"type":"enterprise"},` +
        `{"creditCode":"${uscc(2)}","name":"企业2","riskLevel":"B","sectorTags":["工业","电力"],"type":"enterprise"}]}`,
    );
    expect(text.inspectors).toBe(
      '{"format":"sj-draw-inspectors/1","inspectors":[{"certificateNumber":"甘执0001","certificateValidUntil":"2029-12-31","name":"检查员1","specialties":["安全生产"]},' +
        '{"certificateNumber":"甘执0002","certificateValidUntil":"2029-12-31","name":"检查员2","specialties":["安全生产"]}]}',
    );
    expect(text.conflicts).toBe('{"conflicts":[],"format":"sj-draw-conflicts/1"}');
  });

  it('the fast canonical text is byte for byte the generic canonical JSON (random records with quotes, backslashes, astral characters)', () => {
    const rand = prng(11);
    const alphabet = ['a', 'Z', '"', '\\', '/', '甘', '😀', '\uff01', 'é', '\u2028', '\u00a0', '𠀀'];
    // Letters at both ends: \u2028 and \u00a0 count as white space, which canonical text does not start or end with.
    const word = () => `w${Array.from({ length: randInt(rand, 1, 6) }, () => alphabet[randInt(rand, 0, alphabet.length - 1)]).join('')}w`;
    for (let round = 0; round < 50; round++) {
      const r = freezeLibraries({
        targets: targets(randInt(rand, 0, 8), () => ({ name: word(), sectorTags: [word(), word()] })),
        inspectors: inspectors(randInt(rand, 0, 5), (i) => ({ certificateNumber: `${word()}${i}`, name: word(), specialties: [word()] })),
        conflicts: [{ certificateNumber: word(), creditCode: uscc(randInt(rand, 1, 9)) }],
      });
      if (!r.ok) throw new Error(r.errors.join());
      const text = canonicalLibraryTexts(r.libraries);
      expect(text.targets).toBe(canonicalJson({ format: 'sj-draw-targets/1', targets: r.libraries.targets }));
      expect(text.inspectors).toBe(canonicalJson({ format: 'sj-draw-inspectors/1', inspectors: r.libraries.inspectors }));
      expect(text.conflicts).toBe(canonicalJson({ format: 'sj-draw-conflicts/1', conflicts: r.libraries.conflicts }));
    }
  });

  it('refuses records that are not canonical text or carry a bad credit code (data that bypassed the import)', () => {
    const r = freezeLibraries({
      targets: [target(1, { name: '企业\n1' }), target(2, { creditCode: '91513300000000002X' }), target(3, { riskLevel: 'E' as never })],
      inspectors: [inspector(1, { name: ' 张三' })],
      conflicts: [{ certificateNumber: '甘执0001', creditCode: 'nope' }],
    });
    expect(!r.ok && r.errors).toEqual([
      `检查对象名录库：${uscc(1)} 的名称或行业标签不是规范文本`,
      '检查对象名录库：统一社会信用代码 91513300000000002X 校验不通过',
      `检查对象名录库：${uscc(3)} 的类型或风险等级无效`,
      '执法检查人员名录库： 张三（甘执0001）的记录不是规范文本',
      '回避名单：甘执0001 / nope 无效',
    ]);
  });

  it('the hash does not depend on the order records arrive in', () => {
    const a = freezeLibraries(base);
    const b = freezeLibraries({
      targets: [...base.targets].reverse(),
      inspectors: [...base.inspectors].reverse(),
      conflicts: [...base.conflicts, ...base.conflicts],
    });
    expect(a.ok && b.ok && a.hashes).toEqual(b.ok && b.hashes);
  });

  it('any change to a record that the draw depends on changes its library hash', () => {
    const h = libraryHashes(base);
    const changed = (over: Partial<typeof base>) => libraryHashes({ ...base, ...over });
    expect(changed({ targets: [...base.targets.slice(0, 4), target(5, { name: '企业5改' })] }).targets).not.toBe(h.targets);
    expect(changed({ targets: [...base.targets.slice(0, 4), target(5, { riskLevel: 'D' })] }).targets).not.toBe(h.targets);
    expect(changed({ targets: [...base.targets.slice(0, 4), target(5, { sectorTags: [] })] }).targets).not.toBe(h.targets);
    expect(changed({ targets: [...base.targets.slice(0, 4), target(5, { type: 'other_organization' })] }).targets).not.toBe(h.targets);
    expect(changed({ targets: base.targets.slice(0, 4) }).targets).not.toBe(h.targets);
    expect(changed({ inspectors: [...base.inspectors.slice(0, 2), inspector(3, { certificateValidUntil: '2026-01-01' })] }).inspectors).not.toBe(h.inspectors);
    expect(changed({ inspectors: [...base.inspectors.slice(0, 2), inspector(3, { specialties: [] })] }).inspectors).not.toBe(h.inspectors);
    expect(changed({ conflicts: [] }).conflicts).not.toBe(h.conflicts);
  });

  it('refuses a library naming a target or an inspector twice', () => {
    const r = freezeLibraries({ targets: [target(1), target(1, { name: 'x' })], inspectors: [inspector(1), inspector(1)], conflicts: [] });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      `检查对象名录库中统一社会信用代码 ${uscc(1)} 出现了不止一次`,
      '执法检查人员名录库中证件号 甘执0001 出现了不止一次',
    ]);
  });
});
