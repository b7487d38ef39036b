/**
 * Calendar dates without a clock or a time zone.
 *
 * A `LocalDate` is a plain `YYYY-MM-DD` string (proleptic Gregorian, years 1000–9999). All arithmetic
 * goes through an integer "epoch day" (days since 1970-01-01), so nothing here depends on the machine's
 * time zone, and no JS `Date` is ever read in local time.
 */

export type LocalDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WEEKDAY_NAMES = ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function validParts(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1000 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** True for a well-formed, existing `YYYY-MM-DD` date. */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  return m !== null && validParts(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function toParts(date: LocalDate): DateParts {
  const m = ISO_DATE.exec(date);
  if (!m || !validParts(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new RangeError(`不是有效日期（应为 YYYY-MM-DD）：${String(date)}`);
  }
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function fromParts(year: number, month: number, day: number): LocalDate {
  if (!validParts(year, month, day)) throw new RangeError(`不是有效日期：${year}-${month}-${day}`);
  return `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(epochDay: number): DateParts {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

export function toEpochDay(date: LocalDate): number {
  const { year, month, day } = toParts(date);
  return daysFromCivil(year, month, day);
}

export function fromEpochDay(epochDay: number): LocalDate {
  const { year, month, day } = civilFromDays(epochDay);
  return fromParts(year, month, day);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`天数必须是整数：${days}`);
  return fromEpochDay(toEpochDay(date) + days);
}

/** Number of days from `a` to `b` (positive when b is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function yearOf(date: LocalDate): number {
  return toParts(date).year;
}

export function isoWeekday(date: LocalDate): IsoWeekday {
  // 1970-01-01 (epoch day 0) was a Thursday (ISO 4).
  const mod = (((toEpochDay(date) + 3) % 7) + 7) % 7;
  return (mod + 1) as IsoWeekday;
}

export function weekdayName(date: LocalDate): WeekdayName {
  return WEEKDAY_NAMES[isoWeekday(date) - 1] as WeekdayName;
}

export function isWeekend(date: LocalDate): boolean {
  return isoWeekday(date) >= 6;
}

/** `2026-10-13（星期二）` */
export function dateWithWeekday(date: LocalDate): string {
  return `${date}（${weekdayName(date)}）`;
}

/**
 * The Asia/Shanghai calendar date of a UTC instant.
 *
 * Uses the fixed offset UTC+08:00. China has observed UTC+8 without daylight saving since
 * 1991-09-15, so for any instant after that this is exact and needs neither the machine's time zone
 * nor ICU time-zone data. A string must carry an explicit `Z` or `±hh:mm` offset: a bare
 * `2026-09-28T10:00` would be read by JS in the machine's local zone, which is exactly the bug this
 * function exists to prevent.
 */
export function shanghaiDate(instant: Date | string): LocalDate {
  let ms: number;
  if (typeof instant === 'string') {
    const text = instant.trim();
    if (!/T.*(?:Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
      throw new RangeError(`时间须为带时区的 ISO 8601 时刻（如 2026-09-27T16:30:00Z）：${instant}`);
    }
    ms = Date.parse(text);
  } else {
    ms = instant.getTime();
  }
  if (!Number.isFinite(ms)) throw new RangeError(`无效时刻：${String(instant)}`);
  return fromEpochDay(Math.floor((ms + 8 * 3_600_000) / MS_PER_DAY));
}

const FULL_WIDTH = /[０-９]/g;

/** Normalise full-width digits and separators a Chinese IME may produce. */
export function normalizeDigits(text: string): string {
  return text
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[－—–]/g, '-')
    .replace(/／/g, '/')
    .replace(/[．。]/g, '.');
}

/**
 * Reads a date the way people type it in chat: `2026-09-28`, `2026-9-28`, `2026/09/28`, `2026.9.28`,
 * `2026年9月28日` (the 日 may be left off) or `20260928`. Returns null when it is not a real date.
 */
export function parseFlexibleDate(text: string): LocalDate | null {
  const t = normalizeDigits(text).trim();
  const m =
    /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$/.exec(t) ??
    /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/.exec(t) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validParts(year, month, day) ? fromParts(year, month, day) : null;
}
