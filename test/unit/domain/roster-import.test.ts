import { describe, expect, it } from 'vitest';
import { importRoster, rosterFormat } from '../../../functions/app/roster-import.ts';
import { parseRoster, readCsv, type RosterParseResult } from '../../../functions/domain/roster/import.ts';
import type { Person } from '../../../functions/domain/roster/types.ts';
import type { RosterStore } from '../../../functions/ports/index.ts';

const problems = (r: RosterParseResult) => (r.ok ? [] : r.problems);
const lines = (r: RosterParseResult) => problems(r).map((p) => p.line);

const row = (openId: string, over: Record<string, unknown> = {}) => ({
  open_id: openId,
  name: '张三',
  department: '运行监测科',
  roles: ['officer'],
  certificate: { number: '甘执001', valid_until: '2029-12-31' },
  ...over,
});

describe('parseRoster (JSON)', () => {
  it('reads people, trims, dedupes roles, keeps a null certificate', () => {
    const text = JSON.stringify([
      row(' ou_a ', { name: ' 张三 ', roles: ['officer', 'reviewer', 'officer'] }),
      row('ou_b', { name: '李四', roles: ['office'], certificate: null }),
    ]);
    expect(parseRoster(text, 'json')).toEqual({
      ok: true,
      people: [
        { openId: 'ou_a', name: '张三', department: '运行监测科', roles: ['officer', 'reviewer'], certificate: { number: '甘执001', validUntil: '2029-12-31' } },
        { openId: 'ou_b', name: '李四', department: '运行监测科', roles: ['office'], certificate: null },
      ],
    } satisfies { ok: true; people: Person[] });
  });

  it('reads a role by its Chinese label (科室负责人 = section_head) and keeps specialties', () => {
    const r = parseRoster(JSON.stringify([row('ou_a', { roles: ['科室负责人', 'officer'], specialties: [' 安全生产 ', '节能', '节能'] })]), 'json');
    expect(r.ok && r.people[0]).toMatchObject({ roles: ['section_head', 'officer'], specialties: ['安全生产', '节能'] });
    const csv = 'open_id,name,department,roles,certificate_number,certificate_valid_until,specialties\nou_b,吴科长,执法一科,科室负责人;执法人员,甘执9,2029-12-31,安全生产;节能\n';
    expect(parseRoster(csv, 'csv')).toMatchObject({ ok: true, people: [{ roles: ['section_head', 'officer'], specialties: ['安全生产', '节能'] }] });
    const bad = parseRoster(JSON.stringify([row('ou_c', { roles: ['科长'] })]), 'json');
    expect(problems(bad)[0]?.message).toContain('section_head（科室负责人）');
  });

  it('accepts every role', () => {
    const r = parseRoster(JSON.stringify([row('ou_a', { roles: ['officer', 'reviewer', 'head', 'admin', 'office', 'section_head'] })]), 'json');
    expect(r.ok && r.people[0]?.roles).toHaveLength(6);
  });

  it('reports every bad row at the line where its element starts', () => {
    const text = [
      '[', // 1
      `  ${JSON.stringify(row('ou_a'))},`, // 2 good
      '  {', // 3 bad open_id
      '    "open_id": "user_1", "name": "李四", "department": "科", "roles": ["officer"],',
      '    "certificate": null',
      '  },',
      `  ${JSON.stringify(row('ou_c', { name: 'a{[}"]', roles: ['boss'] }))},`, // 7 unknown role (braces inside a string)
      '  {"open_id": "ou_d", "name": "周\\"九{", "department": "科", "roles": ["officer"],', // 8 bad date
      '   "certificate": {"number": "x", "valid_until": "2026-02-30"}},',
      `  ${JSON.stringify(row('ou_a', { name: '重复' }))},`, // 10 duplicate of line 2
      `  ${JSON.stringify(row('ou_e', { roles: [] }))},`, // 11 no role
      `  ${JSON.stringify(row('ou_f'))}`, // 12 good
      ']',
    ].join('\n');
    const r = parseRoster(text, 'json');
    expect(r.ok).toBe(false);
    expect(lines(r)).toEqual([3, 7, 8, 10, 11]);
    const msg = problems(r).map((p) => p.message);
    expect(msg[0]).toContain('open_id');
    expect(msg[1]).toMatch(/角色/);
    expect(msg[2]).toContain('valid_until');
    expect(msg[2]).toContain('不是有效日期');
    expect(msg[3]).toContain('ou_a');
    expect(msg[3]).toContain('2');
    expect(msg[4]).toContain('roles');
  });

  it('counts lines with CRLF line endings', () => {
    const text = `[\r\n${JSON.stringify(row('ou_a'))},\r\n\r\n${JSON.stringify(row('bad'))}\r\n]`;
    expect(lines(parseRoster(text, 'json'))).toEqual([4]);
  });

  it('reports elements that are not objects at their own line, and later rows at theirs', () => {
    const text = ['[', '  null,', `  ${JSON.stringify(row('bad_id'))},`, '  "ou_x",', `  ${JSON.stringify(row('ou_ok'))}`, ']'].join('\n');
    const r = parseRoster(text, 'json');
    expect(r.ok).toBe(false);
    expect(lines(r)).toEqual([2, 3, 4]);
  });

  it('accepts a UTF-8 byte-order mark (files saved by Windows tools)', () => {
    const r = parseRoster(`\uFEFF${JSON.stringify([row('ou_a')])}`, 'json');
    expect(r.ok).toBe(true);
  });

  it.each([
    ['a bad date', { certificate: { number: 'x', valid_until: '2026-02-30' } }, 'valid_until'],
    ['a date without padding', { certificate: { number: 'x', valid_until: '2026-2-3' } }, 'valid_until'],
    ['a date with slashes', { certificate: { number: 'x', valid_until: '2026/02/03' } }, 'valid_until'],
    ['an empty certificate number', { certificate: { number: ' ', valid_until: '2026-02-03' } }, 'certificate.number'],
    ['an unknown role', { roles: ['officer', 'boss'] }, 'roles'],
    ['roles as a string', { roles: 'officer' }, 'roles'],
    ['an empty name', { name: '  ' }, 'name'],
    ['no department', { department: undefined }, 'department'],
    ['a missing certificate key', { certificate: undefined }, 'certificate'],
  ])('rejects %s', (_l, over, path) => {
    const r = parseRoster(JSON.stringify([row('ou_a', over)]), 'json');
    expect(r.ok).toBe(false);
    expect(problems(r)).toEqual([{ line: 1, message: expect.stringContaining(path) }]);
  });

  it('accepts 2028-02-29 (leap day)', () => {
    expect(parseRoster(JSON.stringify([row('ou_a', { certificate: { number: 'x', valid_until: '2028-02-29' } })]), 'json').ok).toBe(true);
  });

  it.each([
    ['an object', '{"open_id": "ou_a"}', '数组'],
    ['a string', '"x"', '数组'],
    ['broken JSON', '[{"open_id": ', 'JSON'],
    ['an empty file', '', 'JSON'],
    ['an empty array', '[]', '空'],
    ['an empty array with whitespace', ' [ \n ] ', '空'],
  ])('rejects %s as a whole', (_l, text, hint) => {
    const r = parseRoster(text, 'json');
    expect(r.ok).toBe(false);
    expect(problems(r)).toHaveLength(1);
    expect(problems(r)[0]?.message).toContain(hint);
  });
});

