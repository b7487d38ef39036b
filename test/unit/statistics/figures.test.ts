import { describe, expect, it } from 'vitest';
import avData from '../../../data/av-duties.json' with { type: 'json' };
import { loadCalendar, loadRules } from '../../../functions/adapters/calendar/index.ts';
import { shanghaiDate } from '../../../functions/domain/deadlines/local-date.ts';
import { buildAvDuties } from '../../../functions/domain/dossier/av-duties.ts';
import {
  type CaseLog,
  type Contributions,
  type StatisticsContext,
  type StatisticsPeriod,
  bucketsOf,
  caseContributions,
  compareBuckets,
  computeFigures,
  diffContributions,
  drawContributions,
  figuresFromBuckets,
  flattenContributions,
  monthPeriod,
  quarterPeriod,
  readCaseLog,
  readDrawLog,
  sumContributions,
  unflattenContributions,
  workingDaysAfter,
  addContributions,
  yearPeriod,
  median,
  medianOfHistogram,
  yuanToFen,
} from '../../../functions/domain/statistics/index.ts';
import { DISCLOSURE_RECORD_ACTIONS } from '../../../functions/domain/disclosure/withdrawal.ts';
import { DRAW_RECORD_ACTIONS } from '../../../functions/domain/draw/draw.ts';
import { RECORD_ACTION_NAMES } from '../../../functions/domain/record/actions.ts';
import { REVIEW_RECORD_ACTIONS } from '../../../functions/domain/review/workflow.ts';
import { SERVICE_RECORD_ACTION } from '../../../functions/domain/service/form.ts';
import { PAYMENT_RECORD_ACTION } from '../../../functions/domain/service/payment.ts';
import { COUNTED_ACTIONS, caseLogSchema } from '../../../functions/domain/statistics/index.ts';
import { buildBureau, prng } from '../../helpers/statistics-bureau.ts';

const calendar = loadCalendar();
const rules = loadRules();
const avDuties = buildAvDuties(avData);
const TODAY = '2026-11-20';
const ctx: StatisticsContext = { today: TODAY, calendar, rules, avDuties };
const bureau = buildBureau({ seed: 7, years: [2025, 2026], casesPerYear: 300, today: TODAY, drawsPerYear: 4 });

function rebuild(cases: readonly CaseLog[] = bureau.cases): Contributions {
  return sumContributions([
    ...cases.map((c) => caseContributions(readCaseLog(c).value, ctx)),
    ...bureau.draws.map((d) => drawContributions(readDrawLog(d).value)),
  ]);
}

const periods: StatisticsPeriod[] = [
  yearPeriod(2025, TODAY),
  yearPeriod(2026, TODAY),
  ...([1, 2, 3, 4] as const).map((q) => quarterPeriod(2025, q, TODAY)),
  ...([1, 2, 3, 4] as const).map((q) => quarterPeriod(2026, q, TODAY)),
  ...Array.from({ length: 11 }, (_, i) => monthPeriod(2026, i + 1, TODAY)),
  monthPeriod(2025, 2, TODAY),
];

describe('the fixture bureau', () => {
  it('has every kind of fact the figures count, and every entry reads without a problem', () => {
    const actions = new Set(bureau.cases.flatMap((c) => c.entries.map((e) => e.action)));
    for (const a of ['case.filed', 'evidence.attached', 'note.recorded', 'evidence.activity_changed', 'review.requested', 'review.resubmitted', 'review.approved', 'review.rejected', 'review.returned', 'decision.approved', 'decision.refused', 'decision.served', 'disclosure.published', 'decision.withdrawal_ordered', 'disclosure.withdrawn', 'fine.paid', 'case.archived']) {
      expect(actions, a).toContain(a);
    }
    const { problems } = computeFigures(bureau, yearPeriod(2026, TODAY), ctx);
    expect(problems).toEqual([]);
  });
});

