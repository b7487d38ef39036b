import { describe, expect, it } from 'vitest';
import {
  type IntegrityProblem,
  describeVerification,
  evidenceKey,
  expectedObjects,
  verifiedDetail,
  verifyCase,
  verifyEvidenceItems,
  verifyObjects,
} from '../../../functions/domain/dossier/index.ts';
import { type SealedEntry, checkDetail, entryHash, sha256Hex } from '../../../functions/domain/record/index.ts';
import { copy } from '../record/helpers.ts';
import { caseScenario } from './helpers.ts';

const kinds = (ps: IntegrityProblem[]) => ps.map((p) => p.kind);

describe('expectedObjects: what the log says storage holds', () => {
  it('one per recorded key: evidence, notes; with the seq, label, id and version', () => {
    const s = caseScenario();
    expect(expectedObjects(s.entries)).toEqual([
      { key: s.photo.s3Key, sha256: s.photo.sha256, seq: 2, label: `证据「${s.photo.fileName}」`, evidenceId: s.photo.evidenceId, versionId: 'v-om_photo' },
      { key: s.video.s3Key, sha256: s.video.sha256, seq: 3, label: '证据「执法记录仪.mp4」', evidenceId: s.video.evidenceId, versionId: 'v-om_video' },
      { key: s.note.s3Key, sha256: s.note.sha256, seq: 4, label: '文字记录', evidenceId: s.note.evidenceId },
    ]);
  });

  it('two notes with the same text expect one object', () => {
    const s = caseScenario();
    const again = { ...(s.entries[3] as SealedEntry), seq: 9, detail: { ...(s.entries[3] as SealedEntry).detail, evidenceId: 'ev_other' } };
    expect(expectedObjects([...s.entries, again]).filter((o) => o.key === s.note.s3Key)).toHaveLength(1);
  });

  it('the archive adds its manifest and page', () => {
    const archived = {
      seq: 7,
      action: 'case.archived',
      detail: { manifestKey: 'cases/2026-000001/dossier/manifest.json', manifestSha256: 'a'.repeat(64), htmlKey: 'cases/2026-000001/dossier/manifest.html', htmlSha256: 'b'.repeat(64) },
    };
    expect(expectedObjects([archived])).toEqual([
      { key: 'cases/2026-000001/dossier/manifest.json', sha256: 'a'.repeat(64), seq: 7, label: '归档清单（JSON）' },
      { key: 'cases/2026-000001/dossier/manifest.html', sha256: 'b'.repeat(64), seq: 7, label: '归档清单（打印页）' },
    ]);
  });

  it('ignores entries it cannot read (the chain check reports them)', () => {
    expect(expectedObjects([null, 'x', { seq: 'a' }, { seq: 2, action: 'evidence.attached', detail: null }, { seq: 3, action: 'evidence.attached', detail: { s3Key: 'k', sha256: 'bad' } }])).toEqual([]);
  });
});

describe('verifyCase: an untouched case', () => {
  it('is intact, and says so with the counts', () => {
    const s = caseScenario();
    const v = verifyCase({ caseId: s.caseId, entries: s.entries, head: s.head(), items: s.items, observed: s.observed(), listedKeys: [...s.bytes.keys()] });
    expect(v).toMatchObject({ intact: true, problems: [], checkedEntries: 6, checkedObjects: 3 });
    expect(describeVerification(v, '甘经信立〔2026〕1号')).toBe('甘经信立〔2026〕1号 校验通过：6 条记录逐条核对哈希和链接一致，3 个文件重新计算 SHA-256 均与记录相符。');
    const detail = verifiedDetail(v);
    expect(detail).toEqual({ intact: true, checkedEntries: 6, checkedObjects: 3, problems: [] });
    expect(checkDetail('case.verified', detail).ok).toBe(true);
  });
});