describe('readCsv', () => {
  it('handles quotes, doubled quotes, CRLF, BOM, blank lines and multi-line fields', () => {
    const text = '\uFEFFa,b\r\n"x,1","say ""hi"""\r\n\r\n"multi\nline",z\n\nlast,"";\n';
    expect(readCsv(text)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x,1', 'say "hi"'] },
      { line: 4, cells: ['multi\nline', 'z'] },
      { line: 7, cells: ['last', ';'] },
    ]);
  });

  it('reads a last line without a newline, and an empty text', () => {
    expect(readCsv('a,b\nc,d')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', 'd'] },
    ]);
    expect(readCsv('')).toEqual([]);
    expect(readCsv('\n\r\n')).toEqual([]);
  });
});

describe('parseRoster (CSV)', () => {
  const HEAD = 'open_id,name,department,roles,certificate_number,certificate_valid_until';

  it('reads people with every separator and quoting style', () => {
    const text = [
      `\uFEFF${HEAD}`,
      'ou_a,张三,运行监测科,officer;reviewer,甘执001,2029-12-31',
      'ou_b,"王""老五""","运行监测科,二组",officer|head,,',
      ' ou_c , 李四 , 办公室 , office、admin , , ',
      'ou_d,赵六,局领导,officer reviewer  head,"甘执,004",2030-01-01',
      'ou_e,周九,科,officer; reviewer | office,,',
    ].join('\r\n');
    const r = parseRoster(text, 'csv');
    expect(r).toEqual({
      ok: true,
      people: [
        { openId: 'ou_a', name: '张三', department: '运行监测科', roles: ['officer', 'reviewer'], certificate: { number: '甘执001', validUntil: '2029-12-31' } },
        { openId: 'ou_b', name: '王"老五"', department: '运行监测科,二组', roles: ['officer', 'head'], certificate: null },
        { openId: 'ou_c', name: '李四', department: '办公室', roles: ['office', 'admin'], certificate: null },
        { openId: 'ou_d', name: '赵六', department: '局领导', roles: ['officer', 'reviewer', 'head'], certificate: { number: '甘执,004', validUntil: '2030-01-01' } },
        { openId: 'ou_e', name: '周九', department: '科', roles: ['officer', 'reviewer', 'office'], certificate: null },
      ],
    });
  });

  it('accepts columns in any order, in any case, dotted certificate names, and no certificate columns', () => {
    const r = parseRoster('Roles,Certificate.Valid_Until,NAME,open_id,department,certificate.number\nofficer,2029-01-01,张三,ou_a,科,N1', 'csv');
    expect(r.ok && r.people[0]).toEqual({ openId: 'ou_a', name: '张三', department: '科', roles: ['officer'], certificate: { number: 'N1', validUntil: '2029-01-01' } });
    const r2 = parseRoster('open_id,name,department,roles\nou_a,张三,科,officer\n', 'csv');
    expect(r2.ok && r2.people[0]?.certificate).toBeNull();
  });

  it('reports every bad row by its line (blank lines and multi-line fields counted)', () => {
    const text = [
      HEAD, // 1
      'ou_a,张三,科,officer,N1,2029-12-31', // 2 good
      '', // 3 blank
      'ou_b,李四,科,boss,N2,2029-12-31', // 4 unknown role
      'ou_c,"王', // 5 multi-line name (good)
      '五",科,officer,N3,2029-12-31', // 6
      'ou_d,周九,科,officer,N4,2026-02-30', // 7 bad date
      'ou_a,重复,科,officer,N5,2029-12-31', // 8 duplicate of line 2
      'user_9,钱七,科,officer,,', // 9 bad open_id
      'ou_e,孙八,科,officer,N6,', // 10 number without date
      'ou_f,吴十,科,,,', // 11 no role
      'ou_g,,科,officer,,', // 12 no name
      'ou_h,郑十一,科,officer,,2029-12-31', // 13 date without number
    ].join('\r\n');
    const r = parseRoster(text, 'csv');
    expect(r.ok).toBe(false);
    expect(lines(r)).toEqual([4, 7, 8, 9, 10, 11, 12, 13]);
    const msg = problems(r).map((p) => p.message);
    expect(msg[0]).toMatch(/角色/);
    expect(msg[1]).toContain('不是有效日期');
    expect(msg[2]).toMatch(/ou_a.*第 2 行/);
    expect(msg[3]).toContain('open_id');
    expect(msg[4]).toContain('valid_until');
    expect(msg[5]).toContain('roles');
    expect(msg[6]).toContain('name');
    expect(msg[7]).toContain('number');
  });

  it('reports missing columns on the header line', () => {
    const r = parseRoster('\n\nopen_id,name,certificate_number\nou_a,张三,N1', 'csv');
    expect(problems(r)).toEqual([{ line: 3, message: expect.stringMatching(/department.*roles/) }]);
  });

  it.each([
    ['an empty file', ''],
    ['only blank lines', '\r\n\r\n'],
    ['a BOM only', '\uFEFF'],
    ['only a header', 'open_id,name,department,roles\n'],
  ])('rejects %s', (_l, text) => {
    const r = parseRoster(text, 'csv');
    expect(r.ok).toBe(false);
    expect(problems(r)).toHaveLength(1);
    expect(problems(r)[0]?.line).toBe(1);
  });
});

