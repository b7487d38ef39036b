/**
 * The tamper-evident case record log: each entry carries the SHA-256 of the previous entry and of
 * its own canonical content, so an entry edited, deleted, reordered or copied in the database, not
 * through the bot, is found by `verifyChain`. The `case.filed` entry starts the chain.
 *
 *   hash = SHA-256( canonical({ caseId, seq, at, actor, action, detail, prevHash }) )
 *   prevHash of seq 1 = GENESIS_PREV_HASH (64 zeros); of seq n = hash of seq n − 1
 */
import * as z from 'zod/mini';
import { CASE_ID_PATTERN } from '../case/case-number.ts';
import { RECORD_ACTION_NAMES, type RecordAction, actionLabel, checkDetail } from './actions.ts';
import { type JsonValue, type Result, SHA256_HEX, canonicalJson, sha256Hex } from './canonical.ts';
import { shanghaiDateTime } from './format.ts';

export const GENESIS_PREV_HASH = '0'.repeat(64);
export const GENESIS_ACTION: RecordAction = 'case.filed';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
/** A person's open_id, or `system` for what the bot does on its own (scheduled work). */
const ACTOR = /^(ou_[\w-]{1,100}|system)$/;

/** What an entry says; the hash covers exactly these fields plus `prevHash`. */
export interface EntryContent {
  caseId: string;
  /** 1-based, gapless per case; the key is `LOG#<seq:6>`. */
  seq: number;
  /** ISO instant, UTC. */
  at: string;
  /** open_id, or `system`. */
  actor: string;
  action: RecordAction;
  detail: Record<string, JsonValue>;
}

export interface SealedEntry extends EntryContent {
  prevHash: string;
  hash: string;
}

/** The case's recorded head (kept in the case META item, written in the same transaction as the entry). */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** An entry to append: its seq and prevHash follow from the previous entry. */
export interface NewEntry {
  caseId: string;
  at: string;
  actor: string;
  action: RecordAction;
  detail: Record<string, unknown>;
}

/** The hash of an entry's content and its link. Fails only for content without a canonical form. */
export function entryHash(entry: EntryContent & { prevHash: string }): Result<string> {
  const { caseId, seq, at, actor, action, detail, prevHash } = entry;
  const text = canonicalJson({ caseId, seq, at, actor, action, detail, prevHash });
  return text.ok ? { ok: true, value: sha256Hex(text.value) } : text;
}

/**
 * Seals the next entry after `prev` (null for the first, which must be `case.filed`; the case's
 * recorded head with its caseId is enough, the whole entry is not needed). The result is
 * what the integrator writes, with `LOG#<seq>` conditioned on not existing and the case head moved
 * from `prev` to the new entry in the same transaction. Errors are programming errors: log them.
 */
export function sealEntry(prev: Pick<SealedEntry, 'caseId' | 'seq' | 'hash'> | null, content: NewEntry): Result<SealedEntry> {
  const errors: string[] = [];
  if (!CASE_ID_PATTERN.test(content.caseId)) errors.push(`caseId: not a case id (${content.caseId})`);
  if (!INSTANT.test(content.at) || Number.isNaN(Date.parse(content.at))) errors.push(`at: not an ISO instant in UTC (${content.at})`);
  if (!ACTOR.test(content.actor)) errors.push(`actor: not an open_id or "system" (${content.actor})`);
  // The detail as it will be stored and hashed (undefined members dropped), then its shape.
  const detailText = canonicalJson(content.detail);
  const detail = detailText.ok ? (JSON.parse(detailText.value) as Record<string, JsonValue>) : undefined;
  if (!detailText.ok) errors.push(...detailText.errors.map((e) => e.replace(/^\$/, 'detail')));
  if (!RECORD_ACTION_NAMES.includes(content.action)) errors.push(`action: unknown (${String(content.action)})`);
  else if (detail) {
    const checked = checkDetail(content.action, detail);
    if (!checked.ok) errors.push(...checked.errors);
  }
  if (prev === null && content.action !== GENESIS_ACTION) errors.push(`the first entry must be ${GENESIS_ACTION}`);
  if (prev !== null) {
    if (content.action === GENESIS_ACTION) errors.push(`${GENESIS_ACTION} can only be the first entry`);
    if (prev.caseId !== content.caseId) errors.push(`previous entry belongs to case ${prev.caseId}, not ${content.caseId}`);
    if (!SHA256_HEX.test(prev.hash) || !Number.isSafeInteger(prev.seq) || prev.seq < 1) errors.push('previous entry is not sealed');
  }
  if (errors.length > 0 || !detail) return { ok: false, errors };
  const unsealed = {
    caseId: content.caseId,
    seq: prev === null ? 1 : prev.seq + 1,
    at: content.at,
    actor: content.actor,
    action: content.action,
    // Exactly what is hashed, as a copy: later changes to the caller's object are harmless.
    detail,
    prevHash: prev === null ? GENESIS_PREV_HASH : prev.hash,
  };
  const hash = entryHash(unsealed);
  if (!hash.ok) return hash;
  return { ok: true, value: { ...unsealed, hash: hash.value } };
}

