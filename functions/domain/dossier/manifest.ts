/**
 * The archive manifest (`归档`): a JSON record of the sealed case — the case, every record entry's
 * hash, every evidence hash, the log head it covers, the dossier self-check, who archived it and
 * when — and a printable HTML page of the same. Both are stored beside the evidence and their
 * hashes go into the `case.archived` entry, so the seal itself is part of the chain.
 */
import type { CaseType, PartyType, Procedure } from '../case/types.ts';
import { type Result, canonicalJson, sha256Hex } from '../record/canonical.ts';
import { type SealedEntry, verifyChain } from '../record/chain.ts';
import { RECORD_ACTION_LABELS, isRecordAction } from '../record/actions.ts';
import { diff } from '../record/diff.ts';
import { shanghaiDateTime } from '../record/format.ts';
import { type DossierReview, archiveRefusal } from './checklist.ts';
import { type EvidenceItem, dossierKeys, formatBytes } from './evidence.ts';
import { verifyEvidenceItems } from './integrity.ts';
import { MEDIA_KIND_LABELS } from './vocabulary.ts';

export const MANIFEST_FORMAT = 'enforcement-dossier-manifest';
export const MANIFEST_VERSION = 1;

export interface ManifestCase {
  caseId: string;
  caseNumber: string;
  caseType: CaseType;
  procedure: Procedure;
  partyName: string;
  partyType: PartyType;
  summary: string;
  filedAt: string;
  officers: { name: string; certificateNumber: string }[];
}

export interface ArchiveManifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  case: ManifestCase;
  archivedAt: string;
  archivedBy: { openId: string; name: string };
  /** Every entry up to the head the archive covers; `case.archived` itself follows and holds this file's hash. */
  record: {
    count: number;
    headSeq: number;
    headHash: string;
    entries: { seq: number; at: string; actor: string; action: string; prevHash: string; hash: string }[];
  };
  /** In the order received. */
  evidence: {
    evidenceId: string;
    sha256: string;
    size: number;
    fileName: string;
    mediaKind: EvidenceItem['mediaKind'];
    activity: EvidenceItem['activity'];
    receivedAt: string;
    sender: string;
    senderName: string;
    s3Key: string;
    s3VersionId?: string;
  }[];
  dossier: {
    score: number;
    grade: string;
    documents: { position: number; name: string; status: string; count: number }[];
    deductions: { name: string; points: number; reason: string }[];
    unconfirmed: string[];
    avWarnings: string[];
  };
}

export interface ManifestInput {
  case: ManifestCase;
  /** The whole log, in key order; must verify against `head`. */
  entries: readonly SealedEntry[];
  head: { seq: number; hash: string };
  evidence: readonly EvidenceItem[];
  review: DossierReview;
  archivedAt: string;
  archivedBy: { openId: string; name: string };
}

/**
 * Builds the manifest, refusing (in Chinese) a case whose self-check has a veto failure, whose log
 * does not verify, or whose evidence items do not match the log: a broken record is never sealed.
 */
