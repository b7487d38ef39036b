/**
 * Evidence from the chat: which Feishu messages can become evidence and of what kind, the
 * size rules, the S3 key layout, the evidence item, duplicates, written notes, activity changes,
 * who may attach and see, and the receipt's fields. Pure: times, ids and hashes are arguments.
 */
import * as z from 'zod/mini';
import { CASE_ID_PATTERN } from '../case/case-number.ts';
import { type Result, SHA256_HEX, sha256Hex } from '../record/canonical.ts';
import { type FieldChange, diff } from '../record/diff.ts';
import { shanghaiDateTime } from '../record/format.ts';
import {
  ACTIVITIES,
  type Activity,
  DEFAULT_ACTIVITY,
  MEDIA_KIND_LABELS,
  MAX_NOTE_CHARS,
  MEDIA_KINDS,
  type MediaKind,
  isActivity,
} from './vocabulary.ts';

// ---------------------------------------------------------------------------------------------
// Messages that can become evidence

/** How the Open API serves the bytes: `GET /im/v1/messages/{message_id}/resources/{key}?type=…`. */
export type ResourceType = 'image' | 'file';

export interface IncomingResource {
  messageId: string;
  messageType: 'image' | 'file' | 'audio' | 'media';
  /** `image_key` for images, `file_key` otherwise. */
  key: string;
  resourceType: ResourceType;
  /** From the message type and, for `file`, the file name; refine with the download's Content-Type. */
  mediaKind: MediaKind;
  fileName?: string;
  durationMs?: number;
}

const keyText = z.string().check(z.trim(), z.minLength(1), z.maxLength(512));
const CONTENT_SCHEMAS = {
  image: z.object({ image_key: keyText }),
  file: z.object({ file_key: keyText, file_name: z.optional(z.string()) }),
  audio: z.object({ file_key: keyText, duration: z.optional(z.number()) }),
  media: z.object({ file_key: keyText, file_name: z.optional(z.string()), duration: z.optional(z.number()) }),
} as const;

const REFUSALS: Record<string, string> = {
  text: '文字内容请用「记录 内容」保存为文字记录，例如：记录 现场门窗紧闭，无人应答。',
  post: '富文本消息里的图片和文字不能直接保存为证据。请把照片或文件单独发送，文字用「记录 内容」。',
  sticker: '表情不能作为证据保存。请发送照片、视频、录音或文件。',
  merge_forward: '合并转发的消息无法下载。请把其中的照片、视频、录音或文件逐条转发给我。',
  location: '位置消息不能直接保存为证据。请用「记录 内容」写明地点，或发送现场照片。',
  interactive: '卡片消息不能作为证据保存。请发送照片、视频、录音或文件。',
};
const GENERIC_REFUSAL = '这类消息不能作为证据保存。请发送照片、视频、录音或文件（单个不超过 100 MB）。';
const UNREADABLE = '没能读取这条消息里的文件，没有保存。请重新发送一次。';

