/**
 * Regenerates data/calendar/cn-holidays.json from the `chinese-days` package.
 *
 *   npm update chinese-days && npx tsx local/calendar-update.ts [--check]
 *
 * Years whose `source` does not start with `chinese-days` (typed in by hand, e.g. a newly announced
 * year before the package caught up) are kept as they are. `--check` only reports whether the file is
 * up to date (exit 1 if not) and writes nothing.
 */
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCalendar, type CalendarData, type CalendarYearData } from '../functions/domain/deadlines/index.ts';

const OUT = fileURLToPath(new URL('../data/calendar/cn-holidays.json', import.meta.url));

/** chinese-days stores `English name,中文名,days`; we keep the official Chinese name. */
const NAMES: Record<string, string> = {
  元旦: '元旦',
  春节: '春节',
  清明: '清明节',
  劳动节: '劳动节',
  端午: '端午节',
  中秋: '中秋节',
  国庆节: '国庆节',
};

function chineseName(value: string): string {
  const zh = value.split(',')[1]?.trim() ?? value;
  return NAMES[zh] ?? zh;
}

function sortedRecord(rec: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(rec).sort(([a], [b]) => a.localeCompare(b)));
}

/** The notice URL per year, from the comment blocks in the package's generator source. */
function noticeUrls(pkgDir: string): Map<number, string> {
  const urls = new Map<number, string>();
  const src = join(pkgDir, 'src/holidays/generate.ts');
  if (!existsSync(src)) return urls;
  for (const block of readFileSync(src, 'utf8').split('/**').slice(1)) {
    const year = /^\s*\*\s*(\d{4})\s*$/m.exec(block);
    const url = /(https?:\/\/\S+)/.exec(block);
    if (year?.[1] && url?.[1] && !urls.has(Number(year[1]))) urls.set(Number(year[1]), url[1]);
  }
  return urls;
}

function main(): void {
  const check = process.argv.includes('--check');
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve('chinese-days/package.json');
  const pkgDir = dirname(pkgJson);
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  const source = `chinese-days@${version}`;
  const urls = noticeUrls(pkgDir);

  const existing: CalendarData = existsSync(OUT)
    ? (JSON.parse(readFileSync(OUT, 'utf8')) as CalendarData)
    : { years: {} };

  const years: Record<string, CalendarYearData> = {};
  const yearsDir = join(pkgDir, 'dist/years');
  for (const file of readdirSync(yearsDir).filter((f) => /^\d{4}\.json$/.test(f)).sort()) {
    const year = file.slice(0, 4);
    const raw = JSON.parse(readFileSync(join(yearsDir, file), 'utf8')) as {
      holidays: Record<string, string>;
      workdays: Record<string, string>;
    };
    const url = urls.get(Number(year));
    years[year] = {
      notice: `国务院办公厅关于${year}年部分节假日安排的通知`,
      ...(url !== undefined ? { url } : {}),
      source,
      holidays: sortedRecord(Object.fromEntries(Object.entries(raw.holidays).map(([d, v]) => [d, chineseName(v)]))),
      workdays: sortedRecord(Object.fromEntries(Object.entries(raw.workdays).map(([d, v]) => [d, chineseName(v)]))),
    };
  }
  for (const [year, block] of Object.entries(existing.years)) {
    if (!(block.source ?? '').startsWith('chinese-days')) years[year] = block; // hand-maintained year wins
  }

  const data: CalendarData = {
    $comment:
      '国务院办公厅公布的放假（holidays）与调休上班（workdays）安排。由 local/calendar-update.ts 从 chinese-days 生成；新公布的年份可手工添加（source 写 manual），见 data/calendar/README.md。',
    generatedBy: `local/calendar-update.ts from ${source}`,
    years: Object.fromEntries(Object.entries(years).sort(([a], [b]) => a.localeCompare(b))),
  };
  buildCalendar(data); // refuse to write data the engine would reject
  const text = `${JSON.stringify(data, null, 2)}\n`;
  const current = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
  if (check) {
    console.log(text === current ? 'cn-holidays.json is up to date' : 'cn-holidays.json differs from chinese-days');
    process.exitCode = text === current ? 0 : 1;
    return;
  }
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT}: years ${Object.keys(years).join(', ')} (${source})`);
}

main();
