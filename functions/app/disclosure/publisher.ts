/**
 * The scheduled publisher (事后公开): on working days from 09:00 to 18:00, each tick reads the decided
 * cases in the publisher's index (a Query), plans with the disclosure domain — publish what is due
 * (redacted before anything is written), withdraw what the head ordered withdrawn, take down what has
 * served its period — writes the site (pages first, then the index and the feed, then deletions),
 * records each step on the case with its entry (once per step), and hands the case's deadline sync
 * and a digest for the office (role `office`) to the worker. A run with nothing to do writes nothing;
 * what is only at risk is reported by the first run of the day.
 */
import * as z from 'zod/mini';
import { disclosureDigestCard } from '../../../cards/index.ts';
import type { Logger } from '../../config/logger.ts';
import { isWorkingDay } from '../../domain/deadlines/calendar.ts';
import { addDays, dateWithWeekday } from '../../domain/deadlines/local-date.ts';
import { resultsDigest } from '../../domain/draw/inspection.ts';
import { FEED_PATH, applyPlan, parseFeed, planPublisherRun, siteChanges } from '../../domain/disclosure/index.ts';
import { shanghaiClock } from '../../domain/reminders/time.ts';
import type { CaseStore, DeadlineStore, JobQueue } from '../../ports/index.ts';
import type { PublicSite } from '../../ports/public-site.ts';
import type { ReminderSettings } from '../deadlines/context.ts';
import { job } from '../intents.ts';
import type { Job } from '../jobs.ts';
import { sendUuid } from '../services.ts';
import type { ScheduledTask } from '../tick.ts';
import type { DisclosureSettings } from './context.ts';
import { disclosureRecordOf } from './facts.ts';
import { annualReportsOnSite } from './site-reports.ts';

export interface PublisherDeps {
  cases: CaseStore;
  site: PublicSite;
  settings: Pick<ReminderSettings, 'calendar' | 'rules'>;
  disclosure: DisclosureSettings;
  jobs: JobQueue<Job>;
  log: Logger;
  /**
   * How many 双随机 results are recorded and not yet on the public site (open publication deadlines):
   * the first run of the day sends the digest for them even when it did nothing else.
   */
  owedInspectionResults?: (now: Date) => Promise<number>;
}

const OPENS = 9 * 60;
const CLOSES = 18 * 60;
/** The first tick of the day (ticks run every 5 minutes) also reports what is only at risk. */
const FIRST_RUN_MINUTES = 5;

/** A first run may publish hundreds: each case's step is its own transaction, 8 at a time. */
const RECORD_CONCURRENCY = 8;

async function eachLimited<T>(items: readonly T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(RECORD_CONCURRENCY, items.length) }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  });
  await Promise.all(workers);
}

export interface PublisherRun {
  published: string[];
  withdrawn: string[];
  expired: string[];
  atRisk: string[];
}

/** One run at `now`; exported for the bench (its time for 10 vs 1,000 due decisions). */
export async function runPublisher(deps: PublisherDeps, now: Date): Promise<PublisherRun & { wrote: number }> {
  const records = (await deps.cases.activeDisclosures()).flatMap((c) => {
    const r = disclosureRecordOf(c);
    return r ? [r] : [];
  });
  const plan = planPublisherRun(records, {
    now,
    calendar: deps.settings.calendar,
    rules: deps.settings.rules,
    disclosureRules: deps.disclosure.disclosureRules,
    redactionRules: deps.disclosure.redactionRules,
    site: deps.disclosure.site,
  });
  const at = now.toISOString();
  const out: PublisherRun & { wrote: number } = { published: [], withdrawn: [], expired: [], atRisk: [], wrote: 0 };
  const touched = new Set<string>();
  if (plan.publish.length + plan.withdraw.length + plan.takeDown.length > 0) {
    const feed = await deps.site.read(FEED_PATH);
    const live = applyPlan(feed === null ? [] : parseFeed(feed), plan);
    const written = await deps.site.apply(siteChanges(deps.disclosure.site, live, plan, await annualReportsOnSite(deps.site)));
    out.wrote = written.written.length + written.removed.length;
    // Recorded only after the files are there; a repeat of the same run finds the steps recorded.
    await eachLimited(plan.publish, async (p) => {
      await deps.cases.recordDisclosure(
        p.caseId,
        { set: { publishedOn: plan.today } },
        { at, actor: 'system', action: 'disclosure.published', detail: { decision_id: p.decisionId, path: p.path, published_on: plan.today, due_date: p.dueDate, late: p.late } },
        `disclosure.published:${p.decisionId}`,
      );
      touched.add(p.caseId);
    });
    for (const p of plan.publish) out.published.push(`${p.caseNumber}（期限 ${p.dueDate}${p.late ? '，已逾期' : ''}）`);
    for (const w of plan.withdraw) {
      await deps.cases.recordDisclosure(
        w.caseId,
        // A page already gone has nothing left to take down: done.
        { set: { withdrawnOn: plan.today }, done: w.entry === null },
        { at, actor: 'system', action: 'disclosure.withdrawn', detail: { decision_id: w.decisionId, path: w.path, withdrawn_on: plan.today, due_date: w.dueDate, late: w.late } },
        `disclosure.withdrawn:${w.decisionId}`,
      );
      out.withdrawn.push(`${w.caseNumber}（期限 ${w.dueDate}${w.late ? '，已逾期' : ''}）`);
      touched.add(w.caseId);
    }
    for (const t of plan.takeDown) {
      const pendingWithdrawal = plan.withdraw.some((w) => w.path === t.path) ? false : records.some((r) => r.input.caseId === t.caseId && r.withdrawal !== undefined && r.withdrawnOn === undefined);
      await deps.cases.recordDisclosure(
        t.caseId,
        { set: { takenDownOn: plan.today }, done: !pendingWithdrawal },
        { at, actor: 'system', action: 'disclosure.taken_down', detail: { decision_id: t.decisionId, path: t.path, expired_on: t.expiredOn } },
        `disclosure.taken_down:${t.decisionId}`,
      );
      out.expired.push(`${t.caseNumber}（公开期至 ${t.expiredOn}）`);
      touched.add(t.caseId);
    }
  }
  for (const r of plan.atRisk) {
    out.atRisk.push(`${r.caseNumber}：${r.duty === 'publication' ? '公开' : '撤回'}期限 ${dateWithWeekday(r.dueDate)}，${r.workingDaysLeft >= 0 ? `剩 ${r.workingDaysLeft} 个工作日` : '已逾期'}；${r.reasons.join('；')}`);
  }
  // Publication and withdrawal duties met: their reminders go.
  await eachLimited([...touched], (caseId) => deps.jobs.submit({ kind: 'deadlines.sync', scope: 'case', caseId }));
  return out;
}

