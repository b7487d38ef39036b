/**
 * Tracked deadlines in memory: for tests. Honours the DeadlineStore contract
 * (test/contract/deadline-store.contract.ts runs against it and the DynamoDB store alike).
 */
import type { DeadlineScope, DeadlineStore, StoredDeadline } from '../../ports/deadlines.ts';

export class MemoryDeadlineStore implements DeadlineStore {
  private readonly items = new Map<string, StoredDeadline>();
  private readonly claims = new Map<string, { claimedAt: string; sent: boolean }>();

  /** The case store whose log heads condition a case's replace, as the table's case items do. */
  constructor(private readonly cases?: { get(caseId: string): Promise<{ logHead?: { seq: number } } | null> }) {}

  private key = (scope: string, id: string) => `${scope}\u0000${id}`;

  async list(scope: DeadlineScope): Promise<StoredDeadline[]> {
    return [...this.items.values()].filter((d) => d.scope === scope).map((d) => structuredClone(d)).sort((a, b) => (a.deadline.id < b.deadline.id ? -1 : 1));
  }

  async get(scope: DeadlineScope, deadlineId: string): Promise<StoredDeadline | null> {
    const d = this.items.get(this.key(scope, deadlineId));
    return d ? structuredClone(d) : null;
  }

  async replace(scope: DeadlineScope, current: readonly StoredDeadline[], basis?: { caseLogSeq: number }): Promise<boolean> {
    if (scope.startsWith('case:') && basis && this.cases) {
      const c = await this.cases.get(scope.slice('case:'.length));
      if (c?.logHead?.seq !== basis.caseLogSeq) return false;
    }
    const now = new Set(current.map((d) => d.deadline.id));
    for (const d of await this.list(scope)) {
      if (!now.has(d.deadline.id) && !d.ended) this.items.set(this.key(scope, d.deadline.id), { ...d, ended: true });
    }
    for (const d of current) this.items.set(this.key(scope, d.deadline.id), structuredClone(d));
    return true;
  }

  async dueBetween(from: string, to: string): Promise<StoredDeadline[]> {
    return [...this.items.values()]
      .filter((d) => !d.ended && d.deadline.status !== 'met' && d.deadline.dueDate >= from && d.deadline.dueDate <= to)
      .sort((a, b) => {
        const x = `${a.deadline.dueDate}#${a.deadline.id}`;
        const y = `${b.deadline.dueDate}#${b.deadline.id}`;
        return x < y ? -1 : x > y ? 1 : 0;
      })
      .map((d) => structuredClone(d));
  }

  async isClaimed(sendKey: string): Promise<boolean> {
    return this.claims.has(sendKey);
  }

  async claim(sendKey: string, at: string): Promise<{ state: 'new' | 'unsent' | 'sent'; claimedAt: string }> {
    const c = this.claims.get(sendKey);
    if (!c) {
      this.claims.set(sendKey, { claimedAt: at, sent: false });
      return { state: 'new', claimedAt: at };
    }
    return { state: c.sent ? 'sent' : 'unsent', claimedAt: c.claimedAt };
  }

  async markSent(sendKey: string): Promise<void> {
    const c = this.claims.get(sendKey);
    if (!c) throw new Error(`no claim for ${sendKey}`);
    c.sent = true;
  }
}
