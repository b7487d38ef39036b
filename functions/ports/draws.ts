/**
 * The random-inspection draw (functions/domain/draw/): the two libraries' sources (targets imported by
 * the operator, conflicts of interest recorded by the operator; inspectors come from the roster), each
 * draw with its commitment, its frozen libraries, its result and exceptions, its record log, and the
 * inspection tasks it made. Every change of a draw is conditioned on the draw's revision and stored
 * with its record entries and the work it owes (`draw:<drawId>`) in one transaction.
 */
import type * as z from 'zod/mini';
import type { LocalDate } from '../domain/deadlines/local-date.ts';
import type { DrawRecordEntry } from '../domain/draw/draw.ts';
import type { DrawException } from '../domain/draw/exceptions.ts';
import type { InspectionResult, InspectionTask } from '../domain/draw/inspection.ts';
import type { drawRequestSchema } from '../domain/draw/params.ts';
import type { Commitment, DrawFile, Libraries, Supersedes, Target } from '../domain/draw/types.ts';

/** A conflict of interest (行政处罚法第四十三条) as recorded: who, which target, why, by whom. */
export interface RecordedConflict {
  openId: string;
  creditCode: string;
  reason: string;
  recordedBy: string;
  recordedAt: string;
}

/**
 * 检查对象名录库 and the 回避名单. Written by the operator's CLI only (`npm run draw -- targets import`,
 * `conflict add`): no function may write them.
 */
export interface InspectionLibraryStore {
  /** Replaces the target library: targets absent from `targets` are removed. */
  replaceTargets(targets: readonly Target[], at: string): Promise<{ written: number; removed: number }>;
  /** The whole library, in credit-code order. */
  targets(): Promise<Target[]>;
  /** Records a conflict (again: replaces its reason). */
  addConflict(c: RecordedConflict): Promise<void>;
  /** False when there was none. */
  removeConflict(openId: string, creditCode: string): Promise<boolean>;
  conflicts(): Promise<RecordedConflict[]>;
}

export type DrawStatus = 'pending' | 'committed' | 'revealed' | 'failed';

/** The 抽查 form's values as the draw's parameters take them (validated before the draw starts). */
export type DrawRequestInput = z.input<typeof drawRequestSchema>;

export interface DrawMeta {
  drawId: string;
  planId: string;
  listItemName: string;
  drawDate: LocalDate;
  status: DrawStatus;
  operator: { openId: string; name: string };
  request: DrawRequestInput;
  /** 检查截止日期: each task's deadline (the plan's). */
  deadline: LocalDate;
  requestedAt: string;
  revealedAt?: string;
  rev: number;
  /** Why the draw could not be made (before any commitment). */
  errors?: string[];
  commitmentHash?: string;
  supersedes?: Supersedes;
  supersededBy?: string;
  /** The approved 重新抽取 of this draw (its exception id): one new draw of the plan may name it. */
  approvedRedraw?: string;
  /** What the draw's job has announced: the commitment, the result, a failure. */
  posted: ('commitment' | 'result' | 'failure')[];
}

export interface PendingDecision {
  decision: 'approve' | 'reject';
  approver: { openId: string; name: string };
  at: string;
  note?: string;
}

export interface StoredDrawException extends DrawException {
  /** A decision taken on a card, applied by the draw's job (it needs the whole draw file). */
  pendingDecision?: PendingDecision;
  /** Why the job could not apply the pending decision (told to the head). */
  decisionErrors?: string[];
  /** Announced: the heads were asked; the requester was told the decision. */
  notified: ('requested' | 'decided')[];
}

export interface StoredTask extends InspectionTask {
  /** Inspectors who were sent the task card. */
  notified: string[];
}

export interface StoredDrawRecord extends DrawRecordEntry {
  seq: number;
}

/** The committed draw: what the reveal must use, whatever the libraries hold by then. */
export interface CommittedDraw {
  commitment: Commitment;
  seed: string;
  libraries: Libraries;
  /** certificate number → open_id (internal: tasks go to people). */
  openIds: Record<string, string>;
}