/** Seals a whole log from its first entry (for tests, and to seal a log written before the chain existed). */
export function sealChain(contents: readonly NewEntry[]): Result<SealedEntry[]> {
  const sealed: SealedEntry[] = [];
  for (const [i, content] of contents.entries()) {
    const next = sealEntry(sealed.at(-1) ?? null, content);
    if (!next.ok) return { ok: false, errors: next.errors.map((e) => `entry ${i + 1}: ${e}`) };
    sealed.push(next.value);
  }
  return { ok: true, value: sealed };
}

export function headOf(entry: SealedEntry): ChainHead {
  return { seq: entry.seq, hash: entry.hash };
}

// ---------------------------------------------------------------------------------------------
// Verification

const storedEntrySchema = z.strictObject({
  caseId: z.string(),
  seq: z.int().check(z.minimum(1)),
  at: z.string(),
  actor: z.string(),
  // Any string: integrity, not today's vocabulary, decides whether an old entry is intact.
  action: z.string(),
  detail: z.record(z.string(), z.unknown()),
  prevHash: z.string().check(z.regex(SHA256_HEX)),
  hash: z.string().check(z.regex(SHA256_HEX)),
});
type StoredEntry = z.infer<typeof storedEntrySchema>;

export type ChainProblem =
  | { kind: 'empty'; message: string }
  | { kind: 'malformed'; position: number; seq?: number; fields: string[]; message: string }
  | { kind: 'wrong_case'; seq: number; caseId: string; message: string }
  | { kind: 'genesis'; seq: number; message: string }
  | { kind: 'modified'; seq: number; message: string }
  | { kind: 'broken_link'; seq: number; message: string }
  | { kind: 'missing'; fromSeq: number; toSeq: number; message: string }
  | { kind: 'duplicate'; seq: number; message: string }
  | { kind: 'out_of_order'; seq: number; afterSeq: number; message: string }
  | { kind: 'truncated'; fromSeq: number; toSeq: number; message: string }
  | { kind: 'head_mismatch'; seq: number; message: string }
  | { kind: 'beyond_head'; fromSeq: number; toSeq: number; message: string };
export type ChainProblemKind = ChainProblem['kind'];

export type ChainVerdict =
  | { ok: true; count: number; head: ChainHead }
  | { ok: false; count: number; problems: ChainProblem[] };

export interface VerifyChainInput {
  caseId: string;
  /** Every `LOG#` item of the case in key order (as a Query returns them), storage attributes removed. Do not sort. */
  entries: readonly unknown[];
  /** The head recorded in the case META item; without it a truncated tail cannot be seen. */
  head?: ChainHead;
}

const range = (from: number, to: number) => (from === to ? `第 ${from} 条` : `第 ${from}–${to} 条`);

function describeEntry(e: StoredEntry): string {
  return `第 ${e.seq} 条记录（${actionLabel(e.action)}，${shanghaiDateTime(e.at)}）`;
}

