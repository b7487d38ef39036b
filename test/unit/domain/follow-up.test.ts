import { describe, expect, it } from 'vitest';
import {
  FILING_RECORD_SEQ,
  filingFollowUp,
  filingPartOrder,
  FORM_PART,
  isSettled,
  noticeFailedRecord,
  noticePart,
  noticeRecipient,
} from '../../../functions/domain/case/follow-up.ts';
import { officer } from '../../helpers/factories.ts';

const filed = {
  caseId: '2026-000007',
  filedAt: '2026-03-02T02:00:00.000Z',
  filedBy: 'ou_a',
  officers: [officer('ou_a', '甲'), officer('ou_c', '丙'), officer('ou_b', '乙')],
};

describe('filingFollowUp', () => {
  it('owes the form update and a notice to every co-officer, not to the filer', () => {
    expect(filingFollowUp(filed, 'om_form')).toEqual({
      caseId: '2026-000007',
      recordSeq: FILING_RECORD_SEQ,
      action: 'case.filed',
      createdAt: '2026-03-02T02:00:00.000Z',
      status: 'pending',
      formMessageId: 'om_form',
      parts: { form: 'pending', 'notice:ou_c': 'pending', 'notice:ou_b': 'pending' },
    });
  });

  it('owes no form update when the form message is unknown', () => {
    const f = filingFollowUp(filed);
    expect(f.formMessageId).toBeUndefined();
    expect(Object.keys(f.parts)).toEqual(['notice:ou_c', 'notice:ou_b']);
  });

  it('is done from the start when nothing is owed', () => {
    expect(filingFollowUp({ ...filed, officers: [officer('ou_a', '甲')] }).status).toBe('done');
  });
});

describe('filingPartOrder', () => {
  it('sends the form first, then the notices in the case’s officer order', () => {
    const parts = { 'notice:ou_b': 'pending', 'notice:ou_c': 'sent', form: 'pending' } as const;
    expect(filingPartOrder(parts, filed)).toEqual(['form', 'notice:ou_c', 'notice:ou_b']);
  });

  it('keeps parts the case no longer names, after the others', () => {
    expect(filingPartOrder({ 'notice:ou_z': 'pending', 'notice:ou_b': 'pending' }, filed)).toEqual(['notice:ou_b', 'notice:ou_z']);
  });
});

describe('isSettled', () => {
  it.each([
    [{}, true],
    [{ form: 'sent', 'notice:ou_b': 'sent' }, true],
    [{ form: 'failed', 'notice:ou_b': 'reported' }, true],
    [{ form: 'pending', 'notice:ou_b': 'sent' }, false],
    [{ 'notice:ou_b': 'pending' }, false],
    // A refused notice is settled only once the filer has been told.
    [{ 'notice:ou_b': 'failed' }, false],
  ] as const)('%j → %s', (parts, settled) => {
    expect(isSettled(parts)).toBe(settled);
  });
});

describe('parts and records', () => {
  it('names the recipient of a notice part only', () => {
    expect(noticeRecipient(noticePart('ou_b'))).toBe('ou_b');
    expect(noticeRecipient(FORM_PART)).toBeNull();
  });

  it('records a refused notice as the system, with who was not reached', () => {
    expect(noticeFailedRecord({ caseId: 'c', at: 't', notice: 'case.filed', recipient: { openId: 'ou_b', name: '乙' }, code: 230013 })).toEqual({
      caseId: 'c',
      at: 't',
      actor: 'system',
      action: 'notice.failed',
      detail: { notice: 'case.filed', recipient: 'ou_b', name: '乙', code: 230013 },
    });
    expect(noticeFailedRecord({ caseId: 'c', at: 't', notice: 'case.filed', recipient: { openId: 'ou_b', name: '乙' } }).detail).not.toHaveProperty('code');
  });
});
