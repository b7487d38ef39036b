/**
 * Wall-clock time in Asia/Shanghai without the machine's time zone: a fixed UTC+08:00 offset, exact
 * since China stopped daylight saving in 1991 (see shanghaiDate in ../deadlines/local-date.ts).
 */
import { type LocalDate, fromEpochDay, toEpochDay } from '../deadlines/local-date.ts';

const OFFSET_MS = 8 * 3_600_000;
const MS_PER_DAY = 86_400_000;

/** `2026-10-06T09:00:00`: a Shanghai wall-clock time to the second, no zone (EventBridge `at()` form). */
export type LocalDateTime = string;

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)$/;

/** Milliseconds since the epoch of an instant: a Date, or an ISO string that carries its offset. */
export function instantMs(now: Date | string): number {
  let ms: number;
  if (typeof now === 'string') {
    if (!/T.*(?:Z|[+-]\d{2}:?\d{2})$/i.test(now.trim())) {
      throw new RangeError(`时间须为带时区的 ISO 8601 时刻（如 2026-09-27T16:30:00Z）：${now}`);
    }
    ms = Date.parse(now.trim());
  } else {
    ms = now.getTime();
  }
  if (!Number.isFinite(ms)) throw new RangeError(`无效时刻：${String(now)}`);
  return ms;
}

export interface ShanghaiClock {
  date: LocalDate;
  /** Minutes after Shanghai midnight, 0–1439. */
  minute: number;
  /** Seconds into that minute (with fractions), 0 ≤ s < 60. */
  second: number;
  ms: number;
}

export function shanghaiClock(now: Date | string): ShanghaiClock {
  const ms = instantMs(now);
  const local = ms + OFFSET_MS;
  const day = Math.floor(local / MS_PER_DAY);
  const inDay = local - day * MS_PER_DAY;
  return { date: fromEpochDay(day), minute: Math.floor(inDay / 60_000), second: (inDay % 60_000) / 1000, ms };
}

/** `2026-10-06T09:00:00` for a date and minutes after midnight. */
export function localDateTime(date: LocalDate, minute: number): LocalDateTime {
  if (!Number.isInteger(minute) || minute < 0 || minute >= 1440) throw new RangeError(`分钟数无效：${minute}`);
  const hh = String(Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return `${date}T${hh}:${mm}:00`;
}

export function isLocalDateTime(value: unknown): value is LocalDateTime {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE_TIME.exec(value);
  if (!m) return false;
  try {
    toEpochDay(m[1] as string);
    return true;
  } catch {
    return false;
  }
}

/** The instant (ms since the epoch) of a Shanghai wall-clock time. */
export function localDateTimeMs(value: LocalDateTime): number {
  const m = LOCAL_DATE_TIME.exec(value);
  if (!m) throw new RangeError(`不是有效的本地时刻（YYYY-MM-DDTHH:mm:ss）：${value}`);
  const day = toEpochDay(m[1] as string);
  return day * MS_PER_DAY + (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4])) * 1000 - OFFSET_MS;
}

/** The same instant as an ISO string in UTC (`2026-10-06T01:00:00.000Z`). */
export function localDateTimeToIso(value: LocalDateTime): string {
  return new Date(localDateTimeMs(value)).toISOString();
}

/** EventBridge Scheduler one-time expression: `at(yyyy-mm-ddThh:mm:ss)`, read in the schedule's time zone. */
export function atExpression(value: LocalDateTime): string {
  if (!isLocalDateTime(value)) throw new RangeError(`不是有效的本地时刻：${value}`);
  return `at(${value})`;
}

const AT = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;

/** True for a well-formed `at(...)` with a real date and time, no zone suffix, no milliseconds. */
export function isAtExpression(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = AT.exec(value);
  return m !== null && isLocalDateTime(m[1]);
}
