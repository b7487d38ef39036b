/** What the statistics card shows, from the figures (pure), and the cases behind a figure, page by page. */
import type { FigureCaseItem, FigureCasesCardView, StatisticsSection } from '../../../cards/statistics.ts';
import { canViewCase } from '../../domain/case/access.ts';
import { CASE_TYPES, PROCEDURE_LABELS, PROCEDURES } from '../../domain/case/types.ts';
import { compareDates, shanghaiDate } from '../../domain/deadlines/local-date.ts';
import { DECISION_TYPES, REVIEW_OUTCOMES, REVIEW_OUTCOME_LABELS } from '../../domain/review/vocabulary.ts';
import type { Person } from '../../domain/roster/types.ts';
import {
  BUREAU_DEADLINE_KINDS,
  BUREAU_DEADLINE_LABELS,
  FIGURE,
  INSPECTION_RESULTS,
  type StatisticsFigures,
  type StatisticsPeriod,
  canOpenFigureCases,
  figureLabel,
  inPeriod,
  parseStatisticsPeriod,
  periodMonths,
} from '../../domain/statistics/index.ts';
import { InvalidCursorError } from '../../ports/errors.ts';
import type { Services } from '../services.ts';
import { PAGE_SIZE } from '../services.ts';

export const STATS_MESSAGES = {
  notAllowed: '只有局负责人、行政审批科和办公室可以查看执法统计。',
  casesNotAllowed: '只有局负责人和行政审批科可以查看统计数字背后的案件；办公室可以查看统计数字。',
};

