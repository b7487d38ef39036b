/** The seams between use cases and the outside world. Adapters implement these; tests swap them. */
import type { Card } from '../../cards/common.ts';
import type { TextMessage } from '../../cards/text.ts';
import type { FollowUp, FollowUpAction, FollowUpPartState } from '../domain/case/follow-up.ts';
import type { Case, CaseDisclosure, CaseService, CaseStatus, CaseType } from '../domain/case/types.ts';
import type { ChainHead, NewRecord, RecordEntry } from '../domain/case/record.ts';
import type { EvidenceItem } from '../domain/dossier/evidence.ts';
import type { Activity } from '../domain/dossier/vocabulary.ts';
import type { Person } from '../domain/roster/types.ts';
import type { DocumentRecords } from './documents.ts';

export * from './errors.ts';
export type * from './inbound.ts';
export type * from './outbox.ts';
export type * from './lists.ts';
export type * from './draws.ts';
export type * from './chat-context.ts';
export type * from './review.ts';
export * from './deadlines.ts';

export interface RosterStore {
  /** An active person; null for someone not (or no longer) on the roster. */
  get(openId: string): Promise<Person | null>;
  /** The active people among `openIds`. */
  getMany(openIds: string[]): Promise<Map<string, Person>>;
  /** Everyone currently on the roster (a bounded list: one bureau's staff). */
  listActive(): Promise<Person[]>;
  /** Replaces the roster: people absent from `people` are deactivated, not deleted. */
  replaceAll(people: Person[], at: string): Promise<{ written: number; deactivated: number }>;
}

export interface CaseSummary {
  caseId: string;
  caseNumber: string;
  partyName: string;
  caseType: CaseType;
  status: CaseStatus;
  filingDate: string;
  filedAt: string;
}

export interface FileCaseRequest {
  /** Idempotency key: one form produces at most one case. */
  formId: string;
  year: number;
  /**
   * Builds the case, its first record entry and the follow-up work the filing owes once the next
   * number is known (pure domain code). All three are written in one transaction; the store seals the
   * entry as the start of the case's hash chain and records it as the case's head.
   */
  build(seq: number): { case: Case; record: NewRecord; followUp: FollowUp };
}

/** An entry to append: who, when, what (the case is the store method's argument). */
export type RecordContent = Omit<NewRecord, 'caseId'>;

/**
 * Why an append was refused: the case does not exist; it is archived (only access entries may follow);
 * it is being archived (changes wait until the archive is sealed).
 */
export type AppendRefusal = 'not_found' | 'archived' | 'archiving';

/**
 * The outcome of an append. `created: false`: an entry with the same `once` key exists already (a
 * repeated job or delivery), and `entry` is that one.
 */
export type AppendResult = { ok: true; entry: RecordEntry; created: boolean } | { ok: false; reason: AppendRefusal };

export type PaymentOutcome =
  | { ok: true; entry: RecordEntry; created: boolean; paid: { fen: number; count: number; lastOn?: string } }
  | { ok: false; reason: AppendRefusal | 'exceeds'; paid?: { fen: number; count: number; lastOn?: string } };

export type AttachOutcome =
  /** Stored: the item and its `evidence.attached` / `note.recorded` entry, in one transaction. */
  | { kind: 'attached'; item: EvidenceItem; entry: RecordEntry }
  /** This item (same evidence id: the same message to the same case) exists already: a repeat. */
  | { kind: 'exists'; item: EvidenceItem }
  /** The same bytes are in this case already as another item (by SHA-256); nothing was written. */
  | { kind: 'duplicate'; match: EvidenceItem }
  | { kind: 'refused'; reason: AppendRefusal };

export type ActivityChangeOutcome =
  | { ok: true; item: EvidenceItem; entry: RecordEntry }
  /** `changed`: the item's activity is no longer `from` (someone else changed it first). */
  | { ok: false; reason: AppendRefusal | 'changed' };

/**
 * An archive in progress (归档): from the moment it is taken, changes to the case are refused; the
 * manifest is built from the log up to `head`, so a retried or resumed archive builds the same bytes.
 */
export interface ArchiveLock {
  at: string;
  by: string;
  byName: string;
  head: ChainHead;
}

export type BeginArchiveOutcome =
  /** `resumed`: an archive begun earlier (whose job did not finish) is taken up again, with its lock. */
  | { ok: true; lock: ArchiveLock; resumed: boolean }
  /** `changed`: the log moved on since `head` was read. */
  | { ok: false; reason: 'not_found' | 'archived' | 'changed' };

