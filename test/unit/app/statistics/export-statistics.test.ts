/**
 * 导出统计 and the 统计 card's 导出 button: two CSV files (UTF-8 with BOM) and an XLSX workbook, stored
 * (in-memory twin of the reports bucket) and sent as files through the fake Open API; the workbook read
 * back with exceljs.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import { aggregate } from '../../../../functions/app/statistics/aggregate.ts';
import { shanghaiDate } from '../../../../functions/domain/deadlines/local-date.ts';
import { filingRequest, officer } from '../../../helpers/factories.ts';
import { type WorkerHarness, messageJob, PEOPLE, tap, textOf, useWorker } from '../harness.ts';

async function fileCases(h: WorkerHarness, n: number): Promise<string[]> {
  const numbers: string[] = [];
  for (let i = 0; i < n; i++) {
    const { case: c } = await h.cases.fileCase(filingRequest({ formId: `x-${i}`, year: 2026, filedAt: `2026-02-0${1 + i}T02:00:00.000Z`, officers: [officer('ou_a', '甲'), officer('ou_b', '乙')] }));
    numbers.push(c.caseNumber);
    await aggregate({ kind: 'case', id: c.caseId }, { ...h.s, statistics: h.statistics, today: () => shanghaiDate(h.s.now()) });
  }
  return numbers;
}

async function workbook(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

describe('Command: 导出统计', () => {
  const h = useWorker();

  it('sends 行政审批科 the CSV files and the workbook of a quarter, stored under exports/', async () => {
    const numbers = await fileCases(h(), 3);
    await runJob(messageJob(h(), { from: PEOPLE.zhao.openId, text: '导出统计 2026-Q1' }), h().s);
    const sent = h().sent();
    expect(textOf(sent[0])).toBe('正在导出2026年第一季度（截至3月2日）的统计数据，文件稍后通过单聊发送给您。');
    const files = sent.filter((m) => m.msg_type === 'file');
    expect(files.map((m) => m.receive_id)).toEqual([PEOPLE.zhao.openId, PEOPLE.zhao.openId, PEOPLE.zhao.openId]);
    const uploads = h().sim.uploads().filter((u) => u.kind === 'file');
    expect(uploads.map((u) => u.fileName)).toEqual(['统计数据-2026-Q1.csv', '案件明细-2026-Q1.csv', '执法统计-2026-Q1.xlsx']);
    expect(files.map((m) => (m.content as { file_key: string }).file_key)).toEqual(uploads.map((u) => u.key));
    expect(uploads.map((u) => u.type)).toEqual(['stream', 'stream', 'xls']);

    const [figuresCsv, casesCsv, xlsx] = uploads.map((u) => u.bytes);
    expect([...figuresCsv!.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(figuresCsv!.toString('utf8')).toContain('立案,立案总数,3,件');
    for (const n of numbers) expect(casesCsv!.toString('utf8')).toContain(n);
    const wb = await workbook(xlsx!);
    const cases = wb.getWorksheet('案件明细')!;
    expect(cases.rowCount).toBe(4);
    expect(
      cases
        .getColumn(1)
        .values.slice(2)
        .map((v) => String(v)),
    ).toEqual(numbers);
    const keys = [...h().exports.objects.keys()];
    expect(keys).toHaveLength(3);
    for (const k of keys) expect(k).toMatch(/^exports\/2026-Q1\/[0-9a-f]{40}\/(figures\.csv|cases\.csv|statistics\.xlsx)$/);
  });

  it('gives the office the figures with an empty case table; refuses an officer; explains a bad period', async () => {
    await fileCases(h(), 2);
    await runJob(messageJob(h(), { from: PEOPLE.sun.openId, text: '导出统计 2026' }), h().s);
    const xlsx = h().sim.uploads().find((u) => u.fileName?.endsWith('.xlsx'));
    const wb = await workbook(xlsx!.bytes);
    expect(wb.getWorksheet('案件明细')!.rowCount).toBe(1);
    expect(h().sim.uploads().find((u) => u.fileName?.startsWith('案件明细'))!.bytes.toString('utf8')).not.toContain('〔2026〕');
    h().sim.reset();
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, text: '导出统计' }), h().s);
    expect(textOf(h().sent()[0])).toBe('只有局负责人、行政审批科和办公室可以查看执法统计。');
    h().sim.reset();
    await runJob(messageJob(h(), { from: PEOPLE.qian.openId, text: '导出统计 第三季度' }), h().s);
    expect(textOf(h().sent()[0])).toContain('导出统计 2026-Q3');
    expect(h().sim.uploads()).toEqual([]);
  });
});

describe('Card action: stats.export, job: stats.export', () => {
  const h = useWorker();

  it('hands the export to the worker; a retried job sends each file once', async () => {
    await fileCases(h(), 1);
    const r = await handleCardAction(tap({ by: PEOPLE.qian.openId, value: { action: 'stats.export', period: '2026' } }), h().s);
    expect(r.toast?.type).toBe('success');
    const job = h().submitted.at(-1);
    expect(job).toMatchObject({ kind: 'stats.export', openId: PEOPLE.qian.openId, period: '2026' });
    await runJob(job as never, h().s);
    await runJob(job as never, h().s);
    expect(h().sent().filter((m) => m.msg_type === 'file')).toHaveLength(3);
    expect(h().exports.objects.size).toBe(3);
    const refused = await handleCardAction(tap({ by: PEOPLE.zhang.openId, value: { action: 'stats.export', period: '2026' } }), h().s);
    expect(refused.toast?.type).toBe('error');
    expect(h().submitted).toHaveLength(1);
  });
});
