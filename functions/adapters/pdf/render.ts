/**
 * The document model → a printable A4 PDF (pdfkit), laid out after GB/T 9704 (版心 156 × 225 mm,
 * body at 三号 16 pt, 28 pt lines, title at 二号 22 pt, page numbers “— 1 —”): the bureau's name,
 * the title, the number, the body, and under it the bureau's name, a place for the seal and the date.
 *
 * Deterministic: the same model gives the same bytes. The creation and modification dates are the
 * model's `madeAt`; pdfkit derives the file ID from the document info (dates included) and the font
 * subset tags from the font's resource name (F1, F2 … in order of first use), never from a clock or
 * a random source; layout uses only the font files' metrics.
 *
 * Worker only: this module loads pdfkit and the fonts; nothing on the webhook's path imports it.
 */
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { Block, DocumentModel, TableCell } from '../../domain/documents/model.ts';
import { documentDate } from '../../domain/documents/text.ts';
import { type Face, type FontLibrary, type Weight, fontLibrary } from './fonts.ts';
import { breakLines } from './layout.ts';

const MM = 72 / 25.4;
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM };
const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const BOTTOM = A4.height - MARGIN.bottom;

const BODY = { size: 16, line: 28 };
const TITLE = { size: 22, line: 36 };
const TABLE = { size: 12, line: 18, pad: 5 };
const SMALL = { size: 10.5, line: 16 };
const PAGE_NUMBER = { size: 14 };
/** A blank line, the bureau's name, （印章）, the date. */
const SEAL_HEIGHT = BODY.line * 4;
/** Ascent within a line box: the baseline sits this far below the line's top. */
const baselineIn = (s: { size: number; line: number }) => (s.line + s.size * 0.76) / 2;

export interface RenderOptions {
  /** Folder with the font package's `unicode.json` and `files/` (default: the installed package). */
  fontDir?: string;
}

export interface RenderedPdf {
  bytes: Buffer;
  /** Lowercase hex SHA-256 of `bytes`: what the record entry stores and `校验` re-checks. */
  sha256: string;
  size: number;
  pages: number;
  /** Characters no file of the font has (drawn as an empty box): tell the officer, never silently print. */
  missingCharacters: string[];
}

/** Widths in em of each face's characters: a property of the font files, kept for every document. */
const emWidths = new Map<string, number>();

class Writer {
  readonly doc: PDFKit.PDFDocument;
  y = MARGIN.top;
  private readonly registered = new Set<string>();
  readonly missing = new Set<string>();

  constructor(
    private readonly fonts: FontLibrary,
    model: DocumentModel,
  ) {
    const made = new Date(model.madeAt);
    this.doc = new PDFDocument({
      size: 'A4',
      autoFirstPage: false,
      bufferPages: true,
      compress: true,
      pdfVersion: '1.7',
      lang: 'zh-CN',
      displayTitle: true,
      // No default font: pdfkit would load Helvetica's metrics from its package folder.
      font: null as unknown as string,
      info: {
        Title: model.number === null ? model.title : `${model.title} ${model.number}`,
        Author: model.bureau,
        Subject: model.caseNumber,
        Keywords: `${model.kind} ${model.documentId} v${model.version.version}`,
        Creator: '执法助手',
        CreationDate: made,
        ModDate: made,
      },
    });
    this.newPage();
  }