/** A follow-up is keyed by the record entry whose change owes it. */
export interface FollowUpRef {
  caseId: string;
  recordSeq: number;
}

export interface CaseStore extends DocumentRecords {
  /** Creates the case with the next gapless number of the year; a repeated form returns the case it made. */
  fileCase(req: FileCaseRequest): Promise<{ created: boolean; case: Case }>;
  get(caseId: string): Promise<Case | null>;
  /**
   * The case's record entries in key order, as stored (storage keys removed, nothing else changed or
   * sorted): what `校验` verifies.
   */
  records(caseId: string): Promise<RecordEntry[]>;
  /**
   * Appends one entry, sealed after the case's head and written with the head's move in one
   * transaction conditioned on the head read (a race re-reads and seals again). Change actions are
   * refused on an archived case or one being archived; access actions (`canAppendAction`) are not.
   * `once` makes the append idempotent: the same key appends once per case.
   */
  appendRecord(caseId: string, content: RecordContent, opts?: { once?: string }): Promise<AppendResult>;
  /**
   * Open cases the person is an officer of, newest first; `nextCursor` only when another page exists.
   * Throws InvalidCursorError for a cursor that is not from this listing.
   */
  listOpenForUser(openId: string, page: { limit: number; cursor?: string }): Promise<{ items: CaseSummary[]; nextCursor?: string }>;

  /** The follow-up a record entry owes (read consistently); null when it owes none. */
  getFollowUp(ref: FollowUpRef): Promise<FollowUp | null>;
  /** Moves one part on, only from one of the `from` states (a conditional write); false if it was not in one. */
  markFollowUpPart(ref: FollowUpRef, part: string, from: FollowUpPartState[], to: FollowUpPartState): Promise<boolean>;
  /**
   * Marks a pending part `failed` and appends the record entry that says so, in one transaction;
   * false when the part was no longer pending (someone else settled it).
   */
  failFollowUpPart(ref: FollowUpRef, part: string, entry: NewRecord): Promise<boolean>;
  /** Marks the follow-up done and takes it off the pending index (again: a no-op). */
  completeFollowUp(ref: FollowUpRef): Promise<void>;
  /** Pending follow-ups created before `createdBefore`, oldest first, at most `limit` (a Query, never a Scan). */
  pendingFollowUps(createdBefore: string, limit: number): Promise<(FollowUpRef & { action: FollowUpAction })[]>;

  // Evidence (its bytes are in the EvidenceStore; the item says what they are).

  /**
   * Writes the item and its entry in one transaction: the item conditioned on its id being new, and —
   * for anything but a note — the item's SHA-256 on being new in the case, so two uploads of the same
   * bytes make one item however they race.
   */
  attachEvidence(item: EvidenceItem, content: RecordContent): Promise<AttachOutcome>;
  getEvidence(caseId: string, evidenceId: string): Promise<EvidenceItem | null>;
  /** Every item of the case (bounded: one case's evidence), in no particular order. */
  evidenceItems(caseId: string): Promise<EvidenceItem[]>;
  /**
   * The case's evidence newest first (received time, then id), a page at a time; `nextCursor` only
   * when another page exists. Throws InvalidCursorError for a cursor that is not from this listing.
   */
  listEvidence(caseId: string, page: { limit: number; cursor?: string }): Promise<{ items: EvidenceItem[]; nextCursor?: string }>;
  /** Moves the item's activity from `from` to `to` with its `evidence.activity_changed` entry, in one transaction. */
  changeEvidenceActivity(caseId: string, evidenceId: string, from: Activity, to: Activity, content: RecordContent): Promise<ActivityChangeOutcome>;

  // Service (送达)

  /**
   * Records that the decision was served: `case.service` and its `decision.served` entry in one
   * transaction, once per case (a once key): a repeat returns `created: false` with the first entry,
   * and the case keeps the first service.
   */
  recordService(caseId: string, service: CaseService, content: RecordContent): Promise<AppendResult>;

  // Fines collected (缴款)

  /**
   * Records a payment of the decided fine: the case's `finePaid` (fen, count, lastOn) moves and its `fine.paid`
   * entry is appended in one transaction, once per `paymentId` (a once key: a repeat returns
   * `created: false` and adds nothing). Refused (`exceeds`, nothing written) when what is paid already
   * plus this payment would pass `limitFen`, checked against the case as the transaction finds it.
   */
  recordPayment(caseId: string, payment: { paymentId: string; amountFen: number; limitFen: number; paidOn: string }, content: RecordContent): Promise<PaymentOutcome>;

  // Public disclosure (事后公开)

