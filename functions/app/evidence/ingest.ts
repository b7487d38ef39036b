/**
 * Storing a file an officer sent as evidence of a case: acknowledge at once, stream it from Feishu into
 * object storage (hashed on the way, never held whole), then record the item and its
 * `evidence.attached` entry in one transaction and send the receipt. All or nothing: the stores leave
 * no object behind a failed upload, and the entry exists only once the object does. A repeated job or
 * delivery stores nothing twice (the item's id comes from the case and the message; the object's key
 * is its hash); the same bytes again in the same case are named as a duplicate, not stored.
 */
import { receiptCard } from '../../../cards/index.ts';
import type { Case } from '../../domain/case/types.ts';
import {
  attachedDetail,
  attachPermission,
  buildEvidenceItem,
  classifyMessage,
  duplicateDetail,
  duplicateNotice,
  type EvidenceItem,
  evidenceIdFor,
  type IncomingResource,
} from '../../domain/dossier/evidence.ts';
import { MEDIA_KIND_LABELS } from '../../domain/dossier/vocabulary.ts';
import type { Person } from '../../domain/roster/types.ts';
import { type EvidenceError, isEvidenceError, type StoredEvidence } from '../../ports/evidence.ts';
import type { AppendRefusal } from '../../ports/index.ts';
import type { Reply } from '../intents.ts';
import { MESSAGES, type WorkerServices } from '../services.ts';
import { type AttachVia, receiptView, VIA_LABELS } from './views.ts';

/** A received message that carries a file (as the message job or a waiting file holds it). */
export interface IncomingFile {
  eventId: string;
  messageId: string;
  chatId: string;
  chatType: string;
  messageType: string;
  content: string;
  createTime?: string;
}

/** Downloads are restarted once after a break midway (the stores kept nothing of the first try). */
const INGEST_ATTEMPTS = 2;

export const INGEST_MESSAGES = {
  resend: '文件传输中断，没有保存。请重新发送一次。',
  unavailable: '没能从飞书取到这个文件（可能已撤回或删除），没有保存。请重新发送。',
  failed: '文件没有保存成功，请重新发送；如果仍然失败，请联系行政审批科。',
  notOfficer: '只有本案的承办人员可以向本案添加证据或记录。',
};

/** What a kind of file is called in chat: 照片, 视频, 录音, 文件「笔录.pdf」. */
export function describeFile(resource: Pick<IncomingResource, 'mediaKind' | 'fileName'>): string {
  const label = MEDIA_KIND_LABELS[resource.mediaKind];
  return resource.fileName ? `${label}「${resource.fileName}」` : label;
}

/** The refusal for a case that will not take the entry, in the words the officer needs. */
export function refusalText(reason: AppendRefusal, caseNumber: string): string {
  if (reason === 'archived') return MESSAGES.archived(caseNumber);
  if (reason === 'archiving') return MESSAGES.archiving(caseNumber);
  return MESSAGES.caseNotFound(caseNumber);
}

/**
 * May `person` attach to `c`? Answers the refusal (a case they may not see is "not found", exactly as
 * a missing one) and returns false; true when they may.
 */
export async function mayAttach(person: Person, c: Case, reply: Reply, part?: string): Promise<boolean> {
  const may = attachPermission(person, { officers: c.officers, archived: c.status === 'archived' });
  if (may.ok) return true;
  const text = may.reason === 'not_found' ? MESSAGES.caseNotFound(c.caseNumber) : may.reason === 'archived' ? MESSAGES.archived(c.caseNumber) : INGEST_MESSAGES.notOfficer;
  await reply.text(text, part);
  return false;
}

export interface AttachInput {
  c: Case;
  via: AttachVia;
  person: Person;
  file: IncomingFile;
  reply: Reply;
  /** Sends a card to the person (privately in a group); resolves to its message id. */
  privateCard: (card: ReturnType<typeof receiptCard>, part?: string) => Promise<string | undefined>;
  /** Lines for the receipt (e.g. that the case is now the current one). */
  notes?: string[];
}