export interface DrawStore {
  /** The plan's draws, oldest first, and the revision `start` is conditioned on. */
  plan(planId: string): Promise<{ rev: number; draws: DrawMeta[] }>;
  /**
   * Starts a draw (status `pending`, rev 1) if the plan is still at `planRev` (no two draws of one plan
   * start at once), owing the draw's job. False when the plan changed meanwhile or the id is taken.
   */
  start(meta: DrawMeta, planRev: number): Promise<boolean>;
  get(drawId: string): Promise<DrawMeta | null>;
  /** Every draw, newest first (a bounded number: a bureau's plans). */
  list(): Promise<DrawMeta[]>;
  /** pending → failed with the reasons. */
  fail(drawId: string, rev: number, errors: string[], at: string): Promise<boolean>;
  /** pending → committed: the commitment, the seed, the frozen libraries and the record entry. */
  commit(drawId: string, rev: number, c: CommittedDraw & { entries: readonly DrawRecordEntry[]; at: string }): Promise<boolean>;
  /** The committed draw; `targets: false` leaves the target library out (it may be large). */
  committed(drawId: string, opts?: { targets?: boolean }): Promise<CommittedDraw | null>;
  /**
   * committed → revealed: the draw file and the record entry; the draw it supersedes (if any) is marked
   * superseded in the same transaction.
   */
  reveal(drawId: string, rev: number, r: { file: DrawFile; entries: readonly DrawRecordEntry[]; at: string }): Promise<boolean>;
  /** The revealed draw's file; `targets: false` leaves the target library out (it may be large). */
  file(drawId: string, opts?: { targets?: boolean }): Promise<(CommittedDraw & { file: DrawFile }) | null>;
  /** Notes what the job announced (idempotent). */
  markPosted(drawId: string, what: DrawMeta['posted'][number]): Promise<void>;

  exceptions(drawId: string): Promise<StoredDrawException[]>;
  /** Records a request (a new id) if the draw is still at `rev`; owes the draw's job (the heads are asked). */
  requestException(drawId: string, rev: number, e: DrawException, entries: readonly DrawRecordEntry[]): Promise<boolean>;
  /** A head's decision on a requested exception, for the job to apply; false when it was decided or is being decided. */
  markDecision(drawId: string, exceptionId: string, d: PendingDecision): Promise<boolean>;
  /**
   * Applies a decision: the exception as decided, its record entry and (approved) the new draw file,
   * if the draw is still at `rev`; a decision that cannot be applied clears the pending decision with
   * its reasons.
   */
  decide(
    drawId: string,
    rev: number,
    d: { exception: DrawException; file?: DrawFile; entries: readonly DrawRecordEntry[]; approvedRedraw?: string },
  ): Promise<boolean>;
  refuseDecision(drawId: string, exceptionId: string, errors: string[]): Promise<void>;
  markExceptionNotified(drawId: string, exceptionId: string, what: 'requested' | 'decided'): Promise<void>;

  tasks(drawId: string): Promise<StoredTask[]>;
  task(drawId: string, creditCode: string): Promise<StoredTask | null>;
  /**
   * Makes the tasks what the draw's current result says: creates missing ones, changes an open task's
   * team, closes tasks no longer drawn (`removed`, or `superseded` by a re-draw). Idempotent.
   */
  syncTasks(drawId: string, tasks: readonly InspectionTask[], closeOthersAs: 'removed' | 'superseded'): Promise<void>;
  markTaskNotified(drawId: string, creditCode: string, openId: string): Promise<void>;
  /** An open task's result, with its record entry; owes the draw's job (the site). False if not open. */
  recordResult(drawId: string, creditCode: string, result: InspectionResult, entry: DrawRecordEntry): Promise<boolean>;
  /** The result was published on the site that day. */
  markResultPublished(drawId: string, creditCode: string, on: LocalDate): Promise<void>;
  /** Open tasks by deadline, for the reminders (a Query of a sparse index). */
  openTasks(dueBy: LocalDate, limit: number): Promise<StoredTask[]>;

  records(drawId: string): Promise<StoredDrawRecord[]>;
}

/**
 * Where a draw's seed comes from: 32 bytes of a cryptographic RNG as 64 lowercase hex digits
 * (functions/adapters/crypto/seeds.ts). A port, so that tests can fix the seed.
 */
export interface SeedSource {
  next(): string;
}
