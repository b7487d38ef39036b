/** The words of a reminder, for the card the app layer builds (cards stay in cards/). */
import { type LocalDate, daysBetween, dateWithWeekday } from '../deadlines/local-date.ts';
import type { TrackedDeadline } from './deadlines.ts';

/** `还有 5 天` / `今日到期` / `已逾期 2 天` (calendar days, as people count them in conversation). */
export function countdownText(dueDate: LocalDate, today: LocalDate): string {
  const n = daysBetween(today, dueDate);
  if (n > 0) return `还有 ${n} 天`;
  if (n === 0) return '今日到期';
  return `已逾期 ${-n} 天`;
}

/**
 * `处罚决定公开：公开执法决定信息，期限 2026-10-13（星期二），还有 5 天（依据：国办发〔2018〕118号…）`.
 * A party's period reads "届满" rather than "逾期"; a provisional date says so.
 */
export function reminderLine(d: TrackedDeadline, today: LocalDate): string {
  const when = dateWithWeekday(d.dueDate);
  const n = daysBetween(today, d.dueDate);
  const count =
    d.obligor === 'party' && n < 0 ? `已于 ${d.dueDate} 届满` : d.kind === 'certificate_expiry' && n < 0 ? `已于 ${d.dueDate} 过期` : countdownText(d.dueDate, today);
  const provisional = d.provisional ? '（日期为推算，待公布放假安排后确认）' : '';
  return `${d.ruleName}：${d.what}，期限 ${when}${provisional}，${count}（依据：${d.source}）`;
}