function malformedFields(entry: unknown, issues: readonly { code: string; path: PropertyKey[]; keys?: string[] }[]): string[] {
  const fields = new Set<string>();
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') for (const k of issue.keys ?? []) fields.add(`+${k}`);
    else fields.add(String(issue.path[0] ?? '(整条)'));
  }
  if (typeof entry !== 'object' || entry === null) return ['(整条)'];
  return [...fields];
}

function malformedMessage(position: number, seq: number | undefined, fields: string[]): string {
  const missing = fields.filter((f) => !f.startsWith('+'));
  const extra = fields.filter((f) => f.startsWith('+')).map((f) => f.slice(1));
  const what = [
    missing.length > 0 ? `字段 ${missing.join('、')} 缺失或无效` : '',
    extra.length > 0 ? `多出字段 ${extra.join('、')}` : '',
  ]
    .filter(Boolean)
    .join('；');
  const which = seq !== undefined ? `第 ${seq} 条记录` : `读到的第 ${position} 个记录项`;
  return `${which}格式不对（${what}）：它在写入后被直接改动过，或者不是本系统写入的。`;
}

/**
 * Checks a case's whole record log. Reports every problem found, each with a Chinese explanation:
 * an entry whose content no longer matches its hash (modified), a gap in seq (deleted), a seq seen
 * twice (copied), entries stored out of seq order (reordered), a link that does not match the
 * previous entry (an entry edited and re-hashed), an entry of another case, a wrong start, and —
 * against the recorded head — a missing tail, a head that does not match, entries past the head.
 */
