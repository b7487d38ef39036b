/**
 * The annual 行政执法数据统计 (国办发〔2018〕118号: last year's data published by 31 January and reported
 * upward; rule 年度统计公开). The tick looks each run at what January owes (`annualReportTasks`) and hands
 * it to the worker (the tick writes nothing); the worker drafts the report once and sends it to the
 * office and the heads, sends each reminder point once, and — after a head's 批准并公开 on the card —
 * publishes it on the public site (`statistics/<year>/index.html`) with its charts drawn into the page,
 * then the site's list of published reports (`statistics/index.json`) and the index linking them.
 * The report model has no field that can hold personal data (functions/domain/statistics/README.md).
 */
import * as z from 'zod/mini';
import { annualReportCard } from '../../../cards/statistics.ts';
import { textMessage } from '../../../cards/text.ts';
import { shanghaiDate, toParts } from '../../domain/deadlines/local-date.ts';
import { ANNUAL_REPORTS_PATH, type PublishedAnnualReport, renderAnnualReportsManifest } from '../../domain/disclosure/annual-reports.ts';
import type { Role } from '../../domain/roster/types.ts';
import {
  type AnnualReport,
  annualReportTasks,
  buildAnnualReport,
  chartData,
  figuresFromBuckets,
  periodMonths,
  renderAnnualReportHtml,
  yearPeriod,
} from '../../domain/statistics/index.ts';
import type { RenderedChart } from '../../ports/statistics.ts';
import { annualReportPath } from './annual-tick.ts';
import { cardAction, job } from '../intents.ts';
import { SITE, withIndex } from '../public-site.ts';
import { errorToast, sendUuid, type Services, type WorkerServices } from '../services.ts';

export { annualReportPath };

/** The report of a whole year as counted today. */
async function reportOf(s: Services, dataYear: number): Promise<{ report: AnnualReport; figures: ReturnType<typeof figuresFromBuckets> }> {
  const today = shanghaiDate(s.now());
  const period = yearPeriod(dataYear, today);
  const figures = figuresFromBuckets(await s.statistics.monthBuckets(periodMonths(period)), period, today);
  const ctx = s.statisticsContext(today);
  return { report: buildAnnualReport(figures, { bureau: SITE.bureau, cal: ctx.calendar, rules: ctx.rules }), figures };
}

async function peopleWith(s: Services, role: Role) {
  return (await s.roster.listActive()).filter((p) => p.roles.includes(role));
}

/** The worker's part of a day's tasks: the draft (once), each reminder point (once). */
export const annualReportJob = job({
  payload: z.object({ date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)) }),
  async run({ date }, s) {
    const dataYear = toParts(date).year - 1;
    const rec = await s.statistics.annualReport(dataYear);
    const ctx = s.statisticsContext(date);
    const claimed = new Set(await s.statistics.annualRemindersClaimed(dataYear));
    const tasks = annualReportTasks(date, { drafted: rec !== null, published: rec?.status === 'published' }, ctx.calendar, ctx.rules);
    for (const t of tasks) {
      if (t.kind === 'remind' && claimed.has(t.point)) continue;
      if (t.kind === 'draft') await sendDraft(s, dataYear);
      else {
        const reminded = await s.statistics.annualReport(dataYear);
        if (reminded?.status === 'published') return;
        // Sent with a uuid per point and person (a repeat within Feishu's hour is dropped), then claimed:
        // a claimed point is never sent again, a failed send is tried again by the retry.
        for (const p of await peopleWith(s, t.audience)) {
          await s.messenger.sendText(p.openId, textMessage(t.text), sendUuid('annual.remind', String(dataYear), t.point, p.openId));
        }
        await s.statistics.claimAnnualReminder(dataYear, t.point, s.now().toISOString());
      }
    }
  },
});

async function sendDraft(s: WorkerServices, dataYear: number): Promise<void> {
  const { report } = await reportOf(s, dataYear);
  await s.statistics.draftAnnualReport(dataYear, s.now().toISOString());
  const recipients = [...(await peopleWith(s, 'office')), ...(await peopleWith(s, 'head'))];
  const seen = new Set<string>();
  for (const p of recipients) {
    if (seen.has(p.openId)) continue;
    seen.add(p.openId);
    await s.messenger.sendCard(p.openId, annualReportCard({ report, canApprove: p.roles.includes('head') }), sendUuid('annual.draft', String(dataYear), p.openId));
  }
}

