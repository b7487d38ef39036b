/**
 * `校验 <案件编号>`: the record chain, the evidence items against the entries that recorded them, and
 * every stored object re-hashed against the hash its entry holds. The app layer lists the case's
 * prefix and streams each object through SHA-256; this module decides what the findings mean.
 */
import { SHA256_HEX } from '../record/canonical.ts';
import { type ChainHead, type ChainProblem, type ChainVerdict, verifyChain } from '../record/chain.ts';
import type { FieldChange } from '../record/diff.ts';
import { activityAfterChanges, type EvidenceItem } from './evidence.ts';
import { isActivity } from './vocabulary.ts';

/** An object the log says exists, with the hash it must have. */
export interface ExpectedObject {
  key: string;
  sha256: string;
  /** The seq of the entry that recorded it first. */
  seq: number;
  /** What a person calls it. */
  label: string;
  evidenceId?: string;
  versionId?: string;
}

/** What the app layer found in storage: the current version of each object, re-hashed while streaming. */
export interface ObservedObject {
  key: string;
  sha256: string;
  size?: number;
  versionId?: string;
}

interface LooseEntry {
  seq: number;
  action: string;
  detail: Record<string, unknown>;
}

function looseEntries(entries: readonly unknown[]): LooseEntry[] {
  return entries.filter(
    (e): e is LooseEntry =>
      typeof e === 'object' &&
      e !== null &&
      Number.isSafeInteger((e as LooseEntry).seq) &&
      typeof (e as LooseEntry).action === 'string' &&
      typeof (e as LooseEntry).detail === 'object' &&
      (e as LooseEntry).detail !== null,
  );
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The objects the entries recorded: evidence and notes, and the archive's manifest and page. */
export function expectedObjects(entries: readonly unknown[]): ExpectedObject[] {
  const out = new Map<string, ExpectedObject>();
  const add = (o: ExpectedObject) => {
    if (!out.has(o.key) && SHA256_HEX.test(o.sha256)) out.set(o.key, o);
  };
  for (const e of looseEntries(entries)) {
    const d = e.detail;
    if (e.action === 'evidence.attached' || e.action === 'note.recorded') {
      const key = str(d.s3Key);
      const sha256 = str(d.sha256);
      if (!key || !sha256) continue;
      const label = e.action === 'note.recorded' ? '文字记录' : `证据「${str(d.fileName) ?? key}」`;
      const versionId = str(d.s3VersionId);
      add({ key, sha256, seq: e.seq, label, ...(str(d.evidenceId) ? { evidenceId: str(d.evidenceId) as string } : {}), ...(versionId ? { versionId } : {}) });
    } else if (e.action === 'document.drafted' || e.action === 'document.corrected') {
      // Every stored version of a document, superseded ones included: each is kept and re-hashed.
      const key = str(d.s3Key);
      const sha256 = str(d.sha256);
      if (!key || !sha256) continue;
      const versionId = str(d.s3VersionId);
      const version = typeof d.version === 'number' ? `（第${d.version}版）` : '';
      add({ key, sha256, seq: e.seq, label: `文书「${str(d.title) ?? key}」${version}`, ...(versionId ? { versionId } : {}) });
    } else if (e.action === 'case.archived') {
      for (const [k, h, label] of [
        ['manifestKey', 'manifestSha256', '归档清单（JSON）'],
        ['htmlKey', 'htmlSha256', '归档清单（打印页）'],
      ] as const) {
        const key = str(d[k]);
        const sha256 = str(d[h]);
        if (key && sha256) add({ key, sha256, seq: e.seq, label });
      }
    }
  }
  return [...out.values()];
}

export type IntegrityProblem =
  | ChainProblem
  | { kind: 'object_missing'; key: string; seq: number; message: string }
  | { kind: 'object_replaced'; key: string; seq: number; expected: string; found: string; message: string }
  | { kind: 'object_unknown'; key: string; message: string }
  | { kind: 'item_missing'; evidenceId: string; seq: number; message: string }
  | { kind: 'item_unrecorded'; evidenceId: string; message: string }
  | { kind: 'item_modified'; evidenceId: string; seq: number; fields: string[]; message: string };

const short = (sha: string) => `${sha.slice(0, 12)}…`;

/**
 * Compares what storage holds with what the log expects: a missing object, an object whose bytes no
 * longer hash to the recorded value (replaced, e.g. a new version written directly), and, given the
 * keys listed under the case's prefix, objects the system never recorded.
 */
export function verifyObjects(expected: readonly ExpectedObject[], observed: readonly ObservedObject[], listedKeys?: readonly string[]): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const found = new Map(observed.map((o) => [o.key, o]));
  for (const x of expected) {
    const o = found.get(x.key);
    if (!o) {
      problems.push({ kind: 'object_missing', key: x.key, seq: x.seq, message: `${x.label}（第 ${x.seq} 条记录，SHA-256 ${short(x.sha256)}）的文件在存储中找不到：被直接删除了。` });
      continue;
    }
    if (o.sha256 !== x.sha256) {
      const original = x.versionId && o.versionId && o.versionId !== x.versionId ? `原始版本（${x.versionId}）仍保留在存储中，可以恢复。` : '';
      problems.push({
        kind: 'object_replaced',
        key: x.key,
        seq: x.seq,
        expected: x.sha256,
        found: o.sha256,
        message: `${x.label}（第 ${x.seq} 条记录）的文件内容与记录不符：记录的 SHA-256 为 ${short(x.sha256)}，现在为 ${short(o.sha256)}，文件在存储中被替换过。${original}`,
      });
    }
  }
  const known = new Set(expected.map((x) => x.key));
  for (const key of [...new Set(listedKeys ?? [])].sort()) {
    if (!known.has(key)) problems.push({ kind: 'object_unknown', key, message: `存储中有一个不是通过本系统保存的文件（${key}）。` });
  }
  return problems;
}