export function verifyChain(input: VerifyChainInput): ChainVerdict {
  const problems: ChainProblem[] = [];
  const valid: StoredEntry[] = [];
  const seqsPresent = new Set<number>();
  let maxSeqSoFar = 0;

  input.entries.forEach((raw, i) => {
    const position = i + 1;
    const rawSeq = (raw as { seq?: unknown } | null)?.seq;
    const seq = Number.isSafeInteger(rawSeq) && (rawSeq as number) >= 1 ? (rawSeq as number) : undefined;
    if (seq !== undefined) {
      // Storage order must be seq order: an entry stored after a higher seq was moved.
      if (seq < maxSeqSoFar) {
        problems.push({
          kind: 'out_of_order',
          seq,
          afterSeq: maxSeqSoFar,
          message: `第 ${seq} 条记录存放在第 ${maxSeqSoFar} 条之后：记录的存放顺序被调换过。`,
        });
      }
      maxSeqSoFar = Math.max(maxSeqSoFar, seq);
    }
    const parsed = storedEntrySchema.safeParse(raw);
    if (!parsed.success) {
      const fields = malformedFields(raw, parsed.error.issues);
      problems.push({
        kind: 'malformed',
        position,
        ...(seq !== undefined ? { seq } : {}),
        fields,
        message: malformedMessage(position, seq, fields),
      });
      if (seq !== undefined) seqsPresent.add(seq);
      return;
    }
    valid.push(parsed.data);
  });

  // The chain itself, in seq order. Malformed entries count as present (their problem is already told).
  const groups = new Map<number, StoredEntry[]>();
  for (const e of valid) groups.set(e.seq, [...(groups.get(e.seq) ?? []), e]);
  const seqs = [...groups.keys()].sort((a, b) => a - b);
  // Deleted entries: the gaps between the seqs seen, readable or malformed (from the sorted list, not
  // by counting up to the last seq: a forged seq of 10^15 must not make the check run forever).
  const seen = [...new Set([...seqs, ...seqsPresent])].sort((a, b) => a - b);
  const lastSeq = seen.at(-1) ?? 0;
  let before = 0;
  for (const s of seen) {
    if (s > before + 1) {
      const [from, to] = [before + 1, s - 1];
      problems.push({ kind: 'missing', fromSeq: from, toSeq: to, message: `${range(from, to)}记录缺失：被直接删除了。` });
    }
    before = s;
  }
  for (const seq of seqs) {
    const group = groups.get(seq) as StoredEntry[];
    if (group.length > 1) {
      problems.push({ kind: 'duplicate', seq, message: `第 ${seq} 条记录出现了不止一次：有记录被复制，或序号被改动过。` });
    }
    // Of a duplicated seq, any copy may be the genuine one: a link to either is not broken.
    const previous = groups.get(seq - 1);
    for (const e of group) {
      if (e.caseId !== input.caseId) {
        problems.push({
          kind: 'wrong_case',
          seq,
          caseId: e.caseId,
          message: `${describeEntry(e)}属于另一个案件（${e.caseId}）：是从别的案件复制进来的。`,
        });
      }
      if (seq === 1 && (e.action !== GENESIS_ACTION || e.prevHash !== GENESIS_PREV_HASH)) {
        problems.push({ kind: 'genesis', seq, message: '第 1 条记录应当是立案记录，且其“上一条哈希”应为 64 个 0：记录链的起点被改动过。' });
      } else if (seq > 1 && e.action === GENESIS_ACTION) {
        problems.push({ kind: 'genesis', seq, message: `第 ${seq} 条是立案记录，但立案记录只能是第 1 条：记录被插入或改动过。` });
      }
      const recomputed = entryHash({ ...e, action: e.action as RecordAction, detail: e.detail as Record<string, JsonValue> });
      if (!recomputed.ok || recomputed.value !== e.hash) {
        problems.push({ kind: 'modified', seq, message: `${describeEntry(e)}的内容与它的哈希不符：写入后被直接改动过。` });
      }
      if (previous && !previous.some((p) => p.hash === e.prevHash)) {
        problems.push({
          kind: 'broken_link',
          seq,
          message: `第 ${seq} 条记录所记的“上一条哈希”与第 ${seq - 1} 条不符：第 ${seq - 1} 条写入后被改动并重新计算了哈希，或第 ${seq} 条被改动过。`,
        });
      }
    }
  }

  if (input.entries.length === 0) problems.push({ kind: 'empty', message: '本案没有任何记录（至少应有立案记录）：记录被整体删除了。' });
  if (input.head) {
    const { head } = input;
    if (head.seq > lastSeq) {
      const from = lastSeq + 1;
      problems.push({
        kind: 'truncated',
        fromSeq: from,
        toSeq: head.seq,
        message: `记录的末尾缺失：案件信息记载共有 ${head.seq} 条记录，只找到 ${lastSeq} 条（${range(from, head.seq)}被删除了）。`,
      });
    }
    const atHead = groups.get(head.seq);
    if (atHead && !atHead.some((e) => e.hash === head.hash)) {
      problems.push({
        kind: 'head_mismatch',
        seq: head.seq,
        message: `第 ${head.seq} 条记录（最新一条）与案件信息所记的最新哈希不符：该记录或案件信息被直接改动过。`,
      });
    }
    if (lastSeq > head.seq) {
      problems.push({
        kind: 'beyond_head',
        fromSeq: head.seq + 1,
        toSeq: lastSeq,
        message: `${range(head.seq + 1, lastSeq)}记录超出了案件信息所记的范围（共 ${head.seq} 条）：不是通过本系统写入的。`,
      });
    }
  }

  if (problems.length > 0) return { ok: false, count: input.entries.length, problems };
  const last = (groups.get(lastSeq) as StoredEntry[])[0] as StoredEntry;
  return { ok: true, count: input.entries.length, head: { seq: last.seq, hash: last.hash } };
}

/** The verdict as a person reads it in chat: intact, or each problem on its own line. */
export function describeChainVerdict(verdict: ChainVerdict): string {
  if (verdict.ok) return `记录完整：共 ${verdict.count} 条，逐条核对哈希和链接均一致（最新哈希 ${verdict.head.hash.slice(0, 16)}…）。`;
  return [`记录不完整，发现 ${verdict.problems.length} 处问题：`, ...verdict.problems.map((p, i) => `${i + 1}. ${p.message}`)].join('\n');
}
