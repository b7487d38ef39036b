/**
 * Hand-checked dates. Each case's comment walks the official calendar (see data/calendar/README.md):
 * 2025 春节 1/28–2/4 off, 1/26 (Sun) & 2/8 (Sat) worked; 2025 劳动节 5/1–5/5 off, 4/27 (Sun) worked;
 * 2025 国庆+中秋 10/1–10/8 off, 9/28 (Sun) & 10/11 (Sat) worked; 2026 元旦 1/1–1/3 off, 1/4 (Sun)
 * worked; 2026 春节 2/15–2/23 off, 2/14 & 2/28 (Sat) worked; 2026 中秋 9/25–9/27 off; 2026 国庆
 * 10/1–10/7 off, 9/20 (Sun) & 10/10 (Sat) worked.
 */
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addMonths,
  addMonthsRaw,
  addWorkingDays,
  daysBefore,
  fixedNextYearDate,
} from '../../../functions/domain/deadlines/index.ts';
import { cal } from './helpers.ts';

describe('working days (trigger day not counted)', () => {
  it.each([
    // 01-24 Fri → 25 Sat off, 26 Sun worked (1), 27 Mon (2), 1/28–2/4 off, 2/5–2/7 (3–5), 2/8 Sat worked (6), 2/9 Sun off, 2/10 Mon (7)
    ['2025-01-24', 7, '2025-02-10'],
    // 01-27 Mon → 1/28–2/4 off, 2/5 (1), 2/6 (2), 2/7 (3), 2/8 Sat worked (4), 2/9 off, 2/10 (5)
    ['2025-01-27', 5, '2025-02-10'],
    // 04-25 Fri → 26 Sat off, 27 Sun worked (1), 28–30 (2–4), 5/1–5/5 off, 5/6 Tue (5)
    ['2025-04-25', 5, '2025-05-06'],
    // 04-30 Wed → 5/1–5/5 off, 5/6–5/9 (1–4), 10–11 weekend, 5/12–5/14 (5–7)
    ['2025-04-30', 7, '2025-05-14'],
    // 09-26 Fri → 27 Sat off, 28 Sun worked (1), 29 (2), 30 (3)
    ['2025-09-26', 3, '2025-09-30'],
    // 09-30 Tue → 10/1–10/8 off, 10/9 (1), 10/10 (2), 10/11 Sat worked (3): due on a Saturday
    ['2025-09-30', 3, '2025-10-11'],
    // 09-22 Mon, 20 days: 4 weeks would be 10/20; 6 holiday weekdays lost (10/1–3, 10/6–8), 2 make-up days won → 10/24
    ['2025-09-22', 20, '2025-10-24'],
    // 2025-12-31 Wed → 2026 1/1–1/3 off, 1/4 Sun worked (1), 1/5–1/8 (2–5)
    ['2025-12-31', 5, '2026-01-08'],
    // 2026-02-12 Thu → 2/13 (1), 2/14 Sat worked (2), 2/15–2/23 off, 2/24–2/27 (3–6), 2/28 Sat worked (7)
    ['2026-02-12', 7, '2026-02-28'],
    // 2026-09-18 Fri → 19 Sat off, 20 Sun worked (1), 21–24 (2–5)
    ['2026-09-18', 5, '2026-09-24'],
    // 2026-09-24 Thu → 9/25–27 中秋 off, 28–30 (1–3), 10/1–10/7 off, 10/8 (4), 10/9 (5)
    ['2026-09-24', 5, '2026-10-09'],
    // 2026-09-28 Mon → 29, 30 (1–2), 10/1–10/7 off, 10/8, 10/9 (3–4), 10/10 Sat worked (5), 10/11 off, 10/12, 10/13 (6–7)
    ['2026-09-28', 7, '2026-10-13'],
    // 2026-09-21 Mon, 20 days: 4 weeks → 10/19; lost 9/25, 10/1, 10/2, 10/5, 10/6, 10/7 (6), won 10/10 (1) → +5 → 10/26
    ['2026-09-21', 20, '2026-10-26'],
    // A rest-day trigger: 2026-10-03 Sat (holiday) → 10/4–10/7 off, 10/8 (1), 10/9 (2), 10/10 Sat worked (3)
    ['2026-10-03', 3, '2026-10-10'],
  ])('%s + %i working days → %s', (start, n, expected) => {
    const r = addWorkingDays(cal, start, n);
    expect(r.dueDate).toBe(expected);
  });

  it('0 working days is the trigger day itself', () => {
    expect(addWorkingDays(cal, '2026-10-03', 0).dueDate).toBe('2026-10-03');
  });

  it('explains skipped holidays and counted make-up days', () => {
    const texts = addWorkingDays(cal, '2025-09-30', 3).steps.map((s) => s.text);
    expect(texts).toContain('2025-10-01 至 2025-10-08 国庆节、中秋节放假，不计');
    expect(texts).toContain('2025-10-11（星期六）调休上班（国庆节），计入，为第3个工作日');
    expect(texts).toContain('2025-10-09 至 2025-10-10 工作日，计第1—2个工作日');
    const t2 = addWorkingDays(cal, '2026-09-28', 7).steps.map((s) => s.text);
    expect(t2).toEqual([
      '2026-09-29 至 2026-09-30 工作日，计第1—2个工作日',
      '2026-10-01 至 2026-10-07 国庆节放假，不计',
      '2026-10-08 至 2026-10-09 工作日，计第3—4个工作日',
      '2026-10-10（星期六）调休上班（国庆节），计入，为第5个工作日',
      '2026-10-11（星期日）周末休息，不计',
      '2026-10-12 至 2026-10-13 工作日，计第6—7个工作日',
    ]);
  });

  it('describes a run of weekend + holiday', () => {
    // 2024 端午: 6/10 Mon off, joined to the weekend 6/8–6/9
    const texts = addWorkingDays(cal, '2024-06-07', 1).steps.map((s) => s.text);
    expect(texts[0]).toBe('2024-06-08 至 2024-06-10 周末及端午节放假，不计');
  });

  it('refuses nonsense amounts', () => {
    expect(() => addWorkingDays(cal, '2026-01-01', -1)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, '2026-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('calendar days (last day on a rest day rolls forward)', () => {
  it.each([
    // 2025-09-23 + 15 = 10/8 (国庆 off) → first working day 10/9 Thu
    ['2025-09-23', 15, '2025-10-09'],
    // 2025-09-26 + 15 = 10/11, a Saturday but a 调休 working day → no roll
    ['2025-09-26', 15, '2025-10-11'],
    // 2025-07-03 + 90 = 10/1 (off through 10/8) → 10/9
    ['2025-07-03', 90, '2025-10-09'],
    // 2026-07-05 + 90 = 10/3 (off through 10/7) → 10/8
    ['2026-07-05', 90, '2026-10-08'],
    // 2025-12-18 + 60 = 2026-02-16 (春节 off through 2/23) → 2/24 Tue
    ['2025-12-18', 60, '2026-02-24'],
    // 2026-03-06 + 15 = 3/21 Sat (plain weekend) → 3/23 Mon
    ['2026-03-06', 15, '2026-03-23'],
    // 2026-03-05 + 15 = 3/20 Fri → no roll
    ['2026-03-05', 15, '2026-03-20'],
  ])('%s + %i days → %s', (start, n, expected) => {
    expect(addCalendarDays(cal, start, n).dueDate).toBe(expected);
  });

  it('explains the roll', () => {
    const texts = addCalendarDays(cal, '2026-07-05', 90).steps.map((s) => s.text);
    expect(texts).toEqual([
      '自 2026-07-05 次日起算第90日为 2026-10-03（星期六）',
      '2026-10-03 至 2026-10-07 国庆节放假，期间最后一日为休息日',
      '顺延至休息日后的第一个工作日 2026-10-08（星期四）',
    ]);
    const noRoll = addCalendarDays(cal, '2025-09-26', 15).steps.map((s) => s.text);
    expect(noRoll).toContain('2025-10-11（星期六）调休上班（国庆节），是工作日，不顺延');
  });
});

describe('month periods (same date of the later month, or its last day)', () => {
  it.each([
    // no 31 February: last day 2026-02-28, a Saturday but a 春节 调休 working day → no roll
    ['2025-08-31', 6, '2026-02-28'],
    ['2025-08-30', 6, '2026-02-28'],
    ['2025-08-29', 6, '2026-02-28'],
    // leap day: 2024-02-29 + 12 months → 2025-02-28 (Fri)
    ['2024-02-29', 12, '2025-02-28'],
    // 2024-02-29 + 6 months → 2024-08-29 Thu
    ['2024-02-29', 6, '2024-08-29'],
    // into a leap February: 2023-08-31 + 6 → 2024-02-29 Thu
    ['2023-08-31', 6, '2024-02-29'],
    ['2024-01-31', 1, '2024-02-29'],
    // 2025-12-31 + 2 → 2026-02-28 (调休 working Saturday)
    ['2025-12-31', 2, '2026-02-28'],
    // 2026-04-01 + 6 → 10/1 (国庆 off through 10/7) → 10/8
    ['2026-04-01', 6, '2026-10-08'],
    // 2025-08-19 + 6 → 2026-02-19 (春节) → 2/24
    ['2025-08-19', 6, '2026-02-24'],
    // 2025-03-15 + 6 → 2025-09-15 Mon
    ['2025-03-15', 6, '2025-09-15'],
    // 2025-11-30 + 3 → 2026-02-28
    ['2025-11-30', 3, '2026-02-28'],
    // 2025-05-31 + 1 → 2025-06-30 Mon
    ['2025-05-31', 1, '2025-06-30'],
  ])('%s + %i months → %s', (start, n, expected) => {
    expect(addMonths(cal, start, n).dueDate).toBe(expected);
  });

  it('addMonthsRaw clamps and reports it', () => {
    expect(addMonthsRaw('2025-08-31', 6)).toEqual({ date: '2026-02-28', clamped: true });
    expect(addMonthsRaw('2025-08-28', 6)).toEqual({ date: '2026-02-28', clamped: false });
    expect(addMonthsRaw('2025-12-15', 1)).toEqual({ date: '2026-01-15', clamped: false });
    expect(addMonthsRaw('2025-12-15', 25)).toEqual({ date: '2028-01-15', clamped: false });
  });

  it('explains the month end', () => {
    const texts = addMonths(cal, '2025-08-31', 6).steps.map((s) => s.text);
    expect(texts[0]).toBe('2026年2月没有与 2025-08-31 对应的31日，以该月最后一日 2026-02-28（星期六）为期间最后一日');
    expect(texts[1]).toContain('调休上班（春节），是工作日，不顺延');
  });
});

describe('days before (reminders move to the previous working day)', () => {
  it.each([
    // 2026-11-01 − 30 = 10/2 (国庆 off) → back over 10/1 → 9/30 Wed
    ['2026-11-01', 30, '2026-09-30'],
    // 2026-03-08 − 30 = 2/6 Fri → stays
    ['2026-03-08', 30, '2026-02-06'],
    // 2026-03-22 − 30 = 2/20 (春节 off 2/15–2/23) → back to 2/14, a 调休 working Saturday
    ['2026-03-22', 30, '2026-02-14'],
    // 2026-07-14 − 30 = 6/14 Sun → 6/12 Fri
    ['2026-07-14', 30, '2026-06-12'],
    // 2026-11-09 − 30 = 10/10, 调休 working Saturday → stays
    ['2026-11-09', 30, '2026-10-10'],
  ])('%s − %i days → %s', (anchor, n, expected) => {
    expect(daysBefore(cal, anchor, n).dueDate).toBe(expected);
  });

  it('explains the move', () => {
    const texts = daysBefore(cal, '2026-11-01', 30).steps.map((s) => s.text);
    expect(texts).toEqual([
      '2026-11-01 之前第30日为 2026-10-02（星期五）',
      '2026-10-01 至 2026-10-02 国庆节放假，提醒日为休息日',
      '提醒不安排在休息日，提前至之前最后一个工作日 2026-09-30（星期三）',
    ]);
  });
});

describe('fixed next-year date (not rolled; previous working day suggested)', () => {
  it('31 January 2026 is a Saturday: kept, 1/30 Fri suggested', () => {
    const r = fixedNextYearDate(cal, '2025-06-01', 1, 31);
    expect(r.dueDate).toBe('2026-01-31');
    expect(r.suggestedDate).toBe('2026-01-30');
  });

  it('31 January 2025 is inside the Spring Festival holiday: kept, 1/27 Mon suggested', () => {
    const r = fixedNextYearDate(cal, '2024-12-31', 1, 31);
    expect(r.dueDate).toBe('2025-01-31');
    expect(r.suggestedDate).toBe('2025-01-27');
  });

  it('31 January 2023 is a Tuesday working day: no suggestion', () => {
    const r = fixedNextYearDate(cal, '2022-01-01', 1, 31);
    expect(r.dueDate).toBe('2023-01-31');
    expect(r.suggestedDate).toBeUndefined();
  });
});