export function publishDecisions(deps: PublisherDeps): ScheduledTask {
  return {
    name: 'publisher',
    async run(now) {
      const clock = shanghaiClock(now);
      if (!isWorkingDay(deps.settings.calendar, clock.date) || clock.minute < OPENS || clock.minute >= CLOSES) return [];
      const run = await runPublisher(deps, now);
      const acted = run.published.length + run.withdrawn.length + run.expired.length > 0;
      const firstOfDay = clock.minute < OPENS + FIRST_RUN_MINUTES;
      const owedResults = firstOfDay && deps.owedInspectionResults ? await deps.owedInspectionResults(now) : 0;
      if (acted || (firstOfDay && (run.atRisk.length > 0 || owedResults > 0))) {
        await deps.jobs.submit({ kind: 'disclosure.digest', date: clock.date, at: now.toISOString(), published: run.published, withdrawn: run.withdrawn, expired: run.expired, atRisk: run.atRisk });
      }
      return [
        ...run.published.map((x) => `published ${x}`),
        ...run.withdrawn.map((x) => `withdrawn ${x}`),
        ...run.expired.map((x) => `taken down ${x}`),
        ...run.atRisk.map((x) => `at risk ${x}`),
      ];
    },
  };
}

const lines = z.array(z.string().check(z.maxLength(1000))).check(z.maxLength(2000));

/**
 * Open publication deadlines of 双随机 results (one Query of the due-date index: a result recorded today
 * is due about four weeks later, so 60 days ahead covers them; a year back, the digest's draws).
 */
export async function owedInspectionResults(deadlines: Pick<DeadlineStore, 'dueBetween'>, now: Date): Promise<number> {
  const today = shanghaiClock(now).date;
  const open = await deadlines.dueBetween(addDays(today, -DIGEST_DRAWS_DAYS), addDays(today, 60));
  return open.filter((d) => d.deadline.kind === 'inspection_result_publication').length;
}

/** The draws a digest looks at: those drawn within the last year (a bureau's plans; each one's tasks are one Query). */
export const DIGEST_DRAWS_DAYS = 366;

/**
 * The worker posts the publisher's digest to the office (role `office`), one uuid per run and person,
 * with the 双随机 results published that day and those still owed (the draw's job publishes a result
 * when it is recorded; one the site has not taken yet is listed with its due date).
 */
export const disclosureDigestJob = job({
  payload: z.object({
    date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
    at: z.iso.datetime({ offset: true }),
    published: lines,
    withdrawn: lines,
    expired: lines,
    atRisk: lines,
  }),
  async run(p, s) {
    const office = (await s.roster.listActive()).filter((x) => x.roles.includes('office'));
    if (office.length === 0) s.log.warn('no one with the office role to receive the publisher digest', { date: p.date });
    const since = addDays(p.date, -DIGEST_DRAWS_DAYS);
    const draws = [];
    for (const d of await s.draws.list()) {
      if (d.status === 'revealed' && d.drawDate >= since) draws.push({ drawId: d.drawId, tasks: await s.draws.tasks(d.drawId) });
    }
    const { calendar, rules } = s.reminders.settings;
    const inspections = resultsDigest(draws, p.date, calendar, rules);
    const card = disclosureDigestCard({ ...p, inspections });
    for (const person of office) await s.messenger.sendCard(person.openId, card, sendUuid('disclosure.digest', p.at, person.openId));
  },
});
