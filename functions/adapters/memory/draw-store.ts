/** Draws in memory, for tests; held to the DrawStore contract (test/contract/draw-store.contract.ts). */
import type { DrawRecordEntry } from '../../domain/draw/draw.ts';
import type { DrawException } from '../../domain/draw/exceptions.ts';
import type { InspectionResult, InspectionTask } from '../../domain/draw/inspection.ts';
import { DRAW_FILE_FORMAT, type DrawFile } from '../../domain/draw/types.ts';
import type {
  CommittedDraw,
  DrawMeta,
  DrawStore,
  PendingDecision,
  StoredDrawException,
  StoredDrawRecord,
  StoredTask,
} from '../../ports/draws.ts';
import { MemoryWorkOutbox } from './work-outbox.ts';

interface Draw {
  meta: DrawMeta;
  logSeq: number;
  committed?: CommittedDraw;
  file?: DrawFile;
  log: StoredDrawRecord[];
  exceptions: Map<string, StoredDrawException>;
  tasks: Map<string, StoredTask>;
}

const clone = <T>(x: T): T => structuredClone(x);
const sameTeam = (a: InspectionTask['inspectors'], b: InspectionTask['inspectors']) =>
  a.map((i) => i.certificateNumber).join('|') === b.map((i) => i.certificateNumber).join('|');

export class MemoryDrawStore implements DrawStore {
  private readonly draws = new Map<string, Draw>();
  private readonly plans = new Map<string, { rev: number; draws: string[] }>();

  constructor(readonly outbox: MemoryWorkOutbox = new MemoryWorkOutbox()) {}

  /** A change at `rev` (or the current one): bumps the revision, appends the entries, owes the job. */
  private change(d: Draw, entries: readonly DrawRecordEntry[], at: string): void {
    d.meta.rev += 1;
    for (const e of entries) d.log.push({ ...clone(e), seq: ++d.logSeq });
    this.outbox.owe(`draw:${d.meta.drawId}`, { kind: 'draw.run', drawId: d.meta.drawId }, d.meta.rev, at);
  }

  async plan(planId: string) {
    const p = this.plans.get(planId);
    return {
      rev: p?.rev ?? 0,
      draws: (p?.draws ?? []).flatMap((id) => {
        const d = this.draws.get(id);
        return d ? [clone(d.meta)] : [];
      }),
    };
  }

  async start(meta: DrawMeta, planRev: number): Promise<boolean> {
    const p = this.plans.get(meta.planId) ?? { rev: 0, draws: [] };
    if (p.rev !== planRev || this.draws.has(meta.drawId)) return false;
    this.plans.set(meta.planId, { rev: planRev + 1, draws: [...p.draws, meta.drawId] });
    this.draws.set(meta.drawId, { meta: { ...clone(meta), rev: 1 }, logSeq: 0, log: [], exceptions: new Map(), tasks: new Map() });
    this.outbox.owe(`draw:${meta.drawId}`, { kind: 'draw.run', drawId: meta.drawId }, 1, meta.requestedAt);
    return true;
  }

  async get(drawId: string) {
    const d = this.draws.get(drawId);
    return d ? clone(d.meta) : null;
  }

  async list() {
    return [...this.draws.values()]
      .map((d) => clone(d.meta))
      .sort((a, b) => (`${a.requestedAt}#${a.drawId}` < `${b.requestedAt}#${b.drawId}` ? 1 : -1));
  }

  async fail(drawId: string, rev: number, errors: string[], at: string) {
    const d = this.draws.get(drawId);
    if (!d || d.meta.rev !== rev || d.meta.status !== 'pending') return false;
    d.meta.status = 'failed';
    d.meta.errors = [...errors];
    this.change(d, [], at);
    return true;
  }

  async commit(drawId: string, rev: number, c: CommittedDraw & { entries: readonly DrawRecordEntry[]; at: string }) {
    const d = this.draws.get(drawId);
    if (!d || d.meta.rev !== rev || d.meta.status !== 'pending') return false;
    const { entries, at, ...committed } = c;
    d.committed = clone(committed);
    d.meta.status = 'committed';
    d.meta.commitmentHash = c.commitment.hash;
    if (c.commitment.supersedes) d.meta.supersedes = clone(c.commitment.supersedes);
    this.change(d, entries, at);
    return true;
  }

  async committed(drawId: string, opts: { targets?: boolean } = {}) {
    const c = this.draws.get(drawId)?.committed;
    if (!c) return null;
    return clone(opts.targets === false ? { ...c, libraries: { ...c.libraries, targets: [] } } : c);
  }

  async reveal(drawId: string, rev: number, r: { file: DrawFile; entries: readonly DrawRecordEntry[]; at: string }) {
    const d = this.draws.get(drawId);
    if (!d || d.meta.rev !== rev || d.meta.status !== 'committed') return false;
    d.file = clone({ ...r.file, libraries: { ...r.file.libraries } });
    d.meta.status = 'revealed';
    d.meta.revealedAt = r.at;
    this.change(d, r.entries, r.at);
    const old = r.file.commitment.supersedes ? this.draws.get(r.file.commitment.supersedes.drawId) : undefined;
    if (old && old.meta.supersededBy === undefined) {
      old.meta.supersededBy = drawId;
      this.change(old, [], r.at);
    }
    return true;
  }

