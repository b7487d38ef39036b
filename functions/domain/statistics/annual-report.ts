/**
 * The annual 行政执法数据统计 (国办发〔2018〕118号: publish the previous year's overall enforcement data
 * by 31 January and report it to the same-level government and the superior department; rule
 * `annual_statistics_publication`, 年度统计公开, in data/rules.json).
 *
 * - `annualReportDeadline`: the fixed date and, when it is a rest day, the last working day before it
 *   (the engine's `suggestedDate`; the date is not rolled forward — keeping the earlier day can never
 *   make the bureau late). The effective date is what reminders count to.
 * - `annualReportTasks`: what the scheduled work does on a given day in January: draft, remind the
 *   office, escalate to the head.
 * - `buildAnnualReport` / `renderAnnualReportHtml`: the report's content — aggregates with fixed
 *   labels and the bureau's name, nothing else, so no personal data can reach it — and its printable,
 *   escaped HTML page for the public site.
 */
import { CASE_TYPES, PROCEDURES, PROCEDURE_LABELS } from '../case/types.ts';
import type { HolidayCalendar } from '../deadlines/calendar.ts';
import { isWorkingDay } from '../deadlines/calendar.ts';
import { type DeadlineResult, computeDeadline } from '../deadlines/compute.ts';
import { type LocalDate, addDays, compareDates, dateWithWeekday, fromParts, toParts } from '../deadlines/local-date.ts';
import { type Rule, requireRule } from '../deadlines/rules.ts';
import { chineseDate, escapeHtml } from '../disclosure/html.ts';
import { MEDIA_KINDS, MEDIA_KIND_LABELS } from '../dossier/vocabulary.ts';
import { formatYuan } from '../review/money.ts';
import { DECISION_TYPES, REVIEW_OUTCOMES, REVIEW_OUTCOME_LABELS } from '../review/vocabulary.ts';
import { type ChartId, chartData } from './charts.ts';
import { INSPECTION_RESULTS } from './facts.ts';
import {
  BUREAU_DEADLINE_KINDS,
  BUREAU_DEADLINE_LABELS,
  PUBLICATION_RULES,
  PUBLICATION_RULE_LABELS,
  type StatisticsFigures,
  type Tally,
  percentText,
} from './figures.ts';

export const ANNUAL_RULE_ID = 'annual_statistics_publication';

export interface AnnualReportDeadline {
  dataYear: number;
  /** 31 January of the next year. */
  dueDate: LocalDate;
  /** The last working day on or before the due date: what reminders count to. */
  effectiveDate: LocalDate;
  result: DeadlineResult;
  /** `2026年1月31日（星期六）前；该日为休息日，建议于2026年1月30日（星期五）前完成`. */
  text: string;
}

export function annualReportDeadline(dataYear: number, cal: HolidayCalendar, rules: readonly Rule[]): AnnualReportDeadline {
  const result = computeDeadline(requireRule(rules, ANNUAL_RULE_ID), fromParts(dataYear, 12, 31), cal);
  const effectiveDate = result.suggestedDate ?? result.dueDate;
  const text =
    `${dateWithWeekday(result.dueDate)}前` +
    (result.suggestedDate !== undefined ? `；该日为休息日，建议于 ${dateWithWeekday(result.suggestedDate)}前完成` : '');
  return { dataYear, dueDate: result.dueDate, effectiveDate, result, text };
}

/** n working days before `date` (0 = `date` itself, moved back to a working day if it is not one). */
function workingDaysBefore(cal: HolidayCalendar, date: LocalDate, n: number): LocalDate {
  let d = date;
  while (!isWorkingDay(cal, d)) d = addDays(d, -1);
  for (let left = n; left > 0; ) {
    d = addDays(d, -1);
    if (isWorkingDay(cal, d)) left--;
  }
  return d;
}

function firstWorkingDayFrom(cal: HolidayCalendar, date: LocalDate): LocalDate {
  let d = date;
  while (!isWorkingDay(cal, d)) d = addDays(d, 1);
  return d;
}

