/**
 * Scheduled work: each task looks at `now` and does what is due then. EventBridge Scheduler calls the
 * tick function every few minutes; offline, `POST /_dev/tick {"now": …}` calls the same code.
 * Later issues register reminders, publication and withdrawal here.
 */
import type { Logger } from '../config/logger.ts';

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
