/** The `算期限 <规则> <起算日>` chat command, as a pure function of its argument text. */
import type { HolidayCalendar } from './calendar.ts';
import { type DeadlineResult, computeDeadline } from './compute.ts';
import { formatDeadlineAnswer } from './format.ts';
import { type LocalDate, fromParts, normalizeDigits, parseFlexibleDate, toParts } from './local-date.ts';
import { type Rule, findRuleByName, ruleNames } from './rules.ts';

export const DEADLINE_COMMAND = '算期限';
export const QUERY_EXAMPLE = '算期限 处罚决定公开 2026-09-28';
export const DATE_FORMATS_HINT = '日期可写作 2026-09-28、2026-9-28、2026/09/28 或 2026年9月28日';

/** Dates outside this range are refused (typos such as 0226-09-28 or 20260-9-28). */
export const MIN_QUERY_YEAR = 1990;
export const MAX_QUERY_YEAR = 2199;

export type DeadlineQueryFailure = 'empty' | 'unknown_rule' | 'missing_date' | 'bad_date';

export type DeadlineQueryAnswer =
  | { ok: true; text: string; result: DeadlineResult }
  | { ok: false; text: string; reason: DeadlineQueryFailure };

export type ParsedDeadlineQuery =
  | { ok: true; rule: Rule; startDate: LocalDate }
  | { ok: false; reason: DeadlineQueryFailure; ruleText?: string; dateText?: string };

function splitArgs(argsText: string): { ruleText: string; dateText?: string } {
  let t = normalizeDigits(argsText).replace(/\u3000/g, ' ').trim();
  if (t.startsWith(DEADLINE_COMMAND)) t = t.slice(DEADLINE_COMMAND.length).trim();
  const tokens = t.split(/\s+/).filter((s) => s !== '');
  if (tokens.length >= 2) {
    return { ruleText: tokens.slice(0, -1).join(' '), dateText: tokens[tokens.length - 1] as string };
  }
  const only = tokens[0] ?? '';
  const glued = /^(\D+?)(\d.*)$/.exec(only); // 处罚决定公开2026-09-28
  if (glued) return { ruleText: glued[1] as string, dateText: glued[2] as string };
  return { ruleText: only };
}

function parseStart(rule: Rule, dateText: string): LocalDate | null {
  let date = parseFlexibleDate(dateText);
  if (date === null && rule.period.unit === 'fixed_next_year_date') {
    const y = /^(\d{4})\s*年?度?$/.exec(dateText.trim()); // 年度统计公开 2025 / 2025年 / 2025年度
    if (y) date = fromParts(Number(y[1]), 1, 1);
  }
  if (date === null) return null;
  const { year } = toParts(date);
  return year >= MIN_QUERY_YEAR && year <= MAX_QUERY_YEAR ? date : null;
}

export function parseDeadlineQuery(argsText: string, rules: readonly Rule[]): ParsedDeadlineQuery {
  const { ruleText, dateText } = splitArgs(argsText);
  if (ruleText === '') return { ok: false, reason: 'empty' };
  const rule = findRuleByName(rules, ruleText);
  if (!rule) return { ok: false, reason: 'unknown_rule', ruleText };
  if (dateText === undefined) return { ok: false, reason: 'missing_date', ruleText };
  const startDate = parseStart(rule, dateText);
  if (startDate === null) return { ok: false, reason: 'bad_date', ruleText, dateText };
  return { ok: true, rule, startDate };
}

function namesList(rules: readonly Rule[]): string {
  return ruleNames(rules).join('、');
}

/**
 * Answers `算期限 <规则> <起算日>`; `argsText` is what follows the command word.
 * Never throws for user input: every failure is a Chinese message.
 */
export function answerDeadlineQuery(
  argsText: string,
  calendar: HolidayCalendar,
  rules: readonly Rule[],
): DeadlineQueryAnswer {
  const parsed = parseDeadlineQuery(argsText, rules);
  if (!parsed.ok) {
    switch (parsed.reason) {
      case 'empty':
        return {
          ok: false,
          reason: 'empty',
          text: `用法：${DEADLINE_COMMAND} <规则> <起算日>，例如：${QUERY_EXAMPLE}\n可用的规则：${namesList(rules)}`,
        };
      case 'unknown_rule':
        return {
          ok: false,
          reason: 'unknown_rule',
          text: `没有名为“${parsed.ruleText ?? ''}”的期限规则。可用的规则：${namesList(rules)}\n例如：${QUERY_EXAMPLE}`,
        };
      case 'missing_date':
        return {
          ok: false,
          reason: 'missing_date',
          text: `请在规则名后写上起算日。例如：${QUERY_EXAMPLE}\n${DATE_FORMATS_HINT}`,
        };
      case 'bad_date':
        return {
          ok: false,
          reason: 'bad_date',
          text: `无法识别起算日“${parsed.dateText ?? ''}”。${DATE_FORMATS_HINT}（${MIN_QUERY_YEAR}—${MAX_QUERY_YEAR}年）。例如：${QUERY_EXAMPLE}`,
        };
    }
  }
  const result = computeDeadline(parsed.rule, parsed.startDate, calendar);
  return { ok: true, text: formatDeadlineAnswer(result), result };
}