describe('the actions statistics count', () => {
  it('exist in the vocabulary of the module named as their writer; proposed ones in none', () => {
    const vocabularies: Record<string, readonly string[]> = {
      'record/': RECORD_ACTION_NAMES,
      'review/': Object.keys(REVIEW_RECORD_ACTIONS),
      'service/': [SERVICE_RECORD_ACTION, PAYMENT_RECORD_ACTION],
      'disclosure/': Object.keys(DISCLOSURE_RECORD_ACTIONS),
      'draw/': Object.keys(DRAW_RECORD_ACTIONS),
    };
    const everything = Object.values(vocabularies).flat();
    for (const [action, writer] of Object.entries(COUNTED_ACTIONS)) {
      if (writer.startsWith('proposed')) {
        expect(everything, action).not.toContain(action);
        continue;
      }
      const module = Object.keys(vocabularies).find((m) => writer.startsWith(m));
      expect(module, action).toBeDefined();
      expect(vocabularies[module as string], action).toContain(action);
    }
  });

  it('the fixture logs have the shape the store will be checked against', () => {
    for (const c of bureau.cases) expect(caseLogSchema.safeParse(c).success, c.caseId).toBe(true);
  });
});

describe('counters agree with the direct count from the logs', () => {
  const buckets = bucketsOf(rebuild());
  for (const p of periods) {
    it(`${p.label}`, () => {
      const direct = computeFigures(bureau, p, ctx).figures;
      expect(figuresFromBuckets(buckets, p, TODAY)).toEqual(direct);
    });
  }

  it('also when judged on another day (overdue moves with the day, counters do not)', () => {
    const later = '2026-12-15';
    const p = yearPeriod(2026, later);
    expect(figuresFromBuckets(buckets, p, later)).toEqual(computeFigures(bureau, p, { ...ctx, today: later }).figures);
    // Every tally adds up.
    const t = figuresFromBuckets(buckets, p, later).deadlines.total;
    expect(t.met + t.late + t.overdue + t.open).toBe(t.due);
    expect(t.overdue).toBeGreaterThan(0);
  });

  it('reading a period reads only its months, however many cases there are', () => {
    const p = quarterPeriod(2026, 2, TODAY);
    const read: string[] = [];
    const spy = new Proxy(buckets, {
      get(target, prop) {
        if (prop === 'get') return (k: string) => (read.push(k), target.get(k));
        return Reflect.get(target, prop, target);
      },
    });
    figuresFromBuckets(spy, p, TODAY);
    expect(read).toEqual(['2026-04', '2026-05', '2026-06']);
  });
});

describe('the direct count against a count written out here from the raw entries', () => {
  const p = yearPeriod(2025, TODAY);
  const f = computeFigures(bureau, p, ctx).figures;
  const in2025 = (at: string) => shanghaiDate(at).startsWith('2025-');
  const entries = bureau.cases.flatMap((c) => c.entries);

  it('cases filed by type and by month', () => {
    const filed = bureau.cases.filter((c) => c.filingDate.startsWith('2025-'));
    expect(f.cases.filed).toBe(filed.length);
    expect(f.cases.byType['行政处罚']).toBe(filed.filter((c) => c.caseType === '行政处罚').length);
    expect(f.cases.byMonth.reduce((a, m) => a + m.count, 0)).toBe(filed.length);
    expect(f.cases.byMonth.find((m) => m.month === '2025-03')?.count).toBe(filed.filter((c) => c.filingDate.startsWith('2025-03')).length);
  });

  it('decisions by kind and fines decided and collected, to the fen', () => {
    const decisions = entries.filter((e) => e.action === 'decision.approved' && String(e.detail.decisionDate).startsWith('2025-'));
    expect(f.decisions.total).toBe(decisions.length);
    expect(f.decisions.byKind['警告']).toBe(decisions.filter((e) => e.detail.decisionType === '警告').length);
    const fines = decisions.filter((e) => e.detail.decisionType === '罚款');
    expect(f.fines.decided.count).toBe(fines.length);
    expect(f.fines.decided.fen).toBe(fines.reduce((a, e) => a + Math.round((e.detail.amount as number) * 100), 0));
    const paid = entries.filter((e) => e.action === 'fine.paid' && in2025(e.at));
    expect(f.fines.collected.fen).toBe(paid.reduce((a, e) => a + Math.round(Number(e.detail.amount) * 100), 0));
    expect(f.decisions.refused).toBe(entries.filter((e) => e.action === 'decision.refused' && in2025(e.at)).length);
  });

  it('review rounds, results and the share returned', () => {
    expect(f.reviews.rounds).toBe(entries.filter((e) => (e.action === 'review.requested' || e.action === 'review.resubmitted') && in2025(e.at)).length);
    const returned = entries.filter((e) => e.action === 'review.returned' && in2025(e.at)).length;
    const results = entries.filter((e) => /^review\.(approved|rejected|returned)$/.test(e.action) && in2025(e.at)).length;
    expect(f.reviews.returnedShare).toEqual({ part: returned, whole: results });
  });

  it('evidence stored, by kind and in bytes', () => {
    const ev = entries.filter((e) => (e.action === 'evidence.attached' || e.action === 'note.recorded') && in2025(e.at));
    expect(f.evidence.items).toBe(ev.length);
    expect(f.evidence.bytes).toBe(ev.reduce((a, e) => a + (e.detail.size as number), 0));
    expect(f.evidence.byKind.video).toBe(ev.filter((e) => e.detail.mediaKind === 'video').length);
  });

  it('draws and inspection results', () => {
    const draws = bureau.draws.flatMap((d) => d.entries).filter((e) => e.action === 'draw.revealed' && in2025(e.at));
    expect(f.draws.draws).toBe(draws.length);
    expect(f.draws.targets).toBe(draws.reduce((a, e) => a + (e.detail.targets as unknown[]).length, 0));
    const insp = bureau.draws.flatMap((d) => d.entries).filter((e) => e.action === 'inspection.recorded' && in2025(e.at));
    expect(Object.values(f.draws.inspections).reduce((a, b) => a + b, 0)).toBe(insp.length);
  });
});