export async function attachFile(input: AttachInput, s: WorkerServices): Promise<void> {
  const { c, via, person, file, reply } = input;
  const resource = classifyMessage(file.messageType, file.content, file.messageId);
  if (!resource.ok) return reply.text(resource.errors[0] as string);
  if (!(await mayAttach(person, c, reply))) return;

  // A repeat (Lambda's retry, a re-delivered event, a second tap on the chooser): the receipt again,
  // under the same send uuid, so Feishu shows it once.
  const known = await s.cases.getEvidence(c.caseId, evidenceIdFor(c.caseId, file.messageId));
  if (known) return sendReceipt(input, known, s);

  const what = describeFile(resource.value);
  await reply.text(
    file.chatType === 'p2p' ? `已收到${what}，正在保存到 ${c.caseNumber}（${VIA_LABELS[via]}）……` : `已收到${what}，正在保存；回执将单独发给您。`,
    'ack',
  );

  let stored: (StoredEvidence & { contentType?: string; fileName?: string }) | null = null;
  for (let attempt = 1; attempt <= INGEST_ATTEMPTS && stored === null; attempt++) {
    try {
      const dl = await s.resources.download({ messageId: file.messageId, key: resource.value.key, type: resource.value.resourceType });
      const put = await s.evidence.put({
        caseId: c.caseId,
        body: dl.body,
        ...(dl.declaredSize !== undefined ? { declaredSize: dl.declaredSize } : {}),
        ...(dl.contentType ? { contentType: dl.contentType } : {}),
      });
      stored = { ...put, ...(dl.contentType ? { contentType: dl.contentType } : {}), ...(dl.fileName ? { fileName: dl.fileName } : {}) };
    } catch (err) {
      if (!isEvidenceError(err)) throw err;
      if (err.retryable && attempt < INGEST_ATTEMPTS) {
        s.log.warn('evidence ingest interrupted; starting again', { caseId: c.caseId, messageId: file.messageId, kind: err.kind, attempt });
        continue;
      }
      return reply.text(failureText(err, s, c.caseId), 'receipt');
    }
  }
  if (!stored) return;

  const receivedAt = s.now().toISOString();
  const sentAt = file.createTime ? new Date(Number(file.createTime)).toISOString() : undefined;
  const item = buildEvidenceItem({
    caseId: c.caseId,
    resource: { ...resource.value, ...(resource.value.fileName ? {} : stored.fileName ? { fileName: stored.fileName } : {}) },
    sha256: stored.sha256,
    size: stored.size,
    ...(stored.contentType ? { mimeType: stored.contentType } : {}),
    receivedAt,
    ...(sentAt && !Number.isNaN(Date.parse(sentAt)) ? { sentAt } : {}),
    sender: person.openId,
    senderName: person.name,
    ...(stored.versionId ? { s3VersionId: stored.versionId } : {}),
  });
  if (!item.ok) {
    s.log.error('evidence item not built', { caseId: c.caseId, errors: item.errors });
    return reply.text(INGEST_MESSAGES.failed, 'receipt');
  }

  const outcome = await s.cases.attachEvidence(item.value, { at: receivedAt, actor: person.openId, action: 'evidence.attached', detail: attachedDetail(item.value) });
  switch (outcome.kind) {
    case 'attached':
      return sendReceipt(input, outcome.item, s);
    case 'exists':
      return sendReceipt(input, outcome.item, s);
    case 'duplicate': {
      // Nothing new is stored (the object is the earlier one's); that it was sent again is recorded.
      await s.cases.appendRecord(
        c.caseId,
        { at: receivedAt, actor: person.openId, action: 'evidence.duplicate_received', detail: duplicateDetail(outcome.match, file.messageId, item.value.fileName) },
        { once: `dup:${file.messageId}` },
      );
      return reply.text(duplicateNotice(outcome.match), 'receipt');
    }
    case 'refused':
      // Archived (or being archived) while the file streamed in: the object was stored under the case
      // and cannot be deleted (Object Lock); 校验 will name it. Logged, so someone can see why.
      if (stored.created) s.log.error('evidence stored but the case refused it', { caseId: c.caseId, key: stored.key, reason: outcome.reason });
      return reply.text(refusalText(outcome.reason, c.caseNumber), 'receipt');
  }
}

function failureText(err: EvidenceError, s: WorkerServices, caseId: string): string {
  switch (err.kind) {
    case 'empty':
    case 'too_large':
      return err.userMessage ?? INGEST_MESSAGES.failed;
    case 'unavailable':
      return INGEST_MESSAGES.unavailable;
    case 'interrupted':
      return INGEST_MESSAGES.resend;
    default:
      s.log.error('evidence not stored', { caseId, kind: err.kind, err });
      return err.retryable ? INGEST_MESSAGES.resend : INGEST_MESSAGES.failed;
  }
}

/** The receipt card; its message then shows the case (a file sent as a reply to it goes there too). */
async function sendReceipt(input: AttachInput, item: EvidenceItem, s: WorkerServices): Promise<void> {
  const card = receiptCard(receiptView(item, input.c.caseNumber, { via: input.via, editable: input.c.status !== 'archived', ...(input.notes ? { notes: input.notes } : {}) }));
  const sent = await input.privateCard(card, 'receipt');
  if (sent) await s.chat.rememberCard(sent, item.caseId);
}
