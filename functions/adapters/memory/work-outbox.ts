/** Owed work in memory, for tests; held to the WorkOutbox contract (test/contract/work-outbox.contract.ts). */
import type { OwedJob, OwedWork, WorkOutbox } from '../../ports/outbox.ts';

export class MemoryWorkOutbox implements WorkOutbox {
  private readonly items = new Map<string, OwedWork & { pending: boolean }>();

  /** What the memory stores call inside their "transactions". */
  owe(subject: string, job: OwedJob, rev: number, since: string): void {
    this.items.set(subject, { subject, job: structuredClone(job), rev, since, pending: true });
  }

  async get(subject: string): Promise<OwedWork | null> {
    const w = this.items.get(subject);
    return w?.pending ? strip(w) : null;
  }

  async pending(before: string, limit: number): Promise<OwedWork[]> {
    return [...this.items.values()]
      .filter((w) => w.pending && `${w.since}#${w.subject}` < before)
      .sort((a, b) => (`${a.since}#${a.subject}` < `${b.since}#${b.subject}` ? -1 : 1))
      .slice(0, limit)
      .map(strip);
  }

  async complete(subject: string, rev: number): Promise<void> {
    const w = this.items.get(subject);
    if (w?.pending && w.rev === rev) w.pending = false;
  }
}

function strip(w: OwedWork & { pending: boolean }): OwedWork {
  return { subject: w.subject, job: structuredClone(w.job), rev: w.rev, since: w.since };
}