/**
 * Compares the evidence items (what lists and receipts show) with the entries that recorded them:
 * each item needs its entry, each entry its item, and the hash, size, key, name, kind and the
 * activity (after every recorded change) must agree.
 */
export function verifyEvidenceItems(entries: readonly unknown[], items: readonly EvidenceItem[]): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const loose = looseEntries(entries);
  const recorded = new Map<string, LooseEntry>();
  const changes = new Map<string, FieldChange[][]>();
  for (const e of loose) {
    const id = str(e.detail.evidenceId);
    if (!id) continue;
    if ((e.action === 'evidence.attached' || e.action === 'note.recorded') && !recorded.has(id)) recorded.set(id, e);
    if (e.action === 'evidence.activity_changed' && Array.isArray(e.detail.changes)) {
      changes.set(id, [...(changes.get(id) ?? []), e.detail.changes as FieldChange[]]);
    }
  }
  const byId = new Map(items.map((i) => [i.evidenceId, i]));
  for (const [id, e] of recorded) {
    const item = byId.get(id);
    const name = str(e.detail.fileName) ?? (e.action === 'note.recorded' ? '文字记录' : id);
    if (!item) {
      problems.push({ kind: 'item_missing', evidenceId: id, seq: e.seq, message: `第 ${e.seq} 条记录提交的「${name}」在证据清单中不见了：证据条目被直接删除了。` });
      continue;
    }
    const initial = e.detail.activity;
    const want: Record<string, unknown> = {
      sha256: e.detail.sha256,
      size: e.detail.size,
      s3Key: e.detail.s3Key,
      activity: isActivity(initial) ? activityAfterChanges(initial, changes.get(id) ?? []) : initial,
      messageId: e.detail.messageId,
    };
    if (e.action === 'evidence.attached') {
      want.fileName = e.detail.fileName;
      want.mediaKind = e.detail.mediaKind;
    } else {
      want.mediaKind = 'note';
    }
    const labels: Record<string, string> = { sha256: '哈希', size: '大小', s3Key: '存储位置', activity: '所属活动', messageId: '来源消息', fileName: '文件名', mediaKind: '类型' };
    const fields = Object.keys(want).filter((k) => want[k] !== (item as unknown as Record<string, unknown>)[k]);
    if (fields.length > 0) {
      problems.push({
        kind: 'item_modified',
        evidenceId: id,
        seq: e.seq,
        fields,
        message: `证据「${item.fileName}」的${fields.map((f) => labels[f]).join('、')}与第 ${e.seq} 条记录不符：证据条目被直接改动过。`,
      });
    }
  }
  for (const item of items) {
    if (!recorded.has(item.evidenceId)) {
      problems.push({ kind: 'item_unrecorded', evidenceId: item.evidenceId, message: `证据清单中的「${item.fileName}」没有对应的记录：它不是通过本系统添加的。` });
    }
  }
  return problems;
}

export interface VerifyCaseInput {
  caseId: string;
  /** Every `LOG#` item in key order, storage attributes removed. */
  entries: readonly unknown[];
  /** The head kept in the case META item. */
  head?: ChainHead;
  items: readonly EvidenceItem[];
  /** Each object the log expects that storage still has, re-hashed. */
  observed: readonly ObservedObject[];
  /** Every key under the case's prefix (to find objects nobody recorded). */
  listedKeys?: readonly string[];
}

export interface CaseVerification {
  intact: boolean;
  chain: ChainVerdict;
  problems: IntegrityProblem[];
  checkedEntries: number;
  checkedObjects: number;
}

/** The whole 校验: chain first, then items, then objects. */
export function verifyCase(input: VerifyCaseInput): CaseVerification {
  const chain = verifyChain({ caseId: input.caseId, entries: input.entries, ...(input.head ? { head: input.head } : {}) });
  const expected = expectedObjects(input.entries);
  const problems: IntegrityProblem[] = [
    ...(chain.ok ? [] : chain.problems),
    ...verifyEvidenceItems(input.entries, input.items),
    ...verifyObjects(expected, input.observed, input.listedKeys),
  ];
  const observedKeys = new Set(input.observed.map((o) => o.key));
  return {
    intact: problems.length === 0,
    chain,
    problems,
    checkedEntries: input.entries.length,
    checkedObjects: expected.filter((x) => observedKeys.has(x.key)).length,
  };
}

/** The answer to `校验`: intact, or exactly which entry or object does not match and how. */
export function describeVerification(v: CaseVerification, caseNumber: string): string {
  if (v.intact) {
    return `${caseNumber} 校验通过：${v.checkedEntries} 条记录逐条核对哈希和链接一致，${v.checkedObjects} 个文件重新计算 SHA-256 均与记录相符。`;
  }
  return [`${caseNumber} 校验未通过，发现 ${v.problems.length} 处问题：`, ...v.problems.map((p, i) => `${i + 1}. ${p.message}`)].join('\n');
}

/** The `case.verified` entry's detail (at most 100 problems, by kind and place). */
export function verifiedDetail(v: CaseVerification) {
  return {
    intact: v.intact,
    checkedEntries: v.checkedEntries,
    checkedObjects: v.checkedObjects,
    problems: v.problems.slice(0, 100).map((p) => ({
      kind: p.kind,
      ...('seq' in p && typeof p.seq === 'number' ? { seq: p.seq } : 'fromSeq' in p ? { seq: p.fromSeq } : {}),
      ...('key' in p ? { key: p.key } : {}),
    })),
  };
}
