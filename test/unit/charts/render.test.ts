import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import avData from '../../../data/av-duties.json' with { type: 'json' };
import { loadCalendar, loadRules } from '../../../functions/adapters/calendar/index.ts';
import { CHART_FONT_FILES, chartFonts, packagedWoffPaths } from '../../../functions/adapters/charts/font.ts';
import { FontFileError, woffToSfnt } from '../../../functions/adapters/fonts/woff.ts';
import { DEFAULT_CHART_SIZE, EchartsChartRenderer, renderSvg } from '../../../functions/adapters/charts/render.ts';
import { buildAvDuties } from '../../../functions/domain/dossier/av-duties.ts';
import { chartData, computeFigures, emptyFigures, yearPeriod } from '../../../functions/domain/statistics/index.ts';
import { buildBureau } from '../../helpers/statistics-bureau.ts';
import { decodePng, inkPixels } from '../../helpers/png.ts';

const TODAY = '2026-11-20';
const ctx = { today: TODAY, calendar: loadCalendar(), rules: loadRules(), avDuties: buildAvDuties(avData) };
const figures = computeFigures(buildBureau({ seed: 5, years: [2026], casesPerYear: 200, today: TODAY }), yearPeriod(2026, TODAY), ctx).figures;
const charts = chartData(figures);
const renderer = new EchartsChartRenderer();

/** sfnt table checksum: the sum of big-endian u32 words, zero-padded (OpenType spec). */
function tableChecksum(data: Buffer): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    const word = Buffer.alloc(4);
    data.copy(word, 0, i, Math.min(i + 4, data.length));
    sum = (sum + word.readUInt32BE(0)) >>> 0;
  }
  return sum;
}

describe('WOFF 1.0 → sfnt', () => {
  const [cjkPath] = packagedWoffPaths();
  const woff = readFileSync(cjkPath as string);
  const sfnt = woffToSfnt(woff);

  it('rebuilds a TrueType font whose every table matches its recorded checksum', () => {
    expect(sfnt.readUInt32BE(0)).toBe(0x00010000);
    const n = sfnt.readUInt16BE(4);
    expect(n).toBe(woff.readUInt16BE(12));
    expect(sfnt.length).toBe(woff.readUInt32BE(16)); // totalSfntSize
    const tags: string[] = [];
    for (let i = 0; i < n; i++) {
      const e = 12 + 16 * i;
      const tag = sfnt.subarray(e, e + 4).toString('latin1');
      tags.push(tag);
      const [checksum, offset, length] = [sfnt.readUInt32BE(e + 4), sfnt.readUInt32BE(e + 8), sfnt.readUInt32BE(e + 12)];
      const data = Buffer.from(sfnt.subarray(offset, offset + length));
      if (tag === 'head') data.writeUInt32BE(0, 8); // checkSumAdjustment is excluded from head's own checksum
      expect(tableChecksum(data), tag).toBe(checksum);
    }
    expect(tags).toEqual(expect.arrayContaining(['cmap', 'glyf', 'head', 'hmtx', 'loca', 'name']));
  });

  it('refuses what is not a well-formed WOFF', () => {
    expect(() => woffToSfnt(Buffer.from('wOF2aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'))).toThrow(FontFileError);
    expect(() => woffToSfnt(woff.subarray(0, woff.length - 10))).toThrow(/length field/);
    const corrupt = Buffer.from(woff);
    const firstOffset = corrupt.readUInt32BE(44 + 4);
    corrupt.fill(0xff, firstOffset, firstOffset + 16);
    expect(() => woffToSfnt(corrupt)).toThrow(FontFileError);
  });

  it('decodes once per process, in memory (resvg-wasm takes the fonts as buffers)', async () => {
    const a = await chartFonts(packagedWoffPaths());
    const b = await chartFonts(packagedWoffPaths());
    expect(a).toBe(b);
    expect(a).toHaveLength(CHART_FONT_FILES.length);
    expect(Buffer.from(a[0] as Uint8Array).equals(sfnt)).toBe(true);
  });
});

describe('charts: echarts SSR → SVG → PNG', () => {
  it('renders the six charts as non-blank PNGs of the configured size', async () => {
    const rendered = await renderer.render(charts);
    expect(rendered.map((r) => r.id)).toEqual(charts.map((c) => c.id));
    for (const r of rendered) {
      const img = decodePng(r.png);
      expect([img.width, img.height, r.width, r.height], r.id).toEqual([1440, 810, 1440, 810]);
      expect(img.colorType).toBe(6);
      const ink = inkPixels(img);
      expect(ink / (img.width * img.height), r.id).toBeGreaterThan(0.02);
      expect(ink / (img.width * img.height), r.id).toBeLessThan(0.6);
    }
  });

  it('the Chinese labels are in the SVG and drawn as their own glyphs in the PNG', async () => {
    const c = charts.find((x) => x.id === 'filed_by_type');
    if (!c) throw new Error('no chart');
    const svg = renderSvg(c);
    for (const label of ['立案数（按类型）', '行政处罚', '行政许可', `共 ${figures.cases.filed} 件`]) expect(svg).toContain(label);
    // Two titles of six characters each: with the CJK font the title band holds two different
    // drawings; with only the Latin font each character is the same missing-glyph box, so both are equal.
    const titleBand = { x: 420, y: 12, w: 600, h: 48 }; // 18 px title at the top centre, ×2
    const band = (png: Buffer) => {
      const img = decodePng(png);
      const rows: number[] = [];
      for (let y = titleBand.y; y < titleBand.y + titleBand.h; y++) rows.push(...img.rgba.subarray((y * img.width + titleBand.x) * 4, (y * img.width + titleBand.x + titleBand.w) * 4));
      return { ink: inkPixels(img, titleBand), bytes: Buffer.from(rows) };
    };
    const pair = async (r: EchartsChartRenderer) =>
      (await r.render([{ ...c, title: '立案数按类型' }, { ...c, title: '作出决定种类' }])).map((x) => band(x.png));
    const [a, b] = await pair(renderer);
    expect(a?.ink).toBeGreaterThan(1500);
    expect(b?.ink).toBeGreaterThan(1500);
    expect(a?.bytes.equals(b?.bytes as Buffer)).toBe(false);
    const [ta, tb] = await pair(new EchartsChartRenderer({ woffPaths: packagedWoffPaths().slice(1) }));
    expect(ta?.bytes.equals(tb?.bytes as Buffer)).toBe(true);
  });

  it('is deterministic: the same data gives the same SVG and the same PNG bytes', async () => {
    const a = await renderer.render(charts.slice(0, 3));
    const b = await new EchartsChartRenderer().render(charts.slice(0, 3));
    for (let i = 0; i < a.length; i++) {
      expect(b[i]?.svg).toBe(a[i]?.svg);
      expect(b[i]?.png.equals(a[i]?.png as Buffer)).toBe(true);
    }
  });

  it('an empty period still draws axes and titles; the size is configurable', async () => {
    const empty = chartData(emptyFigures(yearPeriod(2026, TODAY), TODAY));
    const small = new EchartsChartRenderer({ size: { width: 400, height: 300, scale: 1 } });
    for (const r of await small.render(empty)) {
      const img = decodePng(r.png);
      expect([img.width, img.height]).toEqual([400, 300]);
      expect(inkPixels(img), r.id).toBeGreaterThan(500);
    }
    expect(DEFAULT_CHART_SIZE).toEqual({ width: 720, height: 405, scale: 2 });
  });
});
