import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import avData from '../../../data/av-duties.json' with { type: 'json' };
import { loadCalendar, loadRules } from '../../../functions/adapters/calendar/index.ts';
import { BOM, csvField, guardFormula, toCsv } from '../../../functions/adapters/export/csv.ts';
import { CSV_TYPE, SpreadsheetExporter, XLSX_TYPE, displayWidth, excelDate } from '../../../functions/adapters/export/exporter.ts';
import { buildAvDuties } from '../../../functions/domain/dossier/av-duties.ts';
import { CASE_COLUMNS, type CaseRow, caseRows, computeFigures, figureRows, quarterPeriod } from '../../../functions/domain/statistics/index.ts';
import type { StatisticsExport } from '../../../functions/ports/statistics.ts';
import { buildBureau } from '../../helpers/statistics-bureau.ts';

/** RFC 4180 reader written for the test: quoted fields, doubled quotes, CRLF inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') throw new Error(`bare line break at ${i}`);
    else field += c;
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length > 0) throw new Error('last line not ended by CRLF');
  return rows;
}

function readCsv(body: Buffer): string[][] {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = body.toString('utf8');
  expect(text.startsWith(BOM)).toBe(true);
  return parseCsv(text.slice(1));
}

const TODAY = '2026-11-20';
const ctx = { today: TODAY, calendar: loadCalendar(), rules: loadRules(), avDuties: buildAvDuties(avData) };
const bureau = buildBureau({ seed: 9, years: [2026], casesPerYear: 160, today: TODAY });
const period = quarterPeriod(2026, 2, TODAY);
const figures = computeFigures(bureau, period, ctx).figures;
const cases = caseRows(bureau.cases, period, ctx);
const generatedAt = new Date('2026-11-20T02:30:00.000Z');
const data: StatisticsExport = { figures, cases, bureau: '甘孜州经济和信息化局', generatedAt };
const exporter = new SpreadsheetExporter();

/** A row whose text cells try every formula start, quoting need and a long CJK value. */
const hostile: CaseRow = {
  caseNumber: '=HYPERLINK("http://x","点我")',
  caseType: '行政处罚',
  procedure: '+普通程序',
  filingDate: '2026-04-01',
  decisions: '-罚款；@警告',
  decisionDate: '2026-04-30',
  fineYuan: 1234.5,
  paidYuan: null,
  reviewRounds: 2,
  reviewResult: '\t同意',
  servedOn: null,
  publishedOn: '2026-05-08',
  publication: '按期, "说明"\r\n第二行',
  overdueDeadlines: 0,
  evidenceItems: 3,
  missingRequiredAv: 1,
  closedOn: null,
};

describe('CSV', () => {
  it('quotes by RFC 4180 and makes formula starts inert', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('两\r\n行')).toBe('"两\r\n行"');
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tX', '\rX']) expect(guardFormula(s)).toBe(`'${s}`);
    expect(guardFormula('2026-04-01')).toBe('2026-04-01');
    expect(guardFormula('甘经信立〔2026〕1号')).toBe('甘经信立〔2026〕1号');
    expect(csvField(-5)).toBe('-5'); // a number is data, not a formula
    expect(csvField(null)).toBe('');
    expect(() => csvField(Number.NaN)).toThrow(RangeError);
    expect(toCsv(['a'], [['x']]).toString('utf8')).toBe('\uFEFFa\r\nx\r\n');
  });

  it('the figures file: BOM, header, every figure row as the model has it', () => {
    const [figuresCsv] = exporter.csv(data);
    expect(figuresCsv).toMatchObject({ name: 'figures.csv', fileName: '统计数据-2026-Q2.csv', contentType: CSV_TYPE });
    const rows = readCsv((figuresCsv as { body: Buffer }).body);
    const expected = figureRows(figures).map((r) => [r.section, r.item, r.value === null ? '' : r.unit === '元' ? r.value.toFixed(2) : String(r.value), r.unit]);
    expect(rows).toEqual([['分类', '项目', '数值', '单位'], ...expected]);
    expect(rows.find((r) => r[1] === '立案总数')?.[2]).toBe(String(figures.cases.filed));
  });

  it('the case file round-trips every cell, hostile text included', () => {
    const files = exporter.csv({ ...data, cases: [...cases, hostile] });
    const rows = readCsv((files[1] as { body: Buffer }).body);
    expect(rows[0]).toEqual(CASE_COLUMNS.map((c) => c.header));
    expect(rows).toHaveLength(cases.length + 2);
    const cell = (row: CaseRow, key: keyof CaseRow) => {
      const v = row[key];
      const c = CASE_COLUMNS.find((x) => x.key === key);
      if (v === null) return '';
      if (c?.kind === 'yuan') return (v as number).toFixed(2);
      const text = String(v);
      return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    };
    [...cases, hostile].forEach((row, i) => expect(rows[i + 1]).toEqual(CASE_COLUMNS.map((c) => cell(row, c.key))));
    const last = rows[rows.length - 1] as string[];
    expect(last[0]).toBe(`'=HYPERLINK("http://x","点我")`);
    expect(last[12]).toBe('按期, "说明"\r\n第二行');
  });
});

