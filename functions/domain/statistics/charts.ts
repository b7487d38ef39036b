/**
 * What each chart of the `统计` card (and the annual report) plots, as plain data: categories and
 * series of numbers with Chinese labels. The charts adapter (functions/adapters/charts/) only draws
 * these; deciding what is shown stays here, pure.
 */
import { CASE_TYPES } from '../case/types.ts';
import { formatYuan } from '../review/money.ts';
import { DECISION_TYPES, REVIEW_OUTCOMES, REVIEW_OUTCOME_LABELS } from '../review/vocabulary.ts';
import { BUREAU_DEADLINE_KINDS, BUREAU_DEADLINE_LABELS, type StatisticsFigures, percentText } from './figures.ts';

export const CHART_IDS = ['filed_by_type', 'filed_by_month', 'decisions_by_kind', 'fines', 'reviews', 'deadlines'] as const;
export type ChartId = (typeof CHART_IDS)[number];

export interface ChartSeries {
  name: string;
  values: number[];
  /** Draw the series stacked with the others of the same stack name. */
  stack?: string;
}

export interface ChartData {
  id: ChartId;
  kind: 'bar' | 'line' | 'pie';
  title: string;
  /** One line under the title (totals, shares). */
  subtitle: string;
  /** Category labels (x axis; slice names for a pie). */
  categories: string[];
  series: ChartSeries[];
  /** Unit of the values axis, e.g. `件`, `元`. */
  unit: string;
  /** Text alternative for the image (the public page, screen readers). */
  alt: string;
}

/** `2026-03` → `3月`; a period over several years keeps the year. */
function monthLabel(month: string, multiYear: boolean): string {
  const [y, m] = month.split('-');
  return multiYear ? `${y}年${Number(m)}月` : `${Number(m)}月`;
}

function altOf(title: string, categories: string[], series: ChartSeries[], unit: string): string {
  const parts = series.map((s) => `${series.length > 1 ? `${s.name}：` : ''}${categories.map((c, i) => `${c} ${s.values[i] ?? 0}${unit}`).join('，')}`);
  return `${title}。${parts.join('；')}`;
}

function chart(id: ChartId, kind: ChartData['kind'], title: string, subtitle: string, categories: string[], series: ChartSeries[], unit: string): ChartData {
  return { id, kind, title, subtitle, categories, series, unit, alt: altOf(title, categories, series, unit) };
}

const yuan = (fen: number) => Math.round(fen) / 100;

export function chartData(f: StatisticsFigures): ChartData[] {
  const months = f.cases.byMonth.map((r) => r.month);
  const multiYear = new Set(months.map((m) => m.slice(0, 4))).size > 1;
  const monthCats = months.map((m) => monthLabel(m, multiYear));
  const r = f.reviews;
  const completed = r.results.approved + r.results.rejected + r.results.returned;
  const dl = f.deadlines;
  return [
    chart('filed_by_type', 'bar', '立案数（按类型）', `共 ${f.cases.filed} 件`, [...CASE_TYPES], [{ name: '立案', values: CASE_TYPES.map((t) => f.cases.byType[t]) }], '件'),
    chart('filed_by_month', 'bar', '立案数（按月）', `共 ${f.cases.filed} 件`, monthCats, [{ name: '立案', values: f.cases.byMonth.map((m) => m.count) }], '件'),
    chart(
      'decisions_by_kind',
      'bar',
      '作出决定（按种类）',
      `共 ${f.decisions.total} 件，其中重大 ${f.decisions.major} 件；负责人不批准 ${f.decisions.refused} 次`,
      [...DECISION_TYPES],
      [{ name: '决定', values: DECISION_TYPES.map((k) => f.decisions.byKind[k]) }],
      '件',
    ),
    chart(
      'fines',
      'bar',
      '罚款：决定与缴纳（元）',
      `决定 ${f.fines.decided.count} 笔 ${formatYuan(yuan(f.fines.decided.fen))}；缴纳 ${f.fines.collected.count} 笔 ${formatYuan(yuan(f.fines.collected.fen))}`,
      monthCats,
      [
        { name: '决定罚款', values: f.fines.byMonth.map((m) => yuan(m.decidedFen)) },
        { name: '已缴纳', values: f.fines.byMonth.map((m) => yuan(m.collectedFen)) },
      ],
      '元',
    ),
    chart(
      'reviews',
      'pie',
      '法制审核结果',
      `提交 ${r.rounds} 轮（重新提交 ${r.resubmitted} 轮），审结 ${completed} 轮，退回补充占 ${percentText(r.returnedShare)}，` +
        `中位用时 ${r.medianWorkingDays === null ? '—' : `${r.medianWorkingDays} 个工作日`}`,
      REVIEW_OUTCOMES.map((o) => REVIEW_OUTCOME_LABELS[o]),
      [{ name: '审核结果', values: REVIEW_OUTCOMES.map((o) => r.results[o]) }],
      '轮',
    ),
    chart(
      'deadlines',
      'bar',
      '期限完成情况',
      `到期 ${dl.total.due} 项：按期 ${dl.total.met}，逾期完成 ${dl.total.late}，逾期未完成 ${dl.total.overdue}，今日到期 ${dl.total.open}`,
      BUREAU_DEADLINE_KINDS.map((k) => BUREAU_DEADLINE_LABELS[k]),
      [
        { name: '按期完成', values: BUREAU_DEADLINE_KINDS.map((k) => dl.byKind[k].met), stack: 'dl' },
        { name: '逾期完成', values: BUREAU_DEADLINE_KINDS.map((k) => dl.byKind[k].late), stack: 'dl' },
        { name: '逾期未完成', values: BUREAU_DEADLINE_KINDS.map((k) => dl.byKind[k].overdue), stack: 'dl' },
        { name: '今日到期', values: BUREAU_DEADLINE_KINDS.map((k) => dl.byKind[k].open), stack: 'dl' },
      ],
      '项',
    ),
  ];
}
