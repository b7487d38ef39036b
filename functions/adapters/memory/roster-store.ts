/**
 * The roster in memory: for tests and offline tools. Honours the RosterStore contract
 * (test/contract/roster-store.contract.ts runs against it and the DynamoDB store alike).
 */
import type { Person } from '../../domain/roster/types.ts';
import type { RosterStore } from '../../ports/index.ts';

/** The DynamoDB store lists the roster by its index key; the same order here. */
const rosterOrder = (p: Person) => `${p.department}#${p.name}#${p.openId}`;

export class MemoryRosterStore implements RosterStore {
  private readonly people = new Map<string, { person: Person; active: boolean }>();

  async get(openId: string): Promise<Person | null> {
    const entry = this.people.get(openId);
    return entry?.active ? structuredClone(entry.person) : null;
  }

  async getMany(openIds: string[]): Promise<Map<string, Person>> {
    const out = new Map<string, Person>();
    for (const id of new Set(openIds)) {
      const p = await this.get(id);
      if (p) out.set(id, p);
    }
    return out;
  }

  async listActive(): Promise<Person[]> {
    return [...this.people.values()]
      .filter((e) => e.active)
      .map((e) => structuredClone(e.person))
      .sort((a, b) => (rosterOrder(a) < rosterOrder(b) ? -1 : rosterOrder(a) > rosterOrder(b) ? 1 : 0));
  }

  async replaceAll(people: Person[], _at: string): Promise<{ written: number; deactivated: number }> {
    const keep = new Set(people.map((p) => p.openId));
    const gone = [...this.people.entries()].filter(([id, e]) => e.active && !keep.has(id));
    for (const p of people) this.people.set(p.openId, { person: structuredClone(p), active: true });
    // Leaving the roster keeps the person (names on old cases) but ends their access.
    for (const [, e] of gone) e.active = false;
    return { written: people.length, deactivated: gone.length };
  }
}
