/**
 * The fixture bureau: two years of cases driven through the real intents as the webhook and the
 * worker run them, each step at its own day of a controllable clock, counted by the aggregator
 * through DynamoDB Local's stream. Every figure of every year, quarter and month then equals
 * `computeFigures`, the count made independently from the record logs as stored, and the rebuild
 * agrees.
 *
 * What is driven: filing (`case.file`); evidence, notes and activity changes through the case store's
 * sealed appends (what the evidence intents do once the bytes are stored); for every fourth ordinary
 * case legal review (`review.submit`; 退回补充 with a note and 重新提交, 不同意, 同意: `review.outcome`),
 * the head's 批准 / 不批准 (`review.decide`: 罚款, 没收违法所得, 警告, 通报批评, 不予处罚), service
 * (`service.record`), fines paid (`缴款`, the worker's message job), withdrawals (`disclosure.withdraw`),
 * and the publisher's scheduled run (every other Wednesday, with two months left out so that some
 * publications are late); two draws (`draw.start`, the `draw.run` job) with inspection results
 * (`inspection.record`). The reviewed cases take the decision kinds in turn.
 *
 * Left out: the PDFs only — drawing hundreds of them would dominate the time. The queue drops the two
 * job kinds that draw one, `case.filed` (the 立案审批表, with the case card and notices: tested in the
 * filing and document tests) and `document.draft` (service); `draftDocument` is a stub that drafts
 * nothing, for the review steps that draft theirs inline in `review.notify`. Every other job the steps
 * hand on runs: review.notify (cards to the reviewer, the head, the officers; the deadline sync that
 * puts a decided case in the publisher's index), deadlines.sync, disclosure.digest, draw.run, message.
 *
 * Speed: every random choice is made up front, so the bureau is the same on every run; then, up to
 * each step that runs alone (a publisher run, a draw, an inspection result), the cases' steps run
 * STEP_CONCURRENCY cases at a time, each case's in date order, each step with its own day as the
 * services' clock (AsyncLocalStorage, so the jobs it hands on see the same day).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it, vi } from 'vitest';
import { handleCardAction } from '../../functions/app/card-actions.ts';
import { publishDecisions } from '../../functions/app/disclosure/publisher.ts';
import { caseSubjects, monthsSince, rebuildStatistics } from '../../functions/app/statistics/rebuild.ts';
import { CASE_TYPES } from '../../functions/domain/case/types.ts';
import { addDays, compareDates, type LocalDate } from '../../functions/domain/deadlines/local-date.ts';
import { approveDraft, publishVersion, reviewDraft, startDraft, submitDraft } from '../../functions/domain/lists/index.ts';
import { type CaseLog, type DrawLog, type StatisticsFigures, type StatisticsPeriod, computeFigures, figuresFromBuckets, monthPeriod, periodMonths, quarterPeriod, yearPeriod } from '../../functions/domain/statistics/index.ts';
import { aggregatorDeps } from '../../functions/handlers/aggregator.ts';
import { statisticsContext } from '../../functions/handlers/deadlines.ts';
import { disclosureSettings } from '../../functions/handlers/disclosure.ts';
import { reminderSettings } from '../../functions/handlers/reminders.ts';
import type { CardActionResult } from '../../functions/ports/index.ts';
import { withCheck } from '../unit/draw/helpers.ts';
import { evidenceItem, attachedContent } from '../helpers/factories.ts';
import { USERS, validFilingForm } from '../helpers/feishu.ts';
import { prng } from '../helpers/statistics-bureau.ts';
import { useTestStack } from '../helpers/stack.ts';
import { reviewForm } from '../helpers/review-forms.ts';

// The PDFs are left out (see the header): the review steps draft theirs inline, in review.notify.
vi.mock('../../functions/app/documents/draft-document.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../functions/app/documents/draft-document.ts')>()),
  draftDocument: async () => ({ kind: 'skipped', why: 'no PDFs in the fixture bureau' }),
}));

const TODAY: LocalDate = '2026-11-20';
let clock = new Date('2025-01-02T02:00:00.000Z');
const getStack = useTestStack({ now: () => stepClock.getStore() ?? clock });
const PER_MONTH = 9;
const STEP_CONCURRENCY = 3;
/** Months without a publisher run (the office was away): those decisions are published late. */
const NO_PUBLISHER = ['2025-03', '2026-07'];