export interface AnnualReportState {
  drafted: boolean;
  /** The head approved it (it is then published in the same step). */
  published: boolean;
}

export type ReminderPoint = 'start' | 'five_days' | 'one_day' | 'due_day' | 'overdue';

export type AnnualReportTask =
  | { kind: 'draft'; dataYear: number }
  | {
      kind: 'remind';
      dataYear: number;
      /** Send-once key part: one reminder per point and year. */
      point: ReminderPoint;
      audience: 'office' | 'head';
      text: string;
    };

/**
 * What the scheduled work owes on `today` for last year's report. Drafting may happen any day of
 * January (catch-up included); reminders go out on working days only: the first working day of
 * January, 5 and 1 working days before the effective date, on it, and — unpublished — the next
 * working day to the head. Nothing once published, nothing outside January or the day after.
 */
export function annualReportTasks(today: LocalDate, state: AnnualReportState, cal: HolidayCalendar, rules: readonly Rule[]): AnnualReportTask[] {
  const { year } = toParts(today);
  const dataYear = year - 1;
  if (state.published) return [];
  const dl = annualReportDeadline(dataYear, cal, rules);
  const start = fromParts(year, 1, 1);
  const overdueOn = firstWorkingDayFrom(cal, addDays(dl.effectiveDate, 1));
  if (compareDates(today, start) < 0 || compareDates(today, overdueOn) > 0) return [];
  const tasks: AnnualReportTask[] = [];
  if (!state.drafted) tasks.push({ kind: 'draft', dataYear });
  if (!isWorkingDay(cal, today)) return tasks;
  const points: [ReminderPoint, LocalDate][] = [
    ['start', firstWorkingDayFrom(cal, start)],
    ['five_days', workingDaysBefore(cal, dl.effectiveDate, 5)],
    ['one_day', workingDaysBefore(cal, dl.effectiveDate, 1)],
    ['due_day', dl.effectiveDate],
    ['overdue', overdueOn],
  ];
  const title = `${dataYear}年度行政执法数据统计`;
  for (const [point, date] of points) {
    if (date !== today) continue;
    const overdue = point === 'overdue';
    tasks.push({
      kind: 'remind',
      dataYear,
      point,
      audience: overdue ? 'head' : 'office',
      text: overdue
        ? `${title}未在规定日期（${dl.text}）公开。请尽快审核批准草稿并公开，同时报送本级人民政府和上级主管部门（国办发〔2018〕118号）。`
        : `${title}须于${dl.text}公开，并报送本级人民政府和上级主管部门（国办发〔2018〕118号）。草稿已生成，请核对后提请负责人批准。`,
    });
  }
  return tasks;
}

// ---- the report ---------------------------------------------------------------------------------

export interface ReportRow {
  label: string;
  value: string;
}

export interface ReportSection {
  heading: string;
  rows: ReportRow[];
  /** The chart shown with this section, if any (file beside the page: `<id>.png`). */
  chart?: { id: ChartId; file: string; alt: string };
}

export interface AnnualReport {
  dataYear: number;
  bureau: string;
  title: string;
  /** The day the figures were counted (deadlines judged on it). */
  asOf: LocalDate;
  sections: ReportSection[];
  notes: string[];
  deadline: string;
}

export interface AnnualReportOptions {
  /** The bureau's full name (执法机关). */
  bureau: string;
  cal: HolidayCalendar;
  rules: readonly Rule[];
}

const n = (x: number, unit = '件') => `${x} ${unit}`;
const tallyText = (t: Tally) => `到期 ${t.due}；按期 ${t.met}，逾期完成 ${t.late}，逾期未完成 ${t.overdue}${t.open > 0 ? `，当日到期 ${t.open}` : ''}`;

export function chartFile(id: ChartId): string {
  return `${id}.png`;
}

