import { describe, expect, it } from 'vitest';
import type { Person } from '../../../functions/domain/roster/types.ts';
import {
  MAX_PROOF_ITEMS,
  SERVICE_FORM,
  SERVICE_METHODS,
  SERVICE_RECORD_ACTION,
  canRecordService,
  parseServiceForm,
  readPickerDate,
  serviceRecordDetail,
} from '../../../functions/domain/service/index.ts';

const ctx = {
  decisionDate: '2026-09-21',
  today: '2026-09-28',
  caseEvidenceIds: ['ev-receipt', 'ev-post', 'ev-photo'],
};
const form = (over: Record<string, unknown> = {}) => ({
  served_on: '2026-09-23',
  method: '直接送达',
  proof: ['ev-receipt'],
  ...over,
});

function errorsOf(value: unknown, c = ctx): string[] {
  const r = parseServiceForm(value, c);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('SERVICE_FORM vocabulary', () => {
  it('one table holds names, labels and options; the parser reads the same names', () => {
    expect(Object.keys(SERVICE_FORM.fields)).toEqual(['served_on', 'method', 'proof']);
    expect(SERVICE_FORM.submit.label).toBe('确认送达');
    expect(SERVICE_FORM.fields.method.options.map((o) => o.value)).toEqual([...SERVICE_METHODS]);
    expect(SERVICE_METHODS).toEqual(['直接送达', '留置送达', '邮寄送达', '电子送达', '公告送达', '委托送达']);
    for (const o of SERVICE_FORM.fields.method.options) {
      expect(o.label).toBe(o.value);
      expect(o.hint.length).toBeGreaterThan(5);
    }
    // 电子送达 needs the party's consent (行政处罚法第六十一条第二款): the card must say so.
    expect(SERVICE_FORM.fields.method.options.find((o) => o.value === '电子送达')?.hint).toContain('第六十一条');
    // Every field name the parser reads is one the card offers: a form keyed by the table parses.
    const keyed = Object.fromEntries(Object.keys(SERVICE_FORM.fields).map((k) => [k, form()[k as keyof ReturnType<typeof form>]]));
    expect(parseServiceForm(keyed, ctx).ok).toBe(true);
  });
});

describe('parseServiceForm', () => {
  it('accepts a complete form', () => {
    expect(parseServiceForm(form(), ctx)).toEqual({
      ok: true,
      value: { servedOn: '2026-09-23', method: '直接送达', proofEvidenceIds: ['ev-receipt'] },
    });
  });

  it('accepts every method', () => {
    for (const method of SERVICE_METHODS) {
      const r = parseServiceForm(form({ method }), ctx);
      expect(r.ok && r.value.method).toBe(method);
    }
  });

  it('service on the decision day and on today are both allowed (the bounds are inclusive)', () => {
    expect(parseServiceForm(form({ served_on: ctx.decisionDate }), ctx).ok).toBe(true);
    expect(parseServiceForm(form({ served_on: ctx.today }), ctx).ok).toBe(true);
  });

  it('refuses a date before the decision and a date in the future, naming the bound', () => {
    expect(errorsOf(form({ served_on: '2026-09-20' }))).toEqual(['送达日期：不能早于决定日期 2026-09-21']);
    expect(errorsOf(form({ served_on: '2026-09-29' }))).toEqual(['送达日期：不能晚于今天（2026-09-28），请在送达后再登记']);
  });

  it('reads the date forms a Feishu date picker may send', () => {
    expect(parseServiceForm(form({ served_on: '2026-09-23 +0800' }), ctx).ok).toBe(true);
    // 2026-09-22T16:30Z is 2026-09-23 00:30 in Shanghai: the Shanghai date counts, not the UTC one.
    const ms = Date.UTC(2026, 8, 22, 16, 30);
    for (const v of [ms, String(ms)]) {
      const r = parseServiceForm(form({ served_on: v }), ctx);
      expect(r.ok && r.value.servedOn).toBe('2026-09-23');
    }
    const typed = parseServiceForm(form({ served_on: '2026年9月23日' }), ctx);
    expect(typed.ok && typed.value.servedOn).toBe('2026-09-23');
  });

  it('an unreadable or missing date is answered with what to do', () => {
    for (const v of ['昨天', '2026-02-30', '2026-09-23 +08', {}, [], true, -5, 1.5]) {
      expect(errorsOf(form({ served_on: v }))).toEqual(['送达日期：日期无法识别，请按 2026-09-28 的格式选择']);
    }
    for (const v of [undefined, null, '']) {
      expect(errorsOf(form({ served_on: v }))).toEqual(['送达日期：请选择当事人收到决定书的日期']);
    }
  });

  it('refuses a method outside the list, listing the choices', () => {
    for (const method of [undefined, '', '当面送达', ['直接送达'], 1]) {
      expect(errorsOf(form({ method }))).toEqual([`送达方式：请选择：${SERVICE_METHODS.join('、')}`]);
    }
  });

  it('proof: at least one, each from this case, repeats dropped, order kept, one value as a string', () => {
    const r = parseServiceForm(form({ proof: ['ev-post', 'ev-receipt', 'ev-post'] }), ctx);
    expect(r.ok && r.value.proofEvidenceIds).toEqual(['ev-post', 'ev-receipt']);
    const single = parseServiceForm(form({ proof: ' ev-photo ' }), ctx);
    expect(single.ok && single.value.proofEvidenceIds).toEqual(['ev-photo']);
    for (const proof of [undefined, null, [], '', ['']]) {
      expect(errorsOf(form({ proof }))).toEqual(['送达凭证：请从本案证据中至少选择一项（如送达回证、邮寄回执、公告）']);
    }
    expect(errorsOf(form({ proof: ['ev-receipt', 'ev-of-another-case', 5] }))).toEqual([
      '送达凭证：有 2 项不是本案的证据，请从本案证据中重新选择',
    ]);
  });

  it('proof: no more than MAX_PROOF_ITEMS', () => {
    const ids = Array.from({ length: MAX_PROOF_ITEMS + 1 }, (_, i) => `ev-${i}`);
    expect(errorsOf(form({ proof: ids }), { ...ctx, caseEvidenceIds: ids })).toEqual([`送达凭证：最多选择 ${MAX_PROOF_ITEMS} 项`]);
    const fits = ids.slice(0, MAX_PROOF_ITEMS);
    expect(parseServiceForm(form({ proof: fits }), { ...ctx, caseEvidenceIds: ids }).ok).toBe(true);
  });

  it('reports every problem at once, each labelled with its field', () => {
    expect(errorsOf({ served_on: 'x', method: 'y' })).toEqual([
      '送达日期：日期无法识别，请按 2026-09-28 的格式选择',
      `送达方式：请选择：${SERVICE_METHODS.join('、')}`,
      '送达凭证：请从本案证据中至少选择一项（如送达回证、邮寄回执、公告）',
    ]);
  });

  it('a form that is not an object gets one message saying how to start again', () => {
    for (const v of [null, undefined, 'text', 3, ['a']]) {
      expect(errorsOf(v)).toEqual(['表单：内容无法识别，请重新发送「送达 案件编号」填写']);
    }
  });

  it('ignores fields it does not know', () => {
    expect(parseServiceForm({ ...form(), party_id: 'x', __proto__x: 1 }, ctx).ok).toBe(true);
  });
});

describe('readPickerDate', () => {
  it('reads each accepted form and refuses the rest', () => {
    expect(readPickerDate('2026-01-05')).toBe('2026-01-05');
    expect(readPickerDate(' 2026-01-05 -0500 ')).toBe('2026-01-05');
    expect(readPickerDate('2026/1/5')).toBe('2026-01-05');
    expect(readPickerDate(Date.UTC(2025, 11, 31, 16, 0))).toBe('2026-01-01');
    expect(readPickerDate('2026-13-01 +0800')).toBeNull();
    expect(readPickerDate(0)).toBeNull();
    expect(readPickerDate(Number.NaN)).toBeNull();
    expect(readPickerDate(null)).toBeNull();
  });
});

describe('the service record entry', () => {
  it('carries the decision, date, method and proof', () => {
    expect(SERVICE_RECORD_ACTION).toBe('decision.served');
    expect(serviceRecordDetail('d1', { servedOn: '2026-09-23', method: '邮寄送达', proofEvidenceIds: ['a', 'b'] })).toEqual({
      decision_id: 'd1',
      served_on: '2026-09-23',
      method: '邮寄送达',
      proof: ['a', 'b'],
    });
  });
});

describe('canRecordService', () => {
  const person = (openId: string, roles: Person['roles'] = ['officer']): Person => ({
    openId,
    name: openId,
    department: '运行监测科',
    roles,
    certificate: null,
  });
  const c = { filedBy: 'ou_filer', officers: [{ openId: 'ou_filer' }, { openId: 'ou_co' }] } as Parameters<typeof canRecordService>[1];
  it('the case officers and the filer may; oversight roles and others may not', () => {
    expect(canRecordService(person('ou_filer'), c)).toBe(true);
    expect(canRecordService(person('ou_co'), c)).toBe(true);
    expect(canRecordService(person('ou_other'), c)).toBe(false);
    expect(canRecordService(person('ou_head', ['head', 'reviewer', 'admin', 'office']), c)).toBe(false);
  });
});