/** 10:00 in Beijing on `date`. */
const dayInstant = (date: LocalDate) => Date.parse(`${date}T02:00:00.000Z`);

interface Step {
  date: LocalDate;
  /** Runs alone (the publisher, a draw): it touches many cases or waits for its job. */
  alone?: boolean;
  /** The case it belongs to (its steps run in date order). */
  of?: object;
  run(): Promise<void>;
}

/**
 * Each step runs with its own day as the services' clock (and so do the jobs it hands on), so that
 * steps of different days and cases can run side by side.
 */
const stepClock = new AsyncLocalStorage<Date>();
/** A decision was made since the publisher's last run: its index entry comes with a job, wait for it. */
let decidedSinceRun = false;

/** The reviewer's form: every item passes, or the evidence has the given problem. */
const checklist = (problem?: string, opinion?: string) => reviewForm(problem ? { evidence: problem } : {}, opinion);

const DECISIONS = [
  { decision_type: '罚款', amount: true, discretion: '一般' },
  { decision_type: '罚款', amount: true, discretion: '从轻' },
  { decision_type: '没收违法所得', amount: true, discretion: '一般' },
  { decision_type: '警告', amount: false, discretion: '一般' },
  { decision_type: '通报批评', amount: false, discretion: '一般' },
  { decision_type: '不予处罚', amount: false, discretion: '不予' },
] as const;
const SERVICE_METHODS = ['直接送达', '留置送达', '邮寄送达', '电子送达', '公告送达', '委托送达'];

let taps = 0;
async function tap(by: string, value: Record<string, unknown>, formValue?: Record<string, unknown>): Promise<CardActionResult> {
  taps++;
  return handleCardAction({ eventId: `ev-bureau-tap-${taps}`, operatorOpenId: by, value: value as never, ...(formValue ? { formValue } : {}), messageId: `om_bureau_tap_${taps}`, chatId: 'oc_bureau' }, getStack().services);
}
function expectOk(r: CardActionResult, what: string) {
  expect(r.toast?.type, `${what}: ${JSON.stringify(r.toast)}`).toBe('success');
}

