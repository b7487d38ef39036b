/**
 * Cases in memory: for tests that sit close to one action. Honours the CaseStore contract
 * (test/contract/case-store.contract.ts runs against it and the DynamoDB store alike): gapless numbers
 * per year, one case per form, listings newest first with cursors that only page their own listing,
 * follow-ups whose parts move only from the states given. Every read returns a copy, as a database does.
 */
import type { FollowUp, FollowUpAction, FollowUpPartState } from '../../domain/case/follow-up.ts';
import { type NewRecord, type RecordEntry, sealNext } from '../../domain/case/record.ts';
import type { Case, CaseDisclosure, CaseService } from '../../domain/case/types.ts';
import type { EvidenceItem } from '../../domain/dossier/evidence.ts';
import type { Activity } from '../../domain/dossier/vocabulary.ts';
import { ACCESS_ACTIONS } from '../../domain/record/actions.ts';
import { headOf } from '../../domain/record/chain.ts';
import type { DraftedKind } from '../../domain/documents/model.ts';
import type { DocumentDetail } from '../../domain/documents/record.ts';
import type { CorrectionRequest, RecordDocumentOutcome, StoredDocument } from '../../ports/documents.ts';
import { InvalidCursorError } from '../../ports/errors.ts';
import type {
  ActivityChangeOutcome,
  AppendRefusal,
  AppendResult,
  ArchiveLock,
  AttachOutcome,
  PaymentOutcome,
  BeginArchiveOutcome,
  CaseStore,
  CaseSummary,
  FileCaseRequest,
  FollowUpRef,
  RecordContent,
} from '../../ports/index.ts';

const pad6 = (n: number) => String(n).padStart(6, '0');
const followUpKey = (ref: FollowUpRef) => `${ref.caseId}#${pad6(ref.recordSeq)}`;
/** The order the DynamoDB store's pending index sorts by. */
const pendingOrder = (f: FollowUp) => `${f.createdAt}#${f.caseId}#${pad6(f.recordSeq)}`;
/** The order of a person's open cases (their listing's sort key). */
const listingOrder = (c: Pick<Case, 'filedAt' | 'caseId'>) => `${c.filedAt}#${c.caseId}`;

const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
/** The order of a case's evidence listing (its index sort key). */
const evidenceOrder = (i: Pick<EvidenceItem, 'receivedAt' | 'evidenceId'>) => `${i.receivedAt}#${i.evidenceId}`;

function sealed(caseId: string, head: Case['logHead'], content: RecordContent): RecordEntry {
  const entry = sealNext(caseId, head, content);
  if (!entry.ok) throw new Error(`record entry not sealed: ${entry.errors.join('; ')}`);
  return entry.value;
}

export class MemoryCaseStore implements CaseStore {
  private readonly cases = new Map<string, Case>();
  private readonly logs = new Map<string, RecordEntry[]>();
  private readonly forms = new Map<string, string>();
  private readonly counters = new Map<number, number>();
  private readonly followUps = new Map<string, FollowUp>();
  /** open_id → the open cases they are an officer of. */
  private readonly listings = new Map<string, CaseSummary[]>();
  /** caseId → evidenceId → item. */
  private readonly evidence = new Map<string, Map<string, EvidenceItem>>();
  /** caseId#sha256 → the first item with those bytes (notes excepted). */
  private readonly hashes = new Map<string, string>();
  /** caseId#once key → the seq it appended. */
  private readonly once = new Map<string, number>();
  /** caseId → the archive in progress. */
  private readonly archiving = new Map<string, ArchiveLock>();
  /** `kind#year` → the last document number's seq. */
  private readonly documentCounters = new Map<string, number>();
  /** caseId#documentId → the number reserved for it. */
  private readonly documentNumbers = new Map<string, string>();
  /** caseId#documentId#version → the correction asked for. */
  private readonly corrections = new Map<string, CorrectionRequest>();
  /** caseId → `documentId#v<version:3>` → the version. */
  private readonly documents = new Map<string, Map<string, StoredDocument>>();
  /** Case ids in the publisher's index, and those whose disclosure is done for good. */
  private readonly disclosureActive = new Set<string>();
  private readonly disclosureDone = new Set<string>();