const headOnly = { role: 'head', refusal: '只有局负责人可以批准公开年度行政执法数据统计。' } as const;

/** 批准并公开 on the draft's card: the head only (checked here, whatever the card offered). */
export const approveAnnualReportAction = cardAction({
  value: z.object({ year: z.int().check(z.minimum(2000), z.maximum(2999)) }),
  requires: headOnly,
  async handle({ year }, { operator, s }) {
    const rec = await s.statistics.annualReport(year);
    if (!rec) return errorToast('该年度统计还没有生成草稿。');
    if (rec.status === 'published') return { toast: { type: 'info', content: `${year}年度行政执法数据统计已经公开。` } };
    if (rec.status === 'drafted') await s.statistics.approveAnnualReport(year, { openId: operator.openId, name: operator.name }, s.now().toISOString());
    // Approved (now or by an earlier tap whose job may have been lost): the publication is owed; the tick hands it on again.
    await s.jobs.submit({ kind: 'stats.annual_publish', dataYear: year });
    return { toast: { type: 'success', content: `已批准，${year}年度行政执法数据统计正在公开。` } };
  },
});

/** Inline SVG instead of `<img>`: the site's pages load nothing (CSP `default-src 'none'`), an inline chart is part of the page. */
function withInlineCharts(html: string, charts: readonly RenderedChart[]): string {
  let out = html;
  for (const c of charts) {
    const svg = c.svg.replace(/^<\?xml[^>]*>\s*/, '');
    out = out.replace(new RegExp(`<img src="${c.id}\\.png"[^>]*>`), () => `<div role="img" aria-label="${escapeAttr(c.alt)}">${svg}</div>`);
  }
  return out;
}

/** The first year a report can be of: 国办发〔2018〕118号 asks for the statistics from 2019 on. */
const FIRST_REPORT_YEAR = 2019;

/** Every published report up to `lastYear`, from the store (one read per year, once a year). */
async function publishedAnnualReports(s: Services, lastYear: number): Promise<PublishedAnnualReport[]> {
  const years = Array.from({ length: Math.max(0, lastYear - FIRST_REPORT_YEAR + 1) }, (_, i) => FIRST_REPORT_YEAR + i);
  const records = await Promise.all(years.map((y) => s.statistics.annualReport(y)));
  return records.flatMap((r) => (r?.status === 'published' && r.publishedAt ? [{ year: r.dataYear, publishedOn: shanghaiDate(new Date(r.publishedAt)) }] : []));
}

const escapeAttr = (t: string) => t.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const publishAnnualReportJob = job({
  payload: z.object({ dataYear: z.int().check(z.minimum(2000), z.maximum(2999)) }),
  async run({ dataYear }, s) {
    const rec = await s.statistics.annualReport(dataYear);
    if (!rec || rec.status === 'drafted') return;
    const { report, figures } = await reportOf(s, dataYear);
    const charts = await s.charts.render(chartData(figures));
    const path = annualReportPath(dataYear);
    await s.site.write(path, withInlineCharts(renderAnnualReportHtml(report, { width: 720, height: 405 }), charts));
    await s.statistics.markAnnualReportPublished(dataYear, path, s.now().toISOString());
    // Then the site's list of reports and its index, from the store (a retry writes the same files).
    const manifest = renderAnnualReportsManifest(await publishedAnnualReports(s, dataYear));
    await s.site.apply({ put: await withIndex(s.site, new Map([[ANNUAL_REPORTS_PATH, manifest]])), remove: [] });
    const text = textMessage(`${report.title}已公开（公示网站 statistics/${dataYear}/）。请按规定报送本级人民政府和上级主管部门。`);
    for (const p of [...(await peopleWith(s, 'office')), ...(await peopleWith(s, 'head'))]) {
      await s.messenger.sendText(p.openId, text, sendUuid('annual.published', String(dataYear), p.openId));
    }
  },
});
