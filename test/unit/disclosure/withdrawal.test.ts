import { describe, expect, it } from 'vitest';
import { CASE_TYPES } from '../../../functions/domain/case/types.ts';
import {
  DISCLOSURE_RECORD_ACTIONS,
  REASON_MAX,
  WITHDRAWAL_FORM,
  WITHDRAWAL_KINDS,
  canRecordWithdrawal,
  parseWithdrawalForm,
  publicationDuty,
  withdrawalDuty,
  withdrawalNote,
} from '../../../functions/domain/disclosure/index.ts';
import { addDays, isWorkingDay } from '../../../functions/domain/deadlines/index.ts';
import type { Person } from '../../../functions/domain/roster/types.ts';
import { cal, prng, randInt, rules } from './helpers.ts';

describe('WITHDRAWAL_FORM and parseWithdrawalForm', () => {
  it('one table: kind (变更 | 撤销 | 确认违法 | 确认无效) and reason; button 确认撤回', () => {
    expect(WITHDRAWAL_KINDS).toEqual(['变更', '撤销', '确认违法', '确认无效']);
    expect(WITHDRAWAL_FORM.fields.kind.options.map((o) => o.value)).toEqual([...WITHDRAWAL_KINDS]);
    expect(WITHDRAWAL_FORM.submit.label).toBe('确认撤回');
    expect(WITHDRAWAL_FORM.fields.reason.placeholder).toContain('将向社会公开');
  });

  it('accepts a kind and a reason (whitespace folded)', () => {
    expect(parseWithdrawalForm({ kind: '撤销', reason: '  经复议，\n 原决定认定事实不清  ' })).toEqual({
      ok: true,
      value: { kind: '撤销', reason: '经复议， 原决定认定事实不清' },
    });
  });

  it('answers each mistake in Chinese', () => {
    expect(parseWithdrawalForm({ kind: '撤回', reason: '复议决定撤销' })).toEqual({ ok: false, errors: ['撤回原因类别：请选择：变更、撤销、确认违法、确认无效'] });
    expect(parseWithdrawalForm({ kind: '撤销' })).toEqual({ ok: false, errors: ['公开说明的理由：请填写，理由将随撤回一并公开'] });
    expect(parseWithdrawalForm({ kind: '撤销', reason: '错了' })).toEqual({ ok: false, errors: ['公开说明的理由：请写明理由，至少 4 个字'] });
    expect(parseWithdrawalForm({ kind: '撤销', reason: '理'.repeat(REASON_MAX + 1) })).toEqual({ ok: false, errors: [`公开说明的理由：不能超过 ${REASON_MAX} 个字`] });
    expect(parseWithdrawalForm({ reason: 5 }).ok).toBe(false);
    for (const v of [null, 'x', []]) expect(parseWithdrawalForm(v)).toEqual({ ok: false, errors: ['表单：内容无法识别，请重新发送「撤销决定 案件编号」填写'] });
  });

  it('only the head may record it', () => {
    const p = (roles: Person['roles']): Person => ({ openId: 'ou_x', name: 'x', department: 'x', roles, certificate: null });
    expect(canRecordWithdrawal(p(['head']))).toBe(true);
    expect(canRecordWithdrawal(p(['officer', 'reviewer', 'admin', 'office']))).toBe(false);
  });

  it('the record-log actions are named', () => {
    expect(Object.keys(DISCLOSURE_RECORD_ACTIONS)).toEqual(['decision.withdrawal_ordered', 'disclosure.published', 'disclosure.withdrawn', 'disclosure.taken_down']);
  });

  it('the public note says what happened', () => {
    expect(withdrawalNote('行政处罚', '2026-09-28', '甘经信罚〔2026〕3号', '撤销')).toBe(
      '本机关于2026年9月28日作出的行政处罚决定（甘经信罚〔2026〕3号）已被依法撤销，原公开的决定信息予以撤回。',
    );
    expect(withdrawalNote('行政许可', '2026-01-05', 'x', '确认违法')).toContain('已被依法确认违法');
  });
});

describe('the duties, from the engine', () => {
  it('publication: 7 working days for 行政处罚 and 行政许可, 20 for the others (118号)', () => {
    expect(publicationDuty({ type: '行政处罚', date: '2026-09-28' }, cal, rules)).toMatchObject({ ruleId: 'penalty_publication', dueDate: '2026-10-13' });
    expect(publicationDuty({ type: '行政许可', date: '2026-09-28' }, cal, rules)).toMatchObject({ ruleId: 'permit_publication', dueDate: '2026-10-13' });
    for (const t of CASE_TYPES.filter((x) => x !== '行政处罚' && x !== '行政许可')) {
      expect(publicationDuty({ type: t, date: '2026-09-21' }, cal, rules)).toMatchObject({ ruleId: 'other_decision_publication', dueDate: '2026-10-26' });
    }
  });

  it('withdrawal: 3 working days from the day it is recorded (行政处罚法第四十八条第二款、第八十五条)', () => {
    expect(withdrawalDuty('2026-11-06', cal, rules)).toMatchObject({ ruleId: 'publication_withdrawal', dueDate: '2026-11-11' });
    // Recorded the day before 国庆: 09-30 → 10-08, 10-09, 10-10 (调休 Saturday).
    expect(withdrawalDuty('2026-09-30', cal, rules).dueDate).toBe('2026-10-10');
    const rand = prng(91);
    for (let i = 0; i < 200; i++) {
      const d = addDays('2024-01-01', randInt(rand, 0, 1000));
      const due = withdrawalDuty(d, cal, rules).dueDate;
      let n = 0;
      for (let x = addDays(d, 1); x <= due; x = addDays(x, 1)) if (isWorkingDay(cal, x)) n++;
      expect(n).toBe(3);
    }
  });
});
