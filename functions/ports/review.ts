/**
 * The legal review of a case (法制审核, domain/review/): its state is one item in the case partition
 * (`REVIEW`), written together with the record entry of each step. Documents (issue 13) and deadlines
 * (issue 11) read it through `get`.
 */
import type { RecordEntry } from '../domain/case/record.ts';
import type { CaseDecision } from '../domain/case/types.ts';
import type { ReviewState } from '../domain/review/index.ts';
import type { AppendRefusal, RecordContent } from './index.ts';

/** `conflict`: the stored state is no longer the version the step was computed from (re-read and run it again). */
export type ReviewCommit = { ok: true; entry: RecordEntry } | { ok: false; reason: AppendRefusal | 'conflict' };

/** Which card the bot shows for a round: the submitted form (request), the reviewers' review cards, the heads' decision cards, the officers' result cards. */
export type ReviewCardKind = 'request' | 'review' | 'decision' | 'result';

export interface ReviewCardRef {
  round: number;
  kind: ReviewCardKind;
  openId: string;
  messageId: string;
}

export interface ReviewStore {
  /** The case's review state; the domain's empty state (version 0) when nothing was stored. */
  get(caseId: string): Promise<ReviewState>;
  /**
   * One transaction: `next` (conditioned on the stored version being `next.version - 1`, or on no item
   * for version 1), `entry` sealed after the case's log head, and — on 批准 — the case META's
   * `status: 'decided'` and `decision`. Refused like any change on an archived case.
   */
  commit(next: ReviewState, entry: RecordContent, decision?: CaseDecision): Promise<ReviewCommit>;
  /** Remembers a card sent for a round, so every copy can be updated in place (again: overwritten). */
  rememberCard(caseId: string, card: ReviewCardRef): Promise<void>;
  /** The cards sent for a round (of one kind, when given). */
  cards(caseId: string, round: number, kind?: ReviewCardKind): Promise<ReviewCardRef[]>;
}