function parseContent(content: unknown): unknown {
  if (typeof content !== 'string') return content;
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Decides whether a received message can become evidence: `image`, `file`, `audio` and `media`
 * (video) can; every other type gets a Chinese reply saying what to send instead. `content` is the
 * event's `message.content` (the JSON string Feishu sends, or already parsed).
 */
export function classifyMessage(messageType: string, content: unknown, messageId: string): Result<IncomingResource> {
  if (!Object.hasOwn(CONTENT_SCHEMAS, messageType)) {
    return { ok: false, errors: [Object.hasOwn(REFUSALS, messageType) ? (REFUSALS[messageType] as string) : GENERIC_REFUSAL] };
  }
  const type = messageType as keyof typeof CONTENT_SCHEMAS;
  const parsed = CONTENT_SCHEMAS[type].safeParse(parseContent(content));
  if (!parsed.success || messageId.trim() === '') return { ok: false, errors: [UNREADABLE] };
  const c = parsed.data as { image_key?: string; file_key?: string; file_name?: string; duration?: number };
  const fileName = c.file_name?.trim() ? c.file_name.trim() : undefined;
  const durationMs = typeof c.duration === 'number' && Number.isFinite(c.duration) && c.duration >= 0 ? Math.round(c.duration) : undefined;
  const base = {
    messageId,
    messageType: type,
    ...(fileName !== undefined ? { fileName } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
  switch (type) {
    case 'image':
      return { ok: true, value: { ...base, key: c.image_key as string, resourceType: 'image', mediaKind: 'image' } };
    case 'audio':
      return { ok: true, value: { ...base, key: c.file_key as string, resourceType: 'file', mediaKind: 'audio' } };
    case 'media':
      return { ok: true, value: { ...base, key: c.file_key as string, resourceType: 'file', mediaKind: 'video' } };
    case 'file':
      return { ok: true, value: { ...base, key: c.file_key as string, resourceType: 'file', mediaKind: mediaKindFromFile(fileName) } };
  }
}

const EXTENSIONS: Record<Exclude<MediaKind, 'document' | 'note'>, readonly string[]> = {
  image: ['jpg', 'jpeg', 'png', 'gif', 'bmp', 'webp', 'heic', 'heif', 'tif', 'tiff'],
  video: ['mp4', 'mov', 'm4v', 'avi', 'mkv', '3gp', 'wmv', 'flv', 'webm', 'mpg', 'mpeg', 'ts'],
  audio: ['mp3', 'm4a', 'aac', 'wav', 'amr', 'ogg', 'opus', 'flac', 'wma'],
};

/**
 * The kind of a file sent as a `file` message: a video or a recording sent as a file is still
 * audio/video for the AV duties. The MIME type wins when it is specific; then the extension.
 */
export function mediaKindFromFile(fileName?: string, mimeType?: string): MediaKind {
  const mime = mimeType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  const ext = /\.([a-z0-9]{1,5})$/i.exec(fileName?.trim() ?? '')?.[1]?.toLowerCase();
  if (ext) for (const [kind, list] of Object.entries(EXTENSIONS)) if (list.includes(ext)) return kind as MediaKind;
  return 'document';
}

/**
 * The final kind once the download's Content-Type is known. Image, audio and video messages keep
 * their kind (Feishu transcodes them); a `file` message is judged by its name and type.
 */
export function refineMediaKind(resource: Pick<IncomingResource, 'messageType' | 'mediaKind' | 'fileName'>, mimeType?: string): MediaKind {
  return resource.messageType === 'file' ? mediaKindFromFile(resource.fileName, mimeType) : resource.mediaKind;
}

// ---------------------------------------------------------------------------------------------
// Size

/** Feishu's message-resource download limit (100 MB, read as MiB). */
export const MAX_EVIDENCE_BYTES = 100 * 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/**
 * The size rules, for the declared size, while streaming (bytes so far) and at the end: an empty
 * file and a file over the limit are refused with a reply saying what to do; nothing is stored.
 */
export function checkEvidenceSize(bytes: number, limit = MAX_EVIDENCE_BYTES): Result<number> {
  if (!Number.isSafeInteger(bytes) || bytes < 0) return { ok: false, errors: [UNREADABLE] };
  if (bytes === 0) return { ok: false, errors: ['这个文件是空的（0 字节），没有保存。请检查文件后重新发送。'] };
  if (bytes > limit) {
    return {
      ok: false,
      errors: [`这个文件超过 ${formatBytes(limit)}（飞书可下载的上限），没有保存。请压缩或分段后重新发送。`],
    };
  }
  return { ok: true, value: bytes };
}

// ---------------------------------------------------------------------------------------------
// S3 keys: one case's objects under one prefix; evidence content-addressed by SHA-256

function requireCaseId(caseId: string): string {
  if (!CASE_ID_PATTERN.test(caseId)) throw new RangeError(`not a case id: ${caseId}`);
  return caseId;
}

/** Everything of one case: `cases/<caseId>/`. */
export function casePrefix(caseId: string): string {
  return `cases/${requireCaseId(caseId)}/`;
}

/** One case's evidence, listed by this prefix. */
export function evidencePrefix(caseId: string): string {
  return `${casePrefix(caseId)}evidence/`;
}

/**
 * `cases/<caseId>/evidence/<sha256>`: the same bytes in one case are one object (a re-delivered
 * event or a duplicate writes nothing new); the file name and type live in the item, not the key.
 * Throws only on a programming error (not a case id, not a hash).
 */
export function evidenceKey(caseId: string, sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new RangeError(`not a lowercase hex SHA-256: ${sha256}`);
  return `${evidencePrefix(caseId)}${sha256}`;
}

/** Reads a key back; null for anything that is not an evidence key (e.g. an object someone put there). */
export function parseEvidenceKey(key: string): { caseId: string; sha256: string } | null {
  const m = /^cases\/(\d{4}-\d{6})\/evidence\/([0-9a-f]{64})$/.exec(key);
  return m ? { caseId: m[1] as string, sha256: m[2] as string } : null;
}

/** The archive manifest and its printable page, beside the evidence. */
export function dossierKeys(caseId: string): { manifest: string; html: string } {
  const base = `${casePrefix(caseId)}dossier/`;
  return { manifest: `${base}manifest.json`, html: `${base}manifest.html` };
}

// ---------------------------------------------------------------------------------------------
// The evidence item

/**
 * Derived from the Feishu message, so a re-delivered event or a retried job yields the same id and
 * a conditional put stores nothing twice.
 */
export function evidenceIdFor(caseId: string, messageId: string): string {
  return `ev_${sha256Hex(`${caseId}\n${messageId}`).slice(0, 24)}`;
}

const instant = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/));

/** The item as stored beside the case (read back through this schema at the boundary). */
export const evidenceItemSchema = z.object({
  evidenceId: z.string().check(z.regex(/^ev_[0-9a-f]{24}$/)),
  caseId: z.string().check(z.regex(CASE_ID_PATTERN)),
  sha256: z.string().check(z.regex(SHA256_HEX)),
  size: z.int().check(z.minimum(1), z.maximum(MAX_EVIDENCE_BYTES)),
  fileName: z.string().check(z.minLength(1), z.maxLength(255)),
  mediaKind: z.enum(MEDIA_KINDS),
  mimeType: z.optional(z.string().check(z.maxLength(255))),
  activity: z.enum(ACTIVITIES),
  /** When the bot stored it (server time). */
  receivedAt: instant,
  /** When Feishu says the message was sent (`create_time`), if known. */
  sentAt: z.optional(instant),
  /** open_id of the officer who sent it. */
  sender: z.string().check(z.regex(/^ou_[\w-]{1,100}$/)),
  /** The sender's name at the time, so old cases keep it after roster changes. */
  senderName: z.string().check(z.minLength(1), z.maxLength(50)),
  messageId: z.string().check(z.minLength(1), z.maxLength(200)),
  s3Key: z.string().check(z.minLength(1), z.maxLength(1024)),
  s3VersionId: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
});
export type EvidenceItem = z.infer<typeof evidenceItemSchema>;

export interface NewEvidenceInput {
  caseId: string;
  resource: Pick<IncomingResource, 'messageId' | 'messageType' | 'mediaKind' | 'fileName'>;
  /** Computed while streaming. */
  sha256: string;
  size: number;
  /** Content-Type of the download. */
  mimeType?: string;
  receivedAt: string;
  sentAt?: string;
  sender: string;
  senderName: string;
  activity?: Activity;
  s3VersionId?: string;
}

const MIME_EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'audio/ogg': 'ogg',
  'audio/opus': 'opus',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/amr': 'amr',
  'text/plain': 'txt',
  'application/pdf': 'pdf',
};
const DEFAULT_EXTENSIONS: Record<MediaKind, string> = { image: 'jpg', video: 'mp4', audio: 'opus', document: 'bin', note: 'txt' };

