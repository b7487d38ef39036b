/**
 * The two tables the exports carry (CSV and XLSX, functions/adapters/export/): the figures as rows
 * (section, item, value, unit) and one row per case with a fact in the period. No party data: the
 * case table has the case number, never the party's name or ID number — exports leave the system.
 */
import { CASE_TYPES, PROCEDURES, PROCEDURE_LABELS, type CaseType } from '../case/types.ts';
import { type LocalDate, compareDates } from '../deadlines/local-date.ts';
import { MEDIA_KINDS, MEDIA_KIND_LABELS } from '../dossier/vocabulary.ts';
import { DECISION_TYPES, REVIEW_OUTCOMES, REVIEW_OUTCOME_LABELS } from '../review/vocabulary.ts';
import { caseMemberships } from './drilldown.ts';
import { type CaseLog, INSPECTION_RESULTS, readCaseLog } from './facts.ts';
import {
  BUREAU_DEADLINE_KINDS,
  BUREAU_DEADLINE_LABELS,
  type Ratio,
  type StatisticsContext,
  type StatisticsFigures,
  type Tally,
  avFacts,
  deadlineFacts,
} from './figures.ts';
import { type StatisticsPeriod, inPeriod } from './period.ts';

export type FigureUnit = '件' | '次' | '轮' | '笔' | '元' | '%' | '个工作日' | '项' | '户' | '个' | '字节';

export interface FigureRow {
  section: string;
  item: string;
  /** Yuan with two decimals for 元, a percentage with one decimal for %, else a count; null = not defined (no data). */
  value: number | null;
  unit: FigureUnit;
}

const pct = (r: Ratio): number | null => (r.whole === 0 ? null : Math.round((r.part / r.whole) * 1000) / 10);
const yuan = (fen: number) => fen / 100;

function tallyRows(section: string, label: string, t: Tally): FigureRow[] {
  return [
    { section, item: `${label}：到期`, value: t.due, unit: '项' },
    { section, item: `${label}：按期完成`, value: t.met, unit: '项' },
    { section, item: `${label}：逾期完成`, value: t.late, unit: '项' },
    { section, item: `${label}：逾期未完成`, value: t.overdue, unit: '项' },
    { section, item: `${label}：当日到期未完成`, value: t.open, unit: '项' },
  ];
}

/** Every figure of the model as a row, in the card's order. */
export function figureRows(f: StatisticsFigures): FigureRow[] {
  const rows: FigureRow[] = [];
  const s = (section: string, item: string, value: number | null, unit: FigureUnit) => rows.push({ section, item, value, unit });
  s('立案', '立案总数', f.cases.filed, '件');
  for (const t of CASE_TYPES) s('立案', t, f.cases.byType[t], '件');
  for (const p of PROCEDURES) s('立案', PROCEDURE_LABELS[p], f.cases.byProcedure[p], '件');
  for (const m of f.cases.byMonth) s('各月立案', m.month, m.count, '件');
  s('决定', '决定总数', f.decisions.total, '件');
  for (const k of DECISION_TYPES) s('决定', k, f.decisions.byKind[k], '件');
  s('决定', '重大执法决定', f.decisions.major, '件');
  s('决定', '负责人不批准', f.decisions.refused, '次');
  s('罚款', '决定罚款笔数', f.fines.decided.count, '笔');
  s('罚款', '决定罚款金额', yuan(f.fines.decided.fen), '元');
  s('罚款', '已缴纳笔数', f.fines.collected.count, '笔');
  s('罚款', '已缴纳金额', yuan(f.fines.collected.fen), '元');
  s('法制审核', '提交审核', f.reviews.rounds, '轮');
  s('法制审核', '其中重新提交', f.reviews.resubmitted, '轮');
  for (const o of REVIEW_OUTCOMES) s('法制审核', REVIEW_OUTCOME_LABELS[o], f.reviews.results[o], '轮');
  s('法制审核', '退回补充占比', pct(f.reviews.returnedShare), '%');
  s('法制审核', '审核用时中位数', f.reviews.medianWorkingDays, '个工作日');
  for (const k of BUREAU_DEADLINE_KINDS) rows.push(...tallyRows('期限', BUREAU_DEADLINE_LABELS[k], f.deadlines.byKind[k]));
  rows.push(...tallyRows('决定公开', '公开期限', f.publication.total));
  s('双随机抽查', '抽取次数', f.draws.draws, '次');
  s('双随机抽查', '抽取检查对象', f.draws.targets, '户');
  for (const r of INSPECTION_RESULTS) s('双随机抽查', `检查结果：${r}`, f.draws.inspections[r], '户');
  s('全过程记录', '入库证据', f.evidence.items, '件');
  for (const k of MEDIA_KINDS) s('全过程记录', MEDIA_KIND_LABELS[k], f.evidence.byKind[k], '件');
  s('全过程记录', '证据总量', f.evidence.bytes, '字节');
  s('全过程记录', '必须音像记录的环节', f.evidence.av.required.whole, '个');
  s('全过程记录', '其中有音像记录', f.evidence.av.required.part, '个');
  s('全过程记录', '必须音像记录环节的音像覆盖率', pct(f.evidence.av.required), '%');
  s('全过程记录', '应当音像记录的环节', f.evidence.av.recommended.whole, '个');
  s('全过程记录', '其中有音像记录', f.evidence.av.recommended.part, '个');
  s('全过程记录', '应当音像记录环节的音像覆盖率', pct(f.evidence.av.recommended), '%');
  return rows;
}