describe('upkeep by snapshot diff', () => {
  it('applying each case entry by entry, in any order, repeated, ends at the rebuild', () => {
    const rand = prng(99);
    const cases = bureau.cases.slice(0, 120);
    const stored: Contributions = new Map();
    const snapshots = new Map<string, Contributions>();
    const progress = new Map(cases.map((c) => [c.caseId, 0]));
    // Steps: (case, prefix length); some repeat a prefix already applied (a re-delivered stream record).
    const steps: [CaseLog, number][] = [];
    for (const c of cases) for (let n = 1; n <= c.entries.length; n++) steps.push([c, n]);
    for (let i = steps.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [steps[i], steps[j]] = [steps[j] as [CaseLog, number], steps[i] as [CaseLog, number]];
    }
    for (const [c, n] of [...steps, ...steps.slice(0, 50)]) {
      // The writer always reads the log it has now (at least its own entry), never less than before.
      const length = Math.max(n, progress.get(c.caseId) ?? 0);
      progress.set(c.caseId, length);
      const after = caseContributions(readCaseLog({ ...c, entries: c.entries.slice(0, length) }).value, ctx);
      const before = snapshots.get(c.caseId) ?? new Map();
      addContributions(stored, diffContributions(before, after));
      snapshots.set(c.caseId, after);
    }
    const expected = sumContributions(cases.map((c) => caseContributions(readCaseLog(c).value, ctx)));
    expect(compareBuckets(bucketsOf(stored), expected)).toEqual([]);
  });

  it('a repeated run adds nothing; snapshots round-trip through their flat form', () => {
    const c = bureau.cases.find((x) => x.entries.length > 6) as CaseLog;
    const full = caseContributions(readCaseLog(c).value, ctx);
    expect(diffContributions(full, full).size).toBe(0);
    expect(unflattenContributions(flattenContributions(full))).toEqual(full);
    expect(() => unflattenContributions({ 'x|filed': 1 })).toThrow(RangeError);
  });

  it('compareBuckets names each disagreement', () => {
    const rebuilt = rebuild(bureau.cases.slice(0, 10));
    const stored = bucketsOf(rebuilt);
    const month = [...stored.keys()][0] as string;
    const counters = stored.get(month) as Record<string, number>;
    const name = Object.keys(counters)[0] as string;
    counters[name] = (counters[name] ?? 0) + 1;
    expect(compareBuckets(stored, rebuilt)).toEqual([`${month} ${name}: stored ${(counters[name] ?? 0)}, rebuilt ${(counters[name] ?? 0) - 1}`]);
  });
});

