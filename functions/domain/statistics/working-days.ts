/** Working days between two dates on the official calendar, and the median of such counts. */
import { type HolidayCalendar, isWorkingDay } from '../deadlines/calendar.ts';
import { type LocalDate, addDays, compareDates } from '../deadlines/local-date.ts';

/**
 * Working days after `from` up to and including `to` — counted as the deadline engine counts a period
 * (the trigger day is not counted; a 调休 weekend day counts): a result on the day of the request is
 * 0, on the next working day 1. Zero when `to` is not after `from`.
 */
export function workingDaysAfter(cal: HolidayCalendar, from: LocalDate, to: LocalDate): number {
  let n = 0;
  for (let d = addDays(from, 1); compareDates(d, to) <= 0; d = addDays(d, 1)) if (isWorkingDay(cal, d)) n++;
  return n;
}

/** Median of the values (mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The same median from a histogram `{ value: count }` (what the counters keep). */
export function medianOfHistogram(histogram: ReadonlyMap<number, number>): number | null {
  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const values = [...histogram.keys()].sort((a, b) => a - b);
  // The k-th smallest value (0-based).
  const nth = (k: number): number => {
    let seen = 0;
    for (const v of values) {
      seen += histogram.get(v) ?? 0;
      if (seen > k) return v;
    }
    return values[values.length - 1] as number;
  };
  const mid = total >> 1;
  return total % 2 === 1 ? nth(mid) : (nth(mid - 1) + nth(mid)) / 2;
}