export interface CaseRow {
  caseNumber: string;
  caseType: CaseType;
  procedure: string;
  filingDate: LocalDate;
  /** The decisions' kinds, `；`-joined; empty without a decision. */
  decisions: string;
  /** First decision's date. */
  decisionDate: LocalDate | null;
  /** Fines decided and paid, in yuan (two decimals); null when none. */
  fineYuan: number | null;
  paidYuan: number | null;
  reviewRounds: number;
  /** The latest round's result in words (`同意`, `审核中`), empty without review. */
  reviewResult: string;
  servedOn: LocalDate | null;
  publishedOn: LocalDate | null;
  /** `按期`, `逾期`, `逾期未公开`, `未到期`, or empty without a publication duty. */
  publication: string;
  overdueDeadlines: number;
  evidenceItems: number;
  /** Activities that must be fully recorded on video and have none. */
  missingRequiredAv: number;
  closedOn: LocalDate | null;
}

export const CASE_COLUMNS: readonly { key: keyof CaseRow; header: string; kind: 'text' | 'date' | 'count' | 'yuan' }[] = [
  { key: 'caseNumber', header: '案件编号', kind: 'text' },
  { key: 'caseType', header: '案件类型', kind: 'text' },
  { key: 'procedure', header: '程序', kind: 'text' },
  { key: 'filingDate', header: '立案日期', kind: 'date' },
  { key: 'decisions', header: '决定种类', kind: 'text' },
  { key: 'decisionDate', header: '决定日期', kind: 'date' },
  { key: 'fineYuan', header: '罚款金额（元）', kind: 'yuan' },
  { key: 'paidYuan', header: '已缴金额（元）', kind: 'yuan' },
  { key: 'reviewRounds', header: '法制审核轮次', kind: 'count' },
  { key: 'reviewResult', header: '审核结果', kind: 'text' },
  { key: 'servedOn', header: '送达日期', kind: 'date' },
  { key: 'publishedOn', header: '公开日期', kind: 'date' },
  { key: 'publication', header: '公开是否按期', kind: 'text' },
  { key: 'overdueDeadlines', header: '逾期未完成期限', kind: 'count' },
  { key: 'evidenceItems', header: '证据数量', kind: 'count' },
  { key: 'missingRequiredAv', header: '缺少音像的必录环节', kind: 'count' },
  { key: 'closedOn', header: '归档日期', kind: 'date' },
];

/**
 * One row per case with any fact dated in the period (filed, decided, reviewed, paid, a deadline
 * due, evidence …), in case-number order of filing date then id. Columns describe the case as of today.
 */
export function caseRows(cases: readonly CaseLog[], period: StatisticsPeriod, ctx: StatisticsContext): CaseRow[] {
  const rows: { row: CaseRow; caseId: string }[] = [];
  for (const log of cases) {
    const h = readCaseLog(log).value;
    const memberships = caseMemberships(h, ctx);
    if (![...memberships.values()].some((m) => inPeriod(period, m.date))) continue;
    const deadlines = deadlineFacts(h, ctx);
    const pub = deadlines.find((d) => d.kind === 'publication');
    const latest = h.reviews[h.reviews.length - 1];
    const fines = h.decisions.filter((d) => d.decisionType === '罚款' && d.amountFen !== null);
    const firstDecision = h.decisions[0];
    rows.push({
      caseId: h.caseId,
      row: {
        caseNumber: h.caseNumber,
        caseType: h.caseType,
        procedure: PROCEDURE_LABELS[h.procedure],
        filingDate: h.filingDate,
        decisions: h.decisions.map((d) => d.decisionType).join('；'),
        decisionDate: firstDecision?.date ?? null,
        fineYuan: fines.length === 0 ? null : fines.reduce((a, d) => a + (d.amountFen ?? 0), 0) / 100,
        paidYuan: h.payments.length === 0 ? null : h.payments.reduce((a, p) => a + p.amountFen, 0) / 100,
        reviewRounds: h.reviews.length,
        reviewResult: latest === undefined ? '' : latest.result === undefined ? '审核中' : REVIEW_OUTCOME_LABELS[latest.result.outcome],
        servedOn: firstDecision?.servedOn ?? null,
        publishedOn: firstDecision?.publishedOn ?? null,
        publication:
          pub === undefined
            ? ''
            : pub.settled === 'met'
              ? '按期'
              : pub.settled === 'late'
                ? '逾期'
                : compareDates(pub.dueDate, ctx.today) < 0
                  ? '逾期未公开'
                  : '未到期',
        overdueDeadlines: deadlines.filter((d) => d.settled === null && compareDates(d.dueDate, ctx.today) < 0).length,
        evidenceItems: h.evidence.length,
        missingRequiredAv: avFacts(h, ctx.avDuties).filter((a) => a.level === 'required' && !a.hasAudioVideo).length,
        closedOn: h.closedOn ?? null,
      },
    });
  }
  rows.sort((a, b) => compareDates(a.row.filingDate, b.row.filingDate) || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  return rows.map((r) => r.row);
}