describe('the fixture bureau', () => {
  it('has every figure of every year, quarter and month equal to the count from the record logs, for every kind of record', async () => {
    const s = getStack().services;
    const jobs = getStack().jobs;
    const rand = prng(14);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
    const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
    const steps: Step[] = [];
    const later = (date: LocalDate, step: Omit<Step, 'date'>) => {
      if (compareDates(date, TODAY) <= 0) steps.push({ date, ...step });
    };
    /** A step of one case: a case's steps run in order, other cases' beside them. */
    const laterFor = (ref: object, date: LocalDate, step: Omit<Step, 'date' | 'of'>) => later(date, { ...step, of: ref });

    // The PDF job kinds are left out (see the header).
    const submit = jobs.submit.bind(jobs);
    const stub = vi.spyOn(jobs, 'submit').mockImplementation(async (job) => (job.kind === 'case.filed' || job.kind === 'document.draft' ? undefined : submit(job)));

    // ---- the plan: every random choice made here, in order, so the bureau is the same on every run ----
    const months: [number, number][] = [
      ...Array.from({ length: 12 }, (_, i) => [2025, i + 1] as [number, number]),
      ...Array.from({ length: 11 }, (_, i) => [2026, i + 1] as [number, number]),
    ];
    const ids: string[] = [];
    let n = 0;
    let reviewed = 0;
    for (const [year, month] of months) {
      for (let k = 0; k < PER_MONTH; k++) {
        n++;
        const no = n;
        // Nothing is dated after today (the clock never runs ahead): November 2026 ends on the 20th.
        const filed = `${year}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(rand() * (year === 2026 && month === 11 ? 20 : 27))).padStart(2, '0')}`;
        const caseType = CASE_TYPES[Math.floor(rand() * CASE_TYPES.length)]!;
        const procedure = rand() < 0.3 ? 'simple' : 'ordinary';
        const ref = { caseId: '' };
        steps.push({
          date: filed,
          of: ref,
          async run() {
            const r = await handleCardAction(
              {
                eventId: `ev-bureau-${no}`,
                operatorOpenId: USERS.zhang,
                value: { action: 'case.file', form_id: `bureau-${no}` },
                formValue: validFilingForm({ party_name: `某某企业${no}`, case_type: caseType, procedure }),
                messageId: `om_bureau_${no}`,
                chatId: 'oc_bureau',
              },
              s,
            );
            expectOk(r, `case ${no}`);
            const m = /〔(\d{4})〕(\d+)号/.exec(r.toast!.content)!;
            ref.caseId = `${m[1]}-${m[2]!.padStart(6, '0')}`;
            ids.push(ref.caseId);
          },
        });
        // Evidence as the attach job records it once the bytes are stored: an item for most cases (some notes), days later.
        const items = rand() < 0.6 ? 1 : 0;
        for (let e = 0; e < items; e++) {
          const on = addDays(filed, 1 + Math.floor(rand() * 40));
          const kind = rand() < 0.25 ? 'note' : rand() < 0.5 ? 'file' : 'image';
          const moved = kind !== 'note' && rand() < 0.3;
          laterFor(ref, on, {
            async run() {
              const at = new Date(dayInstant(on) + e * 60_000).toISOString();
              const item = evidenceItem({ caseId: ref.caseId, messageId: `om_ev_${no}_${e}`, receivedAt: at, sender: USERS.zhang, kind });
              expect((await s.cases.attachEvidence(item, attachedContent(item))).kind).toBe('attached');
              if (moved) {
                await s.cases.changeEvidenceActivity(ref.caseId, item.evidenceId, item.activity, '查封扣押', {
                  at,
                  actor: USERS.zhang,
                  action: 'evidence.activity_changed',
                  detail: { evidenceId: item.evidenceId, changes: [{ field: 'activity', before: item.activity, after: '查封扣押' }] },
                });
              }
            },
          });
        }
        if (procedure === 'ordinary' && no % 4 === 0) {
          reviewed++;
          planReview(ref, no, reviewed, addDays(filed, int(3, 20)));
        }
      }
    }

    /** Legal review, the head's decision, service, payments and a withdrawal for one case. */
    function planReview(ref: { caseId: string }, no: number, nth: number, requested: LocalDate) {
      // Every kind of decision in turn, so each has cases behind it.
      const kind = DECISIONS[nth % DECISIONS.length]!;
      const amount = kind.amount ? String(int(200, 90_000)) : '';
      const proof = { evidenceId: '' };
      const proposal = (round = 1) => ({
        decision_type: kind.decision_type,
        amount,
        facts: `当事人未按规定报送能源利用状况报告，经督促仍未改正${round > 1 ? '；已补充询问笔录，当事人承认上述事实' : ''}`,
        evidence: [proof.evidenceId],
        legal_provisions: '《中华人民共和国节约能源法》第八十二条',
        discretion: kind.discretion,
        hearing_held: 'no',
        defence: '当事人放弃陈述申辩',
      });
      laterFor(ref, requested, {
        async run() {
          // The site photo the proposal relies on (and the service later proves with).
          const item = evidenceItem({ caseId: ref.caseId, messageId: `om_rv_${no}`, receivedAt: new Date(dayInstant(requested) - 60_000).toISOString(), sender: USERS.li, kind: 'image' });
          expect((await s.cases.attachEvidence(item, attachedContent(item))).kind).toBe('attached');
          proof.evidenceId = item.evidenceId;
          expectOk(await tap(USERS.zhang, { action: 'review.submit', case_id: ref.caseId }, proposal()), `review ${no}`);
        },
      });
      let day = requested;
      let round = 1;
      for (;;) {
        day = addDays(day, int(1, 8));
        const r = rand();
        const thisRound = round;
        if (round === 1 && r < 0.2) {
          // 退回补充 with a note, then 重新提交 (a new round linked to the old).
          laterFor(ref, day, { run: async () => expectOk(await tap(USERS.zhao, { action: 'review.outcome', case_id: ref.caseId, round: thisRound, outcome: 'returned' }, checklist('缺少询问笔录', '请补充询问笔录后重新提交')), `returned ${no}`) });
          day = addDays(day, int(1, 5));
          laterFor(ref, day, { run: async () => expectOk(await tap(USERS.li, { action: 'review.submit', case_id: ref.caseId, from_round: thisRound }, proposal(thisRound + 1)), `resubmitted ${no}`) });
          round++;
          continue;
        }
        if (r > 0.93) {
          laterFor(ref, day, { run: async () => expectOk(await tap(USERS.zhao, { action: 'review.outcome', case_id: ref.caseId, round: thisRound, outcome: 'rejected' }, checklist('证据不足以证明违法事实', '不同意作出处罚决定')), `rejected ${no}`) });
          return;
        }
        laterFor(ref, day, { run: async () => expectOk(await tap(USERS.zhao, { action: 'review.outcome', case_id: ref.caseId, round: thisRound, outcome: 'approved' }, checklist()), `approved ${no}`) });
        break;
      }
      day = addDays(day, int(1, 4));
      if (rand() < 0.1) {
        laterFor(ref, day, { run: async () => expectOk(await tap(USERS.head, { action: 'review.decide', case_id: ref.caseId, round, verdict: 'refused' }, { reason: '罚款数额偏高，请重新研究' }), `refused ${no}`) });
        return;
      }
      const decided = day;
      laterFor(ref, decided, {
        async run() {
          expectOk(await tap(USERS.head, { action: 'review.decide', case_id: ref.caseId, round, verdict: 'approved' }, {}), `decided ${no}`);
          decidedSinceRun = true;
        },
      });
      let paidFrom = decided;
      if (rand() < 0.8) {
        const served = addDays(decided, int(1, 10));
        const method = pick(SERVICE_METHODS);
        laterFor(ref, served, {
          run: async () => expectOk(await tap(USERS.li, { action: 'service.record', case_id: ref.caseId }, { served_on: `${served} +0800`, method, proof: [proof.evidenceId] }), `served ${no}`),
        });
        paidFrom = served;
      }
      if (kind.decision_type === '罚款' && rand() < 0.75) {
        const whole = Number(amount);
        const first = rand() < 0.6 ? whole : Math.max(1, Math.round(whole * 0.4));
        const payments = first === whole ? [first] : rand() < 0.6 ? [first, whole - first] : [first];
        let on = paidFrom;
        payments.forEach((yuan, i) => {
          on = addDays(on, int(2, 20));
          const paidOn = on;
          laterFor(ref, addDays(paidOn, int(0, 3)), {
            async run() {
              // 缴款 as a person types it: the worker's message job, as the webhook hands it on.
              await jobs.submit({
                kind: 'message',
                eventId: `ev-bureau-pay-${no}-${i}`,
                senderOpenId: i === 0 ? USERS.zhang : USERS.head,
                messageId: `om_bureau_pay_${no}_${i}`,
                chatId: 'oc_bureau',
                chatType: 'p2p',
                messageType: 'text',
                content: JSON.stringify({ text: `缴款 ${ref.caseId} ${yuan} ${paidOn}` }),
                mentionKeys: [],
              });
            },
          });
        });
      }
      if (rand() < 0.12) {
        laterFor(ref, addDays(decided, int(10, 60)), {
          run: async () => expectOk(await tap(USERS.head, { action: 'disclosure.withdraw', case_id: ref.caseId }, { kind: '撤销', reason: '经行政复议，原处罚决定被撤销' }), `withdrawn ${no}`),
        });
      }
    }

    // The publisher, every other Wednesday at 10:00 (a holiday Wednesday it does nothing).
    const site = getStack().site;
    const publisher = publishDecisions({ cases: s.cases, site, settings: reminderSettings(), disclosure: disclosureSettings(), jobs: s.jobs, log: s.log });
    for (let d: LocalDate = '2025-01-08'; compareDates(d, TODAY) <= 0; d = addDays(d, 14)) {
      if (NO_PUBLISHER.includes(d.slice(0, 7))) continue;
      steps.push({
        date: d,
        alone: true,
        async run() {
          if (decidedSinceRun) await jobs.idle();
          decidedSinceRun = false;
          await publisher.run(clock);
        },
      });
    }

    // Two draws with inspection results: the 随机抽查事项清单 published, the target library imported.
    const drawIds: string[] = [];
    const wu = (await s.roster.get(USERS.wu))!;
    const zhao = (await s.roster.get(USERS.zhao))!;
    const head = (await s.roster.get(USERS.head))!;
    steps.push({
      date: '2025-01-02',
      alone: true,
      async run() {
        const at = clock.toISOString();
        const rows = [{ item: '工业节能监察', legalBasis: '《中华人民共和国节约能源法》第十二条', section: '运行监测科', content: '能源利用状况', method: '现场检查', kind: '一般' as const }];
        let h = await s.lists.head('inspection_items');
        const chain = [
          () => startDraft({ kind: 'inspection_items', id: 'ii-bureau', at, author: zhao, current: h.current, open: h.open, rows, scope: 'whole' }),
          () => submitDraft({ version: h.open!, current: h.current, actor: zhao, at }),
          () => reviewDraft({ version: h.open!, decision: 'pass', actor: zhao, at }),
          () => approveDraft({ version: h.open!, decision: 'approve', actor: head, at }),
          () => publishVersion({ version: h.open!, current: h.current, actor: head, at }),
        ];
        for (const step of chain) {
          const out = step();
          if (!out.ok) throw new Error(out.errors.join());
          await s.lists.save('inspection_items', h.rev, out.version, out.entries, at);
          h = await s.lists.head('inspection_items');
        }
        const targets = Array.from({ length: 8 }, (_, i) => ({ creditCode: withCheck(`91513300${String(i + 1).padStart(9, '0')}`), name: `甘孜州企业${i + 1}有限公司`, type: 'enterprise' as const, riskLevel: 'B' as const, sectorTags: ['工业'] }));
        await s.library.replaceTargets(targets, at);
      },
    });
    expect(wu.roles).toContain('section_head');
    for (const [d, drawn] of [['2025-05-12', 3], ['2026-04-13', 4]] as const) {
      const plan = `${d.slice(0, 4)}年工业节能监察抽查`;
      const results = Array.from({ length: drawn }, () => ({ after: int(3, 25), outcome: rand() < 0.7 ? 'no_problem' : 'rectification_ordered', skip: rand() < 0.2 }));
      steps.push({
        date: d,
        alone: true,
        async run() {
          const form = { plan_id: plan, list_item: '工业节能监察', deadline: addDays(d, 40), target_types: 'all', risk_levels: '', sector_tags: '', sample: String(drawn), inspectors_per_target: '2', specialties: '' };
          expectOk(await tap(USERS.wu, { action: 'draw.start', form_id: `bureau-draw-${d}` }, form), `draw ${d}`);
          await jobs.idle();
          const draw = (await s.draws.list()).find((x) => !drawIds.includes(x.drawId))!;
          drawIds.push(draw.drawId);
          const tasks = await s.draws.tasks(draw.drawId);
          expect(tasks).toHaveLength(drawn);
          tasks.forEach((task, i) => {
            const r = results[i]!;
            if (r.skip) return;
            later(addDays(d, r.after), {
              alone: true,
              async run() {
                const res = await tap(task.inspectors[0]!.openId, { action: 'inspection.record', draw_id: draw.drawId, credit_code: task.creditCode, outcome: r.outcome });
                expectOk(res, `inspection ${draw.drawId} ${task.creditCode}`);
                await jobs.idle();
              },
            });
          });
        },
      });
    }

    // ---- the days, in order ----
    while (steps.length > 0) {
      steps.sort((a, b) => compareDates(a.date, b.date) || Number(b.alone ?? false) - Number(a.alone ?? false));
      // Up to the next step that runs alone: every case's steps, in order per case, cases side by side.
      const barrier = steps.findIndex((x) => x.alone);
      const until = barrier < 0 ? null : steps[barrier]!.date;
      const window = steps.filter((x) => !x.alone && (until === null || compareDates(x.date, until) < 0));
      if (window.length === 0) {
        const step = steps.splice(barrier, 1)[0]!;
        clock = new Date(dayInstant(step.date));
        await step.run();
        continue;
      }
      for (const x of window) steps.splice(steps.indexOf(x), 1);
      const chains = new Map<object, Step[]>();
      for (const x of window) chains.set(x.of!, [...(chains.get(x.of!) ?? []), x]);
      const queue = [...chains.values()];
      await Promise.all(
        Array.from({ length: STEP_CONCURRENCY }, async () => {
          for (let chain = queue.shift(); chain; chain = queue.shift()) {
            for (const x of chain) await stepClock.run(new Date(dayInstant(x.date)), () => x.run());
          }
        }),
      );
    }
    stub.mockRestore();
    clock = new Date(`${TODAY}T02:00:00.000Z`);
    await jobs.idle();

    // ---- the count from the record logs as stored, and what the stream kept ----
    const logs: CaseLog[] = [];
    for (const id of ids.sort()) {
      const c = await s.cases.get(id);
      expect(c, id).not.toBeNull();
      logs.push({ caseId: id, caseType: c!.caseType, procedure: c!.procedure, filingDate: c!.filingDate, entries: await s.cases.records(id) });
    }
    const draws: DrawLog[] = [];
    for (const id of drawIds) draws.push({ drawId: id, entries: await s.draws.records(id) });
    expect(logs.length).toBeGreaterThanOrEqual(200);
    const ctx = statisticsContext(TODAY);
    const periods: StatisticsPeriod[] = [
      yearPeriod(2025, TODAY),
      yearPeriod(2026, TODAY),
      ...([1, 2, 3, 4] as const).flatMap((q) => [quarterPeriod(2025, q, TODAY), quarterPeriod(2026, q, TODAY)]),
      ...months.map(([y, m]) => monthPeriod(y, m, TODAY)),
    ];
    const years: StatisticsFigures[] = [];
    for (const p of periods) {
      const stored = figuresFromBuckets(await s.statistics.monthBuckets(periodMonths(p)), p, TODAY);
      const counted = computeFigures({ cases: logs, draws }, p, ctx);
      expect(counted.problems, p.id).toEqual([]);
      expect(stored, p.id).toEqual(counted.figures);
      if (p.kind === 'year') years.push(stored);
    }

    // Every kind of figure has something in it, so the equality above compares real counts.
    const sum = (f: (x: (typeof years)[number]) => number) => years.reduce((a, y) => a + f(y), 0);
    expect(sum((y) => y.cases.filed)).toBe(ids.length);
    expect(reviewed).toBeGreaterThan(25);
    expect(sum((y) => y.reviews.rounds)).toBeGreaterThan(reviewed);
    expect(sum((y) => y.reviews.resubmitted)).toBeGreaterThan(0);
    expect(sum((y) => y.reviews.results.returned)).toBeGreaterThan(0);
    expect(sum((y) => y.reviews.results.rejected)).toBeGreaterThan(0);
    expect(sum((y) => y.decisions.total)).toBeGreaterThan(15);
    for (const k of ['罚款', '没收违法所得', '警告', '通报批评', '不予处罚'] as const) expect(sum((y) => y.decisions.byKind[k]), k).toBeGreaterThan(0);
    expect(sum((y) => y.decisions.refused)).toBeGreaterThan(0);
    expect(sum((y) => y.fines.decided.count)).toBeGreaterThan(5);
    expect(sum((y) => y.fines.collected.count)).toBeGreaterThan(5);
    expect(sum((y) => y.fines.collected.fen)).toBeLessThan(sum((y) => y.fines.decided.fen));
    expect(sum((y) => y.publication.total.met)).toBeGreaterThan(0);
    expect(sum((y) => y.publication.total.late)).toBeGreaterThan(0);
    expect(sum((y) => y.deadlines.byKind.service.met)).toBeGreaterThan(0);
    expect(sum((y) => y.deadlines.byKind.withdrawal.due)).toBeGreaterThan(0);
    expect(sum((y) => y.draws.draws)).toBe(2);
    expect(sum((y) => y.draws.targets)).toBe(7);
    expect(sum((y) => Object.values(y.draws.inspections).reduce((a, b) => a + b, 0))).toBeGreaterThan(2);
    expect(sum((y) => y.evidence.items)).toBeGreaterThan(100);
    expect(sum((y) => y.evidence.av.required.whole)).toBeGreaterThan(0);

    // The rebuild from the record logs agrees with what the stream kept.
    const deps = aggregatorDeps(getStack().db, getStack().tableName, () => clock);
    const last = (year: number) => ids.filter((id) => id.startsWith(`${year}-`)).length;
    const subjects = [...caseSubjects([{ year: 2025, last: last(2025) }, { year: 2026, last: last(2026) }]), ...drawIds.map((id) => ({ kind: 'draw' as const, id }))];
    const report = await rebuildStatistics(subjects, deps, { months: monthsSince(2025, '2026-12'), write: false });
    expect(report.disagreements).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.subjects).toBe(ids.length + drawIds.length);
  }, 900_000);
});
