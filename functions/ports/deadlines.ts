/**
 * Tracked deadlines as stored items (functions/domain/reminders/ computes them): each scope — one
 * case, the certificates, the plan's tasks — is recomputed as a whole from what it holds and
 * replaced; open deadlines sit in a due-date index so "what is due" is a Query, never a Scan. Each
 * deadline keeps the reminder schedules made for it (the record, not the Scheduler, is the truth).
 * The send-once claims make "no reminder twice" a condition of a write.
 */
import type { TrackedDeadline } from '../domain/reminders/deadlines.ts';
import type { ExistingSchedule } from '../domain/reminders/plan.ts';

/** `case:<caseId>`, `certificates`, `plan` or `draw:<drawId>` (a draw's inspection tasks and results). */
export type DeadlineScope = `case:${string}` | 'certificates' | 'plan' | `draw:${string}`;

export const isDeadlineScope = (s: string): s is DeadlineScope =>
  s === 'certificates' || s === 'plan' || /^case:\d{4}-\d{6}$/.test(s) || /^draw:[A-Za-z0-9_-]{1,64}$/.test(s);

export interface StoredDeadline {
  scope: DeadlineScope;
  deadline: TrackedDeadline;
  /** The reminder schedules that exist for it (as made; a past one has fired and deleted itself). */
  schedules: ExistingSchedule[];
  /** No longer computed for its scope (lapsed, or its trigger gone): kept for the record, off the index. */
  ended: boolean;
}

export interface DeadlineStore {
  /** Every deadline recorded for the scope, ended ones included, read consistently. */
  list(scope: DeadlineScope): Promise<StoredDeadline[]>;
  /** One deadline, read consistently; null when none. */
  get(scope: DeadlineScope, deadlineId: string): Promise<StoredDeadline | null>;
  /**
   * Writes the scope's deadlines as now computed (`current`, open ones indexed by due date) and
   * marks every other recorded one ended (off the index). For a case, the write is conditioned on the
   * case's record head still being at `basis` (every change to a case appends an entry): a sync that
   * read an older case loses and is repeated. False when that condition failed.
   */
  replace(scope: DeadlineScope, current: readonly StoredDeadline[], basis?: { caseLogSeq: number }): Promise<boolean>;
  /** Open (not met, not ended) deadlines due from `from` through `to` (YYYY-MM-DD), soonest first: a Query of the index. */
  dueBetween(from: string, to: string): Promise<StoredDeadline[]>;
  /** Whether a reminder's send-once key was claimed. */
  isClaimed(sendKey: string): Promise<boolean>;
  /**
   * Claims the key with a conditional put. `new`: this caller sends. `unsent`: claimed earlier (at
   * `claimedAt`) but not marked sent — a send that failed midway, or one under way: the caller may
   * send again with the same Feishu uuids (Feishu drops the repeat within an hour). `sent`: done.
   */
  claim(sendKey: string, at: string, detail: { deadlineId: string; pointId: string }): Promise<{ state: 'new' | 'unsent' | 'sent'; claimedAt: string }>;
  /** Marks a claimed key sent, with who it went to. */
  markSent(sendKey: string, at: string, openIds: readonly string[]): Promise<void>;
}
