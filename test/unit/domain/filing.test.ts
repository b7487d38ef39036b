import { afterEach, describe, expect, it } from 'vitest';
import {
  assignOfficers,
  buildCase,
  caseIdFor,
  DEFAULT_CASE_NUMBER_FORMAT,
  FILING_FIELD_LABELS,
  type FilingForm,
  formatCaseNumber,
  isValidCaseNumberFormat,
  MIN_OFFICERS,
  parseCaseNumber,
  parseFilingForm,
} from '../../../functions/domain/case/filing.ts';
import type { Person } from '../../../functions/domain/roster/types.ts';

// Independent check-digit helpers (see identifiers.test.ts).
function residentId(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (sum % 11)) % 11;
  return first17 + (c === 10 ? 'X' : String(c));
}
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function uscc(first17: string): string {
  let sum = 0;
  let w = 1;
  for (let i = 0; i < 17; i++) {
    sum += USCC_ALPHABET.indexOf(first17[i] as string) * w;
    w = (w * 3) % 31;
  }
  return first17 + USCC_ALPHABET[(31 - (sum % 31)) % 31];
}
function residentIdWithX(): string {
  for (let s = 0; s < 1000; s++) {
    const id = residentId(`62010219800101${String(s).padStart(3, '0')}`);
    if (id.endsWith('X')) return id;
  }
  throw new Error('unreachable');
}

const ORG_ID = uscc('91620100MA71ABCDE');
// A resident id that is not by chance also a valid USCC (about 1 in 31 all-digit ids is).
const PERSON_ID = ['62010219800101124', '62010219800101125', '62010219800101126']
  .map(residentId)
  .find((id) => uscc(id.slice(0, 17)) !== id) as string;

const validForm = (over: Record<string, unknown> = {}) => ({
  party_name: '兰州某某化工有限公司',
  party_type: 'organization',
  party_id: ORG_ID,
  case_type: '行政处罚',
  procedure: 'ordinary',
  summary: '未按规定开展节能审查',
  source: '日常检查发现',
  legal_basis: '《固定资产投资项目节能审查办法》第十四条',
  officers: ['ou_b'],
  ...over,
});

