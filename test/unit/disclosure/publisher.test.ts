import { describe, expect, it } from 'vitest';
import { addDays } from '../../../functions/domain/deadlines/index.ts';
import {
  type DisclosureRecord,
  FEED_PATH,
  INDEX_PATH,
  type PublisherContext,
  applyPlan,
  expiryDate,
  findLeaks,
  parseFeed,
  planPublisherRun,
  siteChanges,
  subjectsOf,
  workingDaysLeft,
} from '../../../functions/domain/disclosure/index.ts';
import { cal, disclosureRules, orgDecision, personDecision, prng, randInt, redaction, rules, site } from './helpers.ts';

const ctx = (today: string, time = '10:00:00'): PublisherContext => ({
  now: `${today}T${time}+08:00`,
  calendar: cal,
  rules,
  disclosureRules,
  redactionRules: redaction,
  site,
});
const penalty = (over: Partial<DisclosureRecord> = {}): DisclosureRecord => ({ input: personDecision(), ...over });
const ids = (l: { id: string }[]) => l.map((x) => x.id);

describe('workingDaysLeft', () => {
  it('counts working days after today through the due date; negative once overdue', () => {
    expect(workingDaysLeft(cal, '2026-09-29', '2026-10-13')).toBe(6); // 09-30, 10-08, 09, 10 (调休), 12, 13
    expect(workingDaysLeft(cal, '2026-10-12', '2026-10-13')).toBe(1);
    expect(workingDaysLeft(cal, '2026-10-13', '2026-10-13')).toBe(0);
    expect(workingDaysLeft(cal, '2026-10-15', '2026-10-13')).toBe(-2);
    expect(workingDaysLeft(cal, '2026-10-18', '2026-10-16')).toBe(-1); // only a weekend late: still late
  });
});

describe('publication', () => {
  it('a served penalty is published at once, with its page and due date', () => {
    const plan = planPublisherRun([penalty({ servedOn: '2026-09-30' })], ctx('2026-09-30'));
    expect(plan.publish).toHaveLength(1);
    expect(plan.publish[0]).toMatchObject({ id: '2026-000007-1', caseId: '2026-000007', decisionId: '1', path: 'decisions/2026-000007-1.html', dueDate: '2026-10-13', late: false });
    expect(plan.publish[0]?.entry).toMatchObject({ publishedOn: '2026-09-30', expiresOn: '2029-09-30', target: { name: '张某某' } });
    expect(plan.publish[0]?.html).toContain('张某某');
    expect([plan.held, plan.atRisk, plan.withdraw, plan.takeDown, plan.notPublished].map((l) => l.length)).toEqual([0, 0, 0, 0, 0]);
  });

  it('an unserved penalty waits, is at risk in its last 2 working days, and is published on the due date anyway', () => {
    const r = penalty();
    const early = planPublisherRun([r], ctx('2026-09-29'));
    expect(early.publish).toEqual([]);
    expect(early.held.map((h) => [h.id, h.dueDate, h.reason])).toEqual([['2026-000007-1', '2026-10-13', '尚未登记送达，送达后公开；期限当日未送达也将公开']]);
    expect(early.atRisk).toEqual([]);
    const close = planPublisherRun([r], ctx('2026-10-12'));
    expect(close.atRisk.map((a) => [a.duty, a.workingDaysLeft])).toEqual([['publication', 1]]);
    const due = planPublisherRun([r], ctx('2026-10-13'));
    expect(due.publish.map((p) => [p.id, p.late])).toEqual([['2026-000007-1', false]]);
    expect(due.held).toEqual([]);
  });

  it('late publication is flagged for the digest', () => {
    const plan = planPublisherRun([penalty({ servedOn: '2026-09-30' })], ctx('2026-10-14'));
    expect(plan.publish.map((p) => p.late)).toEqual([true]);
  });

  it('only the configured categories wait for service; other decisions publish at once', () => {
    const permit = { input: personDecision({ category: '行政许可', conclusion: '准予许可' }) };
    expect(planPublisherRun([permit], ctx('2026-09-29')).publish).toHaveLength(1);
  });

  it('a decision not yet made, a confidential one, one set aside before publication: not published', () => {
    expect(planPublisherRun([penalty({ input: personDecision({ decisionDate: '2026-10-01' }) })], ctx('2026-09-30'))).toMatchObject({ publish: [], held: [], notPublished: [] });
    const plan = planPublisherRun(
      [
        penalty({ input: personDecision({ confidential: true }) }),
        { input: orgDecision(), withdrawal: { kind: '撤销', reason: '复议撤销', recordedOn: '2026-09-25' } },
      ],
      ctx('2026-09-30'),
    );
    expect(plan.publish).toEqual([]);
    expect(plan.notPublished.map((n) => [n.id, n.reason])).toEqual([
      ['2026-000007-1', '依法不予公开（涉及国家秘密等）'],
      ['2026-000008-1', '决定已撤销，公开前即不再公开'],
    ]);
  });

  it('a page that cannot be built is at risk with the reasons, and nothing is written', () => {
    const plan = planPublisherRun([penalty({ servedOn: '2026-09-30', input: personDecision({ conclusion: '' }) })], ctx('2026-10-12'));
    expect(plan.publish).toEqual([]);
    expect(plan.atRisk).toEqual([
      {
        id: '2026-000007-1',
        decisionId: '1',
        caseId: '2026-000007',
        caseNumber: '甘经信立〔2026〕7号',
        path: 'decisions/2026-000007-1.html',
        duty: 'publication',
        dueDate: '2026-10-13',
        workingDaysLeft: 1,
        reasons: ['执法结论为空或标记为不公开：118号要求公开执法结论，请补充可公开的结论'],
      },
    ]);
  });
});

