/**
 * The scheduled run's hand-off of owed work (ports/outbox.ts): a list's notices and site pages, a
 * draw's steps. Each change writes what it owes in its own transaction and submits the job at once;
 * this hands on whatever is still owed after a grace period (the job was lost, or failed three times).
 * The jobs do only what is left, so handing on work that finished meanwhile costs a no-op.
 */
import type { Logger } from '../config/logger.ts';
import type { JobQueue, WorkOutbox } from '../ports/index.ts';
import type { Job } from './jobs.ts';
import { FOLLOW_UP_GRACE_MS, type ScheduledTask } from './tick.ts';

export const OWED_PER_TICK = 100;

export function resubmitOwedWork(deps: { outbox: WorkOutbox; jobs: JobQueue<Job>; log: Logger }, graceMs = FOLLOW_UP_GRACE_MS): ScheduledTask {
  return {
    name: 'owed-work',
    async run(now) {
      const due = await deps.outbox.pending(new Date(now.getTime() - graceMs).toISOString(), OWED_PER_TICK);
      const done: string[] = [];
      let failed = 0;
      for (const w of due) {
        try {
          // As stored by the change that owes it; the worker reads every job with its schema again
          // (the tick does not load the job registry: its cold start stays small).
          await deps.jobs.submit(w.job as Job);
          done.push(w.subject);
        } catch (err) {
          failed += 1;
          deps.log.error('owed work not handed on; the next tick retries it', { subject: w.subject, err });
        }
      }
      if (failed > 0) throw new Error(`${failed} of ${due.length} owed jobs not handed on`);
      return done;
    },
  };
}
