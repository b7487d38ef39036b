/**
 * The CaseStore contract: what every store must do, run against the DynamoDB store (on DynamoDB Local)
 * and the in-memory one (case-store.test.ts), so the fake the per-action tests use cannot lie.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FILING_RECORD_SEQ, noticeFailedRecord } from '../../functions/domain/case/follow-up.ts';
import { GENESIS_PREV_HASH, verifyChain } from '../../functions/domain/record/chain.ts';
import { InvalidCursorError } from '../../functions/ports/errors.ts';
import type { ArchiveLock, CaseStore, RecordContent } from '../../functions/ports/index.ts';
import { attachedContent, evidenceItem, filingRequest, officer } from '../helpers/factories.ts';

const verified = (at: string, checkedEntries = 1): RecordContent => ({
  at,
  actor: 'ou_a',
  action: 'case.verified',
  detail: { intact: true, checkedEntries, checkedObjects: 0, problems: [] },
});
const viewed = (at: string): RecordContent => ({ at, actor: 'ou_a', action: 'dossier.viewed', detail: { score: 80, grade: '合格', vetoFailures: 0, missing: 1 } });

/** Writes THE DECISION CONTRACT's fields on a case of either store (issue 10's 批准 does it in production). */
export type DecideForContract = (store: CaseStore, caseId: string) => Promise<void>;

