/**
 * The seams of statistics, charts and exports: what the use cases will call. Adapters:
 * functions/adapters/charts/ (ChartRenderer), functions/adapters/export/ (StatisticsExporter,
 * ExportStore), functions/adapters/feishu/media-upload.ts (FeishuMedia). All run in the worker only:
 * nothing here is on the acknowledgement path.
 */
import type { ChartData, ChartId } from '../domain/statistics/charts.ts';
import type { StatisticsFigures } from '../domain/statistics/figures.ts';
import type { CaseRow } from '../domain/statistics/table.ts';

export interface RenderedChart {
  id: ChartId;
  /** PNG bytes: the same data gives the same bytes. */
  png: Buffer;
  /** Pixel size of the PNG. */
  width: number;
  height: number;
  /** The SVG it was drawn from (for the public page, if wanted). */
  svg: string;
  alt: string;
}

export interface ChartRenderer {
  render(charts: readonly ChartData[]): Promise<RenderedChart[]>;
}

/** A file ready to send or store. */
export interface ExportFile {
  /** ASCII name for keys and upload parts (`figures.csv`): `[a-z0-9][a-z0-9._-]*`, at most 80. */
  name: string;
  /** Shown to people (`统计数据-2026-Q3.csv`); Chinese allowed. */
  fileName: string;
  contentType: string;
  body: Buffer;
}

export interface StatisticsExport {
  /** The figures (the card's) and the case-level table. */
  figures: StatisticsFigures;
  cases: readonly CaseRow[];
  /** Who and when, for the XLSX document properties and the sheet notes (no personal data beyond the bureau). */
  bureau: string;
  generatedAt: Date;
}

export interface StatisticsExporter {
  /** Two CSV files (figures, cases): UTF-8 with BOM, RFC 4180, formula-injection guarded. */
  csv(data: StatisticsExport): ExportFile[];
  /** One workbook: a sheet of figures and a sheet of cases. */
  xlsx(data: StatisticsExport): Promise<ExportFile>;
}

export interface StoredExport {
  bucket: string;
  key: string;
  /** SHA-256 of the bytes, lowercase hex (computed here, checked by S3 where it can). */
  sha256: string;
  size: number;
  versionId?: string;
}

/** Where exports are kept (S3). Keys are made by the store from the period and a run id; never from user text. */
export interface ExportStore {
  put(file: ExportFile, where: { periodId: string; runId: string }): Promise<StoredExport>;
}

/** Uploads to the Feishu Open API: an image for a card's img component, a file to send as a message. */
export interface FeishuMedia {
  /** PNG/JPEG ≤ 10 MB → `image_key`. */
  uploadImage(png: Buffer): Promise<string>;
  /** ≤ 30 MB, not empty → `file_key`. */
  uploadFile(file: ExportFile): Promise<string>;
}
