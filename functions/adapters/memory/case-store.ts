/**
 * Cases in memory: for tests that sit close to one action. Honours the CaseStore contract
 * (test/contract/case-store.contract.ts runs against it and the DynamoDB store alike): gapless numbers
 * per year, one case per form, listings newest first with cursors that only page their own listing,
 * follow-ups whose parts move only from the states given. Every read returns a copy, as a database does.
 */
import type { FollowUp, FollowUpAction, FollowUpPartState } from '../../domain/case/follow-up.ts';
import type { RecordEntry } from '../../domain/case/record.ts';
import type { Case } from '../../domain/case/types.ts';
import { InvalidCursorError } from '../../ports/errors.ts';
import type { CaseStore, CaseSummary, FileCaseRequest, FollowUpRef } from '../../ports/index.ts';

const pad6 = (n: number) => String(n).padStart(6, '0');
const followUpKey = (ref: FollowUpRef) => `${ref.caseId}#${pad6(ref.recordSeq)}`;
/** The order the DynamoDB store's pending index sorts by. */
const pendingOrder = (f: FollowUp) => `${f.createdAt}#${f.caseId}#${pad6(f.recordSeq)}`;
/** The order of a person's open cases (their listing's sort key). */
const listingOrder = (c: Pick<Case, 'filedAt' | 'caseId'>) => `${c.filedAt}#${c.caseId}`;

const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export class MemoryCaseStore implements CaseStore {
  private readonly cases = new Map<string, Case>();
  private readonly logs = new Map<string, RecordEntry[]>();
  private readonly forms = new Map<string, string>();
  private readonly counters = new Map<number, number>();
  private readonly followUps = new Map<string, FollowUp>();
  /** open_id → the open cases they are an officer of. */
  private readonly listings = new Map<string, CaseSummary[]>();

  async fileCase(req: FileCaseRequest): Promise<{ created: boolean; case: Case }> {
    const existing = this.forms.get(req.formId);
    if (existing) return { created: false, case: structuredClone(this.cases.get(existing) as Case) };
    const seq = (this.counters.get(req.year) ?? 0) + 1;
    const { case: c, record, followUp } = req.build(seq);
    // The same conditions as the DynamoDB transaction: nothing it writes may exist already.
    if (this.cases.has(c.caseId) || this.followUps.has(followUpKey(followUp))) throw new Error(`case ${c.caseId} exists already`);
    this.counters.set(req.year, seq);
    this.cases.set(c.caseId, structuredClone(c));
    this.logs.set(c.caseId, [structuredClone(record)]);
    this.forms.set(req.formId, c.caseId);
    this.followUps.set(followUpKey(followUp), structuredClone(followUp));
    const summary: CaseSummary = {
      caseId: c.caseId,
      caseNumber: c.caseNumber,
      partyName: c.party.name,
      caseType: c.caseType,
      status: c.status,
      filingDate: c.filingDate,
      filedAt: c.filedAt,
    };
    for (const o of c.officers) this.listings.set(o.openId, [...(this.listings.get(o.openId) ?? []), summary]);
    return { created: true, case: structuredClone(c) };
  }

  async get(caseId: string): Promise<Case | null> {
    const c = this.cases.get(caseId);
    return c ? structuredClone(c) : null;
  }

  async records(caseId: string): Promise<RecordEntry[]> {
    return structuredClone(this.logs.get(caseId) ?? []);
  }

  async listOpenForUser(openId: string, page: { limit: number; cursor?: string }): Promise<{ items: CaseSummary[]; nextCursor?: string }> {
    const after = page.cursor ? readCursor(page.cursor, openId) : undefined;
    const newestFirst = [...(this.listings.get(openId) ?? [])].sort(byKey(listingOrder)).reverse();
    const rest = after === undefined ? newestFirst : newestFirst.filter((s) => listingOrder(s) < after);
    const items = rest.slice(0, page.limit);
    const last = items.at(-1);
    // Only offer a next page when one exists, so the last page has no dead "下一页" button.
    return {
      items: structuredClone(items),
      ...(rest.length > items.length && last ? { nextCursor: cursorFor(openId, listingOrder(last)) } : {}),
    };
  }

  async getFollowUp(ref: FollowUpRef): Promise<FollowUp | null> {
    const f = this.followUps.get(followUpKey(ref));
    return f ? structuredClone(f) : null;
  }

  async markFollowUpPart(ref: FollowUpRef, part: string, from: FollowUpPartState[], to: FollowUpPartState): Promise<boolean> {
    const f = this.followUps.get(followUpKey(ref));
    const state = f?.parts[part];
    if (!f || state === undefined || !from.includes(state)) return false;
    f.parts[part] = to;
    return true;
  }

  async failFollowUpPart(ref: FollowUpRef, part: string, entry: Omit<RecordEntry, 'seq'>): Promise<boolean> {
    const f = this.followUps.get(followUpKey(ref));
    if (!f || f.parts[part] !== 'pending') return false;
    const log = this.logs.get(ref.caseId) ?? [];
    f.parts[part] = 'failed';
    this.logs.set(ref.caseId, [...log, { ...structuredClone(entry), caseId: ref.caseId, seq: (log.at(-1)?.seq ?? 0) + 1 }]);
    return true;
  }

  async completeFollowUp(ref: FollowUpRef): Promise<void> {
    const f = this.followUps.get(followUpKey(ref));
    if (f?.status === 'pending') f.status = 'done';
  }

  async pendingFollowUps(createdBefore: string, limit: number): Promise<(FollowUpRef & { action: FollowUpAction })[]> {
    return [...this.followUps.values()]
      .filter((f) => f.status === 'pending' && pendingOrder(f) < createdBefore)
      .sort(byKey(pendingOrder))
      .slice(0, limit)
      .map((f) => ({ caseId: f.caseId, recordSeq: f.recordSeq, action: f.action }));
  }
}

/** A cursor names its listing, so it pages no one else's. */
function cursorFor(openId: string, after: string): string {
  return Buffer.from(JSON.stringify({ o: openId, a: after }), 'utf8').toString('base64url');
}

function readCursor(cursor: string, openId: string): string {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown; a?: unknown };
    if (c.o === openId && typeof c.a === 'string') return c.a;
  } catch {
    // not one of ours
  }
  throw new InvalidCursorError('cursor does not belong to this listing');
}
