import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../config/logger.ts';
import type { JobQueue } from '../../ports/index.ts';

type Job = { kind: string };

/**
 * How many held jobs run at once when a paused queue resumes: as many as the deployed worker runs at
 * once (its reserved concurrency, `workerReservedConcurrency` in infra/config.ts).
 */
export const RESUME_CONCURRENCY = 10;

/**
 * The offline stand-in for asynchronous Lambda invocation: runs the worker in the same process after
 * the acknowledgement has been sent, with Lambda's async retry policy (2 retries).
 */
export class LocalJobQueue implements JobQueue {
  private readonly pending = new Set<Promise<void>>();
  private run: ((job: Job) => Promise<void>) | undefined;
  /** Jobs accepted while paused, in order; null when running. */
  private held: Job[] | null = null;

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
    if (!this.run) throw new Error('local job queue has no worker bound');
    const payload = JSON.parse(JSON.stringify(job)) as Job; // a real invocation gets a copy, not our object
    if (this.held) {
      this.held.push(payload);
      return;
    }
    this.track(this.attempts(payload));
  }

  /**
   * Accepts jobs without running them until resume(), as Lambda's asynchronous queue accepts an
   * Invoke while the function runs elsewhere: the bench times acknowledgements with no worker sharing
   * the machine's cores. Jobs already running go on.
   */
  async pause(): Promise<void> {
    this.held ??= [];
  }

  /** Runs the held jobs, RESUME_CONCURRENCY at a time; idle() waits for them. */
  async resume(): Promise<void> {
    const held = this.held ?? [];
    this.held = null;
    let next = 0;
    const lane = async () => {
      while (next < held.length) await this.attempts(held[next++]!);
    };
    this.track(Promise.all(Array.from({ length: Math.min(RESUME_CONCURRENCY, held.length) }, lane)).then(() => undefined));
  }

  /** Resolves when every submitted job (and jobs they submitted) has finished; held jobs wait for resume(). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async attempts(job: Job): Promise<void> {
    const run = this.run!;
    await sleep(0);
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      try {
        await run(job);
        return;
      } catch (err) {
        this.log.error('job failed', { kind: job.kind, attempt, err });
        if (attempt < this.retries) await sleep(this.retryDelayMs * (attempt + 1));
      }
    }
    this.log.error('job dropped after retries (on Lambda: sent to the failure destination)', { kind: job.kind });
  }

  private track(p: Promise<void>) {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}
