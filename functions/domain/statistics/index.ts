/**
 * Enforcement statistics (统计), the annual 行政执法数据统计 and what the charts and exports show. Pure:
 * `today`, the calendar, the rules and the logs are arguments. See README.md.
 */
export * from './period.ts';
export * from './facts.ts';
export * from './working-days.ts';
export * from './figures.ts';
export * from './counters.ts';
export * from './drilldown.ts';
export * from './charts.ts';
export * from './table.ts';
export * from './annual-report.ts';
