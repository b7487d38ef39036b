/** The offline stand-in for asynchronous Lambda invocation (functions/adapters/async/local-queue.ts). */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { LocalJobQueue, RESUME_CONCURRENCY } from '../../../functions/adapters/async/local-queue.ts';
import { silentLogger } from '../../../functions/config/logger.ts';
import { DEFAULTS } from '../../../infra/config.ts';

type TestJob = { kind: string; n: number };

function queueWith(run: (job: TestJob) => Promise<void>) {
  const queue = new LocalJobQueue(silentLogger, 2, 1);
  queue.bind(run as (job: { kind: string }) => Promise<void>);
  return queue;
}

describe('LocalJobQueue', () => {
  it('runs a job after submit returns, on a copy, and retries a failing one twice', async () => {
    const seen: TestJob[] = [];
    let failures = 2;
    const queue = queueWith(async (job) => {
      seen.push(job);
      if (job.kind === 'flaky' && failures-- > 0) throw new Error('boom');
    });
    const job = { kind: 'flaky', n: 1 };
    await queue.submit(job);
    expect(seen).toHaveLength(0);
    job.n = 99;
    await queue.idle();
    expect(seen).toEqual([
      { kind: 'flaky', n: 1 },
      { kind: 'flaky', n: 1 },
      { kind: 'flaky', n: 1 },
    ]);
  });

  it('holds the jobs it accepts while paused, and runs them all in order, a bounded number at once, on resume', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const queue = queueWith(async (job) => {
      started.push(job.n);
      running++;
      most = Math.max(most, running);
      await sleep(2);
      running--;
    });
    await queue.pause();
    const count = RESUME_CONCURRENCY * 3 + 1;
    for (let n = 0; n < count; n++) await queue.submit({ kind: 'k', n });
    await queue.idle(); // held jobs are not pending: idle does not wait for them
    await sleep(10);
    expect(started).toEqual([]);

    await queue.resume();
    await queue.idle();
    expect(started).toEqual(Array.from({ length: count }, (_, n) => n));
    expect(most).toBe(RESUME_CONCURRENCY);
    expect(RESUME_CONCURRENCY).toBe(DEFAULTS.workerReservedConcurrency);

    // Running again: a job submitted now starts without another resume.
    await queue.submit({ kind: 'k', n: count });
    await queue.idle();
    expect(started.at(-1)).toBe(count);
  });

  it('lets jobs that were already running finish while paused', async () => {
    const done: number[] = [];
    const queue = queueWith(async (job) => {
      await sleep(5);
      done.push(job.n);
    });
    await queue.submit({ kind: 'k', n: 1 });
    await queue.pause();
    await queue.submit({ kind: 'k', n: 2 });
    await queue.idle();
    expect(done).toEqual([1]);
    await queue.resume();
    await queue.idle();
    expect(done).toEqual([1, 2]);
  });

  it('refuses a job when no worker is bound, paused or not', async () => {
    const queue = new LocalJobQueue(silentLogger);
    await expect(queue.submit({ kind: 'k' })).rejects.toThrow(/no worker bound/);
    await queue.pause();
    await expect(queue.submit({ kind: 'k' })).rejects.toThrow(/no worker bound/);
  });
});