/**
 * A file name safe for Content-Disposition, HTML and a printed list: no control characters, no path
 * separators, at most 120 characters (the extension kept). Without a usable name (photos, voice
 * messages) one is made from the kind and the time: `照片-20260302-100304.jpg`.
 */
export function safeFileName(raw: string | undefined, kind: MediaKind, receivedAt: string, mimeType?: string): string {
  const cleaned = (raw ?? '').replace(/[\u0000-\u001f\u007f\u2028\u2029/\\]/g, ' ').replace(/\s+/g, ' ').trim();
  if (cleaned !== '' && !/^\.+$/.test(cleaned)) {
    const chars = [...cleaned];
    if (chars.length <= 120) return cleaned;
    const ext = /\.[^.\s]{1,8}$/.exec(cleaned)?.[0] ?? '';
    return chars.slice(0, 120 - ext.length).join('') + ext;
  }
  const mime = mimeType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const ext = MIME_EXTENSIONS[mime] ?? DEFAULT_EXTENSIONS[kind];
  const stamp = shanghaiDateTime(receivedAt).replace(/[-:]/g, '').replace(' ', '-');
  return `${MEDIA_KIND_LABELS[kind]}-${stamp}.${ext}`;
}

/** The evidence item for stored bytes; refuses (in Chinese) what the size rules refuse. */
export function buildEvidenceItem(input: NewEvidenceInput): Result<EvidenceItem> {
  const size = checkEvidenceSize(input.size);
  if (!size.ok) return size;
  const mediaKind = refineMediaKind(input.resource, input.mimeType);
  const item = {
    evidenceId: evidenceIdFor(input.caseId, input.resource.messageId),
    caseId: input.caseId,
    sha256: input.sha256,
    size: input.size,
    fileName: safeFileName(input.resource.fileName, mediaKind, input.receivedAt, input.mimeType),
    mediaKind,
    ...(input.mimeType ? { mimeType: input.mimeType } : {}),
    activity: input.activity ?? DEFAULT_ACTIVITY,
    receivedAt: input.receivedAt,
    ...(input.sentAt ? { sentAt: input.sentAt } : {}),
    sender: input.sender,
    senderName: input.senderName,
    messageId: input.resource.messageId,
    s3Key: SHA256_HEX.test(input.sha256) && CASE_ID_PATTERN.test(input.caseId) ? evidenceKey(input.caseId, input.sha256) : '',
    ...(input.s3VersionId ? { s3VersionId: input.s3VersionId } : {}),
  };
  return validItem(item);
}