describe('withdrawal', () => {
  const published = penalty({ servedOn: '2026-09-30', publishedOn: '2026-10-09' });
  const ordered = { ...published, withdrawal: { kind: '撤销' as const, reason: '经复议，原决定被撤销', recordedOn: '2026-11-06' } };

  it('a published page is replaced by the notice at the next run; due 3 working days after it was recorded', () => {
    const plan = planPublisherRun([ordered], ctx('2026-11-06', '17:00:00'));
    expect(plan.withdraw).toHaveLength(1);
    expect(plan.withdraw[0]).toMatchObject({ id: '2026-000007-1', dueDate: '2026-11-11', late: false });
    expect(plan.withdraw[0]?.entry).toMatchObject({ status: 'withdrawn', withdrawnOn: '2026-11-06', expiresOn: '2029-10-09', kind: '撤销' });
    expect(plan.withdraw[0]?.html).toContain('已被依法撤销');
    expect(planPublisherRun([ordered], ctx('2026-11-12')).withdraw[0]?.late).toBe(true);
  });

  it('done once: a withdrawn page is not withdrawn again', () => {
    expect(planPublisherRun([{ ...ordered, withdrawnOn: '2026-11-09' }], ctx('2026-11-20'))).toMatchObject({ withdraw: [], publish: [], takeDown: [] });
  });

  it('a page already taken down: record the withdrawal, write nothing', () => {
    const gone = { ...ordered, publishedOn: '2023-10-09', takenDownOn: '2026-10-10' };
    const plan = planPublisherRun([gone], ctx('2026-11-06'));
    expect(plan.withdraw.map((w) => [w.id, w.entry, w.html])).toEqual([['2026-000007-1', null, null]]);
    expect(plan.takeDown).toEqual([]);
  });

  it('a reason that cannot be published leaves the duty at risk', () => {
    const plan = planPublisherRun([{ ...ordered, withdrawal: { ...ordered.withdrawal, reason: '  ' } }], ctx('2026-11-10'));
    expect(plan.withdraw).toEqual([]);
    expect(plan.atRisk.map((a) => [a.duty, a.workingDaysLeft, a.reasons])).toEqual([['withdrawal', 1, ['撤回理由为空：须公开说明理由（行政处罚法第四十八条第二款）']]]);
  });
});

describe('take-down after the publication period', () => {
  it('the day after the period ends, pages and notices alike; never twice', () => {
    const r = penalty({ servedOn: '2023-10-09', publishedOn: '2023-10-09' });
    expect(expiryDate(disclosureRules, r.input, '2023-10-09')).toBe('2026-10-09');
    expect(planPublisherRun([r], ctx('2026-10-09')).takeDown).toEqual([]);
    expect(planPublisherRun([r], ctx('2026-10-10')).takeDown.map((t) => [t.id, t.expiredOn, t.path])).toEqual([
      ['2026-000007-1', '2026-10-09', 'decisions/2026-000007-1.html'],
    ]);
    const notice = { ...r, withdrawal: { kind: '变更' as const, reason: '变更罚款数额', recordedOn: '2024-01-05' }, withdrawnOn: '2024-01-08' };
    expect(ids(planPublisherRun([notice], ctx('2026-10-10')).takeDown)).toEqual(['2026-000007-1']);
    expect(planPublisherRun([{ ...r, takenDownOn: '2026-10-10' }], ctx('2026-10-11')).takeDown).toEqual([]);
  });

  it('a withdrawal pending when the period ends: taken down, and the withdrawal recorded without a page', () => {
    const r = penalty({ publishedOn: '2023-10-09', withdrawal: { kind: '撤销', reason: '复议撤销', recordedOn: '2026-10-09' } });
    const plan = planPublisherRun([r], ctx('2026-10-10'));
    expect(ids(plan.takeDown)).toEqual(['2026-000007-1']);
    expect(plan.withdraw.map((w) => [w.id, w.entry])).toEqual([['2026-000007-1', null]]);
  });
});

