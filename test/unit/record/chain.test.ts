import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  type ChainProblem,
  type ChainProblemKind,
  type ChainVerdict,
  GENESIS_PREV_HASH,
  type SealedEntry,
  canonicalJson,
  describeChainVerdict,
  entryHash,
  headOf,
  sealChain,
  sealEntry,
  sha256Hex,
  verifyChain,
} from '../../../functions/domain/record/index.ts';
import { CASE_ID, copy, filed, followUp, prng, randInt, sealedLog } from './helpers.ts';

const verify = (entries: readonly unknown[], head?: { seq: number; hash: string }) => verifyChain({ caseId: CASE_ID, entries, ...(head ? { head } : {}) });
const problemsOf = (v: ChainVerdict): ChainProblem[] => (v.ok ? [] : v.problems);
const kinds = (v: ChainVerdict): ChainProblemKind[] => problemsOf(v).map((p) => p.kind);
const rehash = (e: SealedEntry): SealedEntry => {
  const h = entryHash(e);
  if (!h.ok) throw new Error(h.errors.join());
  return { ...e, hash: h.value };
};
const lastHead = (log: SealedEntry[]) => headOf(log.at(-1) as SealedEntry);

describe('sealEntry: the documented hash, reproducible outside this code', () => {
  // Expected values computed independently with Python:
  //   json.dumps(o, sort_keys=True, separators=(',', ':'), ensure_ascii=False) → UTF-8 → hashlib.sha256
  const GENESIS_HASH = '5d0407d7c37628abf00838c933ad80d70a5f0a7a98093ef78ebcee8eb51418be';
  const SECOND_HASH = 'bcda4beaad8679eeb59e278ce4cc4743012b663e18d58341ebacdc91ccb89ef9';
  const noteText = '现场无人，门窗紧闭\n\t"引号"';

  it('seals case.filed as seq 1 with 64 zeros as prevHash', () => {
    const r = sealEntry(null, filed());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ caseId: CASE_ID, seq: 1, action: 'case.filed', prevHash: GENESIS_PREV_HASH, hash: GENESIS_HASH });
    expect(GENESIS_PREV_HASH).toBe('0'.repeat(64));
    const { hash: _h, ...content } = r.value;
    const c = canonicalJson(content);
    expect(c.ok && sha256Hex(c.value)).toBe(GENESIS_HASH);
  });

  it('links the next entry to the previous hash and numbers it', () => {
    const first = sealEntry(null, filed());
    if (!first.ok) throw new Error();
    const r = sealEntry(first.value, {
      caseId: CASE_ID,
      at: '2026-03-02T03:04:05.000Z',
      actor: 'ou_lisi',
      action: 'note.recorded',
      detail: {
        evidenceId: 'ev_1',
        sha256: sha256Hex(noteText),
        size: Buffer.byteLength(noteText),
        activity: '现场检查',
        messageId: 'om_2',
        s3Key: 'k',
        text: noteText,
      },
    });
    expect(r.ok && r.value).toMatchObject({ seq: 2, prevHash: GENESIS_HASH, hash: SECOND_HASH });
  });

  it('is deterministic and covers every field: changing any one changes the hash', () => {
    const [e] = sealedLog(1) as [SealedEntry];
    const again = sealEntry(null, filed());
    expect(again.ok && again.value.hash).toBe(e.hash);
    const variants: SealedEntry[] = [
      { ...e, caseId: '2026-000002' },
      { ...e, seq: 2 },
      { ...e, at: '2026-03-02T02:00:00.001Z' },
      { ...e, actor: 'ou_lisi' },
      { ...e, action: 'note.recorded' },
      { ...e, detail: { ...e.detail, formId: 'form_2' } },
      { ...e, prevHash: '1'.repeat(64) },
    ];
    const hashes = variants.map((v) => (entryHash(v) as { value: string }).value);
    expect(new Set([e.hash, ...hashes]).size).toBe(variants.length + 1);
  });

  it('stores a copy of exactly what it hashed: undefined members gone, the caller’s object not shared', () => {
    const f = filed();
    const detail = { ...f.detail, note: undefined } as Record<string, unknown>;
    const r = sealEntry(null, { ...f, detail: { ...detail } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.keys(r.value.detail)).not.toContain('note');
    const before = r.value.hash;
    (f.detail.officers as { openId: string }[])[0]!.openId = 'ou_changed';
    expect(entryHash(r.value)).toEqual({ ok: true, value: before });
  });

  it('does not depend on the order of keys in detail', () => {
    const a = sealEntry(null, filed());
    const f = filed();
    const reordered = { ...f, detail: Object.fromEntries(Object.entries(f.detail).reverse()) };
    const b = sealEntry(null, reordered);
    expect(a.ok && b.ok && a.value.hash === b.value.hash).toBe(true);
  });
});