describe('importRoster', () => {
  class MemoryStore implements RosterStore {
    calls: { people: Person[]; at: string }[] = [];
    async get() {
      return null;
    }
    async getMany() {
      return new Map<string, Person>();
    }
    async listActive() {
      return this.calls.at(-1)?.people ?? [];
    }
    async replaceAll(people: Person[], at: string) {
      const before = await this.listActive();
      this.calls.push({ people, at });
      return { written: people.length, deactivated: before.filter((p) => !people.some((q) => q.openId === p.openId)).length };
    }
  }
  const at = new Date('2026-05-01T02:00:00Z');

  it('writes a good roster and reports who left', async () => {
    const store = new MemoryStore();
    const two = JSON.stringify([row('ou_a'), row('ou_b')]);
    expect(await importRoster(two, 'json', store, at)).toEqual({ ok: true, written: 2, deactivated: 0 });
    expect(store.calls[0]?.at).toBe('2026-05-01T02:00:00.000Z');
    expect(await importRoster(JSON.stringify([row('ou_a')]), 'json', store, at)).toEqual({ ok: true, written: 1, deactivated: 1 });
  });

  it('writes nothing when any row is bad', async () => {
    const store = new MemoryStore();
    const r = await importRoster('open_id,name,department,roles\nou_a,张三,科,officer\nou_b,李四,科,boss\n', 'csv', store, at);
    expect(r).toEqual({ ok: false, problems: [{ line: 3, message: expect.any(String) }] });
    expect(store.calls).toHaveLength(0);
  });

  it('tells the format by extension', () => {
    expect(rosterFormat('roster.json')).toBe('json');
    expect(rosterFormat('/tmp/名册.CSV')).toBe('csv');
    expect(rosterFormat('roster.JSON')).toBe('json');
    expect(rosterFormat('roster.txt')).toBeNull();
    expect(rosterFormat('roster.json.bak')).toBeNull();
    expect(rosterFormat('json')).toBeNull();
  });
});