describe('a run end to end: plan, files, live entries; the next run has nothing left to do', () => {
  it('publishes, withdraws and takes down, and the feed carries the live entries forward', () => {
    const records: DisclosureRecord[] = [
      penalty({ servedOn: '2026-10-08' }),
      { input: orgDecision({ caseId: '2026-000008' }), servedOn: '2026-09-22', publishedOn: '2026-09-24', withdrawal: { kind: '变更', reason: '复议机关变更罚款数额', recordedOn: '2026-10-08' } },
      { input: orgDecision({ caseId: '2023-000001', decisionDate: '2023-10-01' }), publishedOn: '2023-10-08' },
    ];
    // What was live before: each page as the run on its publication day made it.
    const previous = [
      ...planPublisherRun([{ input: records[1]!.input, servedOn: '2026-09-22' }], ctx('2026-09-24')).publish.map((p) => p.entry),
      ...planPublisherRun([{ input: records[2]!.input, servedOn: '2023-10-01' }], ctx('2023-10-08')).publish.map((p) => p.entry),
    ];
    expect(previous.map((e) => e.id)).toEqual(['2026-000008-1', '2023-000001-1']);
    const today = '2026-10-09';
    const plan = planPublisherRun(records, ctx(today));
    expect(ids(plan.publish)).toEqual(['2026-000007-1']);
    expect(ids(plan.withdraw)).toEqual(['2026-000008-1']);
    expect(ids(plan.takeDown)).toEqual(['2023-000001-1']);

    const live = applyPlan(previous, plan);
    expect(live.map((e) => [e.id, e.status]).sort()).toEqual([
      ['2026-000007-1', 'published'],
      ['2026-000008-1', 'withdrawn'],
    ]);
    const files = siteChanges(site, live, plan);
    expect([...files.put.keys()]).toEqual(['decisions/2026-000007-1.html', 'decisions/2026-000008-1.html', INDEX_PATH, FEED_PATH]);
    expect(files.remove).toEqual(['decisions/2023-000001-1.html']);
    expect(parseFeed(files.put.get(FEED_PATH) as string).map((e) => e.id).sort()).toEqual(['2026-000007-1', '2026-000008-1']);

    // The app layer records what it did; the same run again (or the next day) does nothing.
    const recorded: DisclosureRecord[] = [
      { ...records[0]!, publishedOn: today },
      { ...records[1]!, withdrawnOn: today },
      { ...records[2]!, takenDownOn: today },
    ];
    for (const day of [today, '2026-10-10']) {
      const again = planPublisherRun(recorded, ctx(day));
      expect([again.publish, again.withdraw, again.takeDown, again.atRisk, again.held].map((l) => l.length)).toEqual([0, 0, 0, 0, 0]);
    }
  });

  it('property: no page twice in one plan, and nothing written leaks', () => {
    const rand = prng(101);
    for (let round = 0; round < 40; round++) {
      const records: DisclosureRecord[] = Array.from({ length: 15 }, (_, i) => {
        const decisionDate = addDays('2025-06-01', randInt(rand, 0, 400));
        const base = i % 2 === 0 ? personDecision({ caseId: `2026-${String(i).padStart(6, '0')}`, decisionDate }) : orgDecision({ caseId: `2026-${String(i).padStart(6, '0')}`, decisionDate });
        const r: DisclosureRecord = { input: base };
        if (rand() < 0.6) r.servedOn = addDays(decisionDate, randInt(rand, 0, 5));
        if (rand() < 0.5) r.publishedOn = addDays(decisionDate, randInt(rand, 0, 12));
        if (rand() < 0.3) r.withdrawal = { kind: '撤销', reason: '复议撤销，联系电话13812345678', recordedOn: addDays(decisionDate, randInt(rand, 1, 60)) };
        return r;
      });
      const plan = planPublisherRun(records, ctx(addDays('2025-06-01', randInt(rand, 0, 500))));
      const written = [...plan.publish.map((p) => p.id), ...plan.withdraw.filter((w) => w.entry !== null).map((w) => w.id)];
      expect(new Set(written).size).toBe(written.length);
      for (const a of [...plan.publish, ...plan.withdraw]) {
        if (a.html === null) continue;
        const rec = records.find((r) => r.input.caseId === a.caseId) as DisclosureRecord;
        expect(findLeaks(a.html, subjectsOf(rec.input))).toEqual([]);
        expect(a.html).not.toContain('13812345678');
      }
    }
  });
});
