/**
 * The ReviewStore contract, run against the DynamoDB store (on DynamoDB Local) and the in-memory one
 * (review-store.test.ts): each step is the state, its entry and (on 批准) the case's decision, written
 * together or not at all; a step computed from an old version is a conflict.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseDecision } from '../../functions/domain/case/types.ts';
import { verifyChain } from '../../functions/domain/record/chain.ts';
import { emptyReviewState, type ReviewState } from '../../functions/domain/review/workflow.ts';
import type { CaseStore, RecordContent, ReviewStore } from '../../functions/ports/index.ts';
import { filingRequest } from '../helpers/factories.ts';

const sha = 'c'.repeat(64);
/** A state at `version` (what it holds does not matter to the store). */
const stateAt = (caseId: string, version: number): ReviewState => ({ ...emptyReviewState(caseId), version });
const refused = (at: string, reason: string): RecordContent => ({ at, actor: 'ou_head', action: 'decision.refused', detail: { round: 1, reason, proposalHash: sha } });
const decided = (at: string): RecordContent => ({
  at,
  actor: 'ou_head',
  action: 'decision.approved',
  detail: { round: 1, decisionDate: '2026-10-13', decisionType: '罚款', amount: '5000.00', proposalHash: sha, reviewed: true, major: false },
});
const DECISION: CaseDecision = {
  date: '2026-10-13',
  decisionType: '罚款',
  amount: 5000.5,
  major: false,
  round: 1,
  approvedBy: { openId: 'ou_head', name: '钱局长' },
  approvedAt: '2026-10-13T07:00:00.000Z',
};

export function reviewStoreContract(name: string, make: () => Promise<{ cases: CaseStore; reviews: ReviewStore }>): void {
  describe(`ReviewStore contract: ${name}`, () => {
    let cases: CaseStore;
    let reviews: ReviewStore;
    let n = 0;
    const newCase = async () => (await cases.fileCase(filingRequest({ formId: `review-${++n}`, year: 2040 }))).case;
    beforeAll(async () => {
      ({ cases, reviews } = await make());
    });

    it('gives the empty state (version 0) for a case never reviewed', async () => {
      expect(await reviews.get('2040-999999')).toEqual(emptyReviewState('2040-999999'));
    });

    it('writes the state and its entry, sealed after the head, together; an old version is a conflict and writes nothing', async () => {
      const c = await newCase();
      const v1 = { ...stateAt(c.caseId, 1), headDecisions: [] };
      const first = await reviews.commit(v1, refused('2040-03-02T03:00:00.000Z', '一'));
      expect(first).toMatchObject({ ok: true, entry: { seq: 2, action: 'decision.refused' } });
      expect(await reviews.get(c.caseId)).toEqual(v1);
      // Computed from version 0 again (a second tap that read before the first wrote).
      expect(await reviews.commit(stateAt(c.caseId, 1), refused('2040-03-02T03:00:01.000Z', '二'))).toEqual({ ok: false, reason: 'conflict' });
      expect(await reviews.commit(stateAt(c.caseId, 3), refused('2040-03-02T03:00:01.000Z', '三'))).toEqual({ ok: false, reason: 'conflict' });
      const log = await cases.records(c.caseId);
      expect(log.map((e) => e.action)).toEqual(['case.filed', 'decision.refused']);
      expect(verifyChain({ caseId: c.caseId, entries: log, head: (await cases.get(c.caseId))?.logHead }).ok).toBe(true);
      expect((await reviews.commit(stateAt(c.caseId, 2), refused('2040-03-02T03:00:02.000Z', '四'))).ok).toBe(true);
      expect((await reviews.get(c.caseId)).version).toBe(2);
    });

    it('lets one of 20 concurrent steps from the same version through', async () => {
      const c = await newCase();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => reviews.commit(stateAt(c.caseId, 1), refused('2040-03-02T03:00:00.000Z', `理由${i}`))));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'conflict')).toBe(true);
      expect((await cases.records(c.caseId)).map((e) => e.action)).toEqual(['case.filed', 'decision.refused']);
    });

    it('on 批准 writes the case’s decision and status with the entry', async () => {
      const c = await newCase();
      const r = await reviews.commit(stateAt(c.caseId, 1), decided('2040-03-02T03:00:00.000Z'), DECISION);
      expect(r.ok).toBe(true);
      const after = await cases.get(c.caseId);
      expect(after).toMatchObject({ status: 'decided', decision: DECISION, version: c.version + 1 });
      expect(after?.logHead?.seq).toBe(2);
      // A conflicting 批准 changes nothing on the case.
      expect(await reviews.commit(stateAt(c.caseId, 1), decided('2040-03-02T03:00:01.000Z'), { ...DECISION, date: '2026-10-14' })).toEqual({ ok: false, reason: 'conflict' });
      expect((await cases.get(c.caseId))?.decision?.date).toBe('2026-10-13');
    });

    it('refuses a step on a case being archived, and on no case', async () => {
      const c = await newCase();
      const head = c.logHead as NonNullable<typeof c.logHead>;
      expect((await cases.beginArchive(c.caseId, { at: '2040-03-02T04:00:00.000Z', by: 'ou_a', byName: '甲', head })).ok).toBe(true);
      expect(await reviews.commit(stateAt(c.caseId, 1), refused('2040-03-02T04:00:01.000Z', '五'))).toEqual({ ok: false, reason: 'archiving' });
      expect((await reviews.get(c.caseId)).version).toBe(0);
      expect(await reviews.commit(stateAt('2040-999998', 1), refused('2040-03-02T04:00:01.000Z', '六'))).toEqual({ ok: false, reason: 'not_found' });
    });

    it('remembers each card of a round once per person and kind', async () => {
      const c = await newCase();
      await reviews.rememberCard(c.caseId, { round: 1, kind: 'review', openId: 'ou_r1', messageId: 'om_1' });
      await reviews.rememberCard(c.caseId, { round: 1, kind: 'review', openId: 'ou_r2', messageId: 'om_2' });
      await reviews.rememberCard(c.caseId, { round: 1, kind: 'decision', openId: 'ou_h', messageId: 'om_3' });
      await reviews.rememberCard(c.caseId, { round: 10, kind: 'review', openId: 'ou_r1', messageId: 'om_4' });
      await reviews.rememberCard(c.caseId, { round: 1, kind: 'review', openId: 'ou_r1', messageId: 'om_5' });
      const ids = async (round: number, kind?: 'review' | 'decision') => (await reviews.cards(c.caseId, round, kind)).map((x) => x.messageId).sort();
      expect(await ids(1, 'review')).toEqual(['om_2', 'om_5']);
      expect(await ids(1)).toEqual(['om_2', 'om_3', 'om_5']);
      expect(await ids(10)).toEqual(['om_4']);
      expect(await reviews.cards(c.caseId, 2)).toEqual([]);
      expect((await reviews.cards(c.caseId, 1, 'decision'))[0]).toEqual({ round: 1, kind: 'decision', openId: 'ou_h', messageId: 'om_3' });
    });
  });
}
