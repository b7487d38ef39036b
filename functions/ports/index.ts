/** The seams between use cases and the outside world. Adapters implement these; tests swap them. */
import type { Card } from '../../cards/common.ts';
import type { TextMessage } from '../../cards/text.ts';
import type { FollowUp, FollowUpAction, FollowUpPartState } from '../domain/case/follow-up.ts';
import type { Case, CaseStatus, CaseType } from '../domain/case/types.ts';
import type { RecordEntry } from '../domain/case/record.ts';
import type { Person } from '../domain/roster/types.ts';

export * from './errors.ts';
export type * from './inbound.ts';
export type * from './outbox.ts';
export type * from './lists.ts';
export type * from './draws.ts';

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
   * number is known (pure domain code). All three are written in one transaction.
   */
  build(seq: number): { case: Case; record: RecordEntry; followUp: FollowUp };
}

/** A follow-up is keyed by the record entry whose change owes it. */
export interface FollowUpRef {
  caseId: string;
  recordSeq: number;
}

export interface CaseStore {
  /** Creates the case with the next gapless number of the year; a repeated form returns the case it made. */
  fileCase(req: FileCaseRequest): Promise<{ created: boolean; case: Case }>;
  get(caseId: string): Promise<Case | null>;
  /** The case's record entries, in order. */
  records(caseId: string): Promise<RecordEntry[]>;
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
  failFollowUpPart(ref: FollowUpRef, part: string, entry: Omit<RecordEntry, 'seq'>): Promise<boolean>;
  /** Marks the follow-up done and takes it off the pending index (again: a no-op). */
  completeFollowUp(ref: FollowUpRef): Promise<void>;
  /** Pending follow-ups created before `createdBefore`, oldest first, at most `limit` (a Query, never a Scan). */
  pendingFollowUps(createdBefore: string, limit: number): Promise<(FollowUpRef & { action: FollowUpAction })[]>;
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
  /** `uuid` makes a retried send a no-op on Feishu's side for an hour. */
  replyCard(messageId: string, card: Card, uuid: string): Promise<void>;
  replyText(messageId: string, text: TextMessage, uuid: string): Promise<void>;
  sendCard(openId: string, card: Card, uuid: string): Promise<void>;
  sendText(openId: string, text: TextMessage, uuid: string): Promise<void>;
  /** To a group chat the bot is in (the office group, when one is configured). */
  sendCardToChat(chatId: string, card: Card, uuid: string): Promise<void>;
  updateCard(messageId: string, card: Card): Promise<void>;
}
