/**
 * The scheduled publisher's plan: given the decisions with open disclosure duties or live pages, and
 * `now`, what to publish, withdraw and take down, what waits, and what is at risk of missing its
 * deadline (the office's digest). Pure; the app layer writes the files and records each step.
 *
 * Rules:
 * - publish a decision once it is made, not confidential and not set aside; for the categories in
 *   `holdUntilServed` wait until the party is served — but never past the due date: on the due date it
 *   is published whether served or not (the 7/20-working-day limit of 118号 wins);
 * - withdraw a published page once the head has recorded that the decision was changed, revoked or
 *   confirmed unlawful or void (3 working days, 行政处罚法第四十八条第二款): the page becomes the notice;
 * - take down a page (or notice) the day after its publication period ends;
 * - at risk: not published and due within `atRiskWorkingDays` working days (or overdue), or blocked
 *   because the page cannot be built (missing content, a privacy check that fails).
 */
import type { HolidayCalendar } from '../deadlines/calendar.ts';
import { isWorkingDay } from '../deadlines/calendar.ts';
import { addMonthsRaw } from '../deadlines/count.ts';
import { type LocalDate, addDays, shanghaiDate } from '../deadlines/local-date.ts';
import type { Rule } from '../deadlines/rules.ts';
import { type DisclosureRules, type RedactionRules, publicationMonths } from './config.ts';
import { publicationDuty, withdrawalDuty } from './duty.ts';
import type { PublishedAnnualReport } from './annual-reports.ts';
import { FEED_PATH, INDEX_PATH, entryPath, renderEntryPage, renderIndexPage } from './html.ts';
import { renderFeed } from './feed.ts';
import {
  type DisclosureInput,
  type PublicDecision,
  type PublicEntry,
  type SiteConfig,
  type WithdrawnNotice,
  buildPublicDecision,
  buildWithdrawnNotice,
  pageId,
} from './page.ts';
import type { WithdrawalKind } from './withdrawal.ts';

/** One decision and what has happened to its disclosure so far. */
export interface DisclosureRecord {
  input: DisclosureInput;
  servedOn?: LocalDate;
  publishedOn?: LocalDate;
  withdrawal?: { kind: WithdrawalKind; reason: string; recordedOn: LocalDate };
  withdrawnOn?: LocalDate;
  takenDownOn?: LocalDate;
}

export interface PublisherContext {
  now: Date | string;
  calendar: HolidayCalendar;
  rules: readonly Rule[];
  disclosureRules: DisclosureRules;
  redactionRules: RedactionRules;
  site: SiteConfig;
}

interface Ref {
  /** The page id (`2026-000007-1`). */
  id: string;
  decisionId: string;
  caseId: string;
  caseNumber: string;
  /** The page's path under the site root. */
  path: string;
}

export interface PublishAction extends Ref {
  entry: PublicDecision;
  html: string;
  dueDate: LocalDate;
  late: boolean;
}

export interface WithdrawAction extends Ref {
  /** Null when the page had already been taken down: record the withdrawal, write nothing. */
  entry: WithdrawnNotice | null;
  html: string | null;
  dueDate: LocalDate;
  late: boolean;
}

export interface TakeDownAction extends Ref {
  expiredOn: LocalDate;
}

export interface AtRisk extends Ref {
  duty: 'publication' | 'withdrawal';
  dueDate: LocalDate;
  /** Working days after today up to and including the due date (0 = due today, negative = overdue). */
  workingDaysLeft: number;
  reasons: string[];
}

export interface Waiting extends Ref {
  dueDate: LocalDate;
  reason: string;
}

export interface PublisherPlan {
  today: LocalDate;
  publish: PublishAction[];
  withdraw: WithdrawAction[];
  takeDown: TakeDownAction[];
  atRisk: AtRisk[];
  /** Waiting for service (not yet due). */
  held: Waiting[];
  /** Never to be published: confidential, or set aside before publication. */
  notPublished: Waiting[];
}

/** Working days after `today` up to and including `due`; negative when overdue. */
export function workingDaysLeft(calendar: HolidayCalendar, today: LocalDate, due: LocalDate): number {
  if (due === today) return 0;
  let n = 0;
  if (due > today) {
    for (let d = addDays(today, 1); d <= due; d = addDays(d, 1)) if (isWorkingDay(calendar, d)) n += 1;
    return n;
  }
  for (let d = addDays(due, 1); d <= today; d = addDays(d, 1)) if (isWorkingDay(calendar, d)) n -= 1;
  return Math.min(n, -1);
}

/** The last day a page published on `publishedOn` stays up. */
export function expiryDate(rules: DisclosureRules, input: Pick<DisclosureInput, 'category' | 'party'>, publishedOn: LocalDate): LocalDate {
  return addMonthsRaw(publishedOn, publicationMonths(rules, input.category, input.party.type)).date;
}

function ref(r: DisclosureRecord): Ref {
  const id = pageId(r.input);
  return { id, decisionId: r.input.decisionId, caseId: r.input.caseId, caseNumber: r.input.caseNumber, path: entryPath(id) };
}