const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${((part / whole) * 100).toFixed(1)}%`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The card's sections: every key figure the issue names, with the figure a case list opens for. */
export function statisticsSections(f: StatisticsFigures): StatisticsSection[] {
  const byType = CASE_TYPES.filter((t) => f.cases.byType[t] > 0).map((t) => ({ label: `立案：${t}`, value: `${f.cases.byType[t]} 件`, figure: FIGURE.filedType(t) }));
  const byKind = DECISION_TYPES.filter((k) => f.decisions.byKind[k] > 0).map((k) => ({ label: `决定：${k}`, value: `${f.decisions.byKind[k]} 件`, figure: FIGURE.decidedKind(k) }));
  const r = f.reviews;
  const results = REVIEW_OUTCOMES.map((o) => ({ label: `审核${REVIEW_OUTCOME_LABELS[o]}`, value: `${r.results[o]} 次`, figure: FIGURE.reviewResult(o) }));
  const deadlines = BUREAU_DEADLINE_KINDS.filter((k) => f.deadlines.byKind[k].due > 0).map((k) => {
    const t = f.deadlines.byKind[k];
    return { label: BUREAU_DEADLINE_LABELS[k], value: `到期 ${t.due}：按期 ${t.met}，逾期完成 ${t.late}，逾期未完成 ${t.overdue}，今日到期 ${t.open}`, figure: FIGURE.deadline(k, 'unmet') };
  });
  const pub = f.publication.total;
  return [
    {
      title: '立案',
      lines: [
        { label: '立案', value: `${f.cases.filed} 件`, figure: FIGURE.filed },
        ...byType,
        { label: '程序', value: PROCEDURES.map((p) => `${PROCEDURE_LABELS[p]} ${f.cases.byProcedure[p]} 件`).join('，') },
      ],
    },
    {
      title: '决定',
      lines: [
        { label: '作出决定', value: `${f.decisions.total} 件（其中重大 ${f.decisions.major} 件）`, figure: FIGURE.decided },
        ...byKind,
        { label: '负责人不批准', value: `${f.decisions.refused} 次`, figure: FIGURE.refused },
      ],
    },
    {
      title: '罚款',
      lines: [
        { label: '决定罚款', value: `${yuan(f.fines.decided.fen)}（${f.fines.decided.count} 件）`, figure: FIGURE.fineDecided },
        { label: '已缴纳', value: `${yuan(f.fines.collected.fen)}（${f.fines.collected.count} 笔）`, figure: FIGURE.finePaid },
      ],
    },
    {
      title: '法制审核',
      lines: [
        { label: '提交审核', value: `${r.rounds} 次（其中补充后重新提交 ${r.resubmitted} 次）`, figure: FIGURE.reviewRound },
        ...results,
        { label: '退回补充比例', value: pct(r.returnedShare.part, r.returnedShare.whole) },
        { label: '审核用时中位数', value: r.medianWorkingDays === null ? '—' : `${r.medianWorkingDays} 个工作日` },
      ],
    },
    {
      title: '期限',
      lines: deadlines.length > 0 ? deadlines : [{ label: '到期的期限', value: '0' }],
    },
    {
      title: '决定公开（7 或 20 个工作日内）',
      lines: [
        { label: '按期公开', value: `${pub.met} / 应公开 ${pub.due}（逾期公开 ${pub.late}，逾期未公开 ${pub.overdue}）`, figure: FIGURE.deadline('publication', 'late') },
      ],
    },
    {
      title: '双随机抽查',
      lines: [
        { label: '抽取', value: `${f.draws.draws} 次，抽中检查对象 ${f.draws.targets} 户` },
        { label: '检查结果', value: INSPECTION_RESULTS.map((x) => `${x} ${f.draws.inspections[x]}`).join('，') },
      ],
    },
    {
      title: '证据与音像记录',
      lines: [
        { label: '证据入库', value: `${f.evidence.items} 件（${mb(f.evidence.bytes)}）`, figure: FIGURE.evidence },
        {
          label: '必须音像记录的活动',
          value: `${f.evidence.av.required.whole} 项，有音像 ${f.evidence.av.required.part} 项（${pct(f.evidence.av.required.part, f.evidence.av.required.whole)}）`,
          figure: FIGURE.avMissing('required'),
        },
        {
          label: '建议音像记录的活动',
          value: `${f.evidence.av.recommended.whole} 项，有音像 ${f.evidence.av.recommended.part} 项（${pct(f.evidence.av.recommended.part, f.evidence.av.recommended.whole)}）`,
          figure: FIGURE.avMissing('recommended'),
        },
      ],
    },
  ];
}

/** A period named by its id on a card (`2026`, `2026-Q3`, `2026-11`), read again as typed. */
export function periodOf(periodId: string, today: string): StatisticsPeriod | null {
  const p = parseStatisticsPeriod(periodId, today);
  return p.ok ? p.period : null;
}

export type FigurePage = { ok: true; view: FigureCasesCardView } | { ok: false; text: string };

/**
 * One page of the cases behind a figure: the person must be allowed to open figures, and every case is
 * checked again with the case access rules (those they may not see are counted, not shown). Overdue
 * lists (`dl|…|unmet`) keep only deadlines due before today.
 */
export async function figureCasesPage(s: Services, person: Person, periodId: string, figure: string, page: { cursor?: string; number: number }): Promise<FigurePage> {
  if (!canOpenFigureCases(person)) return { ok: false, text: STATS_MESSAGES.casesNotAllowed };
  const today = shanghaiDate(s.now());
  const period = periodOf(periodId, today);
  const label = figureLabel(figure);
  if (!period || label === null) return { ok: false, text: '该卡片已过期，请重新发送「统计」。' };
  let listed;
  try {
    listed = await s.statistics.figureCases(figure, periodMonths(period), { limit: PAGE_SIZE, ...(page.cursor ? { cursor: page.cursor } : {}) });
  } catch (err) {
    if (err instanceof InvalidCursorError) return { ok: false, text: '该卡片已过期，请重新发送「统计」。' };
    throw err;
  }
  const overdueOnly = figure.startsWith('dl|') && figure.endsWith('|unmet');
  const items: FigureCaseItem[] = [];
  let hidden = 0;
  for (const l of listed.items) {
    if (!inPeriod(period, l.date) || (overdueOnly && compareDates(l.date, today) >= 0)) continue;
    const c = await s.cases.get(l.caseId);
    if (!c || !canViewCase(person, c)) {
      hidden++;
      continue;
    }
    items.push({ caseId: c.caseId, caseNumber: c.caseNumber, caseType: c.caseType, date: l.date });
  }
  const label2 = overdueOnly ? label.replace('未完成', '逾期未完成') : label;
  return {
    ok: true,
    view: {
      periodId: period.id,
      periodLabel: period.label,
      figure,
      figureLabel: label2,
      pageNumber: page.number,
      items,
      hidden,
      ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}),
    },
  };
}