function validItem(item: unknown): Result<EvidenceItem> {
  const parsed = evidenceItemSchema.safeParse(item);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `evidence.${i.path.map(String).join('.')}: ${i.message}`) };
  }
  return { ok: true, value: parsed.data };
}

/** The `evidence.attached` entry's detail: exactly what verification later compares with the item. */
export function attachedDetail(item: EvidenceItem) {
  return {
    evidenceId: item.evidenceId,
    sha256: item.sha256,
    size: item.size,
    fileName: item.fileName,
    mediaKind: item.mediaKind,
    ...(item.mimeType ? { mimeType: item.mimeType } : {}),
    activity: item.activity,
    messageId: item.messageId,
    s3Key: item.s3Key,
    ...(item.s3VersionId ? { s3VersionId: item.s3VersionId } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Duplicates

/**
 * The same bytes already in this case (by SHA-256): the earliest such item, or null. Other cases do
 * not count: each case keeps its own copy under its own prefix.
 */
export function findDuplicate(items: readonly EvidenceItem[], caseId: string, sha256: string): EvidenceItem | null {
  const same = items.filter((i) => i.caseId === caseId && i.sha256 === sha256);
  same.sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0));
  return same[0] ?? null;
}

/** The reply to a duplicate: which earlier item it matches. */
export function duplicateNotice(match: EvidenceItem): string {
  return `这份${MEDIA_KIND_LABELS[match.mediaKind]}与本案已保存的「${match.fileName}」完全相同（${match.senderName} 于 ${shanghaiDateTime(match.receivedAt)} 提交，SHA-256 ${match.sha256.slice(0, 12)}…），没有重复保存。`;
}

/** The `evidence.duplicate_received` entry's detail. */
export function duplicateDetail(match: EvidenceItem, messageId: string, fileName: string) {
  return { sha256: match.sha256, matchedEvidenceId: match.evidenceId, messageId, fileName };
}

// ---------------------------------------------------------------------------------------------
// Written records (`记录 <text>`)

export const NOTE_MIME_TYPE = 'text/plain; charset=utf-8';

/** The text after `记录` (`记录 …`, `记录：…`, `记录:…`), or null when the message is not a note. */
export function noteTextFrom(message: string): string | null {
  const m = /^\s*记录(?:[\s\u3000:：]+([\s\S]*))?$/.exec(message);
  if (!m) return null;
  return (m[1] ?? '').trim();
}

export interface NewNoteInput {
  caseId: string;
  text: string;
  messageId: string;
  receivedAt: string;
  sentAt?: string;
  sender: string;
  senderName: string;
  activity?: Activity;
  s3VersionId?: string;
}

/**
 * A written record: its UTF-8 bytes (stored like any evidence, content-addressed) and its item.
 * The same text twice is two notes (two observations at two times); their bytes share one object.
 */
export function buildNote(input: NewNoteInput): Result<{ item: EvidenceItem; bytes: Uint8Array; text: string }> {
  const text = input.text.replace(/\r\n?/g, '\n').trim();
  if (text === '') return { ok: false, errors: ['请在「记录」后面写上内容，例如：记录 现场门窗紧闭，无人应答'] };
  const chars = text.length;
  if (chars > MAX_NOTE_CHARS) return { ok: false, errors: [`记录内容有 ${chars} 字，超过 ${MAX_NOTE_CHARS} 字，没有保存。请分成几条发送。`] };
  const bytes = new TextEncoder().encode(text);
  const sha256 = sha256Hex(bytes);
  const stamp = shanghaiDateTime(input.receivedAt).replace(/[-:]/g, '').replace(' ', '-');
  const item = validItem({
    evidenceId: evidenceIdFor(input.caseId, input.messageId),
    caseId: input.caseId,
    sha256,
    size: bytes.length,
    fileName: `文字记录-${stamp}.txt`,
    mediaKind: 'note',
    mimeType: NOTE_MIME_TYPE,
    activity: input.activity ?? DEFAULT_ACTIVITY,
    receivedAt: input.receivedAt,
    ...(input.sentAt ? { sentAt: input.sentAt } : {}),
    sender: input.sender,
    senderName: input.senderName,
    messageId: input.messageId,
    s3Key: CASE_ID_PATTERN.test(input.caseId) ? evidenceKey(input.caseId, sha256) : '',
    ...(input.s3VersionId ? { s3VersionId: input.s3VersionId } : {}),
  });
  return item.ok ? { ok: true, value: { item: item.value, bytes, text } } : item;
}

/** The `note.recorded` entry's detail. */
export function noteDetail(item: EvidenceItem, text: string) {
  return {
    evidenceId: item.evidenceId,
    sha256: item.sha256,
    size: item.size,
    activity: item.activity,
    messageId: item.messageId,
    s3Key: item.s3Key,
    ...(item.s3VersionId ? { s3VersionId: item.s3VersionId } : {}),
    text,
  };
}

// ---------------------------------------------------------------------------------------------
// The activity, chosen on the receipt card

/**
 * Changes an item's activity. Returns the new item and the before/after for the
 * `evidence.activity_changed` entry; refuses an unknown activity, no change, or an archived case.
 */
export function changeActivity(
  item: EvidenceItem,
  to: string,
  archived: boolean,
): Result<{ item: EvidenceItem; changes: FieldChange[] }> {
  if (archived) return { ok: false, errors: ['本案已归档，只能查看，不能再修改证据的所属活动'] };
  if (!isActivity(to)) return { ok: false, errors: [`没有「${to}」这一活动。请选择：${ACTIVITIES.join('、')}`] };
  if (to === item.activity) return { ok: false, errors: [`这份证据的所属活动已是「${to}」，无需更改`] };
  return { ok: true, value: { item: { ...item, activity: to }, changes: diff({ activity: item.activity }, { activity: to }) } };
}

/** Replays a log's activity changes: the activity each item should have now (for verification). */
export function activityAfterChanges(initial: Activity, changes: readonly FieldChange[][]): Activity {
  let activity = initial;
  for (const list of changes) {
    const c = list.find((x) => x.field === 'activity');
    if (c && isActivity(c.after)) activity = c.after;
  }
  return activity;
}

// ---------------------------------------------------------------------------------------------
// Which case, and who may

/**
 * The case a file goes to: the case card it replies to, else the person's current case in this chat.
 * Neither: ask (a card of the person's open cases) — nothing is attached to a guessed case.
 */
export function resolveTargetCase(input: { repliedToCaseId?: string | null; currentCaseId?: string | null }):
  | { caseId: string; via: 'reply' | 'current' }
  | { ask: true } {
  if (input.repliedToCaseId) return { caseId: input.repliedToCaseId, via: 'reply' };
  if (input.currentCaseId) return { caseId: input.currentCaseId, via: 'current' };
  return { ask: true };
}

/** Structurally a roster Person: only what the rules read. */
export interface Viewer {
  openId: string;
  roles: readonly string[];
}
export interface CaseParties {
  officers: readonly { openId: string }[];
}

const OVERSIGHT_ROLES = ['reviewer', 'head', 'admin'];

/**
 * Who sees a case's evidence and dossier: its officers, and the roles reviewer, head and admin
 * (行政审批科). Anyone else must get the same answer as for a case that does not exist.
 */
export function canSeeEvidence(person: Viewer, c: CaseParties): boolean {
  if (c.officers.some((o) => o.openId === person.openId)) return true;
  return person.roles.some((r) => OVERSIGHT_ROLES.includes(r));
}

export type AttachRefusal = { ok: false; reason: 'not_found' | 'not_officer' | 'archived'; errors: string[] };

/**
 * Only the case's officers attach evidence and notes, and only while the case is not archived.
 * `not_found`: the person may not even see the case — answer exactly as for a missing case.
 */
export function attachPermission(person: Viewer, c: CaseParties & { archived: boolean }): { ok: true } | AttachRefusal {
  const officer = c.officers.some((o) => o.openId === person.openId);
  if (!officer) {
    if (!canSeeEvidence(person, c)) return { ok: false, reason: 'not_found', errors: [] };
    return { ok: false, reason: 'not_officer', errors: ['只有本案的承办人员可以向本案添加证据或记录'] };
  }
  if (c.archived) return { ok: false, reason: 'archived', errors: ['本案已归档，只能查看，不能再添加证据或记录'] };
  return { ok: true };
}

/** A `查看` link lives at most 30 minutes; shorter if configured, never under a minute. */
export const VIEW_LINK_MAX_SECONDS = 30 * 60;

export function viewLinkSeconds(configured?: number): number {
  if (configured === undefined || !Number.isFinite(configured)) return VIEW_LINK_MAX_SECONDS;
  return Math.min(VIEW_LINK_MAX_SECONDS, Math.max(60, Math.floor(configured)));
}

/** When a link issued at `now` stops working (the `evidence.viewed` entry records it). */
export function viewLinkExpiresAt(now: string, seconds = VIEW_LINK_MAX_SECONDS): string {
  return new Date(Date.parse(now) + viewLinkSeconds(seconds) * 1000).toISOString();
}

// ---------------------------------------------------------------------------------------------
// Lists and receipts

/** `证据 <案件编号>` lists newest first; ties by id so pages never shuffle. */
export function newestFirst(items: readonly EvidenceItem[]): EvidenceItem[] {
  return [...items].sort((a, b) =>
    a.receivedAt === b.receivedAt ? (a.evidenceId < b.evidenceId ? -1 : 1) : a.receivedAt < b.receivedAt ? 1 : -1,
  );
}

/** The receipt card's fields, in order (the card itself is built in cards/). */
export function receiptFields(item: EvidenceItem, caseNumber: string): { label: string; value: string }[] {
  return [
    { label: '案件编号', value: caseNumber },
    { label: '文件名', value: item.fileName },
    { label: '类型', value: MEDIA_KIND_LABELS[item.mediaKind] },
    { label: '大小', value: `${formatBytes(item.size)}（${item.size} 字节）` },
    { label: 'SHA-256', value: item.sha256 },
    { label: '接收时间', value: shanghaiDateTime(item.receivedAt) },
    { label: '提交人', value: item.senderName },
    { label: '所属活动', value: item.activity },
  ];
}