describe('working days to a review result (the official calendar)', () => {
  it('counts working days after the request: 国庆 skipped, a 调休 Sunday counted', () => {
    expect(workingDaysAfter(calendar, '2026-09-30', '2026-10-09')).toBe(2); // 10-01..07 off, 10-08 and 10-09
    expect(workingDaysAfter(calendar, '2026-01-02', '2026-01-05')).toBe(2); // 01-03 off, 01-04 (Sunday) 调休, 01-05
    expect(workingDaysAfter(calendar, '2026-03-02', '2026-03-02')).toBe(0);
  });

  it('the median from the values and from a histogram agree', () => {
    const rand = prng(3);
    for (let i = 0; i < 200; i++) {
      const values = Array.from({ length: Math.floor(rand() * 9) }, () => Math.floor(rand() * 12));
      const h = new Map<number, number>();
      for (const v of values) h.set(v, (h.get(v) ?? 0) + 1);
      expect(medianOfHistogram(h)).toBe(median(values));
    }
    expect(median([])).toBeNull();
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });

  it('one case: the median of its rounds in the figures', () => {
    const log: CaseLog = {
      caseId: '2026-000500',
      caseType: '行政处罚',
      procedure: 'ordinary',
      filingDate: '2026-09-01',
      entries: [
        { seq: 1, at: '2026-09-01T02:00:00Z', action: 'case.filed', detail: { caseNumber: 'N' } },
        { seq: 2, at: '2026-09-30T02:00:00Z', action: 'review.requested', detail: { round: 1 } },
        { seq: 3, at: '2026-10-09T02:00:00Z', action: 'review.returned', detail: { round: 1 } },
        { seq: 4, at: '2026-10-12T02:00:00Z', action: 'review.resubmitted', detail: { round: 2 } },
        { seq: 5, at: '2026-10-19T02:00:00Z', action: 'review.approved', detail: { round: 2 } },
      ],
    };
    const f = computeFigures({ cases: [log], draws: [] }, yearPeriod(2026, TODAY), ctx).figures;
    expect(f.reviews.medianWorkingDays).toBe(3.5); // 2 and 5 working days
    expect(f.reviews.returnedShare).toEqual({ part: 1, whole: 2 });
  });
});

describe('reading the logs', () => {
  it('reports an unreadable counted entry and counts the rest', () => {
    const log: CaseLog = {
      caseId: '2026-000600',
      caseType: '行政处罚',
      procedure: 'ordinary',
      filingDate: '2026-05-06',
      entries: [
        { seq: 1, at: '2026-05-06T02:00:00Z', action: 'case.filed', detail: {} },
        { seq: 2, at: '2026-05-07T02:00:00Z', action: 'decision.approved', detail: { decisionType: '没收房屋' } },
        { seq: 3, at: '2026-05-08T02:00:00Z', action: 'review.approved', detail: { round: 4 } },
        { seq: 4, at: 'yesterday', action: 'evidence.attached', detail: {} },
        { seq: 5, at: '2026-05-09T02:00:00Z', action: 'evidence.viewed', detail: { anything: true } },
      ],
    };
    const r = readCaseLog(log);
    expect(r.problems).toHaveLength(3);
    expect(r.problems[0]).toMatch(/^2026-000600 #2 decision\.approved: decisionType/);
    expect(r.problems[1]).toMatch(/round 4 was never requested/);
    expect(r.problems[2]).toMatch(/#4 evidence\.attached: unreadable time/);
    expect(computeFigures({ cases: [log], draws: [] }, yearPeriod(2026, TODAY), ctx).figures.cases.filed).toBe(1);
  });

  it('amounts in yuan as numbers or strings become exact fen', () => {
    expect(yuanToFen(1500.5)).toBe(150050);
    expect(yuanToFen('1500.5')).toBe(150050);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen('200')).toBe(20000);
    expect(yuanToFen(0.29)).toBe(29);
  });
});