  /**
   * Puts a decided case in the publisher's index (`DISCLOSURE#ACTIVE`); again, a no-op. A case without
   * a decision, or whose disclosure is done for good, stays out.
   */
  activateDisclosure(caseId: string): Promise<void>;
  /** The cases whose disclosure has work left or a live page: a Query of the index, never a Scan. */
  activeDisclosures(): Promise<Case[]>;
  /**
   * One disclosure step: the fields of `case.disclosure` it sets and its record entry in one
   * transaction, once per `once` key; `done` takes the case off the publisher's index for good.
   */
  recordDisclosure(caseId: string, step: { set: Partial<CaseDisclosure>; done?: boolean }, content: RecordContent, once: string): Promise<AppendResult>;

  // Archive (归档)

  /**
   * Takes the archive lock if the log's head is still `lock.head` and the case is neither archived nor
   * locked; a lock taken earlier is returned as it is (`resumed`), whoever asks.
   */
  beginArchive(caseId: string, lock: ArchiveLock): Promise<BeginArchiveOutcome>;
  /**
   * Seals the archive: the `case.archived` entry, the status `archived`, the lock released and the case
   * off its officers' open lists, in one transaction conditioned on the lock taken at `lockAt`.
   */
  completeArchive(caseId: string, lockAt: string, content: RecordContent): Promise<AppendResult>;
}

/**
 * `claimed`: this delivery holds a short lease and hands the work on; `done`: the work was handed on
 * (a re-delivery); `busy`: another delivery holds a live lease.
 */
export type EventClaim = { state: 'claimed'; lease: string } | { state: 'done' } | { state: 'busy' };

/**
 * Each event id takes effect once. A claim is a lease, final only once the work was handed on: if the
 * delivery holding it dies first, the lease expires and a re-delivery runs.
 */
export interface EventMarkers {
  claim(eventId: string, nowMs: number): Promise<EventClaim>;
  /**
   * The worker took the job, so the hand-off succeeded: from now on a re-delivery is a duplicate.
   * False when a later delivery took the lease over (this job is superseded and must not run); true
   * again for the same lease (Lambda's retry of the same job).
   */
  complete(eventId: string, lease: string, nowMs: number): Promise<boolean>;
  /** The work could not be handed on: drop the lease so the re-delivery runs at once. */
  release(eventId: string, lease: string): Promise<void>;
}

/**
 * Work that may be slow runs in another invocation (Lambda async Invoke; in-process locally). The
 * kinds and their payloads are the app's job registry (`Job` in app/jobs.ts); a queue only carries them.
 */
export interface JobQueue<J extends { kind: string } = { kind: string }> {
  submit(job: J): Promise<void>;
}

/**
 * Outbound Feishu messages. A failure is a DeliveryError; `retryable: false` when Feishu will never
 * accept it (a business error such as an unreachable user). Texts are TextMessages (cards/text.ts), so
 * a person's words in a reply can never act as Feishu markup; cards are built by `cards/`.
 */
export interface Messenger {
  /**
   * `uuid` makes a retried send a no-op on Feishu's side for an hour. Sends and replies resolve to the
   * id of the message sent (the first one, for a repeat within the hour), when Feishu gives it.
   */
  replyCard(messageId: string, card: Card, uuid: string): Promise<string | undefined>;
  replyText(messageId: string, text: TextMessage, uuid: string): Promise<string | undefined>;
  sendCard(openId: string, card: Card, uuid: string): Promise<string | undefined>;
  sendText(openId: string, text: TextMessage, uuid: string): Promise<string | undefined>;
  /** To a group chat the bot is in (the office group, when one is configured). */
  sendCardToChat(chatId: string, card: Card, uuid: string): Promise<string | undefined>;
  updateCard(messageId: string, card: Card): Promise<void>;
  /**
   * Uploads the file (Open API `im/v1/files`) and sends it to the person as a `file` message. A retry
   * uploads again (an upload has no uuid) but the message's `uuid` keeps the send single.
   */
  sendFile(openId: string, file: OutboundFile, uuid: string): Promise<string | undefined>;
}

/** A file the bot sends (a drafted document, a statistics export): at most 30 MB, not empty. */
export interface OutboundFile {
  /** Shown in the chat; Feishu keeps it as the file's name. */
  fileName: string;
  bytes: Uint8Array;
  /** Feishu's file_type: `pdf` for a PDF, `xls` for a workbook, `doc` for a Word file, `stream` for anything else (CSV). */
  fileType: 'pdf' | 'xls' | 'doc' | 'stream';
}