  newPage(): void {
    this.doc.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    this.y = MARGIN.top;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM + 0.01 && this.y > MARGIN.top) this.newPage();
  }

  private face(ch: string, weight: Weight): Face {
    const found = this.fonts.faceFor(ch.codePointAt(0) as number, weight);
    if (found !== null) return found;
    if (!/\s/.test(ch)) this.missing.add(ch);
    return this.fonts.main(weight);
  }

  private use(face: Face, size: number): void {
    if (!this.registered.has(face.key)) {
      this.doc.registerFont(face.key, face.bytes);
      this.registered.add(face.key);
    }
    this.doc.font(face.key).fontSize(size);
  }

  widthOf(ch: string, size: number, weight: Weight): number {
    const face = this.face(ch, weight);
    const key = `${face.key}:${ch}`;
    let em = emWidths.get(key);
    if (em === undefined) {
      this.use(face, 1000);
      em = this.doc.widthOfString(ch) / 1000;
      emWidths.set(key, em);
    }
    return em * size;
  }

  measure(text: string, size: number, weight: Weight): number {
    let w = 0;
    for (const ch of text) w += this.widthOf(ch, size, weight);
    return w;
  }

  /** Draws one line at `x` with its baseline at `baseline`, switching faces where a character needs it. */
  drawText(text: string, x: number, baseline: number, size: number, weight: Weight, spacing = 0): void {
    let run = '';
    let runFace: Face | null = null;
    const flush = () => {
      if (run === '' || runFace === null) return;
      this.use(runFace, size);
      this.doc.text(run, x, baseline, { lineBreak: false, baseline: 'alphabetic', characterSpacing: spacing });
      for (const ch of run) x += this.widthOf(ch, size, weight) + spacing;
      run = '';
    };
    for (const ch of text) {
      const face = this.face(ch, weight);
      if (face !== runFace) {
        flush();
        runFace = face;
      }
      run += ch;
    }
    flush();
  }

  /** Lines of running text, each on the page where it fits. */
  paragraph(
    text: string,
    opts: {
      x?: number;
      width?: number;
      indent?: number;
      align?: 'left' | 'center' | 'right';
      style?: typeof BODY;
      weight?: Weight;
      /** Height that must follow the last two lines on the same page (the seal block after the last paragraph). */
      keepWithLast?: number;
    },
  ): void {
    const style = opts.style ?? BODY;
    const weight = opts.weight ?? 400;
    const x0 = opts.x ?? MARGIN.left;
    const width = opts.width ?? CONTENT_WIDTH;
    const lines = breakLines(text, width, (ch) => this.widthOf(ch, style.size, weight), opts.indent ?? 0);
    const keepFrom = Math.max(0, lines.length - 2);
    lines.forEach((line, i) => {
      // GB/T 9704: the seal and date never stand alone on a page; the text's last lines go with them.
      if (opts.keepWithLast !== undefined && i === keepFrom) this.ensure(style.line * (lines.length - i) + opts.keepWithLast);
      else this.ensure(style.line);
      let x = x0 + line.offset;
      let spacing = 0;
      const count = [...line.text].length;
      if (opts.align === 'center') x = x0 + (width - line.width) / 2;
      else if (opts.align === 'right') x = x0 + width - line.width;
      else if (line.justify && count > 1) {
        const extra = (width - line.offset - line.width) / (count - 1);
        // A line cut short by a long unbreakable word stays ragged rather than spread thin.
        if (extra > 0 && extra < style.size * 0.5) spacing = extra;
      }
      this.drawText(line.text, x, this.y + baselineIn(style), style.size, weight, spacing);
      this.y += style.line;
    });
  }

  /** A horizontal line to write on by hand. */
  rule(x1: number, x2: number, baseline: number): void {
    this.doc.save().lineWidth(0.6).moveTo(x1, baseline + 3).lineTo(x2, baseline + 3).stroke().restore();
  }

  field(label: string, value: string | null): void {
    const head = `${label}：`;
    const labelWidth = this.measure(head, BODY.size, 400);
    this.ensure(BODY.line);
    const baseline = this.y + baselineIn(BODY);
    this.drawText(head, MARGIN.left, baseline, BODY.size, 400);
    if (value === null) {
      this.rule(MARGIN.left + labelWidth, MARGIN.left + CONTENT_WIDTH, baseline);
      this.y += BODY.line;
      return;
    }
    if (labelWidth > CONTENT_WIDTH / 2) {
      this.y += BODY.line;
      this.paragraph(value, { indent: 2 * BODY.size });
      return;
    }
    // The value hangs under itself, the label stays in its column.
    const lines = breakLines(value, CONTENT_WIDTH - labelWidth, (ch) => this.widthOf(ch, BODY.size, 400));
    lines.forEach((line, i) => {
      if (i > 0) this.ensure(BODY.line);
      this.drawText(line.text, MARGIN.left + labelWidth, this.y + baselineIn(BODY), BODY.size, 400);
      this.y += BODY.line;
    });
  }

  /** A bordered table; with `keepWithLast`, the last row goes to the next page unless that height fits after it. */
  table(columns: number[], rows: TableCell[][], keepWithLast?: number): void {
    const total = columns.reduce((a, b) => a + b, 0);
    const widths = columns.map((c) => (c / total) * CONTENT_WIDTH);
    rows.forEach((row, rowIndex) => {
      let col = 0;
      const cells = row.map((cell) => {
        const span = cell.span ?? 1;
        const x = MARGIN.left + widths.slice(0, col).reduce((a, b) => a + b, 0);
        const w = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
        col += span;
        const lines =
          cell.text === null || cell.text === ''
            ? []
            : breakLines(cell.text, w - 2 * TABLE.pad, (ch) => this.widthOf(ch, TABLE.size, 400));
        return { cell, x, w, lines };
      });
      if (col !== columns.length) throw new RangeError(`table row spans ${col} of ${columns.length} columns`);
      const rowLines = Math.max(1, ...cells.map((c) => Math.max(c.lines.length, c.cell.minLines ?? 1)));
      const rowHeight = rowLines * TABLE.line + 2 * TABLE.pad;
      if (keepWithLast !== undefined && rowIndex === rows.length - 1 && rowHeight + keepWithLast <= BOTTOM - MARGIN.top) {
        this.ensure(rowHeight + keepWithLast);
      }
      let done = 0;
      while (done < rowLines) {
        const room = Math.floor((BOTTOM - this.y - 2 * TABLE.pad) / TABLE.line);
        const remaining = rowLines - done;
        // Keep a row whole when it fits on a fresh page; split only what no page can hold.
        const fitsFresh = remaining * TABLE.line + 2 * TABLE.pad <= BOTTOM - MARGIN.top;
        if (room < remaining && (fitsFresh || room < 2) && this.y > MARGIN.top) {
          this.newPage();
          continue;
        }
        const take = Math.min(remaining, Math.max(1, room));
        const height = take * TABLE.line + 2 * TABLE.pad;
        for (const c of cells) {
          this.doc.save().lineWidth(0.75).rect(c.x, this.y, c.w, height).stroke().restore();
          const slice = c.lines.slice(done, done + take);
          // Labels and values start on the same line, so text is read (and copied) row by row.
          const top = this.y + TABLE.pad;
          slice.forEach((line, i) => {
            const x = c.cell.label ? c.x + (c.w - line.width) / 2 : c.x + TABLE.pad;
            this.drawText(line.text, x, top + i * TABLE.line + baselineIn(TABLE), TABLE.size, 400);
          });
        }
        this.y += height;
        done += take;
      }
    });
    this.y += BODY.line / 2;
  }

  signatures(items: { label: string; date: boolean }[]): void {
    this.y += BODY.line / 2;
    for (const item of items) {
      this.ensure(BODY.line * 1.5);
      this.y += BODY.line / 2;
      const baseline = this.y + baselineIn(BODY);
      const head = `${item.label}：`;
      const x = MARGIN.left + this.measure(head, BODY.size, 400);
      this.drawText(head, MARGIN.left, baseline, BODY.size, 400);
      this.rule(x, x + 9 * BODY.size, baseline);
      if (item.date) this.drawText('　　年　　月　　日', x + 10 * BODY.size, baseline, BODY.size, 400);
      this.y += BODY.line;
    }
  }

  /** The bureau's name over the date, four characters in from the right, with room for the seal. */
  seal(bureau: string, date: string): void {
    const lines = [bureau, '（印章）', date];
    this.ensure(SEAL_HEIGHT);
    this.y += SEAL_HEIGHT - lines.length * BODY.line;
    const dateWidth = this.measure(date, BODY.size, 400);
    const centre = MARGIN.left + CONTENT_WIDTH - 4 * BODY.size - dateWidth / 2;
    for (const text of lines) {
      const w = this.measure(text, BODY.size, 400);
      this.drawText(text, Math.min(centre - w / 2, MARGIN.left + CONTENT_WIDTH - w), this.y + baselineIn(BODY), BODY.size, 400);
      this.y += BODY.line;
    }
  }

  pageNumbers(): number {
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i);
      const text = `— ${i - start + 1} —`;
      const w = this.measure(text, PAGE_NUMBER.size, 400);
      this.drawText(text, (A4.width - w) / 2, BOTTOM + 7 * MM + PAGE_NUMBER.size, PAGE_NUMBER.size, 400);
    }
    return count;
  }
}