  async fileCase(req: FileCaseRequest): Promise<{ created: boolean; case: Case }> {
    const existing = this.forms.get(req.formId);
    if (existing) return { created: false, case: structuredClone(this.cases.get(existing) as Case) };
    const seq = (this.counters.get(req.year) ?? 0) + 1;
    const { case: built, record, followUp } = req.build(seq);
    // The same conditions as the DynamoDB transaction: nothing it writes may exist already.
    if (this.cases.has(built.caseId) || this.followUps.has(followUpKey(followUp))) throw new Error(`case ${built.caseId} exists already`);
    const first = sealed(built.caseId, undefined, record);
    const c: Case = { ...built, logHead: headOf(first) };
    this.counters.set(req.year, seq);
    this.cases.set(c.caseId, structuredClone(c));
    this.logs.set(c.caseId, [first]);
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

  async failFollowUpPart(ref: FollowUpRef, part: string, entry: NewRecord): Promise<boolean> {
    const f = this.followUps.get(followUpKey(ref));
    if (!f || f.parts[part] !== 'pending') return false;
    const { caseId: _c, ...content } = entry;
    const appended = this.append(ref.caseId, content);
    if (!appended.ok) return false;
    f.parts[part] = 'failed';
    return true;
  }

  /** The DynamoDB store's append in one synchronous step: what it checks, in the order it checks it. */
  private append(caseId: string, content: RecordContent, opts: { once?: string; allowArchiving?: boolean } = {}): AppendResult {
    const c = this.cases.get(caseId);
    if (!c) return { ok: false, reason: 'not_found' };
    if (opts.once !== undefined) {
      const seq = this.once.get(`${caseId}#${opts.once}`);
      const log = this.logs.get(caseId) ?? [];
      const entry = seq === undefined ? undefined : log.find((e) => e.seq === seq);
      if (entry) return { ok: true, entry: structuredClone(entry), created: false };
    }
    const refusal = this.refusal(c, content.action, opts.allowArchiving === true);
    if (refusal) return { ok: false, reason: refusal };
    const entry = sealed(caseId, c.logHead, content);
    this.logs.set(caseId, [...(this.logs.get(caseId) ?? []), entry]);
    c.logHead = headOf(entry);
    if (opts.once !== undefined) this.once.set(`${caseId}#${opts.once}`, entry.seq);
    return { ok: true, entry: structuredClone(entry), created: true };
  }

  /**
   * An append and a change to the case in one synchronous step (the review store's 批准): `change` runs
   * on the stored case only when the entry was written. Not part of the CaseStore port.
   */
  appendWith(caseId: string, content: RecordContent, change?: (c: Case) => void): AppendResult {
    const appended = this.append(caseId, structuredClone(content));
    if (appended.ok && change) change(this.cases.get(caseId) as Case);
    return appended;
  }

  private refusal(c: Case, action: RecordContent['action'], allowArchiving: boolean): AppendRefusal | null {
    if (ACCESS_ACTIONS.includes(action)) return null;
    if (c.status === 'archived') return 'archived';
    if (this.archiving.has(c.caseId) && !allowArchiving) return 'archiving';
    return null;
  }

  async appendRecord(caseId: string, content: RecordContent, opts: { once?: string } = {}): Promise<AppendResult> {
    return this.append(caseId, structuredClone(content), opts);
  }

  async activateDisclosure(caseId: string): Promise<void> {
    const c = this.cases.get(caseId);
    if (c?.decision && !this.disclosureDone.has(caseId)) this.disclosureActive.add(caseId);
  }

  async activeDisclosures(): Promise<Case[]> {
    return [...this.disclosureActive].sort().map((id) => structuredClone(this.cases.get(id) as Case));
  }

  async recordDisclosure(caseId: string, step: { set: Partial<CaseDisclosure>; done?: boolean }, content: RecordContent, once: string): Promise<AppendResult> {
    const result = this.append(caseId, structuredClone(content), { once });
    if (result.ok && result.created) {
      const c = this.cases.get(caseId) as Case;
      c.disclosure = { ...(c.disclosure ?? {}), ...structuredClone(step.set) };
      if (step.done) {
        this.disclosureDone.add(caseId);
        this.disclosureActive.delete(caseId);
      }
    }
    return result;
  }

  async recordService(caseId: string, service: CaseService, content: RecordContent): Promise<AppendResult> {
    const result = this.append(caseId, structuredClone(content), { once: 'decision.served' });
    if (result.ok && result.created) (this.cases.get(caseId) as Case).service = structuredClone(service);
    return result;
  }

  async recordPayment(caseId: string, payment: { paymentId: string; amountFen: number; limitFen: number; paidOn: string }, content: RecordContent): Promise<PaymentOutcome> {
    const c = this.cases.get(caseId);
    const paid = () => structuredClone(this.cases.get(caseId)?.finePaid ?? { fen: 0, count: 0 });
    // The DynamoDB store's order: a repeat first, then the case's state, then the limit.
    const repeat = c && this.once.has(`${caseId}#payment:${payment.paymentId}`);
    if (c && !repeat && this.refusal(c, content.action, false) === null && (c.finePaid?.fen ?? 0) + payment.amountFen > payment.limitFen) {
      return { ok: false, reason: 'exceeds', paid: paid() };
    }
    const result = this.append(caseId, structuredClone(content), { once: `payment:${payment.paymentId}` });
    if (!result.ok) return result;
    if (result.created) {
      const stored = this.cases.get(caseId) as Case;
      stored.finePaid = { fen: (stored.finePaid?.fen ?? 0) + payment.amountFen, count: (stored.finePaid?.count ?? 0) + 1, lastOn: payment.paidOn };
    }
    return { ...result, paid: paid() };
  }

  async attachEvidence(item: EvidenceItem, content: RecordContent): Promise<AttachOutcome> {
    const c = this.cases.get(item.caseId);
    if (!c) return { kind: 'refused', reason: 'not_found' };
    const items = this.evidence.get(item.caseId) ?? new Map<string, EvidenceItem>();
    const existing = items.get(item.evidenceId);
    if (existing) return { kind: 'exists', item: structuredClone(existing) };
    const hashKey = `${item.caseId}#${item.sha256}`;
    const match = item.mediaKind === 'note' ? undefined : this.hashes.get(hashKey);
    if (match !== undefined) return { kind: 'duplicate', match: structuredClone(items.get(match) as EvidenceItem) };
    const appended = this.append(item.caseId, structuredClone(content));
    if (!appended.ok) return { kind: 'refused', reason: appended.reason };
    items.set(item.evidenceId, structuredClone(item));
    this.evidence.set(item.caseId, items);
    if (item.mediaKind !== 'note') this.hashes.set(hashKey, item.evidenceId);
    return { kind: 'attached', item: structuredClone(item), entry: appended.entry };
  }

  async getEvidence(caseId: string, evidenceId: string): Promise<EvidenceItem | null> {
    const item = this.evidence.get(caseId)?.get(evidenceId);
    return item ? structuredClone(item) : null;
  }

  async evidenceItems(caseId: string): Promise<EvidenceItem[]> {
    return structuredClone([...(this.evidence.get(caseId)?.values() ?? [])]);
  }

  async listEvidence(caseId: string, page: { limit: number; cursor?: string }): Promise<{ items: EvidenceItem[]; nextCursor?: string }> {
    const owner = `EVIDENCE#${caseId}`;
    const after = page.cursor ? readCursor(page.cursor, owner) : undefined;
    const newest = [...(this.evidence.get(caseId)?.values() ?? [])].sort(byKey(evidenceOrder)).reverse();
    const rest = after === undefined ? newest : newest.filter((i) => evidenceOrder(i) < after);
    const items = rest.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: structuredClone(items),
      ...(rest.length > items.length && last ? { nextCursor: cursorFor(owner, evidenceOrder(last)) } : {}),
    };
  }