describe('sealEntry: refuses what would break the chain (errors as values, for the log)', () => {
  const [genesis] = sealedLog(1) as [SealedEntry];
  const note = followUp(2);

  it.each([
    ['a first entry that is not case.filed', null, note, /first entry must be case\.filed/],
    ['case.filed after the first entry', 'genesis', filed(), /case\.filed can only be the first entry/],
    ['an entry for another case', 'genesis', followUp(2, '2026-000002'), /belongs to case 2026-000001, not 2026-000002/],
    ['a bad case id', null, { ...filed(), caseId: 'CASE#1' }, /caseId: not a case id/],
    ['a local time', null, { ...filed(), at: '2026-03-02 10:00:00' }, /at: not an ISO instant/],
    ['an offset time', null, { ...filed(), at: '2026-03-02T10:00:00+08:00' }, /at: not an ISO instant/],
    ['an impossible date', null, { ...filed(), at: '2026-13-45T10:00:00Z' }, /at: not an ISO instant/],
    ['an actor that is not an open_id', null, { ...filed(), actor: '张三' }, /actor: not an open_id/],
    ['an unknown action', 'genesis', { ...note, action: 'evidence.deleted' as never }, /action: unknown/],
    ['a detail field it does not know', 'genesis', { ...note, detail: { ...note.detail, extra: 1 } }, /note\.recorded detail: unexpected key\(s\) extra/],
    ['a detail missing a field', 'genesis', { ...note, detail: { ...note.detail, sha256: undefined } }, /detail\.sha256/],
    ['a bad hash in the detail', 'genesis', { ...note, detail: { ...note.detail, sha256: 'ABC' } }, /detail\.sha256: not a lowercase hex SHA-256/],
    ['an unknown activity', 'genesis', { ...note, detail: { ...note.detail, activity: '巡查' } }, /detail\.activity/],
  ] as const)('%s', (_what, prev, content, message) => {
    const r = sealEntry(prev === 'genesis' ? genesis : null, content);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(message);
  });

  it('refuses a change whose before/after has no canonical form', () => {
    const r = sealEntry(genesis, {
      caseId: CASE_ID,
      at: '2026-03-02T05:00:00Z',
      actor: 'ou_lisi',
      action: 'evidence.activity_changed',
      detail: { evidenceId: 'ev_1', changes: [{ field: 'activity', before: '其他', after: 1.5 }] },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/only safe integers/);
  });

  it('refuses to follow an entry that was never sealed', () => {
    const r = sealEntry({ ...genesis, hash: '' }, note);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContain('previous entry is not sealed');
  });

  it('accepts "system" as the actor for what the bot does on its own', () => {
    const r = sealEntry(genesis, { ...followUp(3), actor: 'system' });
    expect(r.ok).toBe(true);
  });

  it('sealChain names the entry that failed', () => {
    const r = sealChain([filed(), followUp(1), { ...followUp(2), actor: '' }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^entry 3: actor/);
  });
});

describe('verifyChain: an intact log', () => {
  it.each([1, 2, 3, 10, 60])('verifies %i sealed entries, with and without the recorded head', (n) => {
    const log = sealedLog(n);
    expect(verify(log)).toEqual({ ok: true, count: n, head: lastHead(log) });
    expect(verify(log, lastHead(log))).toEqual({ ok: true, count: n, head: lastHead(log) });
  });

  it('survives a round trip through DynamoDB marshalling (undefined dropped, numbers as N)', () => {
    const log = sealedLog(12);
    const stored = log.map((e) => unmarshall(marshall({ pk: `CASE#${CASE_ID}`, sk: `LOG#${e.seq}`, ...e }, { removeUndefinedValues: true })));
    const read = stored.map(({ pk: _pk, sk: _sk, ...rest }) => rest);
    expect(verify(read, lastHead(log)).ok).toBe(true);
  });

  it('survives JSON serialisation', () => {
    const log = sealedLog(7);
    expect(verify(JSON.parse(JSON.stringify(log)) as unknown[], lastHead(log)).ok).toBe(true);
  });

  it('verifies entries of actions it no longer knows (integrity, not vocabulary)', () => {
    const log = sealedLog(3);
    const legacy = rehash({ ...(log[2] as SealedEntry), action: 'legacy.thing' as never });
    expect(verify([log[0], log[1], legacy]).ok).toBe(true);
  });

  it('describes an intact log in Chinese with the head hash', () => {
    const log = sealedLog(4);
    expect(describeChainVerdict(verify(log))).toBe(`记录完整：共 4 条，逐条核对哈希和链接均一致（最新哈希 ${log[3]?.hash.slice(0, 16)}…）。`);
  });
});

describe('verifyChain: each tampering is named exactly', () => {
  const log = sealedLog(8);
  const head = lastHead(log);

  it('an entry edited in place: modified, that seq only', () => {
    const t = copy(log);
    (t[4] as SealedEntry).detail.text = '改过的内容';
    const v = verify(t, head);
    expect(problemsOf(v)).toEqual([{ kind: 'modified', seq: 5, message: expect.stringMatching(/^第 5 条记录（提交证据，2026-03-02 11:04:00）的内容与它的哈希不符/) }]);
  });

  it.each([
    ['at', '2026-03-02T09:00:00.000Z'],
    ['actor', 'ou_wangwu'],
    ['action', 'dossier.viewed'],
    ['prevHash', 'f'.repeat(64)],
  ] as const)('an edited %s: modified', (field, value) => {
    const t = copy(log);
    (t[3] as unknown as Record<string, unknown>)[field] = value;
    const v = verify(t, head);
    expect(kinds(v)).toContain('modified');
    expect(problemsOf(v).find((p) => p.kind === 'modified')).toMatchObject({ seq: 4 });
  });

  it('an entry edited and re-hashed: the next entry’s link breaks', () => {
    const t = copy(log);
    t[2] = rehash({ ...(t[2] as SealedEntry), actor: 'ou_wangwu' });
    expect(problemsOf(verify(t, head))).toEqual([
      { kind: 'broken_link', seq: 4, message: expect.stringContaining('与第 3 条不符：第 3 条写入后被改动并重新计算了哈希') },
    ]);
  });

  it('the last entry edited and re-hashed: only the recorded head can tell', () => {
    const t = copy(log);
    t[7] = rehash({ ...(t[7] as SealedEntry), actor: 'ou_wangwu' });
    expect(verify(t).ok).toBe(true);
    expect(problemsOf(verify(t, head))).toEqual([{ kind: 'head_mismatch', seq: 8, message: expect.stringContaining('与案件信息所记的最新哈希不符') }]);
  });

  it.each([2, 5, 7])('entry %i deleted: missing, and no duplicate report of its broken link', (seq) => {
    const t = copy(log).filter((e) => e.seq !== seq);
    expect(problemsOf(verify(t, head))).toEqual([{ kind: 'missing', fromSeq: seq, toSeq: seq, message: `第 ${seq} 条记录缺失：被直接删除了。` }]);
  });

  it('several runs deleted: each run once', () => {
    const t = copy(log).filter((e) => ![2, 3, 6].includes(e.seq));
    expect(problemsOf(verify(t, head)).map((p) => [p.kind, 'fromSeq' in p ? p.fromSeq : 0, 'toSeq' in p ? p.toSeq : 0])).toEqual([
      ['missing', 2, 3],
      ['missing', 6, 6],
    ]);
    expect(problemsOf(verify(t, head))[0]?.message).toBe('第 2–3 条记录缺失：被直接删除了。');
  });

  it('the first entry deleted: missing 1', () => {
    expect(kinds(verify(copy(log).slice(1), head))).toEqual(['missing']);
  });

  it('the tail deleted: invisible without the head, truncated with it', () => {
    const t = copy(log).slice(0, 5);
    expect(verify(t).ok).toBe(true);
    expect(problemsOf(verify(t, head))).toEqual([
      { kind: 'truncated', fromSeq: 6, toSeq: 8, message: '记录的末尾缺失：案件信息记载共有 8 条记录，只找到 5 条（第 6–8 条被删除了）。' },
    ]);
  });

  it('every entry deleted: empty and truncated', () => {
    expect(kinds(verify([], head))).toEqual(['empty', 'truncated']);
    expect(kinds(verify([]))).toEqual(['empty']);
  });

  it('two entries swapped in storage: out of order, nothing else (their contents are intact)', () => {
    const t = copy(log);
    [t[3], t[4]] = [t[4] as SealedEntry, t[3] as SealedEntry];
    expect(problemsOf(verify(t, head))).toEqual([
      { kind: 'out_of_order', seq: 4, afterSeq: 5, message: '第 4 条记录存放在第 5 条之后：记录的存放顺序被调换过。' },
    ]);
  });

  it('two entries swapped and renumbered to fit their places: both modified', () => {
    const t = copy(log);
    const a = t[3] as SealedEntry;
    const b = t[4] as SealedEntry;
    t[3] = { ...b, seq: 4 };
    t[4] = { ...a, seq: 5 };
    const v = verify(t, head);
    expect(problemsOf(v).filter((p) => p.kind === 'modified').map((p) => (p as { seq: number }).seq)).toEqual([4, 5]);
  });

  it('an entry copied in twice: duplicate', () => {
    const t = copy(log);
    t.splice(3, 0, copy(t[2] as SealedEntry));
    expect(problemsOf(verify(t, head))).toEqual([{ kind: 'duplicate', seq: 3, message: expect.stringContaining('出现了不止一次') }]);
  });

  it.each([5, 6])('an entry inserted before or after the genuine one with its seq and a forged hash: duplicate only', (at) => {
    const t = copy(log);
    t.splice(at, 0, rehash({ ...(t[5] as SealedEntry), detail: { ...(t[5] as SealedEntry).detail, evidenceId: 'ev_fake' } }));
    expect(kinds(verify(t, head))).toEqual(['duplicate']);
  });

  it('duplicated seqs whose copies both fail to link: the next entry is still blamed', () => {
    const t = copy(log);
    const six = t[5] as SealedEntry;
    t[5] = rehash({ ...six, actor: 'ou_forger' });
    t.splice(5, 0, rehash({ ...six, actor: 'ou_other_forger' }));
    expect(problemsOf(verify(t, head)).map((p) => [p.kind, 'seq' in p ? p.seq : 0])).toEqual([
      ['duplicate', 6],
      ['broken_link', 7],
    ]);
  });

  it('an entry of another case copied in: wrong_case (and the hash still matches its own case)', () => {
    const other = sealedLog(8, '2026-000009');
    const t = copy(log);
    t[6] = copy(other[6] as SealedEntry);
    const v = verify(t, head);
    expect(kinds(v)).toContain('wrong_case');
    expect(problemsOf(v).find((p) => p.kind === 'wrong_case')).toMatchObject({ seq: 7, caseId: '2026-000009' });
    expect(problemsOf(v).find((p) => p.kind === 'wrong_case')?.message).toContain('属于另一个案件（2026-000009）');
  });

  it('a forged start: genesis', () => {
    const t = copy(log);
    t[0] = rehash({ ...(t[0] as SealedEntry), prevHash: '1'.repeat(64) });
    expect(kinds(verify(t, head))).toEqual(['genesis', 'broken_link']);
    const u = copy(log);
    u[0] = rehash({ ...(u[0] as SealedEntry), action: 'note.recorded' });
    expect(kinds(verify(u, head))).toContain('genesis');
  });

  it('a second case.filed further down: genesis at that seq', () => {
    const t = copy(log);
    t[3] = rehash({ ...(t[3] as SealedEntry), action: 'case.filed' });
    const v = verify(t, head);
    expect(problemsOf(v).find((p) => p.kind === 'genesis')).toMatchObject({ seq: 4, message: expect.stringContaining('立案记录只能是第 1 条') });
  });

  it('an attribute added in the database: malformed, naming the field', () => {
    const t = copy(log) as unknown as Record<string, unknown>[];
    (t[2] as Record<string, unknown>).approvedBy = 'ou_boss';
    expect(problemsOf(verify(t, head))).toEqual([
      { kind: 'malformed', position: 3, seq: 3, fields: ['+approvedBy'], message: '第 3 条记录格式不对（多出字段 approvedBy）：它在写入后被直接改动过，或者不是本系统写入的。' },
    ]);
  });

  it('a hash removed: malformed, and the neighbours are not blamed', () => {
    const t = copy(log) as unknown as Record<string, unknown>[];
    delete (t[4] as Record<string, unknown>).hash;
    expect(problemsOf(verify(t, head))).toEqual([
      expect.objectContaining({ kind: 'malformed', position: 5, seq: 5, fields: ['hash'], message: expect.stringContaining('字段 hash 缺失或无效') }),
    ]);
  });

  it('something that is not an entry at all: malformed by position', () => {
    const v = verify([...copy(log), 'junk'], head);
    expect(problemsOf(v)).toEqual([expect.objectContaining({ kind: 'malformed', position: 9, fields: ['(整条)'] })]);
    expect(problemsOf(v)[0]?.message).toMatch(/^读到的第 9 个记录项格式不对/);
  });

  it('a gap before a malformed last entry is still missing', () => {
    const t = copy(log).filter((e) => e.seq !== 7) as unknown as Record<string, unknown>[];
    delete (t.at(-1) as Record<string, unknown>).hash;
    expect(kinds(verify(t, head))).toEqual(['malformed', 'missing']);
    expect(problemsOf(verify(t, head))[1]).toMatchObject({ fromSeq: 7, toSeq: 7 });
  });

  it('a forged huge seq is reported at once, not counted up to', () => {
    const t = copy(log);
    t.push(rehash({ ...(t[7] as SealedEntry), seq: Number.MAX_SAFE_INTEGER }));
    const v = verify(t, head);
    expect(problemsOf(v).find((p) => p.kind === 'missing')).toMatchObject({ fromSeq: 9, toSeq: Number.MAX_SAFE_INTEGER - 1 });
    expect(kinds(v)).toContain('beyond_head');
  });

  it('entries appended without moving the head: beyond_head', () => {
    const longer = sealedLog(10);
    expect(problemsOf(verify(longer, head))).toEqual([
      { kind: 'beyond_head', fromSeq: 9, toSeq: 10, message: '第 9–10 条记录超出了案件信息所记的范围（共 8 条）：不是通过本系统写入的。' },
    ]);
  });

  it('reports several problems at once, each on its own line for chat', () => {
    const t = copy(log).filter((e) => e.seq !== 3);
    (t[4] as SealedEntry).detail.evidenceId = 'ev_x';
    const v = verify(t.slice(0, 6), head);
    expect(kinds(v)).toEqual(['missing', 'modified', 'truncated']);
    const text = describeChainVerdict(v);
    expect(text.split('\n')).toHaveLength(4);
    expect(text).toMatch(/^记录不完整，发现 3 处问题：\n1\. 第 3 条记录缺失/);
  });
});

describe('verifyChain: properties over random logs and random single tamperings', () => {
  const TAMPERINGS = ['edit', 'edit_rehash', 'delete', 'swap', 'duplicate', 'truncate', 'extra_field'] as const;
  const expectedKinds: Record<(typeof TAMPERINGS)[number], ChainProblemKind[]> = {
    edit: ['modified'],
    edit_rehash: ['broken_link', 'head_mismatch'],
    delete: ['missing', 'truncated'],
    swap: ['out_of_order'],
    duplicate: ['duplicate'],
    truncate: ['truncated'],
    extra_field: ['malformed'],
  };

  it('an untouched log always verifies; any single tampering is always caught with the right kind', () => {
    const rand = prng(9);
    for (let round = 0; round < 300; round++) {
      const n = randInt(rand, 2, 30);
      const log = sealedLog(n);
      const head = lastHead(log);
      expect(verify(log, head).ok).toBe(true);
      const how = TAMPERINGS[randInt(rand, 0, TAMPERINGS.length - 1)] as (typeof TAMPERINGS)[number];
      const i = randInt(rand, 0, n - 1);
      const t = copy(log) as SealedEntry[];
      switch (how) {
        case 'edit':
          (t[i] as SealedEntry).at = '2030-01-01T00:00:00.000Z';
          break;
        case 'edit_rehash':
          t[i] = rehash({ ...(t[i] as SealedEntry), actor: 'ou_forger' });
          break;
        case 'delete':
          t.splice(i, 1);
          break;
        case 'swap': {
          const j = i === n - 1 ? i - 1 : i + 1;
          [t[i], t[j]] = [t[j] as SealedEntry, t[i] as SealedEntry];
          break;
        }
        case 'duplicate':
          t.splice(i, 0, copy(t[i] as SealedEntry));
          break;
        case 'truncate':
          t.splice(Math.max(1, i));
          break;
        case 'extra_field':
          (t[i] as unknown as Record<string, unknown>).note = 'x';
          break;
      }
      const v = verify(t, head);
      expect(v.ok, `${how} at ${i} of ${n}`).toBe(false);
      expect(kinds(v).some((k) => expectedKinds[how].includes(k)), `${how} at ${i} of ${n}: ${kinds(v).join()}`).toBe(true);
      for (const p of problemsOf(v)) expect(p.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
