import { buildCase, type FilingForm } from '../../functions/domain/case/filing.ts';
import { filingFollowUp } from '../../functions/domain/case/follow-up.ts';
import type { RecordEntry } from '../../functions/domain/case/record.ts';
import type { CaseOfficer } from '../../functions/domain/case/types.ts';
import type { Person } from '../../functions/domain/roster/types.ts';
import type { FileCaseRequest } from '../../functions/ports/index.ts';

export function buildPerson(o: Partial<Person> & { openId: string }): Person {
  return { name: '测试', department: '执法科', roles: ['officer'], certificate: { number: 'C1', validUntil: '2030-12-31' }, ...o };
}

export const officer = (openId: string, name: string): CaseOfficer => ({
  openId,
  name,
  department: '执法科',
  certificateNumber: `C-${name}`,
  certificateValidUntil: '2030-12-31',
});

export const form = (o: Partial<FilingForm> = {}): FilingForm => ({
  partyName: '某公司',
  partyType: 'organization',
  partyId: '91510000MA6123456P',
  caseType: '行政检查',
  procedure: 'ordinary',
  summary: '摘要',
  source: '监督检查',
  legalBasis: '依据',
  officerOpenIds: [],
  ...o,
});

/** A filing request the way the card action builds it. */
export function filingRequest(o: {
  formId: string;
  year?: number;
  filedAt?: string;
  officers?: CaseOfficer[];
  partyName?: string;
  formMessageId?: string;
}): FileCaseRequest {
  const year = o.year ?? 2026;
  const filedAt = o.filedAt ?? `${year}-03-02T02:00:00.000Z`;
  const officers = o.officers ?? [officer('ou_a', '甲'), officer('ou_b', '乙')];
  return {
    formId: o.formId,
    year,
    build: (seq) => {
      const c = buildCase({
        form: form({ partyName: o.partyName ?? '某公司' }),
        officers,
        filedBy: officers[0]!.openId,
        filedAt,
        year,
        seq,
        caseNumberFormat: '甘经信立〔{year}〕{seq}号',
      });
      const record: RecordEntry = { caseId: c.caseId, seq: 1, at: filedAt, actor: c.filedBy, action: 'case.filed', detail: { formId: o.formId } };
      return { case: c, record, followUp: filingFollowUp(c, o.formMessageId) };
    },
  };
}
