/**
 * Scheduled work: each task looks at `now` and does what is due then. EventBridge Scheduler calls the
 * tick function every few minutes; offline, `POST /_dev/tick {"now": …}` calls the same code.
 * Registered in handlers/wiring.ts; later issues add reminders, publication and withdrawal.
 */
import type { Logger } from '../config/logger.ts';
import type { CaseStore, JobQueue } from '../ports/index.ts';
import type { Job } from './jobs.ts';

export interface ScheduledTask {
  name: string;
  /** Does what is due at `now`; returns a line per thing done. Must be idempotent: ticks may repeat. */
  run(now: Date): Promise<string[]>;
}

export interface TickResult {
  now: string;
  ran: { task: string; done: string[] }[];
  failed: { task: string; error: string }[];
}

export async function runDueWork(now: Date, tasks: readonly ScheduledTask[], log: Logger): Promise<TickResult> {
  const result: TickResult = { now: now.toISOString(), ran: [], failed: [] };
  for (const task of tasks) {
    try {
      result.ran.push({ task: task.name, done: await task.run(now) });
    } catch (err) {
      // One failing task must not starve the others; the next tick retries it.
      log.error('scheduled task failed', { task: task.name, err });
      result.failed.push({ task: task.name, error: 'failed' });
    }
  }
  return result;
}

/** A fresh filing's own hand-off (and Lambda's retries of it) gets this long before the scheduled run steps in. */
export const FOLLOW_UP_GRACE_MS = 2 * 60_000;
/** Enough for any backlog of one bureau; the rest waits for the next tick. */
export const FOLLOW_UPS_PER_TICK = 200;

/**
 * Hands pending follow-ups (work a state change still owes: notices, card updates) to the worker again.
 * Found through the sparse pending index (a Query), oldest first. The worker skips what is already done,
 * so a follow-up that finished meanwhile costs one no-op job.
 */
export function resubmitFollowUps(deps: { cases: CaseStore; jobs: JobQueue<Job>; log: Logger }, graceMs = FOLLOW_UP_GRACE_MS): ScheduledTask {
  return {
    name: 'follow-ups',
    async run(now) {
      const due = await deps.cases.pendingFollowUps(new Date(now.getTime() - graceMs).toISOString(), FOLLOW_UPS_PER_TICK);
      const done: string[] = [];
      let failed = 0;
      for (const f of due) {
        try {
          await deps.jobs.submit({ kind: f.action, caseId: f.caseId });
          done.push(`${f.action} ${f.caseId}`);
        } catch (err) {
          failed += 1;
          deps.log.error('follow-up not handed on; the next tick retries it', { caseId: f.caseId, err });
        }
      }
      if (failed > 0) throw new Error(`${failed} of ${due.length} follow-ups not handed on`);
      return done;
    },
  };
}