export function buildManifest(input: ManifestInput): Result<ArchiveManifest> {
  const refusal = archiveRefusal(input.review);
  if (refusal) return { ok: false, errors: refusal };
  const chain = verifyChain({ caseId: input.case.caseId, entries: input.entries, head: input.head });
  if (!chain.ok) return { ok: false, errors: ['不能归档：全过程记录校验不通过。', ...chain.problems.map((p) => p.message)] };
  const items = verifyEvidenceItems(input.entries, input.evidence);
  if (items.length > 0) return { ok: false, errors: ['不能归档：证据清单与记录不符。', ...items.map((p) => p.message)] };
  if (input.entries.some((e) => e.action === 'case.archived')) return { ok: false, errors: ['本案已归档，无需再次归档'] };

  const evidence = [...input.evidence]
    .sort((a, b) => (a.receivedAt === b.receivedAt ? (a.evidenceId < b.evidenceId ? -1 : 1) : a.receivedAt < b.receivedAt ? -1 : 1))
    .map((e) => ({
      evidenceId: e.evidenceId,
      sha256: e.sha256,
      size: e.size,
      fileName: e.fileName,
      mediaKind: e.mediaKind,
      activity: e.activity,
      receivedAt: e.receivedAt,
      sender: e.sender,
      senderName: e.senderName,
      s3Key: e.s3Key,
      ...(e.s3VersionId ? { s3VersionId: e.s3VersionId } : {}),
    }));
  const r = input.review;
  return {
    ok: true,
    value: {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      // Field by field: whatever else the caller's case object holds (the party's ID number) stays out.
      case: {
        caseId: input.case.caseId,
        caseNumber: input.case.caseNumber,
        caseType: input.case.caseType,
        procedure: input.case.procedure,
        partyName: input.case.partyName,
        partyType: input.case.partyType,
        summary: input.case.summary,
        filedAt: input.case.filedAt,
        officers: input.case.officers.map((o) => ({ name: o.name, certificateNumber: o.certificateNumber })),
      },
      archivedAt: input.archivedAt,
      archivedBy: { openId: input.archivedBy.openId, name: input.archivedBy.name },
      record: {
        count: input.entries.length,
        headSeq: input.head.seq,
        headHash: input.head.hash,
        entries: input.entries.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, prevHash: e.prevHash, hash: e.hash })),
      },
      evidence,
      dossier: {
        score: r.score,
        grade: r.grade,
        documents: r.documents.map((d) => ({ position: d.position, name: d.name, status: d.status, count: d.count })),
        deductions: r.deductions.map((d) => ({ name: d.name, points: d.points, reason: d.reason })),
        unconfirmed: r.vetoUnknown.map((v) => v.name),
        avWarnings: r.av.warnings.map((w) => w.message),
      },
    },
  };
}

/** The stored JSON: the canonical form (so anyone can re-hash it), UTF-8. */
export function manifestBytes(manifest: ArchiveManifest): Uint8Array {
  const text = canonicalJson(manifest);
  // Built from validated values only; a failure here is a programming error.
  if (!text.ok) throw new Error(`manifest has no canonical form: ${text.errors.join('; ')}`);
  return new TextEncoder().encode(text.value);
}

/** The printable page's bytes, UTF-8. */
export function manifestHtmlBytes(manifest: ArchiveManifest): Uint8Array {
  return new TextEncoder().encode(renderManifestHtml(manifest));
}

/** The `case.archived` entry's detail: both files' keys and hashes, the head covered, status before/after. */
export function archivedDetail(manifest: ArchiveManifest, statusBefore: string) {
  const keys = dossierKeys(manifest.case.caseId);
  return {
    manifestKey: keys.manifest,
    manifestSha256: sha256Hex(manifestBytes(manifest)),
    htmlKey: keys.html,
    htmlSha256: sha256Hex(manifestHtmlBytes(manifest)),
    coversSeq: manifest.record.headSeq,
    coversHash: manifest.record.headHash,
    score: manifest.dossier.score,
    changes: diff({ status: statusBefore }, { status: 'archived' }),
  };
}

// ---------------------------------------------------------------------------------------------
// The printable page

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

const CASE_TYPE_PROCEDURE: Record<Procedure, string> = { simple: '简易程序', ordinary: '普通程序' };
const PARTY_TYPE: Record<PartyType, string> = { person: '自然人', organization: '法人或其他组织' };
const DOCUMENT_STATUS: Record<string, string> = { present: '已归档', missing: '缺失', pending: '未到期' };

const CSS = `@page { size: A4; margin: 18mm 16mm 20mm; }
* { box-sizing: border-box; }
body { font-family: "Songti SC", "SimSun", "Noto Serif CJK SC", serif; font-size: 10.5pt; color: #000; margin: 0; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 0.4pt solid #000; page-break-after: avoid; }
table { width: 100%; border-collapse: collapse; margin-bottom: 3mm; }
th, td { border: 0.4pt solid #000; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #eee; font-weight: bold; }
tr { page-break-inside: avoid; }
dl { display: grid; grid-template-columns: 28mm 1fr; gap: 1mm 3mm; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; }
.hash { font-family: "Courier New", monospace; font-size: 7.5pt; word-break: break-all; }
.num { text-align: right; white-space: nowrap; }
.note { font-size: 9pt; color: #333; }
@media screen { body { max-width: 210mm; margin: 10mm auto; padding: 0 10mm; } }`;

function row(cells: (string | { html: string; cls?: string })[]): string {
  return `<tr>${cells.map((c) => (typeof c === 'string' ? `<td>${escapeHtml(c)}</td>` : `<td${c.cls ? ` class="${c.cls}"` : ''}>${c.html}</td>`)).join('')}</tr>`;
}

