/**
 * Work a change still owes (an outbox): written in the change's own transaction, so it cannot be
 * lost, and handed to the worker again by the tick until the job that does it says it is done. One
 * item per subject (`lists:<kind>`, `draw:<drawId>`): a later change of the same subject raises its
 * revision, and a job completes only the revision it read, so work owed by a change made while the job
 * ran stays pending.
 */

/** The job to run, as stored (a registered job: `{ kind, ...payload }`; the worker validates it again). */
export type OwedJob = { kind: string } & Record<string, unknown>;

export interface OwedWork {
  /** `lists:<kind>`, `draw:<drawId>`. */
  subject: string;
  job: OwedJob;
  rev: number;
  /** When the work became owed (ISO instant). */
  since: string;
}

export interface WorkOutbox {
  /** The subject's owed work; null when nothing is owed. */
  get(subject: string): Promise<OwedWork | null>;
  /** Owed work since before `before`, oldest first, at most `limit` (a Query of a sparse index, never a Scan). */
  pending(before: string, limit: number): Promise<OwedWork[]>;
  /** Marks the subject's work done, only if it is still at `rev`; another revision stays owed. */
  complete(subject: string, rev: number): Promise<void>;
}
