/**
 * `统计`, `统计 2026`, `统计 2026-Q3`, `统计 2026-11` (heads, 行政审批科, the office): the figures from the
 * month buckets (one read per month, whatever the number of cases), the six charts rendered here in
 * the worker and uploaded through the Open API's image upload, and the card — privately in a group.
 */
import { statisticsCard } from '../../../cards/statistics.ts';
import { shanghaiDate } from '../../domain/deadlines/local-date.ts';
import { canOpenFigureCases, canViewStatistics, chartData, figuresFromBuckets, parseStatisticsPeriod, periodMonths } from '../../domain/statistics/index.ts';
import { command } from '../intents.ts';
import { STATS_MESSAGES, statisticsSections } from './views.ts';

export const showStatisticsCommand = command({
  words: ['统计'],
  help: { command: '统计 [期间]', description: '执法统计：关键数字和图表（负责人、行政审批科、办公室）。期间如 2026、2026-Q3、2026-11，不写为今年至今' },
  async run({ person, arg, reply, privateCard, s }) {
    if (!canViewStatistics(person)) return reply.text(STATS_MESSAGES.notAllowed);
    const today = shanghaiDate(s.now());
    const parsed = parseStatisticsPeriod(arg, today);
    if (!parsed.ok) return reply.text(parsed.text);
    const period = parsed.period;
    const figures = figuresFromBuckets(await s.statistics.monthBuckets(periodMonths(period)), period, today);
    const rendered = await s.charts.render(chartData(figures));
    const charts: { imgKey: string; alt: string }[] = [];
    for (const c of rendered) charts.push({ imgKey: await s.media.uploadImage(c.png), alt: c.alt });
    return privateCard(
      statisticsCard({
        periodId: period.id,
        periodLabel: period.label,
        asOf: today,
        sections: statisticsSections(figures),
        charts,
        canOpenCases: canOpenFigureCases(person),
      }),
    );
  },
});
