/**
 * The seams of statistics, charts and exports: what the use cases will call. Adapters:
 * functions/adapters/charts/ (ChartRenderer), functions/adapters/export/ (StatisticsExporter,
 * ExportStore), functions/adapters/feishu/media-upload.ts (FeishuMedia: chart images). All run in the worker only:
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

/** Chart images for cards. (Files are sent by `Messenger.sendFile`, the one sender of file messages.) */
export interface FeishuMedia {
  /** PNG/JPEG ≤ 10 MB → `image_key`. */
  uploadImage(png: Buffer): Promise<string>;
}

// ---- the aggregates (month buckets, per-subject snapshots, figure listings) ---------------------

/** Whose contribution a snapshot holds: a case (its record log) or a draw (its own log). */
export type StatsSubject = { kind: 'case'; id: string } | { kind: 'draw'; id: string };

/** One case in a figure's listing (`STATSLIST#<month>#<figure>`): the fact's date and the case. */
export interface FigureListing {
  month: string;
  figure: string;
  caseId: string;
  date: string;
}

/** What a subject last added: flat contributions (`2026-03|filed|行政处罚` → 1) and listing keys (`<month>|<figure>` → date). */
export interface StatsSnapshot {
  /** 0 when none was written yet; each write adds one (the condition of the next). */
  version: number;
  /** The log's last seq this snapshot was computed from. */
  seq: number;
  contributions: Record<string, number>;
  memberships: Record<string, string>;
}

/** One aggregator run's write: the snapshot, the counter deltas and the listing items to put and remove. */
export interface StatsUpdate {
  seq: number;
  contributions: Record<string, number>;
  memberships: Record<string, string>;
  /** Month → counter → delta (non-zero). */
  delta: ReadonlyMap<string, ReadonlyMap<string, number>>;
  put: readonly FigureListing[];
  remove: readonly FigureListing[];
}

export type StatsApplyOutcome = 'applied' | 'conflict';

/** Where last year's 行政执法数据统计 stands: drafted in January, approved by the head, then published. */
export interface AnnualReportRecord {
  dataYear: number;
  status: 'drafted' | 'approved' | 'published';
  draftedAt: string;
  approvedBy?: { openId: string; name: string };
  approvedAt?: string;
  /** Site path of the published page. */
  path?: string;
  publishedAt?: string;
}

/**
 * The statistics aggregates. Reading a period is a fixed number of bucket reads (one per month), whatever
 * the number of cases. Writes happen only through `apply` (one transaction conditioned on the snapshot's
 * version, which the rebuild's snapshot writes use too) and the rebuild's `replaceBucket` (conditioned on the
 * bucket's revision, which every `apply` moves on).
 */
export interface StatisticsStore {
  /** The month buckets asked for (months without one are absent). */
  monthBuckets(months: readonly string[]): Promise<Map<string, Record<string, number>>>;
  /** The subject's snapshot (consistent read; an unfinished split update is finished first); null when none was written. */
  snapshot(subject: StatsSubject): Promise<StatsSnapshot | null>;
  /**
   * Writes the new snapshot (version + 1), adds the deltas to the buckets and puts/removes the listing
   * items, all in one transaction conditioned on the snapshot still being at `expectedVersion`
   * (0: none) — or, when that is more than a transaction holds, as a plan claimed under the same
   * condition and applied in chunks, each once (`snapshot()` finishes a plan left half done).
   * `conflict`: another run wrote first; re-read and try again.
   */
  apply(subject: StatsSubject, expectedVersion: number, update: StatsUpdate): Promise<StatsApplyOutcome>;
  /**
   * The cases behind a figure over the given months, in month order, then date, then case id; a page at
   * a time (`nextCursor` only when more may follow). Throws InvalidCursorError for a foreign cursor.
   */
  figureCases(figure: string, months: readonly string[], page: { limit: number; cursor?: string }): Promise<{ items: FigureListing[]; nextCursor?: string }>;
  /**
   * Each month bucket's revision (0: never written). Every write of a bucket moves it on: the
   * aggregator's deltas and the rebuild's `replaceBucket`.
   */
  bucketRevisions(months: readonly string[]): Promise<Map<string, number>>;
  /**
   * The rebuild's write of one month: its counters replaced by exactly these, only if the bucket is
   * still at `expectedRevision` (false: the aggregator wrote to it meanwhile; nothing written).
   */
  replaceBucket(month: string, counters: Readonly<Record<string, number>>, expectedRevision: number): Promise<boolean>;
  /** Seeding only (the benches): each given month's counters replaced unconditionally. */
  replaceBuckets(buckets: ReadonlyMap<string, Readonly<Record<string, number>>>): Promise<void>;
  /** The annual report of `dataYear` (行政执法数据统计): null before it is drafted. */
  annualReport(dataYear: number): Promise<AnnualReportRecord | null>;
  /** Records the draft once (false: it was drafted already). */
  draftAnnualReport(dataYear: number, at: string): Promise<boolean>;
  /** The head's approval, once, of a drafted report (false: not drafted, or approved already). */
  approveAnnualReport(dataYear: number, by: { openId: string; name: string }, at: string): Promise<boolean>;
  /** Marks an approved report published (again: a no-op). */
  markAnnualReportPublished(dataYear: number, path: string, at: string): Promise<void>;
  /** The reminder points of a year claimed so far. */
  annualRemindersClaimed(dataYear: number): Promise<string[]>;
  /** Claims one reminder point of a year once (false: claimed before). */
  claimAnnualReminder(dataYear: number, point: string, at: string): Promise<boolean>;
}
