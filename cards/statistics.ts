/**
 * 执法统计 in chat: the statistics card (key figures, the six charts as uploaded images, a button per
 * figure whose cases may be opened, the exports) and the paged list of the cases behind a figure.
 * Pure; every value from outside is escaped.
 */
import { type CardElement, callbackButton, card, cardHeader, column, columnSet, escapeMd, hr, image, markdown, truncate } from './common.ts';
import type { Card } from './common.ts';
import type { AnnualReport } from '../functions/domain/statistics/annual-report.ts';

export interface StatisticsLine {
  /** `立案`, `决定：罚款` … */
  label: string;
  /** `128 件`, `¥12,345.00（23 件）` … */
  value: string;
  /** The figure whose cases can be opened (only for people allowed to open them). */
  figure?: string;
}

export interface StatisticsSection {
  title: string;
  lines: StatisticsLine[];
}

export interface StatisticsCardView {
  periodId: string;
  periodLabel: string;
  asOf: string;
  sections: StatisticsSection[];
  charts: { imgKey: string; alt: string }[];
  /** Whether figure buttons are offered (heads and 行政审批科). */
  canOpenCases: boolean;
}

export function statisticsCard(v: StatisticsCardView): Card {
  const elements: CardElement[] = [markdown(`统计期间：**${escapeMd(v.periodLabel)}**　数据截至 ${escapeMd(v.asOf)}`, 'notation')];
  for (const section of v.sections) {
    elements.push(hr(), markdown(`**${escapeMd(section.title)}**`));
    for (const line of section.lines) {
      const text = markdown(`${escapeMd(line.label)}：**${escapeMd(line.value)}**`);
      if (v.canOpenCases && line.figure !== undefined) {
        elements.push(
          columnSet([
            column([text], { weight: 4, verticalAlign: 'center' }),
            column([callbackButton({ text: '查看案件', size: 'small', value: { action: 'stats.cases', period: v.periodId, figure: line.figure } })], {
              weight: 1,
              verticalAlign: 'center',
            }),
          ]),
        );
      } else {
        elements.push(text);
      }
    }
  }
  if (v.charts.length > 0) elements.push(hr());
  for (const c of v.charts) elements.push(image(c.imgKey, c.alt));
  elements.push(hr(), callbackButton({ text: '导出 CSV 和 Excel', type: 'primary', value: { action: 'stats.export', period: v.periodId } }));
  return card({ header: cardHeader(`执法统计 · ${v.periodLabel}`, 'indigo'), summary: `执法统计 · ${v.periodLabel}`, elements });
}

export interface FigureCaseItem {
  caseId: string;
  caseNumber: string;
  caseType: string;
  date: string;
}

export interface FigureCasesCardView {
  periodId: string;
  periodLabel: string;
  figure: string;
  figureLabel: string;
  pageNumber: number;
  items: FigureCaseItem[];
  /** Cases behind the figure this person may not see (not listed). */
  hidden: number;
  nextCursor?: string;
}

export function figureCasesCard(v: FigureCasesCardView): Card {
  const title = `${v.figureLabel}（${v.periodLabel}）`;
  const elements: CardElement[] = [];
  if (v.items.length === 0) elements.push(markdown(v.pageNumber <= 1 ? '这一项没有案件。' : '没有更多案件了。'));
  v.items.forEach((item, i) => {
    if (i > 0) elements.push(hr());
    elements.push(
      columnSet([
        column([markdown(`**${escapeMd(truncate(item.caseNumber, 60))}**\n${escapeMd(item.caseType)} · ${escapeMd(item.date)}`)], { weight: 4, verticalAlign: 'center' }),
        column([callbackButton({ text: '查看', size: 'small', value: { action: 'case.show', case_id: item.caseId } })], { weight: 1, verticalAlign: 'center' }),
      ]),
    );
  });
  if (v.hidden > 0) elements.push(markdown(`另有 ${v.hidden} 件您无权查看的案件未列出。`, 'notation'));
  if (v.nextCursor !== undefined) {
    elements.push(
      callbackButton({ text: '下一页', type: 'primary', value: { action: 'stats.cases_page', period: v.periodId, figure: v.figure, cursor: v.nextCursor, page: v.pageNumber + 1 } }),
    );
  }
  return card({ header: cardHeader(`${title} 第${v.pageNumber}页`, 'indigo'), summary: title, elements });
}

/** The annual report's draft, to the office and the heads; the head's card carries 批准并公开. */
export function annualReportCard(v: { report: AnnualReport; canApprove: boolean }): Card {
  const r = v.report;
  const elements: CardElement[] = [
    markdown(`${escapeMd(r.bureau)} · 数据截至 ${escapeMd(r.asOf)}\n公开期限：${escapeMd(r.deadline)}（国办发〔2018〕118号）`, 'notation'),
  ];
  for (const s of r.sections) {
    elements.push(hr(), markdown(`**${escapeMd(s.heading)}**\n${s.rows.map((row) => `${escapeMd(row.label)}：${escapeMd(row.value)}`).join('\n')}`));
  }
  elements.push(hr());
  if (v.canApprove) {
    elements.push(
      callbackButton({
        text: '批准并公开',
        type: 'primary',
        value: { action: 'stats.annual_approve', year: r.dataYear },
        confirm: { title: '批准并公开', text: `批准后，${r.title}将在公示网站公开。` },
      }),
    );
  } else {
    elements.push(markdown('请核对草稿，提请局负责人批准后公开。', 'notation'));
  }
  return card({ header: cardHeader(`${r.title}（草稿）`, 'orange'), summary: `${r.title}（草稿）`, elements });
}