export function planPublisherRun(records: readonly DisclosureRecord[], ctx: PublisherContext): PublisherPlan {
  const today = shanghaiDate(ctx.now);
  const plan: PublisherPlan = { today, publish: [], withdraw: [], takeDown: [], atRisk: [], held: [], notPublished: [] };
  const riskWindow = ctx.disclosureRules.atRiskWorkingDays;

  for (const r of records) {
    const at = ref(r);
    const input = r.input;
    if (r.takenDownOn !== undefined && r.withdrawal === undefined) continue;

    // Live page past its period: take it down (withdrawn notices too).
    if (r.publishedOn !== undefined && r.takenDownOn === undefined) {
      const expiresOn = expiryDate(ctx.disclosureRules, input, r.publishedOn);
      if (today > expiresOn) {
        plan.takeDown.push({ ...at, expiredOn: expiresOn });
        if (r.withdrawal === undefined || r.withdrawnOn !== undefined) continue;
      }
    }

    if (r.withdrawal !== undefined) {
      if (r.publishedOn === undefined) {
        plan.notPublished.push({ ...at, dueDate: input.decisionDate, reason: `决定${r.withdrawal.kind === '变更' ? '已变更' : `已${r.withdrawal.kind}`}，公开前即不再公开` });
        continue;
      }
      if (r.withdrawnOn !== undefined) continue;
      const due = withdrawalDuty(r.withdrawal.recordedOn, ctx.calendar, ctx.rules).dueDate;
      const late = today > due;
      const expired = r.takenDownOn !== undefined || plan.takeDown.some((t) => t.path === at.path);
      if (expired) {
        plan.withdraw.push({ ...at, entry: null, html: null, dueDate: due, late });
        continue;
      }
      const notice = buildWithdrawnNotice(input, r.withdrawal, {
        site: ctx.site,
        rules: ctx.redactionRules,
        publishedOn: r.publishedOn,
        withdrawnOn: today,
        expiresOn: expiryDate(ctx.disclosureRules, input, r.publishedOn),
      });
      if (notice.ok) {
        plan.withdraw.push({ ...at, entry: notice.value, html: renderEntryPage(ctx.site, notice.value), dueDate: due, late });
      } else {
        plan.atRisk.push({ ...at, duty: 'withdrawal', dueDate: due, workingDaysLeft: workingDaysLeft(ctx.calendar, today, due), reasons: notice.errors });
      }
      continue;
    }

    if (r.publishedOn !== undefined) continue;
    if (input.decisionDate > today) continue;
    const due = publicationDuty({ type: input.category, date: input.decisionDate }, ctx.calendar, ctx.rules).dueDate;
    if (input.confidential === true) {
      plan.notPublished.push({ ...at, dueDate: due, reason: '依法不予公开（涉及国家秘密等）' });
      continue;
    }
    const left = workingDaysLeft(ctx.calendar, today, due);
    const waitsForService = ctx.disclosureRules.holdUntilServed.includes(input.category) && r.servedOn === undefined;
    if (waitsForService && today < due) {
      const reason = '尚未登记送达，送达后公开；期限当日未送达也将公开';
      plan.held.push({ ...at, dueDate: due, reason });
      if (left <= riskWindow) plan.atRisk.push({ ...at, duty: 'publication', dueDate: due, workingDaysLeft: left, reasons: [reason] });
      continue;
    }
    const page = buildPublicDecision(input, {
      site: ctx.site,
      rules: ctx.redactionRules,
      publishedOn: today,
      expiresOn: expiryDate(ctx.disclosureRules, input, today),
    });
    if (!page.ok) {
      plan.atRisk.push({ ...at, duty: 'publication', dueDate: due, workingDaysLeft: left, reasons: page.errors });
      continue;
    }
    plan.publish.push({ ...at, entry: page.value, html: renderEntryPage(ctx.site, page.value), dueDate: due, late: today > due });
  }
  return plan;
}

/** The live entries after a run: published added, withdrawn replaced by their notices, expired removed. */
export function applyPlan(previous: readonly PublicEntry[], plan: Pick<PublisherPlan, 'publish' | 'withdraw' | 'takeDown'>): PublicEntry[] {
  const byId = new Map(previous.map((e) => [e.id, e]));
  for (const p of plan.publish) byId.set(p.entry.id, p.entry);
  for (const w of plan.withdraw) if (w.entry) byId.set(w.entry.id, w.entry);
  for (const t of plan.takeDown) byId.delete(t.id);
  return [...byId.values()];
}

export interface SiteFiles {
  /** Path under the site root → content, to write (pages of this run, the index, the feed). */
  put: Map<string, string>;
  /** Paths to delete (taken-down pages). */
  remove: string[];
}

/** Every file a run changes. Pages first, the index and feed last (write them in this order). */
export function siteChanges(site: SiteConfig, entries: readonly PublicEntry[], plan: PublisherPlan, reports: readonly PublishedAnnualReport[] = []): SiteFiles {
  const put = new Map<string, string>();
  for (const p of plan.publish) put.set(p.path, p.html);
  for (const w of plan.withdraw) if (w.html !== null) put.set(w.path, w.html);
  put.set(INDEX_PATH, renderIndexPage(site, entries, reports));
  put.set(FEED_PATH, renderFeed(site, entries));
  return { put, remove: plan.takeDown.map((t) => t.path) };
}