function header(w: Writer, model: DocumentModel): void {
  w.paragraph(model.bureau, { align: 'center', style: TITLE, weight: 700 });
  w.paragraph(model.title, { align: 'center', style: TITLE, weight: 700 });
  w.paragraph(model.number ?? `案号：${model.caseNumber}`, { align: 'right' });
  const v = model.version;
  if (v.version > 1) {
    w.paragraph(`本文书为第${v.version}版，替代第${v.supersedes}版。更正原因：${v.reason ?? ''}`, { style: SMALL });
  }
  w.y += BODY.line / 2;
}

function block(w: Writer, b: Block, keepWithLast?: number): void {
  switch (b.type) {
    case 'heading':
      w.ensure(BODY.line * 2);
      w.paragraph(b.text, { weight: 700 });
      return;
    case 'paragraph':
      w.paragraph(b.text, {
        indent: b.indent === false || b.align ? 0 : 2 * BODY.size,
        ...(b.align ? { align: b.align } : {}),
        ...(keepWithLast !== undefined ? { keepWithLast } : {}),
      });
      return;
    case 'field':
      w.field(b.label, b.value);
      return;
    case 'table':
      w.table(b.columns, b.rows, keepWithLast);
      return;
    case 'signatures':
      w.signatures(b.items);
      return;
  }
}

/** Renders the model. Resolves with the bytes, their SHA-256 and the characters the font lacks. */
export async function renderPdf(model: DocumentModel, options: RenderOptions = {}): Promise<RenderedPdf> {
  const w = new Writer(fontLibrary(options.fontDir), model);
  const chunks: Buffer[] = [];
  w.doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    w.doc.on('end', resolve);
    w.doc.on('error', reject);
  });
  header(w, model);
  model.blocks.forEach((b, i) => block(w, b, model.seal !== null && i === model.blocks.length - 1 ? SEAL_HEIGHT : undefined));
  if (model.seal !== null) w.seal(model.seal.bureau, documentDate(model.seal.date));
  const pages = w.pageNumbers();
  w.doc.end();
  await ended;
  const bytes = Buffer.concat(chunks);
  return {
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    pages,
    missingCharacters: [...w.missing].sort(),
  };
}

