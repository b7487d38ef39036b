import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../config/logger.ts';
import type { JobQueue } from '../../ports/index.ts';

type Job = { kind: string };

/**
 * The offline stand-in for asynchronous Lambda invocation: runs the worker in the same process after
 * the acknowledgement has been sent, with Lambda's async retry policy (2 retries).
 */
export class LocalJobQueue implements JobQueue {
  private readonly pending = new Set<Promise<void>>();
  private run: ((job: Job) => Promise<void>) | undefined;

  constructor(
    private readonly log: Logger,
    private readonly retries = 2,
    private readonly retryDelayMs = 200,
  ) {}

  /** The worker handler; set after construction because the worker's services include this queue. */
  bind(run: (job: Job) => Promise<void>) {
    this.run = run;
  }

  /** Carries any job (the worker's own schema decides what it runs). */
  async submit<J extends Job>(job: J): Promise<void> {
    const run = this.run;
    if (!run) throw new Error('local job queue has no worker bound');
    const payload = JSON.parse(JSON.stringify(job)) as Job; // a real invocation gets a copy, not our object
    const p = (async () => {
      await sleep(0);
      for (let attempt = 0; attempt <= this.retries; attempt++) {
        try {
          await run(payload);
          return;
        } catch (err) {
          this.log.error('job failed', { kind: job.kind, attempt, err });
          if (attempt < this.retries) await sleep(this.retryDelayMs * (attempt + 1));
        }
      }
      this.log.error('job dropped after retries (on Lambda: sent to the failure destination)', { kind: job.kind });
    })();
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Resolves when every submitted job (and jobs they submitted) has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