  async changeEvidenceActivity(caseId: string, evidenceId: string, from: Activity, to: Activity, content: RecordContent): Promise<ActivityChangeOutcome> {
    const item = this.evidence.get(caseId)?.get(evidenceId);
    if (!this.cases.has(caseId) || !item) return { ok: false, reason: 'not_found' };
    if (item.activity !== from) return { ok: false, reason: 'changed' };
    const appended = this.append(caseId, structuredClone(content));
    if (!appended.ok) return { ok: false, reason: appended.reason };
    item.activity = to;
    return { ok: true, item: structuredClone(item), entry: appended.entry };
  }

  async beginArchive(caseId: string, lock: ArchiveLock): Promise<BeginArchiveOutcome> {
    const c = this.cases.get(caseId);
    if (!c) return { ok: false, reason: 'not_found' };
    if (c.status === 'archived') return { ok: false, reason: 'archived' };
    const taken = this.archiving.get(caseId);
    if (taken) return { ok: true, lock: structuredClone(taken), resumed: true };
    if (c.logHead?.seq !== lock.head.seq || c.logHead.hash !== lock.head.hash) return { ok: false, reason: 'changed' };
    this.archiving.set(caseId, structuredClone(lock));
    return { ok: true, lock: structuredClone(lock), resumed: false };
  }

