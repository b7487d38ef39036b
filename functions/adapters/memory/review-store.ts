/** The review state in memory, held to the same contract as the DynamoDB store (test/contract/review-store). */
import type { CaseDecision } from '../../domain/case/types.ts';
import { emptyReviewState, type ReviewState } from '../../domain/review/workflow.ts';
import type { RecordContent, ReviewCardKind, ReviewCardRef, ReviewCommit, ReviewStore } from '../../ports/index.ts';
import type { MemoryCaseStore } from './case-store.ts';

export class MemoryReviewStore implements ReviewStore {
  private readonly states = new Map<string, ReviewState>();
  private readonly cardRefs = new Map<string, ReviewCardRef>();

  constructor(private readonly cases: MemoryCaseStore) {}

  async get(caseId: string): Promise<ReviewState> {
    const s = this.states.get(caseId);
    return s ? structuredClone(s) : emptyReviewState(caseId);
  }

  async commit(next: ReviewState, entry: RecordContent, decision?: CaseDecision): Promise<ReviewCommit> {
    // One synchronous step, like the transaction: the version check, the entry, the state, the case.
    const stored = this.states.get(next.caseId)?.version ?? 0;
    if (stored !== next.version - 1) {
      if (!(await this.cases.get(next.caseId))) return { ok: false, reason: 'not_found' };
      return { ok: false, reason: 'conflict' };
    }
    const appended = this.cases.appendWith(next.caseId, entry, (c) => {
      if (!decision) return;
      c.status = 'decided';
      c.decision = structuredClone(decision);
      c.version += 1;
    });
    if (!appended.ok) return appended;
    this.states.set(next.caseId, structuredClone(next));
    return { ok: true, entry: appended.entry };
  }

  async rememberCard(caseId: string, card: ReviewCardRef): Promise<void> {
    this.cardRefs.set(`${caseId}#${card.round}#${card.kind}#${card.openId}`, { ...card });
  }

  async cards(caseId: string, round: number, kind?: ReviewCardKind): Promise<ReviewCardRef[]> {
    const prefix = `${caseId}#${round}#${kind ? `${kind}#` : ''}`;
    return [...this.cardRefs.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => ({ ...v }));
  }
}