/**
 * The report of a whole year. Refuses a period that is not a complete calendar year (a report of a
 * year in progress would be wrong by the time anyone read it).
 */
export function buildAnnualReport(f: StatisticsFigures, opts: AnnualReportOptions): AnnualReport {
  if (f.period.kind !== 'year' || f.period.partial) throw new RangeError(`年度统计须为已结束的完整年度：${f.period.label}`);
  const charts = new Map(chartData(f).map((c) => [c.id, c]));
  const withChart = (id: ChartId) => {
    const c = charts.get(id);
    return c === undefined ? {} : { chart: { id, file: chartFile(id), alt: c.alt } };
  };
  const dl = annualReportDeadline(f.period.year, opts.cal, opts.rules);
  const sections: ReportSection[] = [
    {
      heading: '一、立案情况',
      rows: [
        { label: '立案总数', value: n(f.cases.filed) },
        ...CASE_TYPES.map((t) => ({ label: t, value: n(f.cases.byType[t]) })),
        ...PROCEDURES.map((p) => ({ label: PROCEDURE_LABELS[p], value: n(f.cases.byProcedure[p]) })),
      ],
      ...withChart('filed_by_type'),
    },
    {
      heading: '二、各月立案',
      rows: f.cases.byMonth.map((m) => ({ label: `${Number(m.month.slice(5))}月`, value: n(m.count) })),
      ...withChart('filed_by_month'),
    },
    {
      heading: '三、作出的决定',
      rows: [
        { label: '决定总数', value: n(f.decisions.total) },
        ...DECISION_TYPES.map((k) => ({ label: k, value: n(f.decisions.byKind[k]) })),
        { label: '其中重大执法决定', value: n(f.decisions.major) },
        { label: '负责人不批准', value: n(f.decisions.refused, '次') },
      ],
      ...withChart('decisions_by_kind'),
    },
    {
      heading: '四、罚款',
      rows: [
        { label: '决定罚款', value: `${f.fines.decided.count} 笔，${formatYuan(f.fines.decided.fen / 100)}` },
        { label: '已缴纳', value: `${f.fines.collected.count} 笔，${formatYuan(f.fines.collected.fen / 100)}` },
      ],
      ...withChart('fines'),
    },
    {
      heading: '五、法制审核',
      rows: [
        { label: '提交审核', value: n(f.reviews.rounds, '轮') },
        { label: '其中重新提交', value: n(f.reviews.resubmitted, '轮') },
        ...REVIEW_OUTCOMES.map((o) => ({ label: REVIEW_OUTCOME_LABELS[o], value: n(f.reviews.results[o], '轮') })),
        { label: '退回补充占比', value: percentText(f.reviews.returnedShare) },
        { label: '审核用时（中位数）', value: f.reviews.medianWorkingDays === null ? '—' : `${f.reviews.medianWorkingDays} 个工作日` },
      ],
      ...withChart('reviews'),
    },
    {
      heading: '六、期限执行',
      rows: BUREAU_DEADLINE_KINDS.map((k) => ({ label: BUREAU_DEADLINE_LABELS[k], value: tallyText(f.deadlines.byKind[k]) })),
      ...withChart('deadlines'),
    },
    {
      heading: '七、执法决定公开',
      rows: [
        ...PUBLICATION_RULES.map((r) => ({ label: PUBLICATION_RULE_LABELS[r], value: tallyText(f.publication.byRule[r]) })),
        { label: '按期公开率', value: percentText({ part: f.publication.total.met, whole: f.publication.total.due - f.publication.total.open }) },
      ],
    },
    {
      heading: '八、双随机抽查',
      rows: [
        { label: '抽取次数', value: n(f.draws.draws, '次') },
        { label: '抽取检查对象', value: n(f.draws.targets, '户') },
        ...INSPECTION_RESULTS.map((r) => ({ label: `检查结果：${r}`, value: n(f.draws.inspections[r], '户') })),
      ],
    },
    {
      heading: '九、全过程记录',
      rows: [
        { label: '入库证据', value: n(f.evidence.items) },
        ...MEDIA_KINDS.map((k) => ({ label: MEDIA_KIND_LABELS[k], value: n(f.evidence.byKind[k]) })),
        { label: '必须全程音像记录的执法环节', value: `${f.evidence.av.required.whole} 个，有音像记录 ${f.evidence.av.required.part} 个（${percentText(f.evidence.av.required)}）` },
        { label: '应当音像记录的执法环节', value: `${f.evidence.av.recommended.whole} 个，有音像记录 ${f.evidence.av.recommended.part} 个（${percentText(f.evidence.av.recommended)}）` },
      ],
    },
  ];
  return {
    dataYear: f.period.year,
    bureau: opts.bureau,
    title: `${opts.bureau}${f.period.year}年度行政执法数据统计`,
    asOf: f.asOf,
    sections,
    notes: [
      `统计范围：${chineseDate(f.period.from)}至${chineseDate(f.period.to)}；数据截至${chineseDate(f.asOf)}。`,
      '数据来源：本机关执法案件的全过程记录；立案按立案日期、决定按决定日期、期限按到期日期计入。',
      '期限按国务院办公厅公布的节假日安排以工作日计算；“逾期未完成”指截至统计日仍未完成的事项。',
      '本统计仅含汇总数据，不含当事人及其他个人信息。',
      `依据：国办发〔2018〕118号，于每年1月31日前公开上年度行政执法总体情况有关数据（本年度为${dl.text}）。`,
    ],
    deadline: dl.text,
  };
}