describe('XLSX, read back with exceljs', () => {
  it('has the two sheets with Chinese headers, and every figure cell as written', async () => {
    const file = await exporter.xlsx(data);
    expect(file).toMatchObject({ name: 'statistics.xlsx', fileName: '执法统计-2026-Q2.xlsx', contentType: XLSX_TYPE });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['统计数据', '案件明细']);
    expect(wb.creator).toBe('甘孜州经济和信息化局');
    expect(wb.title).toBe('甘孜州经济和信息化局2026年第二季度行政执法统计');
    const ws = wb.getWorksheet('统计数据') as ExcelJS.Worksheet;
    expect(ws.getRow(1).values).toEqual([undefined, '分类', '项目', '数值', '单位']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const rows = figureRows(figures);
    expect(ws.rowCount).toBe(rows.length + 1);
    rows.forEach((r, i) => {
      const row = ws.getRow(i + 2);
      expect(row.getCell(1).value).toBe(r.section);
      expect(row.getCell(2).value).toBe(r.item);
      const v = row.getCell(3);
      if (r.value === null) expect(v.value).toBeNull();
      else {
        expect(v.type).toBe(ExcelJS.ValueType.Number);
        expect(v.value).toBeCloseTo(r.unit === '%' ? r.value / 100 : r.value, 10);
      }
      expect(v.numFmt).toBe(r.unit === '元' ? '#,##0.00' : r.unit === '%' ? '0.0%' : r.unit === '个工作日' ? '0.#' : '#,##0');
      expect(row.getCell(4).value).toBe(r.unit);
    });
    for (const col of [1, 2, 4]) expect(ws.getColumn(col).width).toBeGreaterThanOrEqual(8);
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(Math.max(...rows.map((r) => displayWidth(r.item))));
  });

  it('the case sheet: dates as dates, money as numbers, text stays text (no formula)', async () => {
    const file = await exporter.xlsx({ ...data, cases: [...cases, hostile] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('案件明细') as ExcelJS.Worksheet;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(CASE_COLUMNS.map((c) => c.header));
    expect(ws.rowCount).toBe(cases.length + 2);
    [...cases, hostile].forEach((row, i) => {
      const r = ws.getRow(i + 2);
      CASE_COLUMNS.forEach((c, j) => {
        const cell = r.getCell(j + 1);
        const v = row[c.key];
        if (v === null) return expect(cell.value, `${c.key} of row ${i}`).toBeNull();
        switch (c.kind) {
          case 'date':
            expect(cell.type).toBe(ExcelJS.ValueType.Date);
            expect((cell.value as Date).toISOString()).toBe(excelDate(v as string).toISOString());
            expect(cell.numFmt).toBe('yyyy-mm-dd');
            break;
          case 'yuan':
            expect(cell.type).toBe(ExcelJS.ValueType.Number);
            expect(cell.value).toBe(v);
            expect(cell.numFmt).toBe('#,##0.00');
            break;
          case 'count':
            expect(cell.value).toBe(v);
            break;
          default:
            expect(cell.type, c.key).toBe(ExcelJS.ValueType.String);
            expect(cell.value).toBe(typeof v === 'string' ? v.replace(/\r\n/g, '\n') : v); // a cell's line break is LF
        }
      });
    });
    const last = ws.getRow(cases.length + 2).getCell(1);
    expect(last.type).toBe(ExcelJS.ValueType.String);
    expect(last.formula).toBeUndefined();
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(displayWidth('甘经信立〔2026〕100号'));
    expect(ws.autoFilter).toBeDefined();
  });

  it('an empty period exports headers only', async () => {
    const empty = { ...data, cases: [] };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exporter.xlsx(empty)).body as unknown as ArrayBuffer);
    expect(wb.getWorksheet('案件明细')?.rowCount).toBe(1);
    expect(readCsv((exporter.csv(empty)[1] as { body: Buffer }).body)).toHaveLength(1);
  });
});
