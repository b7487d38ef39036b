/**
 * When a reminder may go out: on a working day of the official calendar, from `sendTime` (09:00) until
 * `sendWindowEnd` (18:00), Asia/Shanghai — never at night, never on a rest day.
 */
import { type HolidayCalendar, isWorkingDay } from '../deadlines/calendar.ts';
import { addDays } from '../deadlines/local-date.ts';
import type { ReminderConfig } from './config.ts';
import { type LocalDateTime, localDateTime, localDateTimeMs, shanghaiClock } from './time.ts';

export function inSendWindow(now: Date | string, calendar: HolidayCalendar, config: ReminderConfig): boolean {
  const c = shanghaiClock(now);
  return isWorkingDay(calendar, c.date) && c.minute >= config.sendMinute && c.minute < config.windowEndMinute;
}

/**
 * The earliest moment at or after `now` a catch-up may be sent: the next whole minute when `now` is
 * inside the window (EventBridge `at()` has minute precision and must lie ahead), else `sendTime` of
 * the day if it has not come yet, else `sendTime` of the next working day.
 */
export function nextSendSlot(now: Date | string, calendar: HolidayCalendar, config: ReminderConfig): LocalDateTime {
  const c = shanghaiClock(now);
  if (isWorkingDay(calendar, c.date)) {
    if (c.minute < config.sendMinute) return localDateTime(c.date, config.sendMinute);
    if (c.minute + 1 < config.windowEndMinute) return localDateTime(c.date, c.minute + 1);
  }
  let day = addDays(c.date, 1);
  while (!isWorkingDay(calendar, day)) day = addDays(day, 1);
  return localDateTime(day, config.sendMinute);
}

export function slotMs(slot: LocalDateTime): number {
  return localDateTimeMs(slot);
}