describe('parseFilingForm', () => {
  it('parses a valid form and trims every text', () => {
    const r = parseFilingForm(
      validForm({
        party_name: '  兰州某某化工有限公司\n',
        summary: '\t摘要  ',
        source: ' 投诉举报 ',
        legal_basis: ' 依据 ',
        party_id: ` ${ORG_ID.slice(0, 9)} ${ORG_ID.slice(9).toLowerCase()} `,
        officers: [' ou_b ', '', 'ou_c'],
      }),
    );
    expect(r).toEqual({
      ok: true,
      value: {
        partyName: '兰州某某化工有限公司',
        partyType: 'organization',
        partyId: ORG_ID,
        caseType: '行政处罚',
        procedure: 'ordinary',
        summary: '摘要',
        source: '投诉举报',
        legalBasis: '依据',
        officerOpenIds: ['ou_b', 'ou_c'],
      },
    });
  });

  it('accepts a person with a resident id (lowercase x normalised)', () => {
    const id = residentIdWithX();
    const r = parseFilingForm(validForm({ party_type: 'person', party_name: '张某', party_id: id.toLowerCase() }));
    expect(r.ok && r.value.partyId).toBe(id);
  });

  it('accepts officers as a single string or an array', () => {
    const one = parseFilingForm(validForm({ officers: 'ou_b' }));
    expect(one.ok && one.value.officerOpenIds).toEqual(['ou_b']);
    const many = parseFilingForm(validForm({ officers: ['ou_b', 'ou_c-1'] }));
    expect(many.ok && many.value.officerOpenIds).toEqual(['ou_b', 'ou_c-1']);
    const none = parseFilingForm(validForm({ officers: [] }));
    expect(none.ok && none.value.officerOpenIds).toEqual([]); // the count rule lives in assignOfficers
  });

  it('accepts every case type and procedure', () => {
    for (const t of ['行政处罚', '行政检查', '行政强制', '行政许可', '行政征收', '其他']) {
      expect(parseFilingForm(validForm({ case_type: t })).ok, t).toBe(true);
    }
    expect(parseFilingForm(validForm({ procedure: 'simple' })).ok).toBe(true);
  });

  const long = (n: number) => '字'.repeat(n);
  it.each([
    ['party_name', undefined],
    ['party_name', ''],
    ['party_name', '   '],
    ['party_name', long(101)],
    ['party_name', 42],
    ['party_type', undefined],
    ['party_type', 'company'],
    ['party_id', undefined],
    ['party_id', '   '],
    ['case_type', '行政罚款'],
    ['case_type', undefined],
    ['procedure', 'fast'],
    ['summary', ''],
    ['summary', long(1001)],
    ['source', long(201)],
    ['source', undefined],
    ['legal_basis', '  '],
    ['legal_basis', long(501)],
    ['officers', undefined],
    ['officers', 7],
    ['officers', ['ou_b', 'bad id']],
    ['officers', ['user_1']],
    ['officers', Array.from({ length: 21 }, (_, i) => `ou_${i}`)],
  ] as const)('%s = %j → one error naming the field in Chinese', (field, value) => {
    const r = parseFilingForm(validForm({ [field]: value }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    const label = FILING_FIELD_LABELS[field];
    expect(r.errors[0]?.startsWith(`${label}：`), r.errors[0]).toBe(true);
    expect(r.errors[0]?.length).toBeGreaterThan(label.length + 1); // says why
    expect(r.errors[0]).toMatch(/[\u4e00-\u9fff]/);
  });

  it('says the maximum length', () => {
    const r = parseFilingForm(validForm({ summary: long(1001) }));
    expect(!r.ok && r.errors[0]).toContain('1000');
    expect(parseFilingForm(validForm({ summary: long(1000) })).ok).toBe(true);
  });

  it.each([
    ['organization with a resident id', 'organization', PERSON_ID, '统一社会信用代码'],
    ['organization with a wrong check char', 'organization', ORG_ID.slice(0, 17) + (ORG_ID[17] === '0' ? '1' : '0'), '统一社会信用代码'],
    ['person with a USCC', 'person', ORG_ID, '身份证'],
    ['person with an impossible birth date', 'person', residentId('62010219990230123'), '身份证'],
    ['person with 17 digits', 'person', PERSON_ID.slice(0, 17), '身份证'],
  ])('validates the id by party type: %s', (_l, type, id, hint) => {
    const r = parseFilingForm(validForm({ party_type: type, party_id: id }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^证件号码：/);
    expect(r.errors[0]).toContain(hint);
  });

  it('lists every bad field at once, each once', () => {
    const r = parseFilingForm({});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const labels = Object.values(FILING_FIELD_LABELS);
    expect(r.errors).toHaveLength(labels.length);
    for (const label of labels) expect(r.errors.filter((e) => e.startsWith(`${label}：`))).toHaveLength(1);
    expect(parseFilingForm(undefined)).toEqual(r);
    expect(parseFilingForm(null)).toEqual(r);
  });

  it('reports a non-object form without throwing', () => {
    const r = parseFilingForm('party_name=x');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.length).toBeGreaterThan(0);
  });
});

describe('assignOfficers', () => {
  const person = (openId: string, name: string, validUntil: string | null): Person => ({
    openId,
    name,
    department: '运行监测科',
    roles: ['officer'],
    certificate: validUntil ? { number: `甘执${openId}`, validUntil } : null,
  });
  const filer = person('ou_a', '张三', '2029-12-31');
  const b = person('ou_b', '李四', '2028-06-30');
  const c = person('ou_c', '王五', '2026-06-14'); // expired the day before
  const d = person('ou_d', '周九', null);
  const e = person('ou_e', '赵六', '2026-06-15'); // valid on the filing day
  const roster = new Map([filer, b, c, d, e].map((p) => [p.openId, p]));
  const DAY = '2026-06-15';

  it('includes the filer first, even when not picked', () => {
    const r = assignOfficers(filer, ['ou_b'], roster, DAY);
    expect(r).toEqual({
      ok: true,
      value: [
        { openId: 'ou_a', name: '张三', department: '运行监测科', certificateNumber: '甘执ou_a', certificateValidUntil: '2029-12-31' },
        { openId: 'ou_b', name: '李四', department: '运行监测科', certificateNumber: '甘执ou_b', certificateValidUntil: '2028-06-30' },
      ],
    });
    const r2 = assignOfficers(filer, ['ou_b', 'ou_a'], roster, DAY);
    expect(r2.ok && r2.value.map((o) => o.openId)).toEqual(['ou_a', 'ou_b']);
  });

  it('uses the filer record passed in, even if the roster map lacks it', () => {
    const r = assignOfficers(filer, ['ou_b'], new Map([[b.openId, b]]), DAY);
    expect(r.ok && r.value.map((o) => o.openId)).toEqual(['ou_a', 'ou_b']);
  });

  it('removes duplicates', () => {
    const r = assignOfficers(filer, ['ou_b', 'ou_b', 'ou_a', 'ou_b'], roster, DAY);
    expect(r.ok && r.value.map((o) => o.openId)).toEqual(['ou_a', 'ou_b']);
  });

  it.each([
    ['nobody else', []],
    ['only the filer', ['ou_a']],
    ['the filer twice', ['ou_a', 'ou_a']],
  ])('needs at least two officers: %s', (_l, ids) => {
    expect(MIN_OFFICERS).toBe(2);
    const r = assignOfficers(filer, ids, roster, DAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^承办人员：/);
    expect(r.errors[0]).toContain('两人');
  });

  it('names an officer not on the roster', () => {
    const r = assignOfficers(filer, ['ou_ghost'], roster, DAY);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([expect.stringMatching(/^承办人员：.*ou_ghost.*名册/)]);
  });

  it.each([
    ['a reviewer', ['reviewer'] as const],
    ['the head', ['head'] as const],
    ['办公室', ['office'] as const],
    ['行政审批科', ['admin'] as const],
  ])('refuses %s as an officer even with a valid certificate: the form offers officers only', (_label, roles) => {
    const other = { ...person('ou_r', '赵六', '2030-12-31'), roles: [...roles] };
    const r = assignOfficers(filer, ['ou_r'], new Map([...roster, [other.openId, other]]), DAY);
    expect(!r.ok && r.errors).toEqual([expect.stringMatching(/^承办人员：赵六 不是执法人员/)]);
  });

  it('accepts an officer who also holds another role', () => {
    const both = { ...person('ou_r', '赵六', '2030-12-31'), roles: ['officer' as const, 'reviewer' as const] };
    const r = assignOfficers(filer, ['ou_r'], new Map([...roster, [both.openId, both]]), DAY);
    expect(r.ok).toBe(true);
  });

  it('names an officer without a certificate', () => {
    const r = assignOfficers(filer, ['ou_d'], roster, DAY);
    expect(!r.ok && r.errors).toEqual([expect.stringMatching(/^承办人员：周九.*执法证/)]);
  });

  it('rejects a certificate that expired the day before filing, naming the officer and the date', () => {
    const r = assignOfficers(filer, ['ou_c'], roster, DAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^承办人员：王五/);
    expect(r.errors[0]).toContain('2026-06-14');
  });

  it('accepts a certificate valid until the filing day itself (inclusive)', () => {
    const r = assignOfficers(filer, ['ou_e'], roster, DAY);
    expect(r.ok && r.value.map((o) => o.name)).toEqual(['张三', '赵六']);
    // …and rejects it the next day
    const next = assignOfficers(filer, ['ou_e'], roster, '2026-06-16');
    expect(!next.ok && next.errors[0]).toMatch(/赵六/);
  });

  it('checks the filer too', () => {
    const expiredFiler = person('ou_x', '孙八', '2025-12-31');
    const r = assignOfficers(expiredFiler, ['ou_b'], roster, DAY);
    expect(!r.ok && r.errors).toEqual([expect.stringMatching(/^承办人员：孙八/)]);
    const noCert = person('ou_y', '钱七', null);
    const r2 = assignOfficers(noCert, ['ou_b'], roster, DAY);
    expect(!r2.ok && r2.errors).toEqual([expect.stringMatching(/^承办人员：钱七/)]);
  });

  it('lists all problems together', () => {
    const expiredFiler = person('ou_x', '孙八', '2026-01-01');
    const r = assignOfficers(expiredFiler, ['ou_b', 'ou_c', 'ou_d', 'ou_ghost'], roster, DAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(4);
    for (const who of ['孙八', '王五', '周九', 'ou_ghost']) expect(r.errors.some((e) => e.includes(who)), who).toBe(true);
    expect(r.errors.some((e) => e.includes('李四'))).toBe(false);
    // a lone filer who also lacks a certificate: both problems
    const r2 = assignOfficers(person('ou_z', '吴十', null), [], roster, DAY);
    expect(!r2.ok && r2.errors).toHaveLength(2);
  });
});

describe('case numbers', () => {
  const CUSTOM = 'XX市监罚字[{year}]第{seq}号';

  it('formats the default and a custom template', () => {
    expect(DEFAULT_CASE_NUMBER_FORMAT).toBe('甘经信立〔{year}〕{seq}号');
    expect(formatCaseNumber(DEFAULT_CASE_NUMBER_FORMAT, 2026, 1)).toBe('甘经信立〔2026〕1号');
    expect(formatCaseNumber(CUSTOM, 2027, 35)).toBe('XX市监罚字[2027]第35号');
    expect(formatCaseNumber('{year}-{seq}/{year}', 2026, 2)).toBe('2026-2/2026');
  });

  it.each([DEFAULT_CASE_NUMBER_FORMAT, CUSTOM, '{seq}号（{year}）', 'A.B+{year}*{seq}$'])('round-trips %s', (tpl) => {
    for (const [year, seq] of [
      [2026, 1],
      [2026, 20],
      [1999, 1234567],
      [2100, 305],
    ] as const) {
      expect(parseCaseNumber(tpl, formatCaseNumber(tpl, year, seq))).toEqual({ year, seq });
    }
  });

  it.each([
    '甘经信立〔2026〕12号',
    '甘经信立[2026]12号',
    '甘经信立［2026］12号',
    '甘经信立(2026)12号',
    '甘经信立（2026）12号',
    '甘经信立【2026】12号',
    '甘经信立〔2026〕12',
    '甘经信立（2026）12',
    ' 甘经信立 〔 2026 〕 12 号 ',
    '甘经信立\u3000〔2026〕\t12号',
  ])('reads the default format typed as %j', (input) => {
    expect(parseCaseNumber(DEFAULT_CASE_NUMBER_FORMAT, input)).toEqual({ year: 2026, seq: 12 });
  });

  it.each([
    'XX市监罚字[2026]第7号',
    'XX市监罚字〔2026〕第7号',
    'XX市监罚字［2026］第7号',
    'XX市监罚字(2026)第7号',
    'XX市监罚字（2026）第7号',
    'XX市监罚字【2026】第7号',
    'XX市监罚字[2026]第7',
    'XX 市监罚字 [2026] 第 7 号',
  ])('reads the custom format typed as %j', (input) => {
    expect(parseCaseNumber(CUSTOM, input)).toEqual({ year: 2026, seq: 7 });
  });

  it.each([
    '',
    'hello',
    '甘经信立',
    '甘经信立〔2026〕号',
    '甘经信立〔2026〕0号',
    '甘经信立〔2026〕000号',
    '甘经信立〔26〕1号',
    '甘经信立〔20266〕1号',
    '甘经信立2026 1号',
    '甘经信〔2026〕1号',
    '陇经信立〔2026〕1号',
    '甘经信立〔2026〕1号号',
    '甘经信立〔2026〕1号 extra',
    'x甘经信立〔2026〕1号',
    '甘经信立〔2026〕-1号',
    '甘经信立〔2026〕1.5号',
    '甘经信立〔2026〕12345678号',
    '甘经信立〈2026〉1号',
    'XX市监罚字[2026]第7号',
  ])('returns null for %j (default format)', (input) => {
    expect(parseCaseNumber(DEFAULT_CASE_NUMBER_FORMAT, input)).toBeNull();
  });

  it('treats template text literally (no regex meaning)', () => {
    expect(parseCaseNumber('A.B+{year}*{seq}$', 'AxB+2026*1$')).toBeNull();
    expect(parseCaseNumber('A.B+{year}*{seq}$', 'A.BB2026*1$')).toBeNull();
    expect(parseCaseNumber(CUSTOM, 'XX市监罚字[2026]7号')).toBeNull(); // 第 is required
    expect(parseCaseNumber(CUSTOM, 'XX市监罚字[2026]第0号')).toBeNull();
  });

  // A template that isValidCaseNumberFormat accepts must read back the numbers it formats.
  it('round-trips a template that contains a space', () => {
    const tpl = 'XX市 监罚字[{year}]第{seq}号';
    expect(isValidCaseNumberFormat(tpl)).toBe(true);
    const n = formatCaseNumber(tpl, 2026, 3);
    expect(parseCaseNumber(tpl, n)).toEqual({ year: 2026, seq: 3 });
  });

  it('refuses a template that repeats {year}, and does not throw reading with it', () => {
    const tpl = '{year}年第{seq}号（{year}）';
    // A number must be readable back unambiguously: each placeholder exactly once.
    expect(isValidCaseNumberFormat(tpl)).toBe(false);
    expect(isValidCaseNumberFormat('{year}{seq}{seq}')).toBe(false);
    let parsed: unknown;
    expect(() => {
      parsed = parseCaseNumber(tpl, '2026年第3号（2026）');
    }).not.toThrow();
    expect(parsed).toBeNull();
  });

  it('validates templates', () => {
    expect(isValidCaseNumberFormat(DEFAULT_CASE_NUMBER_FORMAT)).toBe(true);
    expect(isValidCaseNumberFormat(CUSTOM)).toBe(true);
    expect(isValidCaseNumberFormat('甘经信立〔{year}〕号')).toBe(false);
    expect(isValidCaseNumberFormat('甘经信立{seq}号')).toBe(false);
    expect(isValidCaseNumberFormat(`${'字'.repeat(50)}{year}{seq}`)).toBe(false);
  });

  it('builds sortable case ids', () => {
    expect(caseIdFor(2026, 1)).toBe('2026-000001');
    expect(caseIdFor(2026, 123456)).toBe('2026-123456');
    expect(caseIdFor(2026, 9) < caseIdFor(2026, 10)).toBe(true);
  });
});

describe('buildCase', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  const form: FilingForm = {
    partyName: '某某公司',
    partyType: 'organization',
    partyId: ORG_ID,
    caseType: '行政检查',
    procedure: 'simple',
    summary: '摘要',
    source: '来源',
    legalBasis: '依据',
    officerOpenIds: ['ou_b'],
  };
  const officers = [
    { openId: 'ou_a', name: '张三', department: '科', certificateNumber: '1', certificateValidUntil: '2029-12-31' },
    { openId: 'ou_b', name: '李四', department: '科', certificateNumber: '2', certificateValidUntil: '2029-12-31' },
  ];
  const input = (filedAt: string, year = 2026, seq = 7, caseNumberFormat = DEFAULT_CASE_NUMBER_FORMAT) => ({
    form,
    officers,
    filedBy: 'ou_a',
    filedAt,
    year,
    seq,
    caseNumberFormat,
  });

  it('builds the case with its number, id, status and version', () => {
    const c = buildCase(input('2026-03-02T01:00:00.000Z', 2026, 7, 'XX市监罚字[{year}]第{seq}号'));
    expect(c).toEqual({
      caseId: '2026-000007',
      caseNumber: 'XX市监罚字[2026]第7号',
      year: 2026,
      seq: 7,
      status: 'filed',
      caseType: '行政检查',
      procedure: 'simple',
      party: { name: '某某公司', type: 'organization', idNumber: ORG_ID },
      summary: '摘要',
      source: '来源',
      legalBasis: '依据',
      officers,
      filedBy: 'ou_a',
      filedAt: '2026-03-02T01:00:00.000Z',
      filingDate: '2026-03-02',
      version: 1,
    });
  });

  it.each(['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/London'])(
    'takes the filing date in Asia/Shanghai with TZ=%s',
    (tz) => {
      process.env.TZ = tz;
      if (tz === 'America/Los_Angeles') expect(new Date('2026-12-31T16:30:00Z').getDate()).toBe(31); // TZ took effect
      const c = buildCase(input('2026-12-31T16:30:00Z', 2026, 1));
      expect(c.filingDate).toBe('2027-01-01');
      expect(c.year).toBe(2026); // passed in by the caller
      expect(c.caseNumber).toBe('甘经信立〔2026〕1号');
      expect(buildCase(input('2026-12-31T15:59:59.999Z')).filingDate).toBe('2026-12-31');
      expect(buildCase(input('2026-06-30T16:00:00Z')).filingDate).toBe('2026-07-01');
      expect(buildCase(input('2026-07-01T08:00:00+08:00')).filingDate).toBe('2026-07-01');
      expect(buildCase(input('2026-07-01T00:30:00+08:00')).filingDate).toBe('2026-07-01');
    },
  );

  it('throws on an invalid filing instant rather than inventing a date', () => {
    expect(() => buildCase(input('not a date'))).toThrow(RangeError);
  });
});