describe('verifyCase: tampering directly in storage is caught and explained', () => {
  it('an evidence object replaced by other bytes (a new version written directly to S3)', () => {
    const s = caseScenario();
    s.bytes.set(s.photo.s3Key, new TextEncoder().encode('a different photo'));
    const observed = s.observed().map((o) => (o.key === s.photo.s3Key ? { ...o, versionId: 'v-forged' } : o));
    const v = verifyCase({ caseId: s.caseId, entries: s.entries, head: s.head(), items: s.items, observed });
    expect(v.intact).toBe(false);
    expect(v.problems).toEqual([
      {
        kind: 'object_replaced',
        key: s.photo.s3Key,
        seq: 2,
        expected: s.photo.sha256,
        found: sha256Hex('a different photo'),
        message: `证据「${s.photo.fileName}」（第 2 条记录）的文件内容与记录不符：记录的 SHA-256 为 ${s.photo.sha256.slice(0, 12)}…，现在为 ${sha256Hex('a different photo').slice(0, 12)}…，文件在存储中被替换过。原始版本（v-om_photo）仍保留在存储中，可以恢复。`,
      },
    ]);
    expect(describeVerification(v, '甘经信立〔2026〕1号')).toMatch(/^甘经信立〔2026〕1号 校验未通过，发现 1 处问题：\n1\. 证据「/);
    expect(verifiedDetail(v).problems).toEqual([{ kind: 'object_replaced', seq: 2, key: s.photo.s3Key }]);
  });

  it('a replaced note, without version information: no recovery hint', () => {
    const s = caseScenario();
    const observed = s.observed().map((o) => (o.key === s.note.s3Key ? { key: o.key, sha256: 'f'.repeat(64) } : o));
    const [p] = verifyObjects(expectedObjects(s.entries), observed);
    expect(p?.message).toMatch(/^文字记录（第 4 条记录）的文件内容与记录不符.*被替换过。$/);
  });

  it('an evidence object deleted', () => {
    const s = caseScenario();
    const observed = s.observed().filter((o) => o.key !== s.video.s3Key);
    const v = verifyCase({ caseId: s.caseId, entries: s.entries, head: s.head(), items: s.items, observed });
    expect(v.problems).toEqual([
      { kind: 'object_missing', key: s.video.s3Key, seq: 3, message: `证据「执法记录仪.mp4」（第 3 条记录，SHA-256 ${s.video.sha256.slice(0, 12)}…）的文件在存储中找不到：被直接删除了。` },
    ]);
    expect(v.checkedObjects).toBe(2);
  });

  it('an object put under the case prefix by someone else', () => {
    const s = caseScenario();
    const stray = evidenceKey(s.caseId, 'e'.repeat(64));
    const v = verifyCase({ caseId: s.caseId, entries: s.entries, head: s.head(), items: s.items, observed: s.observed(), listedKeys: [...s.bytes.keys(), stray, stray] });
    expect(v.problems).toEqual([{ kind: 'object_unknown', key: stray, message: `存储中有一个不是通过本系统保存的文件（${stray}）。` }]);
  });

  it('a record entry edited in DynamoDB', () => {
    const s = caseScenario();
    const entries = copy(s.entries);
    (entries[2] as SealedEntry).detail.fileName = '换了名字.mp4';
    const v = verifyCase({ caseId: s.caseId, entries, head: s.head(), items: s.items, observed: s.observed() });
    expect(kinds(v.problems)).toEqual(['modified', 'item_modified']);
    expect(v.problems[0]?.message).toMatch(/^第 3 条记录（提交证据，2026-03-03 10:30:00）的内容与它的哈希不符/);
  });

  it('a record entry deleted in DynamoDB', () => {
    const s = caseScenario();
    const entries = copy(s.entries).filter((e) => e.seq !== 5);
    const v = verifyCase({ caseId: s.caseId, entries, head: s.head(), items: s.items, observed: s.observed() });
    // Without the activity change in the log, the item's activity no longer matches it either.
    expect(kinds(v.problems)).toEqual(['missing', 'item_modified']);
    expect(v.problems[1]?.message).toBe('证据「执法记录仪.mp4」的所属活动与第 3 条记录不符：证据条目被直接改动过。');
  });

  it('the log tail deleted: only the head in the case item tells', () => {
    const s = caseScenario();
    const entries = s.entries.slice(0, 5);
    expect(verifyCase({ caseId: s.caseId, entries, items: s.items, observed: s.observed() }).problems).toEqual([]);
    expect(kinds(verifyCase({ caseId: s.caseId, entries, head: s.head(), items: s.items, observed: s.observed() }).problems)).toEqual(['truncated']);
  });

  it('an evidence item edited in DynamoDB: its hash, its activity', () => {
    const s = caseScenario();
    const items = s.items.map((i) => (i.evidenceId === s.photo.evidenceId ? { ...i, sha256: 'd'.repeat(64), activity: '听证' as const } : i));
    const v = verifyCase({ caseId: s.caseId, entries: s.entries, head: s.head(), items, observed: s.observed() });
    expect(v.problems).toEqual([
      { kind: 'item_modified', evidenceId: s.photo.evidenceId, seq: 2, fields: ['sha256', 'activity'], message: `证据「${s.photo.fileName}」的哈希、所属活动与第 2 条记录不符：证据条目被直接改动过。` },
    ]);
  });

  it('an evidence item deleted, or one added without a record', () => {
    const s = caseScenario();
    const items = s.items.filter((i) => i.evidenceId !== s.note.evidenceId);
    expect(verifyEvidenceItems(s.entries, items)).toEqual([
      { kind: 'item_missing', evidenceId: s.note.evidenceId, seq: 4, message: '第 4 条记录提交的「文字记录」在证据清单中不见了：证据条目被直接删除了。' },
    ]);
    const forged = { ...s.photo, evidenceId: 'ev_000000000000000000000000', fileName: '伪造.jpg' };
    expect(verifyEvidenceItems(s.entries, [...s.items, forged])).toEqual([
      { kind: 'item_unrecorded', evidenceId: 'ev_000000000000000000000000', message: '证据清单中的「伪造.jpg」没有对应的记录：它不是通过本系统添加的。' },
    ]);
  });

  it('a forged entry re-hashed to hide an item change breaks the next link', () => {
    const s = caseScenario();
    const entries = copy(s.entries);
    const third = entries[2] as SealedEntry;
    third.detail.sha256 = 'd'.repeat(64);
    const h = entryHash(third);
    third.hash = h.ok ? h.value : '';
    const items = s.items.map((i) => (i.evidenceId === s.video.evidenceId ? { ...i, sha256: 'd'.repeat(64) } : i));
    const v = verifyCase({ caseId: s.caseId, entries, head: s.head(), items, observed: s.observed() });
    expect(kinds(v.problems)).toEqual(['broken_link', 'object_replaced']);
  });

  it('at most 100 problems go into the case.verified entry', () => {
    const s = caseScenario();
    const listedKeys = Array.from({ length: 150 }, (_, i) => evidenceKey(s.caseId, sha256Hex(String(i))));
    const v = verifyCase({ caseId: s.caseId, entries: s.entries, head: s.head(), items: s.items, observed: s.observed(), listedKeys });
    expect(v.problems).toHaveLength(150);
    expect(verifiedDetail(v).problems).toHaveLength(100);
    expect(checkDetail('case.verified', verifiedDetail(v)).ok).toBe(true);
  });
});
