/**
 * Exports: `导出统计 <期间>` (or `导出 CSV 和 Excel` on the 统计 card) → the figures and the case-level
 * table as two CSV files (UTF-8 with BOM) and one XLSX workbook, stored in S3 (the reports bucket,
 * `exports/<period>/<run>/`) and sent to the person as files. Runs in the worker (the button hands a
 * job). The office, which sees figures but not the cases behind them, gets an empty case table.
 * A retried run writes the same keys and its file messages carry the same uuids (sent once).
 */
import * as z from 'zod/mini';
import { canOpenFigureCases, canViewStatistics, caseRows, figuresFromBuckets, parseStatisticsPeriod, periodMonths, type CaseLog, type StatisticsPeriod } from '../../domain/statistics/index.ts';
import { BUREAU_DEADLINE_KINDS, FIGURE } from '../../domain/statistics/index.ts';
import { shanghaiDate } from '../../domain/deadlines/local-date.ts';
import type { Person } from '../../domain/roster/types.ts';
import { cardAction, command, job } from '../intents.ts';
import { SITE } from '../public-site.ts';
import { errorToast, sendUuid, type WorkerServices } from '../services.ts';
import { STATS_MESSAGES, periodOf } from './views.ts';

/** Figures whose listings together name every case with a fact in a month. */
const LISTED_FIGURES = [
  FIGURE.filed,
  FIGURE.decided,
  FIGURE.refused,
  FIGURE.finePaid,
  FIGURE.reviewRound,
  FIGURE.evidence,
  ...BUREAU_DEADLINE_KINDS.flatMap((k) => (['met', 'late', 'unmet'] as const).map((st) => FIGURE.deadline(k, st))),
];

/** The logs of the cases with a listed fact in the period: what the period holds, not every case. */
async function logsInPeriod(s: WorkerServices, period: StatisticsPeriod): Promise<CaseLog[]> {
  const ids = new Set<string>();
  for (const figure of LISTED_FIGURES) {
    let cursor: string | undefined;
    do {
      const page = await s.statistics.figureCases(figure, periodMonths(period), { limit: 100, ...(cursor ? { cursor } : {}) });
      for (const l of page.items) ids.add(l.caseId);
      cursor = page.nextCursor;
    } while (cursor);
  }
  const logs: CaseLog[] = [];
  for (const id of [...ids].sort()) {
    const c = await s.cases.get(id);
    if (!c) continue;
    logs.push({ caseId: id, caseType: c.caseType, procedure: c.procedure, filingDate: c.filingDate, entries: await s.cases.records(id) });
  }
  return logs;
}

/** Feishu's file_type of an export: `xls` for the workbook, `stream` for CSV. */
export const feishuFileType = (contentType: string): 'xls' | 'stream' => (/spreadsheetml|ms-excel/.test(contentType) ? 'xls' : 'stream');

/** Builds, stores and sends the three files (uploaded and sent by the messenger, as documents are); returns their names. */
export async function exportStatistics(s: WorkerServices, person: Person, period: StatisticsPeriod, runId: string): Promise<string[]> {
  const today = shanghaiDate(s.now());
  const figures = figuresFromBuckets(await s.statistics.monthBuckets(periodMonths(period)), period, today);
  const ctx = s.statisticsContext(today);
  const cases = canOpenFigureCases(person) ? caseRows(await logsInPeriod(s, period), period, ctx) : [];
  const exporter = await s.exporter();
  const data = { figures, cases, bureau: SITE.bureau, generatedAt: s.now() };
  const files = [...exporter.csv(data), await exporter.xlsx(data)];
  for (const f of files) {
    await s.exports.put(f, { periodId: period.id, runId });
    await s.messenger.sendFile(person.openId, { fileName: f.fileName, bytes: f.body, fileType: feishuFileType(f.contentType) }, sendUuid('stats.export', runId, f.name));
  }
  return files.map((f) => f.fileName);
}

/** A run id for keys and uuids from what triggered it (event or tap): `[A-Za-z0-9_-]`, at most 64. */
const runIdOf = (...parts: string[]) => sendUuid(...parts).slice(0, 40);

export const exportStatisticsCommand = command({
  words: ['导出统计'],
  help: { command: '导出统计 [期间]', description: '统计数据和案件明细导出为 CSV 和 Excel 文件（负责人、行政审批科、办公室）。期间的写法同「统计」' },
  async run({ person, arg, message, reply, s }) {
    if (!canViewStatistics(person)) return reply.text(STATS_MESSAGES.notAllowed);
    const parsed = parseStatisticsPeriod(arg, shanghaiDate(s.now()));
    if (!parsed.ok) return reply.text(parsed.text.replaceAll('统计 ', '导出统计 '));
    await reply.text(`正在导出${parsed.period.label}的统计数据，文件稍后通过单聊发送给您。`, 'ack');
    await exportStatistics(s, person, parsed.period, runIdOf('message', message.eventId));
  },
});

const periodId = z.string().check(z.regex(/^\d{4}(-Q[1-4]|-\d{2})?$/));

export const exportStatisticsAction = cardAction({
  value: z.object({ period: periodId }),
  async handle({ period }, { operator, tap, s }) {
    if (!canViewStatistics(operator)) return errorToast(STATS_MESSAGES.notAllowed);
    if (!periodOf(period, shanghaiDate(s.now()))) return errorToast('该卡片已过期，请重新发送「统计」。');
    await s.jobs.submit({ kind: 'stats.export', openId: operator.openId, period, runId: runIdOf('tap', tap.eventId ?? `${tap.messageId ?? ''}:${operator.openId}:${period}`) });
    return { toast: { type: 'success', content: '正在导出，CSV 和 Excel 文件稍后通过单聊发送给您。' } };
  },
});

export const exportStatisticsJob = job({
  payload: z.object({ openId: z.string(), period: periodId, runId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)) }),
  async run({ openId, period, runId }, s) {
    const person = await s.roster.get(openId);
    // Checked again here: the role may have changed since the tap.
    if (!person || !canViewStatistics(person)) return;
    const p = periodOf(period, shanghaiDate(s.now()));
    if (!p) return;
    await exportStatistics(s, person, p, runId);
  },
});