  async file(drawId: string, opts: { targets?: boolean } = {}) {
    const d = this.draws.get(drawId);
    if (!d?.file || !d.committed || d.meta.status !== 'revealed') return null;
    const libraries = { ...d.committed.libraries, targets: opts.targets === false ? [] : d.committed.libraries.targets };
    const file: DrawFile = { ...d.file, format: DRAW_FILE_FORMAT, libraries };
    return clone({ ...d.committed, libraries, file });
  }

  async markPosted(drawId: string, what: DrawMeta['posted'][number]) {
    const d = this.draws.get(drawId);
    if (d && !d.meta.posted.includes(what)) d.meta.posted.push(what);
  }

  async exceptions(drawId: string) {
    return [...(this.draws.get(drawId)?.exceptions.values() ?? [])].map(clone);
  }

  async requestException(drawId: string, rev: number, e: DrawException, entries: readonly DrawRecordEntry[]) {
    const d = this.draws.get(drawId);
    if (!d || d.meta.rev !== rev || d.meta.status !== 'revealed' || d.exceptions.has(e.id)) return false;
    d.exceptions.set(e.id, { ...clone(e), notified: [] });
    this.change(d, entries, e.requestedAt);
    return true;
  }

  async markDecision(drawId: string, exceptionId: string, p: PendingDecision) {
    const d = this.draws.get(drawId);
    const e = d?.exceptions.get(exceptionId);
    if (!d || !e || e.status !== 'requested' || e.pendingDecision) return false;
    e.pendingDecision = clone(p);
    delete e.decisionErrors;
    this.change(d, [], p.at);
    return true;
  }

  async decide(drawId: string, rev: number, x: { exception: DrawException; file?: DrawFile; entries: readonly DrawRecordEntry[]; approvedRedraw?: string }) {
    const d = this.draws.get(drawId);
    const cur = d?.exceptions.get(x.exception.id);
    if (!d || d.meta.rev !== rev || !cur?.pendingDecision) return false;
    d.exceptions.set(x.exception.id, { ...clone(x.exception), notified: ['requested'] });
    if (x.file && d.file) d.file = { ...d.file, result: clone(x.file.result), exceptions: clone(x.file.exceptions), effective: clone(x.file.effective) };
    if (x.approvedRedraw !== undefined) d.meta.approvedRedraw = x.approvedRedraw;
    this.change(d, x.entries, x.exception.decidedAt ?? x.exception.requestedAt);
    return true;
  }

  async refuseDecision(drawId: string, exceptionId: string, errors: string[]) {
    const e = this.draws.get(drawId)?.exceptions.get(exceptionId);
    if (!e?.pendingDecision) return;
    delete e.pendingDecision;
    e.decisionErrors = [...errors];
  }

  async markExceptionNotified(drawId: string, exceptionId: string, what: 'requested' | 'decided') {
    const e = this.draws.get(drawId)?.exceptions.get(exceptionId);
    if (e && !e.notified.includes(what)) e.notified.push(what);
  }

  async tasks(drawId: string) {
    return [...(this.draws.get(drawId)?.tasks.values() ?? [])].sort((a, b) => a.position - b.position).map(clone);
  }

  async task(drawId: string, creditCode: string) {
    const t = this.draws.get(drawId)?.tasks.get(creditCode);
    return t ? clone(t) : null;
  }

  async syncTasks(drawId: string, tasks: readonly InspectionTask[], closeOthersAs: 'removed' | 'superseded') {
    const d = this.draws.get(drawId);
    if (!d) return;
    const wanted = new Set(tasks.map((t) => t.creditCode));
    for (const t of tasks) {
      const cur = d.tasks.get(t.creditCode);
      if (!cur) d.tasks.set(t.creditCode, { ...clone(t), notified: [] });
      else if (cur.status === 'open' && !sameTeam(cur.inspectors, t.inspectors)) {
        cur.inspectors = clone(t.inspectors);
        cur.position = t.position;
      }
    }
    for (const cur of d.tasks.values()) if (!wanted.has(cur.creditCode) && cur.status === 'open') cur.status = closeOthersAs;
  }

  async markTaskNotified(drawId: string, creditCode: string, openId: string) {
    const t = this.draws.get(drawId)?.tasks.get(creditCode);
    if (t && !t.notified.includes(openId)) t.notified.push(openId);
  }

  async recordResult(drawId: string, creditCode: string, result: InspectionResult, entry: DrawRecordEntry) {
    const d = this.draws.get(drawId);
    const t = d?.tasks.get(creditCode);
    if (!d || !t || t.status !== 'open') return false;
    t.status = 'done';
    t.result = clone(result);
    this.change(d, [entry], result.recordedAt);
    return true;
  }

  async markResultPublished(drawId: string, creditCode: string, on: string) {
    const t = this.draws.get(drawId)?.tasks.get(creditCode);
    if (t?.result && t.result.publishedOn === undefined) t.result.publishedOn = on;
  }

  async openTasks(dueBy: string, limit: number) {
    const key = (t: StoredTask) => `${t.deadline}#${t.drawId}#${t.creditCode}`;
    return [...this.draws.values()]
      .flatMap((d) => [...d.tasks.values()])
      .filter((t) => t.status === 'open' && t.deadline <= dueBy)
      .sort((a, b) => (key(a) < key(b) ? -1 : 1))
      .slice(0, limit)
      .map(clone);
  }

  async records(drawId: string) {
    return clone(this.draws.get(drawId)?.log ?? []);
  }
}