  async completeArchive(caseId: string, lockAt: string, content: RecordContent): Promise<AppendResult> {
    const c = this.cases.get(caseId);
    if (!c) return { ok: false, reason: 'not_found' };
    if (c.status === 'archived') return { ok: false, reason: 'archived' };
    if (this.archiving.get(caseId)?.at !== lockAt) return { ok: false, reason: 'archiving' };
    const appended = this.append(caseId, structuredClone(content), { allowArchiving: true });
    if (!appended.ok) return appended;
    c.status = 'archived';
    c.version += 1;
    this.archiving.delete(caseId);
    // Off the officers' open lists.
    for (const o of c.officers) this.listings.set(o.openId, (this.listings.get(o.openId) ?? []).filter((s) => s.caseId !== caseId));
    return appended;
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

  // Documents (issue 13)

  async reserveDocumentNumber(caseId: string, documentId: string, counter: { kind: DraftedKind; year: number }, format: (seq: number) => string): Promise<string> {
    const reservation = `${caseId}#${documentId}`;
    const earlier = this.documentNumbers.get(reservation);
    if (earlier !== undefined) return earlier;
    const counterKey = `${counter.kind}#${counter.year}`;
    const seq = (this.documentCounters.get(counterKey) ?? 0) + 1;
    const number = format(seq);
    this.documentCounters.set(counterKey, seq);
    this.documentNumbers.set(reservation, number);
    return number;
  }

  async documentVersions(caseId: string): Promise<StoredDocument[]> {
    const docs = this.documents.get(caseId) ?? new Map<string, StoredDocument>();
    return structuredClone([...docs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d));
  }

  async recordDocument(caseId: string, madeAt: string, content: RecordContent & { detail: DocumentDetail }): Promise<RecordDocumentOutcome> {
    const d = content.detail;
    const docs = this.documents.get(caseId) ?? new Map<string, StoredDocument>();
    const key = `${d.documentId}#v${String(d.version).padStart(3, '0')}`;
    const appended = this.append(caseId, structuredClone(content), { once: `doc:${d.documentId}:v${d.version}` });
    if (!appended.ok) return { ok: false, reason: appended.reason };
    if (!appended.created) return { ok: true, document: structuredClone(docs.get(key) as StoredDocument), created: false };
    const doc: StoredDocument = { ...structuredClone(d), caseId, seq: appended.entry.seq, madeAt, recordedAt: content.at, actor: content.actor };
    docs.set(key, doc);
    this.documents.set(caseId, docs);
    return { ok: true, document: structuredClone(doc), created: true };
  }

  async requestCorrection(caseId: string, request: CorrectionRequest): Promise<{ request: CorrectionRequest; created: boolean }> {
    const key = `${caseId}#${request.documentId}#${request.version}`;
    const earlier = this.corrections.get(key);
    if (earlier) return { request: structuredClone(earlier), created: false };
    this.corrections.set(key, structuredClone(request));
    return { request: structuredClone(request), created: true };
  }

  async markDocumentDelivered(caseId: string, documentId: string, version: number): Promise<boolean> {
    const doc = this.documents.get(caseId)?.get(`${documentId}#v${String(version).padStart(3, '0')}`);
    if (!doc) return false;
    doc.delivered = true;
    return true;
  }
}

/** A cursor names its listing (a person's cases, a case's evidence), so it pages no other. */
function cursorFor(owner: string, after: string): string {
  return Buffer.from(JSON.stringify({ o: owner, a: after }), 'utf8').toString('base64url');
}

function readCursor(cursor: string, owner: string): string {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown; a?: unknown };
    if (c.o === owner && typeof c.a === 'string') return c.a;
  } catch {
    // not one of ours
  }
  throw new InvalidCursorError('cursor does not belong to this listing');
}
