/**
 * The `统计` exports: the figures and the case table (functions/domain/statistics/table.ts) as two
 * CSV files and one XLSX workbook (exceljs). Worker only.
 *
 * XLSX: sheet 统计数据 (分类, 项目, 数值, 单位) and sheet 案件明细 (CASE_COLUMNS), Chinese headers,
 * header row frozen and filtered, column widths from the content (a CJK character counts two), dates
 * as real dates (`yyyy-mm-dd`), money as numbers (`#,##0.00`), shares as percentages (`0.0%`).
 * Text cells are stored as text (never as formulas), so the workbook needs no formula guard; the CSV
 * files have one (csv.ts).
 */
import ExcelJS from 'exceljs';
import { type LocalDate, isLocalDate } from '../../domain/deadlines/local-date.ts';
import { CASE_COLUMNS, type CaseRow, type FigureRow, figureRows } from '../../domain/statistics/table.ts';
import type { ExportFile, StatisticsExport, StatisticsExporter } from '../../ports/statistics.ts';
import { type CsvCell, toCsv } from './csv.ts';

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const FIGURE_HEADERS = ['分类', '项目', '数值', '单位'] as const;
export const SHEET_FIGURES = '统计数据';
export const SHEET_CASES = '案件明细';

export function exportFileNames(periodId: string): { figuresCsv: string; casesCsv: string; xlsx: string } {
  return { figuresCsv: `统计数据-${periodId}.csv`, casesCsv: `案件明细-${periodId}.csv`, xlsx: `执法统计-${periodId}.xlsx` };
}

/** Display width: a CJK or full-width character takes two columns. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

/** UTC midnight of a local date: exceljs writes Dates as UTC serials, so the cell shows this date. */
export function excelDate(date: LocalDate): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y as number, (m as number) - 1, d as number));
}

function figureCsvValue(r: FigureRow): CsvCell {
  if (r.value === null) return null;
  return r.unit === '元' ? r.value.toFixed(2) : r.value;
}

function caseCsvValue(row: CaseRow, c: (typeof CASE_COLUMNS)[number]): CsvCell {
  const v = row[c.key];
  if (v === null || v === undefined) return null;
  if (c.kind === 'yuan' && typeof v === 'number') return v.toFixed(2);
  return v as string | number;
}

export class SpreadsheetExporter implements StatisticsExporter {
  csv(data: StatisticsExport): ExportFile[] {
    const names = exportFileNames(data.figures.period.id);
    const figures = toCsv(
      FIGURE_HEADERS,
      figureRows(data.figures).map((r) => [r.section, r.item, figureCsvValue(r), r.unit]),
    );
    const cases = toCsv(
      CASE_COLUMNS.map((c) => c.header),
      data.cases.map((row) => CASE_COLUMNS.map((c) => caseCsvValue(row, c))),
    );
    return [
      { name: 'figures.csv', fileName: names.figuresCsv, contentType: CSV_TYPE, body: figures },
      { name: 'cases.csv', fileName: names.casesCsv, contentType: CSV_TYPE, body: cases },
    ];
  }

  async xlsx(data: StatisticsExport): Promise<ExportFile> {
    const { figures } = data;
    const wb = new ExcelJS.Workbook();
    wb.creator = data.bureau;
    wb.lastModifiedBy = data.bureau;
    wb.created = data.generatedAt;
    wb.modified = data.generatedAt;
    wb.title = `${data.bureau}${figures.period.label}行政执法统计`;
    wb.subject = '行政执法统计';

    const header = (ws: ExcelJS.Worksheet) => {
      const row = ws.getRow(1);
      row.font = { bold: true };
      row.alignment = { vertical: 'middle', horizontal: 'center' };
      row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
      ws.views = [{ state: 'frozen', ySplit: 1 }];
    };

    const fs = wb.addWorksheet(SHEET_FIGURES);
    const rows = figureRows(figures);
    fs.columns = [
      { header: FIGURE_HEADERS[0], key: 'section', width: widthOf(FIGURE_HEADERS[0], rows.map((r) => r.section)) },
      { header: FIGURE_HEADERS[1], key: 'item', width: widthOf(FIGURE_HEADERS[1], rows.map((r) => r.item)) },
      { header: FIGURE_HEADERS[2], key: 'value', width: 16 },
      { header: FIGURE_HEADERS[3], key: 'unit', width: widthOf(FIGURE_HEADERS[3], rows.map((r) => r.unit)) },
    ];
    for (const r of rows) {
      const cell = fs.addRow({ section: r.section, item: r.item, value: r.value === null ? null : r.unit === '%' ? r.value / 100 : r.value, unit: r.unit }).getCell('value');
      cell.numFmt = r.unit === '元' ? '#,##0.00' : r.unit === '%' ? '0.0%' : r.unit === '个工作日' ? '0.#' : '#,##0';
    }
    header(fs);
    fs.autoFilter = { from: 'A1', to: 'D1' };

    const cs = wb.addWorksheet(SHEET_CASES);
    cs.columns = CASE_COLUMNS.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.kind === 'date' ? 12 : c.kind === 'yuan' ? Math.max(14, displayWidth(c.header) + 2) : widthOf(c.header, data.cases.map((r) => String(r[c.key] ?? ''))),
    }));
    for (const row of data.cases) {
      const values: Record<string, unknown> = {};
      for (const c of CASE_COLUMNS) {
        const v = row[c.key];
        // XML normalises CR LF to LF when read; write what will be read (Excel's own line break is LF).
        values[c.key] = v === null ? null : c.kind === 'date' && typeof v === 'string' && isLocalDate(v) ? excelDate(v) : typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : v;
      }
      const added = cs.addRow(values);
      CASE_COLUMNS.forEach((c, i) => {
        const cell = added.getCell(i + 1);
        if (c.kind === 'date') cell.numFmt = 'yyyy-mm-dd';
        else if (c.kind === 'yuan') cell.numFmt = '#,##0.00';
      });
    }
    header(cs);
    cs.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: CASE_COLUMNS.length } };

    const body = Buffer.from(await wb.xlsx.writeBuffer());
    return { name: 'statistics.xlsx', fileName: exportFileNames(figures.period.id).xlsx, contentType: XLSX_TYPE, body };
  }
}

/** Column width in characters: the widest of the header and the values, plus padding, within 8–48. */
function widthOf(headerText: string, values: readonly string[]): number {
  const widest = Math.max(displayWidth(headerText), ...values.map(displayWidth));
  return Math.min(48, Math.max(8, widest + 2));
}