export function caseStoreContract(name: string, makeStore: () => Promise<CaseStore>, decide: DecideForContract): void {
  const decideForContract = decide;
  describe(`CaseStore contract: ${name}`, () => {
    let store: CaseStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    it('gives 20 concurrent filings 20 distinct consecutive numbers, each with its first record entry', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.fileCase(filingRequest({ formId: `conc-${i}`, year: 2031, partyName: `并发${i}` }))),
      );
      expect(results.every((r) => r.created)).toBe(true);
      const seqs = results.map((r) => r.case.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(new Set(results.map((r) => r.case.caseNumber)).size).toBe(20);
      expect(results.find((r) => r.case.seq === 20)?.case.caseNumber).toBe('甘经信立〔2031〕20号');
      for (const r of results) {
        expect(await store.records(r.case.caseId)).toEqual([expect.objectContaining({ seq: 1, action: 'case.filed', caseId: r.case.caseId })]);
        expect(await store.get(r.case.caseId)).toEqual(r.case);
      }
    });

    it('numbers each year from 1', async () => {
      const a = await store.fileCase(filingRequest({ formId: 'y2032-a', year: 2032 }));
      const b = await store.fileCase(filingRequest({ formId: 'y2033-a', year: 2033 }));
      const c = await store.fileCase(filingRequest({ formId: 'y2032-b', year: 2032 }));
      expect([a.case.caseNumber, b.case.caseNumber, c.case.caseNumber]).toEqual(['甘经信立〔2032〕1号', '甘经信立〔2033〕1号', '甘经信立〔2032〕2号']);
    });

    it('files one case when one form is submitted five times at once', async () => {
      const results = await Promise.all(Array.from({ length: 5 }, () => store.fileCase(filingRequest({ formId: 'same-form', year: 2034 }))));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.case.caseId)).size).toBe(1);
      const again = await store.fileCase(filingRequest({ formId: 'same-form', year: 2034 }));
      expect(again).toMatchObject({ created: false, case: { caseNumber: '甘经信立〔2034〕1号' } });
      const next = await store.fileCase(filingRequest({ formId: 'other-form', year: 2034 }));
      expect(next.case.seq).toBe(2);
    });

    it('knows no case, record entry or follow-up it was not given', async () => {
      expect(await store.get('2099-000001')).toBeNull();
      expect(await store.records('2099-000001')).toEqual([]);
      expect(await store.getFollowUp({ caseId: '2099-000001', recordSeq: 1 })).toBeNull();
    });

    it('hands out copies: changing what it returned changes nothing stored', async () => {
      const { case: c } = await store.fileCase(filingRequest({ formId: 'copy-1', year: 2037 }));
      const read = (await store.get(c.caseId)) as NonNullable<Awaited<ReturnType<CaseStore['get']>>>;
      read.party.name = '改过的名字';
      read.officers.length = 0;
      expect((await store.get(c.caseId))?.party.name).toBe('某公司');
      expect((await store.get(c.caseId))?.officers).toHaveLength(2);
    });

    it('lists a person’s open cases newest first, page by page, without repeats', async () => {
      const me = officer('ou_pager', '翻页');
      for (let i = 0; i < 23; i++) {
        await store.fileCase(
          filingRequest({ formId: `page-${i}`, year: 2035, officers: [me, officer('ou_other', '他')], filedAt: `2035-01-01T00:${String(i).padStart(2, '0')}:00.000Z` }),
        );
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      const pageSizes: number[] = [];
      do {
        const page = await store.listOpenForUser('ou_pager', { limit: 10, ...(cursor ? { cursor } : {}) });
        pageSizes.push(page.items.length);
        seen.push(...page.items.map((i) => i.caseId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(pageSizes).toEqual([10, 10, 3]);
      expect(new Set(seen).size).toBe(23);
      expect(seen[0]).toBe('2035-000023');
      expect(seen.at(-1)).toBe('2035-000001');
      const first = (await store.listOpenForUser('ou_pager', { limit: 1 })).items[0];
      expect(first).toEqual({
        caseId: '2035-000023',
        caseNumber: '甘经信立〔2035〕23号',
        partyName: '某公司',
        caseType: '行政检查',
        status: 'filed',
        filingDate: '2035-01-01',
        filedAt: '2035-01-01T00:22:00.000Z',
      });
    });

    it('offers no next page when the last page is exactly full, and an empty list to someone with no case', async () => {
      const me = officer('ou_exact', '整页');
      for (let i = 0; i < 10; i++) await store.fileCase(filingRequest({ formId: `exact-${i}`, year: 2036, officers: [me, officer('ou_x', 'x')] }));
      const page = await store.listOpenForUser('ou_exact', { limit: 10 });
      expect(page.items).toHaveLength(10);
      expect(page.nextCursor).toBeUndefined();
      expect(await store.listOpenForUser('ou_nobody', { limit: 10 })).toEqual({ items: [] });
    });

    it('refuses a cursor made for someone else’s list, or not made by it', async () => {
      const mine = await store.listOpenForUser('ou_pager', { limit: 10 });
      const stolen = mine.nextCursor as string;
      await expect(store.listOpenForUser('ou_exact', { limit: 3, cursor: stolen })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store.listOpenForUser('ou_exact', { limit: 1, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
    });

    describe('follow-ups', () => {
      it('writes the follow-up a filing owes with the case; a repeated form writes nothing more', async () => {
        const { case: c } = await store.fileCase(filingRequest({ formId: 'fu-1', year: 2040, formMessageId: 'om_form_1', filedAt: '2040-01-01T00:00:00.000Z' }));
        const ref = { caseId: c.caseId, recordSeq: FILING_RECORD_SEQ };
        expect(await store.getFollowUp(ref)).toEqual({
          caseId: c.caseId,
          recordSeq: 1,
          action: 'case.filed',
          createdAt: '2040-01-01T00:00:00.000Z',
          status: 'pending',
          formMessageId: 'om_form_1',
          parts: { form: 'pending', 'notice:ou_b': 'pending' },
        });
        await store.fileCase(filingRequest({ formId: 'fu-1', year: 2040, formMessageId: 'om_other' }));
        expect((await store.getFollowUp(ref))?.formMessageId).toBe('om_form_1');
      });

      it('moves a part on only from the states given', async () => {
        const { case: c } = await store.fileCase(filingRequest({ formId: 'fu-2', year: 2040 }));
        const ref = { caseId: c.caseId, recordSeq: 1 };
        expect(await store.markFollowUpPart(ref, 'notice:ou_b', ['pending'], 'sent')).toBe(true);
        expect(await store.markFollowUpPart(ref, 'notice:ou_b', ['pending'], 'failed')).toBe(false);
        expect(await store.markFollowUpPart(ref, 'notice:ou_b', ['failed', 'sent'], 'reported')).toBe(true);
        expect((await store.getFollowUp(ref))?.parts).toEqual({ 'notice:ou_b': 'reported' });
        // A part the follow-up does not have is not invented.
        expect(await store.markFollowUpPart(ref, 'notice:ou_nobody', ['pending'], 'sent')).toBe(false);
        expect(await store.markFollowUpPart({ caseId: '2040-999999', recordSeq: 1 }, 'form', ['pending'], 'sent')).toBe(false);
        expect((await store.getFollowUp(ref))?.parts).toEqual({ 'notice:ou_b': 'reported' });
      });

      it('records a refused notice with the next record number, once, even when two runs race', async () => {
        const { case: c } = await store.fileCase(filingRequest({ formId: 'fu-3', year: 2040, officers: [officer('ou_a', '甲'), officer('ou_b', '乙'), officer('ou_c', '丙')] }));
        const ref = { caseId: c.caseId, recordSeq: 1 };
        const entry = (openId: string) => noticeFailedRecord({ caseId: c.caseId, at: '2040-01-01T00:00:01.000Z', notice: 'case.filed', recipient: { openId, name: openId } });
        const results = await Promise.all([
          store.failFollowUpPart(ref, 'notice:ou_b', entry('ou_b')),
          store.failFollowUpPart(ref, 'notice:ou_b', entry('ou_b')),
          store.failFollowUpPart(ref, 'notice:ou_c', entry('ou_c')),
        ]);
        expect(results.filter(Boolean)).toHaveLength(2);
        const records = await store.records(c.caseId);
        expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
        expect(records[1]).toMatchObject({ caseId: c.caseId, action: 'notice.failed', actor: 'system', at: '2040-01-01T00:00:01.000Z' });
        expect(records.slice(1).map((r) => r.detail.recipient).sort()).toEqual(['ou_b', 'ou_c']);
        expect((await store.getFollowUp(ref))?.parts).toEqual({ 'notice:ou_b': 'failed', 'notice:ou_c': 'failed' });
        // Sealed into the case's chain like every entry.
        expect(verifyChain({ caseId: c.caseId, entries: records, head: (await store.get(c.caseId))?.logHead })).toMatchObject({ ok: true, head: { seq: 3 } });
        // Only a pending part fails; nothing is recorded otherwise.
        expect(await store.failFollowUpPart(ref, 'notice:ou_b', entry('ou_b'))).toBe(false);
        expect(await store.failFollowUpPart({ caseId: '2040-999999', recordSeq: 1 }, 'notice:ou_b', entry('ou_b'))).toBe(false);
        expect(await store.records(c.caseId)).toHaveLength(3);
      });

      it('lists pending follow-ups older than a cut-off, oldest first, at most the limit, and drops them once done', async () => {
        const early = await store.fileCase(filingRequest({ formId: 'fu-4', year: 2041, filedAt: '2041-05-01T00:00:00.000Z' }));
        const late = await store.fileCase(filingRequest({ formId: 'fu-5', year: 2041, filedAt: '2041-05-01T00:10:00.000Z' }));
        const ids = async (before: string) => (await store.pendingFollowUps(before, 100)).map((f) => f.caseId).filter((id) => id.startsWith('2041-'));
        expect(await ids('2041-05-01T00:05:00.000Z')).toEqual([early.case.caseId]);
        expect(await ids('2041-05-01T00:00:00.000Z')).toEqual([]);
        expect(await ids('2041-06-01T00:00:00.000Z')).toEqual([early.case.caseId, late.case.caseId]);
        expect((await store.pendingFollowUps('2041-06-01T00:00:00.000Z', 100)).find((f) => f.caseId === early.case.caseId)).toEqual({
          caseId: early.case.caseId,
          recordSeq: 1,
          action: 'case.filed',
        });

        await store.completeFollowUp({ caseId: early.case.caseId, recordSeq: 1 });
        await store.completeFollowUp({ caseId: early.case.caseId, recordSeq: 1 });
        await store.completeFollowUp({ caseId: '2041-999999', recordSeq: 1 });
        expect((await store.getFollowUp({ caseId: early.case.caseId, recordSeq: 1 }))?.status).toBe('done');
        expect(await store.getFollowUp({ caseId: '2041-999999', recordSeq: 1 })).toBeNull();
        expect(await ids('2041-06-01T00:00:00.000Z')).toEqual([late.case.caseId]);
        expect((await store.pendingFollowUps('2041-06-01T00:00:00.000Z', 1)).length).toBe(1);
      });

      it('owes nothing for a filing with no co-officer and no form message: the follow-up is done at once', async () => {
        const alone = [officer('ou_solo', '独')];
        const { case: c } = await store.fileCase(filingRequest({ formId: 'fu-6', year: 2042, officers: alone, filedAt: '2042-01-01T00:00:00.000Z' }));
        expect(await store.getFollowUp({ caseId: c.caseId, recordSeq: 1 })).toMatchObject({ status: 'done', parts: {} });
        expect((await store.pendingFollowUps('2042-06-01T00:00:00.000Z', 100)).map((f) => f.caseId)).not.toContain(c.caseId);
      });
    });

    describe('the record chain', () => {
      it('seals the filing entry as the start of the chain and keeps the head in the case', async () => {
        const { case: c } = await store.fileCase(filingRequest({ formId: 'chain-1', year: 2050 }));
        const [first] = await store.records(c.caseId);
        expect(first).toMatchObject({ seq: 1, action: 'case.filed', prevHash: GENESIS_PREV_HASH, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
        expect(c.logHead).toEqual({ seq: 1, hash: first?.hash });
        expect((await store.get(c.caseId))?.logHead).toEqual(c.logHead);
        expect(Object.keys(first as object).sort()).toEqual(['action', 'actor', 'at', 'caseId', 'detail', 'hash', 'prevHash', 'seq']);
      });

      it('appends sealed entries after the head, gapless even when ten race', async () => {
        const { case: c } = await store.fileCase(filingRequest({ formId: 'chain-2', year: 2050 }));
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.appendRecord(c.caseId, verified(`2050-03-02T02:00:${String(i).padStart(2, '0')}.000Z`))));
        expect(results.every((r) => r.ok && r.created)).toBe(true);
        const records = await store.records(c.caseId);
        expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
        const head = (await store.get(c.caseId))?.logHead;
        expect(head?.seq).toBe(11);
        expect(verifyChain({ caseId: c.caseId, entries: records, head })).toMatchObject({ ok: true, count: 11 });
      });

      it('appends once per key: a repeat returns the entry the first made', async () => {
        const { case: c } = await store.fileCase(filingRequest({ formId: 'chain-3', year: 2050 }));
        const first = await store.appendRecord(c.caseId, verified('2050-03-02T03:00:00.000Z'), { once: 'ev_1' });
        const again = await Promise.all([1, 2, 3].map(() => store.appendRecord(c.caseId, verified('2050-03-02T03:00:01.000Z'), { once: 'ev_1' })));
        expect(first).toMatchObject({ ok: true, created: true, entry: { seq: 2 } });
        for (const r of again) expect(r).toMatchObject({ ok: true, created: false, entry: { seq: 2, at: '2050-03-02T03:00:00.000Z' } });
        expect(await store.records(c.caseId)).toHaveLength(2);
      });

      it('refuses an entry for a case it does not have, and a detail of the wrong shape', async () => {
        expect(await store.appendRecord('2099-000001', verified('2050-03-02T03:00:00.000Z'))).toEqual({ ok: false, reason: 'not_found' });
        const { case: c } = await store.fileCase(filingRequest({ formId: 'chain-4', year: 2050 }));
        await expect(store.appendRecord(c.caseId, { ...verified('2050-03-02T03:00:00.000Z'), detail: { intact: 'yes' } })).rejects.toThrow(/not sealed/);
        expect(await store.records(c.caseId)).toHaveLength(1);
      });
    });

    describe('service', () => {
      const served = (at: string, servedOn: string): RecordContent => ({
        at,
        actor: 'ou_a',
        action: 'decision.served',
        detail: { decision_id: '1', served_on: servedOn, method: '直接送达', proof: ['ev_1'] },
      });
      const service = (servedOn: string, at: string) => ({ servedOn, method: '直接送达', proofEvidenceIds: ['ev_1'], recordedBy: { openId: 'ou_a', name: '甲' }, recordedAt: at });

      it('records the service on the case with its entry, once: a repeat, even racing, keeps the first', async () => {
        const { case: c } = await store.fileCase(filingRequest({ formId: 'serve-1', year: 2052 }));
        const [a, b] = await Promise.all([
          store.recordService(c.caseId, service('2052-03-10', '2052-03-11T02:00:00.000Z'), served('2052-03-11T02:00:00.000Z', '2052-03-10')),
          store.recordService(c.caseId, service('2052-03-09', '2052-03-11T02:00:01.000Z'), served('2052-03-11T02:00:01.000Z', '2052-03-09')),
        ]);
        expect([a, b].filter((r) => r.ok && r.created)).toHaveLength(1);
        const first = [a, b].find((r) => r.ok && r.created);
        const kept = await store.get(c.caseId);
        expect(kept?.service?.servedOn).toBe(first?.ok ? first.entry.detail.served_on : undefined);
        expect(kept?.logHead?.seq).toBe(2);
        const records = await store.records(c.caseId);
        expect(records.map((r) => r.action)).toEqual(['case.filed', 'decision.served']);
        expect(verifyChain({ caseId: c.caseId, entries: records, head: kept?.logHead })).toMatchObject({ ok: true, count: 2 });
        expect(await store.recordService('2099-000009', service('2052-03-10', 'x'), served('2052-03-11T02:00:00.000Z', '2052-03-10'))).toEqual({ ok: false, reason: 'not_found' });
      });
    });

    describe('fines collected (缴款)', () => {
      const paid = (at: string, amount: string): RecordContent => ({ at, actor: 'ou_a', action: 'fine.paid', detail: { decisionId: '1', amount, paidOn: at.slice(0, 10) } });

      it('moves finePaid with each fine.paid entry, once per payment id, and never past the limit, even racing', async () => {
        const { case: c } = await store.fileCase(filingRequest({ formId: 'pay-1', year: 2054 }));
        const first = await store.recordPayment(c.caseId, { paymentId: 'om_1', amountFen: 60_000, limitFen: 100_000, paidOn: '2054-03-11' }, paid('2054-03-11T02:00:00.000Z', '600.00'));
        expect(first).toMatchObject({ ok: true, created: true, paid: { fen: 60_000, count: 1, lastOn: '2054-03-11' } });
        // The same payment again (a retried job): nothing added.
        const again = await store.recordPayment(c.caseId, { paymentId: 'om_1', amountFen: 60_000, limitFen: 100_000, paidOn: '2054-03-11' }, paid('2054-03-11T02:00:05.000Z', '600.00'));
        expect(again).toMatchObject({ ok: true, created: false, paid: { fen: 60_000, count: 1 } });
        // Two payments of 300 racing for the 400 left: one lands, the other is refused with what is paid.
        const [a, b] = await Promise.all([
          store.recordPayment(c.caseId, { paymentId: 'om_2', amountFen: 30_000, limitFen: 100_000, paidOn: '2054-03-12' }, paid('2054-03-12T02:00:00.000Z', '300.00')),
          store.recordPayment(c.caseId, { paymentId: 'om_3', amountFen: 30_000, limitFen: 100_000, paidOn: '2054-03-12' }, paid('2054-03-12T02:00:01.000Z', '300.00')),
        ]);
        expect([a, b].filter((r) => r.ok && r.created)).toHaveLength(1);
        expect([a, b].find((r) => !r.ok)).toEqual({ ok: false, reason: 'exceeds', paid: { fen: 90_000, count: 2, lastOn: '2054-03-12' } });
        const kept = await store.get(c.caseId);
        expect(kept?.finePaid).toEqual({ fen: 90_000, count: 2, lastOn: '2054-03-12' });
        const records = await store.records(c.caseId);
        expect(records.map((r) => r.action)).toEqual(['case.filed', 'fine.paid', 'fine.paid']);
        expect(verifyChain({ caseId: c.caseId, entries: records, head: kept?.logHead })).toMatchObject({ ok: true, count: 3 });
        expect(await store.recordPayment('2099-000009', { paymentId: 'om_9', amountFen: 1, limitFen: 1, paidOn: '2054-03-11' }, paid('2054-03-11T02:00:00.000Z', '0.01'))).toEqual({ ok: false, reason: 'not_found' });
      });
    });

    describe('public disclosure', () => {
      const published = (at: string): RecordContent => ({
        at,
        actor: 'system',
        action: 'disclosure.published',
        detail: { decision_id: '1', path: 'decisions/x.html', published_on: at.slice(0, 10), due_date: '2053-03-19', late: false },
      });
      const takenDown = (at: string): RecordContent => ({ at, actor: 'system', action: 'disclosure.taken_down', detail: { decision_id: '1', path: 'decisions/x.html', expired_on: '2056-03-12' } });
      const decide = async (caseId: string) => {
        // THE DECISION CONTRACT's fields, as issue 10's 批准 writes them (a test helper until it lands).
        await decideForContract(store, caseId);
      };

      it('indexes decided cases only, records each step once with its entry, and drops a case that is done', async () => {
        const { case: a } = await store.fileCase(filingRequest({ formId: 'disc-1', year: 2053 }));
        const { case: b } = await store.fileCase(filingRequest({ formId: 'disc-2', year: 2053 }));
        await store.activateDisclosure(a.caseId);
        expect((await store.activeDisclosures()).map((c) => c.caseId)).not.toContain(a.caseId);
        await decide(a.caseId);
        await decide(b.caseId);
        await store.activateDisclosure(a.caseId);
        await store.activateDisclosure(a.caseId);
        await store.activateDisclosure(b.caseId);
        const active = (await store.activeDisclosures()).filter((c) => c.caseId === a.caseId || c.caseId === b.caseId);
        expect(active.map((c) => c.caseId).sort()).toEqual([a.caseId, b.caseId].sort());
        expect(active[0]).not.toHaveProperty('gsi1pk');

        const first = await store.recordDisclosure(a.caseId, { set: { publishedOn: '2053-03-12' } }, published('2053-03-12T01:00:00.000Z'), 'disclosure.published:1');
        const again = await store.recordDisclosure(a.caseId, { set: { publishedOn: '2053-03-13' } }, published('2053-03-13T01:00:00.000Z'), 'disclosure.published:1');
        expect(first).toMatchObject({ ok: true, created: true });
        expect(again).toMatchObject({ ok: true, created: false });
        expect((await store.get(a.caseId))?.disclosure).toEqual({ publishedOn: '2053-03-12' });

        // Each step sets its own fields: a later one keeps the earlier ones.
        const requested = { on: '2053-03-11', by: { openId: 'ou_a', name: '甲' } };
        await store.recordDisclosure(b.caseId, { set: { publishRequested: requested } }, { at: '2053-03-11T02:00:00.000Z', actor: 'ou_a', action: 'disclosure.publish_requested', detail: { decision_id: '1' } }, 'disclosure.publish_requested:1');
        await store.recordDisclosure(b.caseId, { set: { publishedOn: '2053-03-12' } }, published('2053-03-12T01:00:00.000Z'), 'disclosure.published:1');
        expect((await store.get(b.caseId))?.disclosure).toEqual({ publishRequested: requested, publishedOn: '2053-03-12' });

        await store.recordDisclosure(a.caseId, { set: { takenDownOn: '2056-03-13' }, done: true }, takenDown('2056-03-13T01:00:00.000Z'), 'disclosure.taken_down:1');
        expect((await store.get(a.caseId))?.disclosure).toEqual({ publishedOn: '2053-03-12', takenDownOn: '2056-03-13' });
        expect((await store.activeDisclosures()).map((c) => c.caseId)).not.toContain(a.caseId);
        await store.activateDisclosure(a.caseId);
        expect((await store.activeDisclosures()).map((c) => c.caseId)).not.toContain(a.caseId);
        expect((await store.records(a.caseId)).map((r) => r.action)).toEqual(['case.filed', 'disclosure.published', 'disclosure.taken_down']);
      });
    });

    describe('evidence', () => {
      it('attaches an item with its entry; the same message again is a repeat; the same bytes again a duplicate', async () => {
        const { case: c } = await store.fileCase(filingRequest({ formId: 'ev-1', year: 2051 }));
        const photo = evidenceItem({ caseId: c.caseId, messageId: 'om_p1', bytes: 'photo' });
        const attached = await store.attachEvidence(photo, attachedContent(photo));
        expect(attached).toMatchObject({ kind: 'attached', item: photo, entry: { seq: 2, action: 'evidence.attached', detail: { evidenceId: photo.evidenceId } } });
        expect(await store.attachEvidence(photo, attachedContent(photo))).toEqual({ kind: 'exists', item: photo });
        const same = evidenceItem({ caseId: c.caseId, messageId: 'om_p2', bytes: 'photo', receivedAt: '2026-03-02T03:00:00.000Z' });
        expect(await store.attachEvidence(same, attachedContent(same))).toEqual({ kind: 'duplicate', match: photo });
        // A note may repeat an earlier text: a repeated observation is a new observation.
        const note1 = evidenceItem({ caseId: c.caseId, messageId: 'om_n1', bytes: '门窗紧闭', kind: 'note' });
        const note2 = evidenceItem({ caseId: c.caseId, messageId: 'om_n2', bytes: '门窗紧闭', kind: 'note' });
        expect((await store.attachEvidence(note1, attachedContent(note1))).kind).toBe('attached');
        expect((await store.attachEvidence(note2, attachedContent(note2))).kind).toBe('attached');
        expect(await store.getEvidence(c.caseId, photo.evidenceId)).toEqual(photo);
        expect(await store.getEvidence(c.caseId, 'ev_000000000000000000000000')).toBeNull();
        expect((await store.evidenceItems(c.caseId)).map((i) => i.evidenceId).sort()).toEqual([photo.evidenceId, note1.evidenceId, note2.evidenceId].sort());
        const records = await store.records(c.caseId);
        expect(records.map((r) => r.action)).toEqual(['case.filed', 'evidence.attached', 'note.recorded', 'note.recorded']);
        expect(verifyChain({ caseId: c.caseId, entries: records, head: (await store.get(c.caseId))?.logHead }).ok).toBe(true);
        expect(await store.attachEvidence(evidenceItem({ caseId: '2099-000009', messageId: 'om_x' }), attachedContent(photo))).toEqual({ kind: 'refused', reason: 'not_found' });
      });

      it('stores the same bytes once when two messages race with them', async () => {
        const { case: c } = await store.fileCase(filingRequest({ formId: 'ev-2', year: 2051 }));
        const items = [1, 2, 3, 4].map((i) => evidenceItem({ caseId: c.caseId, messageId: `om_race_${i}`, bytes: 'the same file' }));
        const outcomes = await Promise.all(items.map((i) => store.attachEvidence(i, attachedContent(i))));
        expect(outcomes.filter((o) => o.kind === 'attached')).toHaveLength(1);
        expect(outcomes.filter((o) => o.kind === 'duplicate')).toHaveLength(3);
        expect(await store.evidenceItems(c.caseId)).toHaveLength(1);
        expect(await store.records(c.caseId)).toHaveLength(2);
      });

      it('lists a case’s evidence newest first, a page at a time, and refuses another listing’s cursor', async () => {
        const { case: c } = await store.fileCase(filingRequest({ formId: 'ev-3', year: 2051 }));
        for (let i = 0; i < 7; i++) {
          const item = evidenceItem({ caseId: c.caseId, messageId: `om_l${i}`, bytes: `b${i}`, receivedAt: `2051-01-01T00:0${i}:00.000Z` });
          await store.attachEvidence(item, attachedContent(item));
        }
        const first = await store.listEvidence(c.caseId, { limit: 3 });
        expect(first.items.map((i) => i.messageId)).toEqual(['om_l6', 'om_l5', 'om_l4']);
        const second = await store.listEvidence(c.caseId, { limit: 3, cursor: first.nextCursor as string });
        const third = await store.listEvidence(c.caseId, { limit: 3, cursor: second.nextCursor as string });
        expect(second.items.map((i) => i.messageId)).toEqual(['om_l3', 'om_l2', 'om_l1']);
        expect(third).toEqual({ items: [expect.objectContaining({ messageId: 'om_l0' })] });
        expect((await store.listEvidence(c.caseId, { limit: 7 })).nextCursor).toBeUndefined();
        expect(await store.listEvidence('2099-000008', { limit: 3 })).toEqual({ items: [] });
        const { case: other } = await store.fileCase(filingRequest({ formId: 'ev-4', year: 2051 }));
        await expect(store.listEvidence(other.caseId, { limit: 3, cursor: first.nextCursor as string })).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(store.listOpenForUser('ou_a', { limit: 3, cursor: first.nextCursor as string })).rejects.toBeInstanceOf(InvalidCursorError);
      });

      it('changes an item’s activity only from the activity given, with its entry', async () => {
        const { case: c } = await store.fileCase(filingRequest({ formId: 'ev-5', year: 2051 }));
        const item = evidenceItem({ caseId: c.caseId, messageId: 'om_a1' });
        await store.attachEvidence(item, attachedContent(item));
        const content: RecordContent = {
          at: '2051-01-01T01:00:00.000Z',
          actor: 'ou_a',
          action: 'evidence.activity_changed',
          detail: { evidenceId: item.evidenceId, changes: [{ field: 'activity', before: '其他', after: '查封扣押' }] },
        };
        expect(await store.changeEvidenceActivity(c.caseId, item.evidenceId, '现场检查', '查封扣押', content)).toEqual({ ok: false, reason: 'changed' });
        const changed = await store.changeEvidenceActivity(c.caseId, item.evidenceId, '其他', '查封扣押', content);
        expect(changed).toMatchObject({ ok: true, item: { activity: '查封扣押' }, entry: { seq: 3, action: 'evidence.activity_changed' } });
        expect((await store.getEvidence(c.caseId, item.evidenceId))?.activity).toBe('查封扣押');
        expect(await store.changeEvidenceActivity(c.caseId, 'ev_000000000000000000000000', '其他', '询问', content)).toEqual({ ok: false, reason: 'not_found' });
        expect(await store.records(c.caseId)).toHaveLength(3);
      });
    });

    describe('archive', () => {
      it('locks, then seals: changes wait while it runs and are refused after; looking is still recorded', async () => {
        const { case: c } = await store.fileCase(filingRequest({ formId: 'ar-1', year: 2052 }));
        const item = evidenceItem({ caseId: c.caseId, messageId: 'om_ar1' });
        await store.attachEvidence(item, attachedContent(item));
        const head = (await store.get(c.caseId))?.logHead as NonNullable<typeof c.logHead>;
        const lock: ArchiveLock = { at: '2052-01-01T00:00:00.000Z', by: 'ou_a', byName: '甲', head };
        expect(await store.beginArchive(c.caseId, { ...lock, head: { seq: 1, hash: c.logHead?.hash as string } })).toEqual({ ok: false, reason: 'changed' });
        expect(await store.beginArchive(c.caseId, lock)).toEqual({ ok: true, lock, resumed: false });
        // Someone else's archive of the same case resumes the first.
        expect(await store.beginArchive(c.caseId, { ...lock, at: '2052-01-01T00:05:00.000Z', by: 'ou_b' })).toEqual({ ok: true, lock, resumed: true });

        const late = evidenceItem({ caseId: c.caseId, messageId: 'om_ar2', bytes: 'late' });
        expect(await store.attachEvidence(late, attachedContent(late))).toEqual({ kind: 'refused', reason: 'archiving' });
        expect(await store.appendRecord(c.caseId, viewed('2052-01-01T00:00:01.000Z'))).toMatchObject({ ok: true, entry: { seq: 3 } });

        const archived: RecordContent = {
          at: '2052-01-01T00:00:02.000Z',
          actor: 'ou_a',
          action: 'case.archived',
          detail: {
            manifestKey: `cases/${c.caseId}/dossier/manifest.json`,
            manifestSha256: 'a'.repeat(64),
            htmlKey: `cases/${c.caseId}/dossier/manifest.html`,
            htmlSha256: 'b'.repeat(64),
            coversSeq: head.seq,
            coversHash: head.hash,
            score: 90,
            changes: [{ field: 'status', before: 'filed', after: 'archived' }],
          },
        };
        expect(await store.completeArchive(c.caseId, '2052-01-01T09:09:09.000Z', archived)).toEqual({ ok: false, reason: 'archiving' });
        expect(await store.completeArchive(c.caseId, lock.at, archived)).toMatchObject({ ok: true, entry: { seq: 4, action: 'case.archived' } });
        expect(await store.get(c.caseId)).toMatchObject({ status: 'archived', logHead: { seq: 4 } });
        expect(await store.completeArchive(c.caseId, lock.at, archived)).toEqual({ ok: false, reason: 'archived' });
        expect(await store.beginArchive(c.caseId, lock)).toEqual({ ok: false, reason: 'archived' });
        expect(await store.attachEvidence(late, attachedContent(late))).toEqual({ kind: 'refused', reason: 'archived' });
        expect(await store.appendRecord(c.caseId, viewed('2052-01-01T00:00:03.000Z'))).toMatchObject({ ok: true, entry: { seq: 5 } });
        // No longer an open case of its officers.
        for (const who of ['ou_a', 'ou_b']) {
          expect((await store.listOpenForUser(who, { limit: 100 })).items.map((i) => i.caseId)).not.toContain(c.caseId);
        }
        const records = await store.records(c.caseId);
        expect(verifyChain({ caseId: c.caseId, entries: records, head: (await store.get(c.caseId))?.logHead })).toMatchObject({ ok: true, count: 5 });
        expect(await store.beginArchive('2099-000007', lock)).toEqual({ ok: false, reason: 'not_found' });
      });
    });
  });
}
