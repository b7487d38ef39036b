/** Chinese chat text for deadline answers. */
import type { DeadlineResult } from './compute.ts';
import { dateWithWeekday } from './local-date.ts';
import { CONFIDENCE_LABELS } from './rules.ts';

export function dueLabel(result: DeadlineResult): string {
  switch (result.rule.period.unit) {
    case 'days_before':
      return '提醒日';
    case 'fixed_next_year_date':
      return '截止日期';
    default:
      return '期限届满日';
  }
}

/** The one-line headline, e.g. `处罚决定公开：期限届满日 2026-10-13（星期二）`. */
export function formatDeadlineHeadline(result: DeadlineResult): string {
  const provisional = result.provisional ? '（推算）' : '';
  return `${result.ruleName}：${dueLabel(result)} ${result.dueDate}（${result.weekday}）${provisional}`;
}

/** The full chat answer for `算期限`. */
export function formatDeadlineAnswer(result: DeadlineResult): string {
  const lines: string[] = [];
  lines.push(`【${result.ruleName}】${dueLabel(result)}：${result.dueDate}（${result.weekday}）`);
  if (result.suggestedDate !== undefined) {
    lines.push(`该日为休息日，建议在 ${dateWithWeekday(result.suggestedDate)}前完成`);
  }
  if (result.provisional) lines.push(`⚠ 推算结果：${result.provisionalReason ?? '所涉年份放假安排未载入'}`);
  const who = result.rule.obligor === 'party' ? '当事人' : '本机关';
  const unit = result.rule.period.unit;
  const from =
    unit === 'fixed_next_year_date'
      ? ''
      : unit === 'days_before'
        ? `，以${result.countedFrom}为准向前推算`
        : `，自${result.countedFrom}起算`;
  lines.push(`期间：${result.period}${from}（由${who}履行）`);
  lines.push(`依据：${result.source}［${CONFIDENCE_LABELS[result.rule.confidence]}］`);
  if (result.rule.source.summary !== undefined) lines.push(`内容：${result.rule.source.summary}`);
  lines.push('计算过程：');
  for (const text of result.explanation) lines.push(`· ${text}`);
  for (const note of result.rule.notes ?? []) lines.push(`注：${note}`);
  return lines.join('\n');
}