const STYLE =
  'body{font-family:"Noto Serif SC","Songti SC",SimSun,serif;max-width:50rem;margin:0 auto;padding:1rem;line-height:1.6;color:#222}' +
  'h1{font-size:1.5rem;text-align:center}h2{font-size:1.15rem;border-bottom:1px solid #999;margin-top:1.5rem}' +
  'table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left}' +
  'td.v{text-align:right;white-space:nowrap}figure{margin:1rem 0;text-align:center}img{max-width:100%;height:auto}' +
  '.meta{text-align:center;color:#555}ol.notes{font-size:.9rem;color:#444}' +
  '@media print{body{max-width:none;padding:0;font-size:11pt}section{break-inside:avoid-page}figure{break-inside:avoid}a{color:inherit;text-decoration:none}}';

/**
 * The report page: escaped, no scripts or external resources, charts as images beside it, readable
 * printed (sections are not split across pages where avoidable). `chartSize` is the PNGs' pixel size.
 */
export function renderAnnualReportHtml(r: AnnualReport, chartSize: { width: number; height: number }): string {
  const sections = r.sections
    .map((s) => {
      const rows = s.rows.map((row) => `<tr><th scope="row">${escapeHtml(row.label)}</th><td class="v">${escapeHtml(row.value)}</td></tr>`).join('\n');
      const fig =
        s.chart === undefined
          ? ''
          : `<figure><img src="${escapeHtml(s.chart.file)}" width="${chartSize.width}" height="${chartSize.height}" alt="${escapeHtml(s.chart.alt)}"></figure>\n`;
      return `<section>\n<h2>${escapeHtml(s.heading)}</h2>\n<table>\n<tbody>\n${rows}\n</tbody>\n</table>\n${fig}</section>`;
    })
    .join('\n');
  return (
    '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(r.title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n` +
    `<header><h1>${escapeHtml(r.title)}</h1>\n<p class="meta">${escapeHtml(r.bureau)} · 数据截至${escapeHtml(chineseDate(r.asOf))}</p></header>\n` +
    `<main>\n${sections}\n</main>\n` +
    `<footer>\n<h2>说明</h2>\n<ol class="notes">\n${r.notes.map((x) => `<li>${escapeHtml(x)}</li>`).join('\n')}\n</ol>\n</footer>\n</body>\n</html>\n`
  );
}