const hashCell = (h: string) => ({ html: escapeHtml(h), cls: 'hash' });
const numCell = (n: string | number) => ({ html: escapeHtml(n), cls: 'num' });

/**
 * The manifest as a printable A4 page: every value escaped, no script, no external resource. Times in
 * Beijing time. Deterministic: the same manifest gives the same bytes, so its hash can be recorded.
 */
export function renderManifestHtml(m: ArchiveManifest): string {
  const c = m.case;
  const actionLabel = (a: string) => (isRecordAction(a) ? RECORD_ACTION_LABELS[a] : a);
  const parts: string[] = [];
  parts.push(
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(`${c.caseNumber} 归档清单`)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(c.caseNumber)} 案卷归档清单</h1>`,
    '<h2>案件</h2>',
    '<dl>',
    ...(
      [
        ['案件编号', c.caseNumber],
        ['案件类型', `${c.caseType}（${CASE_TYPE_PROCEDURE[c.procedure]}）`],
        ['当事人', `${c.partyName}（${PARTY_TYPE[c.partyType]}）`],
        ['案情摘要', c.summary],
        ['立案时间', shanghaiDateTime(c.filedAt)],
        ['承办人员', c.officers.map((o) => `${o.name}（执法证 ${o.certificateNumber}）`).join('、')],
        ['归档时间', shanghaiDateTime(m.archivedAt)],
        ['归档人', m.archivedBy.name],
        ['评查得分', `${m.dossier.score} 分（${m.dossier.grade}）`],
      ] as const
    ).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`),
    '</dl>',
    '<h2>卷内文件目录</h2>',
    '<table><thead><tr><th>序号</th><th>文件</th><th>状态</th><th>份数</th></tr></thead><tbody>',
    ...m.dossier.documents.map((d) => row([numCell(d.position), d.name, DOCUMENT_STATUS[d.status] ?? d.status, numCell(d.count)])),
    '</tbody></table>',
  );
  if (m.dossier.deductions.length + m.dossier.unconfirmed.length + m.dossier.avWarnings.length > 0) {
    parts.push('<h2>评查说明</h2>', '<ul>');
    for (const d of m.dossier.deductions) parts.push(`<li>扣 ${escapeHtml(d.points)} 分：${escapeHtml(d.reason)}</li>`);
    for (const u of m.dossier.unconfirmed) parts.push(`<li>未经确认：${escapeHtml(u)}</li>`);
    for (const w of m.dossier.avWarnings) parts.push(`<li>${escapeHtml(w)}</li>`);
    parts.push('</ul>');
  }
  parts.push(
    `<h2>证据（${escapeHtml(m.evidence.length)} 件）</h2>`,
    '<table><thead><tr><th>序号</th><th>文件名</th><th>类型</th><th>所属活动</th><th>大小</th><th>接收时间</th><th>提交人</th><th>SHA-256</th></tr></thead><tbody>',
    ...m.evidence.map((e, i) =>
      row([
        numCell(i + 1),
        e.fileName,
        MEDIA_KIND_LABELS[e.mediaKind],
        e.activity,
        numCell(formatBytes(e.size)),
        shanghaiDateTime(e.receivedAt),
        e.senderName,
        hashCell(e.sha256),
      ]),
    ),
    '</tbody></table>',
    `<h2>全过程记录（${escapeHtml(m.record.count)} 条）</h2>`,
    '<table><thead><tr><th>序号</th><th>时间</th><th>事项</th><th>本条哈希</th></tr></thead><tbody>',
    ...m.record.entries.map((e) => row([numCell(e.seq), shanghaiDateTime(e.at), actionLabel(e.action), hashCell(e.hash)])),
    '</tbody></table>',
    `<p class="note">记录链最新一条：第 ${escapeHtml(m.record.headSeq)} 条，哈希 <span class="hash">${escapeHtml(m.record.headHash)}</span>。` +
      '每条记录的哈希为 SHA-256（规范化 JSON：案件、序号、时间、操作人、事项、内容、上一条哈希），第 1 条的上一条哈希为 64 个 0；' +
      '本清单的 JSON 文件及本页的哈希记入随后的“归档”记录。</p>',
    '</body>',
    '</html>',
  );
  return `${parts.join('\n')}\n`;
}
