/**
 * The tick's part of the annual 行政执法数据统计 (annual-report.ts has the rest): what January owes today
 * (`annualReportTasks`) goes to the worker as one job; a publication still owed after the head's
 * approval is handed on again. Reads only (the tick writes nothing); kept apart from the cards and
 * intents so the tick's bundle stays small.
 */
import { shanghaiDate, toParts } from '../../domain/deadlines/local-date.ts';
import { annualReportTasks } from '../../domain/statistics/annual-report.ts';
import type { Services } from '../services.ts';
import type { ScheduledTask } from '../tick.ts';

export const annualReportPath = (dataYear: number) => `statistics/${dataYear}/index.html`;

/** The tick's task: hands January's work (and a publication still owed after approval) to the worker. */
export function annualReportTask(s: Services): ScheduledTask {
  return {
    name: 'annual-statistics',
    async run(now) {
      const today = shanghaiDate(now);
      const dataYear = toParts(today).year - 1;
      const rec = await s.statistics.annualReport(dataYear);
      const done: string[] = [];
      if (rec?.status === 'approved') {
        await s.jobs.submit({ kind: 'stats.annual_publish', dataYear });
        done.push(`${dataYear} publish`);
      }
      const ctx = s.statisticsContext(today);
      const claimed = new Set(await s.statistics.annualRemindersClaimed(dataYear));
      const tasks = annualReportTasks(today, { drafted: rec !== null, published: rec?.status === 'published' }, ctx.calendar, ctx.rules).filter(
        (t) => t.kind === 'draft' || !claimed.has(t.point),
      );
      if (tasks.length === 0) return done;
      await s.jobs.submit({ kind: 'stats.annual', date: today });
      return [...done, ...tasks.map((t) => (t.kind === 'draft' ? `${dataYear} draft` : `${dataYear} remind ${t.point} → ${t.audience}`))];
    },
  };
}

