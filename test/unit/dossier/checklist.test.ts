import { describe, expect, it } from 'vitest';
import avData from '../../../data/av-duties.json' with { type: 'json' };
import checklistData from '../../../data/dossier-checklist.json' with { type: 'json' };
import {
  DOCUMENT_KINDS,
  type DocumentKind,
  DossierDataError,
  type DossierFacts,
  type DossierReview,
  archiveRefusal,
  baseDossierFacts,
  buildAvDuties,
  buildDossierChecklist,
  describeDossierReview,
  parseDossierFacts,
  reviewDossier,
  runCheck,
} from '../../../functions/domain/dossier/index.ts';
import { prng, randInt } from '../record/helpers.ts';
import type { Case } from '../../../functions/domain/case/types.ts';
import { completeFacts, evidence } from './helpers.ts';

const checklist = buildDossierChecklist(checklistData);
const duties = buildAvDuties(avData);
const review = (f: DossierFacts, c = checklist) => reviewDossier(f, c, duties);
const withFacts = (change: (f: DossierFacts) => void): DossierFacts => {
  const f = completeFacts();
  change(f);
  return f;
};
const without = (kind: DocumentKind) => withFacts((f) => (f.documents = f.documents.filter((d) => d.kind !== kind)));
const veto = (r: DossierReview, id: string) => r.veto.find((v) => v.id === id);
const rule = (r: DossierReview, id: string) => r.rules.find((x) => x.id === id);

describe('the checklist (data/dossier-checklist.json)', () => {
  it('lists every document kind once, in the standard order', () => {
    expect(checklist.documents.map((d) => d.kind)).toEqual([...DOCUMENT_KINDS]);
  });

  it('has the nine veto items of the 评查 standards, plus a tampered record', () => {
    expect(checklist.vetoItems.map((v) => v.name)).toEqual([
      '执法主体不合法或超越职权',
      '执法人员不具备执法资格',
      '执法人员少于两人',
      '证据不足',
      '事实不清',
      '定性错误',
      '适用法律错误',
      '程序违法',
      '应当移送而未移送',
      '全过程记录被篡改',
    ]);
  });

  it('cites a source for every item; content 80 + form 20; a veto failure scores 0; grades 90/60', () => {
    for (const item of [...checklist.vetoItems, ...checklist.documents, ...checklist.rules]) expect(item.source.law.length).toBeGreaterThan(0);
    expect(checklist.groups).toEqual({ content: 80, form: 20 });
    expect(checklist.vetoScore).toBe(0);
    expect(checklist.grades).toEqual([
      { min: 90, grade: '优秀' },
      { min: 60, grade: '合格' },
      { min: 0, grade: '不合格' },
    ]);
    const form = [...checklist.documents, ...checklist.rules].filter((x) => x.group === 'form').reduce((n, x) => n + x.deduct, 0);
    expect(form).toBe(20);
  });

  it('judgments need the legal review; mechanical items pass on their checks', () => {
    const needs = Object.fromEntries(checklist.vetoItems.map((v) => [v.id, v.needsAssessment]));
    expect(needs).toEqual({
      enforcing_body: true,
      officer_qualification: false,
      min_officers: false,
      evidence_insufficient: true,
      facts_unclear: true,
      wrong_characterisation: true,
      wrong_law: true,
      unlawful_procedure: true,
      transfer_missed: true,
      record_tampered: false,
    });
  });

  const clone = () => structuredClone(checklistData) as unknown as Record<string, unknown> & { documents: Record<string, unknown>[]; vetoItems: Record<string, unknown>[] };

  it.each([
    ['a missing document kind', (c: ReturnType<typeof clone>) => (c.documents = c.documents.slice(1)), /缺少文书种类：case_source/],
    ['a repeated kind', (c: ReturnType<typeof clone>) => c.documents.push(c.documents[0] as Record<string, unknown>), /文书种类重复/],
    ['groups not summing to 100', (c: ReturnType<typeof clone>) => (c.groups = { content: 80, form: 30 }), /之和应为 100/],
    ['grades out of order', (c: ReturnType<typeof clone>) => (c.grades = [{ min: 60, grade: '合格' }, { min: 90, grade: '优秀' }, { min: 0, grade: '不合格' }]), /从高到低/],
    ['grades not ending at 0', (c: ReturnType<typeof clone>) => (c.grades = [{ min: 60, grade: '合格' }]), /最低一档/],
    ['an unknown check', (c: ReturnType<typeof clone>) => ((c.vetoItems[0] as Record<string, unknown>).checks = ['guess']), /格式错误/],
    ['a veto judgment without assessments', (c: ReturnType<typeof clone>) => ((c.vetoItems[7] as Record<string, unknown>).assessments = []), /需要审核确认，但没有列出审核结论/],
    ['a mechanical veto without checks', (c: ReturnType<typeof clone>) => ((c.vetoItems[2] as Record<string, unknown>).checks = []), /既无检查也无审核结论|没有机械检查/],
    ['a repeated veto id', (c: ReturnType<typeof clone>) => c.vetoItems.push(c.vetoItems[0] as Record<string, unknown>), /否决项 id 重复/],
  ])('refuses %s', (_what, change, message) => {
    const c = clone();
    change(c);
    expect(() => buildDossierChecklist(c)).toThrow(DossierDataError);
    expect(() => buildDossierChecklist(c)).toThrow(message);
  });
});

describe('reviewDossier: a complete ordinary penalty dossier', () => {
  const r = review(completeFacts());

  it('scores 100, 优秀, archivable, nothing missing, every veto item passed', () => {
    expect(r.score).toBe(100);
    expect(r.grade).toBe('优秀');
    expect(r.canArchive).toBe(true);
    expect(r.missing).toEqual([]);
    expect(r.pending).toEqual([]);
    expect(r.deductions).toEqual([]);
    expect(r.veto.map((v) => [v.id, v.status]).filter(([, s]) => s !== 'pass')).toEqual([]);
    expect(r.notes).toEqual([]);
    expect(archiveRefusal(r)).toBeNull();
  });

  it('lists the documents this case needs in the standard order, numbered', () => {
    expect(r.documents.map((d) => [d.position, d.kind, d.status])).toEqual([
      [1, 'case_source', 'present'],
      [2, 'filing_approval', 'present'],
      [3, 'inspection_record', 'present'],
      [4, 'inquiry_record', 'present'],
      [5, 'evidence_materials', 'present'],
      [6, 'investigation_report', 'present'],
      [7, 'legal_review_opinion', 'present'],
      [8, 'prior_notice', 'present'],
      [9, 'decision_approval', 'present'],
      [10, 'penalty_decision', 'present'],
      [11, 'service_proof', 'present'],
      [12, 'execution_record', 'present'],
      [13, 'closing_report', 'present'],
      [14, 'remarks_sheet', 'present'],
    ]);
    expect(r.documents.find((d) => d.kind === 'evidence_materials')?.count).toBe(3);
  });

  it('describes itself in one line', () => {
    expect(describeDossierReview(r)).toBe('评查得分 100 分（优秀），可以归档');
  });
});

describe('reviewDossier: missing documents', () => {
  const applicable = review(completeFacts()).documents.map((d) => d.kind).filter((k) => k !== 'evidence_materials' && k !== 'service_proof');

  it.each(applicable)('without %s: that document is missing and its points deducted', (kind) => {
    const r = review(without(kind));
    const item = checklist.documents.find((d) => d.kind === kind);
    expect(r.missing.map((d) => d.kind)).toEqual([kind]);
    expect(r.deductions).toEqual([{ item: kind, name: item?.name, group: item?.group, points: item?.deduct, reason: `缺少${item?.name}` }]);
    expect(r.score).toBe(100 - (item?.deduct ?? 0));
  });

  it('evidence materials come from the evidence items: notes alone are not materials', () => {
    const f = withFacts((x) => (x.evidence = x.evidence.map((e) => ({ ...e, mediaKind: 'note' as const }))));
    const r = review(f);
    expect(r.missing.map((d) => d.kind)).toEqual(['evidence_materials']);
  });

  it('service proof comes from a document or from the service record', () => {
    expect(review(withFacts((f) => (f.service = [{ method: '邮寄送达', date: '2026-04-22', proof: false }]))).missing.map((d) => d.kind)).toEqual(['service_proof']);
    expect(
      review(
        withFacts((f) => {
          f.service = [];
          f.documents.push({ kind: 'service_proof', date: '2026-04-22' });
        }),
      ).missing,
    ).toEqual([]);
  });

  it('a document not yet due is pending, not deducted', () => {
    const f = withFacts((x) => {
      x.stage = 'served';
      x.documents = x.documents.filter((d) => !['execution_record', 'closing_report', 'remarks_sheet'].includes(d.kind));
    });
    const r = review(f);
    expect(r.missing).toEqual([]);
    expect(r.pending.map((d) => d.kind)).toEqual(['execution_record', 'closing_report', 'remarks_sheet']);
    expect(r.score).toBe(100);
    expect(describeDossierReview(r)).toContain('… 执行记录（缴款凭证、催告书、强制执行申请等）（已结案前应具备）');
  });

  it('a freshly filed case: due items checked, the rest pending', () => {
    const f = withFacts((x) => {
      x.stage = 'filed';
      x.evidence = [];
      x.documents = [];
      delete x.decision;
      delete x.notice;
    });
    const r = review(f);
    expect(r.missing.map((d) => d.kind)).toEqual(['case_source', 'filing_approval']);
    expect(r.pending.map((d) => d.kind)).toEqual(['investigation_report', 'legal_review_opinion', 'closing_report', 'remarks_sheet']);
    expect(r.canArchive).toBe(true);
  });

  it('what a case needs follows its facts: sampling, preservation, collective discussion, statement, hearing, publication', () => {
    const f = withFacts((x) => {
      x.evidence.push(
        { activity: '抽样取证', mediaKind: 'image', receivedAt: '2026-03-06T02:00:00.000Z', sender: 'ou_lisi' },
        { activity: '查封扣押', mediaKind: 'video', receivedAt: '2026-03-06T03:00:00.000Z', sender: 'ou_lisi' },
      );
      x.collectiveDiscussion = { required: true, date: '2026-04-15' };
      x.statement = { made: true };
      x.hearing = { requested: true, heldDate: '2026-04-18' };
      x.publication = { required: true };
    });
    expect(review(f).missing.map((d) => d.kind)).toEqual([
      'sampling_record',
      'preservation_documents',
      'collective_discussion',
      'statement_record',
      'hearing_documents',
      'publication_record',
    ]);
  });

  it('a 行政检查 case with a conclusion needs neither filing approval nor a penalty decision', () => {
    const f = withFacts((x) => {
      x.caseType = '行政检查';
      x.decision = { kind: 'other', date: '2026-04-20' };
      x.review = { required: false, rounds: [] };
      x.documents = x.documents.filter((d) => ['case_source', 'inspection_record', 'inquiry_record', 'closing_report', 'remarks_sheet'].includes(d.kind));
    });
    const r = review(f);
    expect(r.documents.map((d) => d.kind)).toEqual([
      'case_source',
      'inspection_record',
      'inquiry_record',
      'other_decision',
      'service_proof',
      'closing_report',
      'remarks_sheet',
    ]);
    expect(r.missing.map((d) => d.kind)).toEqual(['other_decision']);
  });

  it('a simple-procedure penalty needs the on-the-spot decision, not the ordinary documents', () => {
    const f = withFacts((x) => {
      x.procedure = 'simple';
      x.decision = { kind: 'penalty', date: '2026-03-03', penalties: ['fine'], fineYuan: '200' };
      x.review = { required: false, rounds: [] };
      x.documents = [{ kind: 'case_source' }, { kind: 'on_spot_decision' }, { kind: 'inspection_record', signed: true }, { kind: 'inquiry_record', signed: true }, { kind: 'execution_record' }, { kind: 'closing_report' }, { kind: 'remarks_sheet' }];
    });
    const r = review(f);
    expect(r.documents.map((d) => d.kind)).not.toContain('penalty_decision');
    expect(r.documents.map((d) => d.kind)).not.toContain('filing_approval');
    expect(r.missing).toEqual([]);
  });

  it('a transfer needs the transfer letter', () => {
    const f = withFacts((x) => {
      x.decision = { kind: 'transfer', date: '2026-04-20' };
      x.transfer = { required: true, done: true };
    });
    expect(review(f).missing.map((d) => d.kind)).toEqual(['transfer_letter']);
  });
});

describe('reviewDossier: veto items', () => {
  const expectVetoFail = (f: DossierFacts, id: string, reason: RegExp) => {
    const r = review(f);
    expect(veto(r, id)?.status).toBe('fail');
    expect(veto(r, id)?.reasons.join('\n')).toMatch(reason);
    expect(r.score).toBe(0);
    expect(r.grade).toBe('不合格');
    expect(r.canArchive).toBe(false);
    expect(r.vetoFailures.map((v) => v.id)).toContain(id);
    const refusal = archiveRefusal(r);
    expect(refusal?.[0]).toBe('不能归档：');
    expect(refusal?.join('\n')).toMatch(reason);
    expect(describeDossierReview(r)).toMatch(/^评查得分 0 分（不合格），不能归档\n✗ 否决项/);
    return r;
  };

  it('one officer: fewer than two', () => {
    expectVetoFail(withFacts((f) => (f.officers = f.officers.slice(0, 1))), 'min_officers', /承办人员只有 1 人，执法人员不得少于两人/);
  });

  it('the same officer twice is still one', () => {
    expectVetoFail(withFacts((f) => (f.officers = [f.officers[0], f.officers[0]] as DossierFacts['officers'])), 'min_officers', /只有 2 人/);
  });

  it('a certificate lapsed before filing', () => {
    expectVetoFail(
      withFacts((f) => ((f.officers[1] as { certificateValidUntil?: string }).certificateValidUntil = '2026-03-01')),
      'officer_qualification',
      /李四 的执法证已于 2026-03-01 到期，立案日为 2026-03-02/,
    );
  });

  it('a certificate lapsed before an activity that officer recorded (Beijing date)', () => {
    // 2026-03-03T02:10Z is 10:10 on 3 March in Beijing; the certificate ended on 2 March.
    expectVetoFail(
      withFacts((f) => ((f.officers[1] as { certificateValidUntil?: string }).certificateValidUntil = '2026-03-02')),
      'officer_qualification',
      /李四 的执法证已于 2026-03-02 到期，但 2026-03-03 仍记录了现场检查/,
    );
  });

  it('an activity on the last valid day is fine; 其他 does not count as enforcement', () => {
    const onTheDay = withFacts((f) => ((f.officers[1] as { certificateValidUntil?: string }).certificateValidUntil = '2026-03-03'));
    expect(veto(review(onTheDay), 'officer_qualification')?.status).toBe('pass');
    const other = withFacts((f) => {
      (f.officers[1] as { certificateValidUntil?: string }).certificateValidUntil = '2026-03-02';
      f.evidence = f.evidence.map((e) => (e.sender === 'ou_lisi' ? { ...e, activity: '其他' as const } : e));
    });
    expect(veto(review(other), 'officer_qualification')?.status).toBe('pass');
  });

  it('a certificate of unknown validity: unknown, not failed', () => {
    const r = review(withFacts((f) => delete (f.officers[0] as { certificateValidUntil?: string }).certificateValidUntil));
    expect(veto(r, 'officer_qualification')).toMatchObject({ status: 'unknown', reasons: ['部分承办人员的执法证有效期不明'] });
    expect(r.canArchive).toBe(true);
  });

  it('a penalty without any evidence material', () => {
    expectVetoFail(withFacts((f) => (f.evidence = [])), 'evidence_insufficient', /没有任何证据材料/);
    const paper = withFacts((f) => {
      f.evidence = [];
      f.documents.push({ kind: 'evidence_materials' });
    });
    expect(veto(review(paper), 'evidence_insufficient')?.status).toBe('pass');
  });

  it('no prior notice, or a notice after the decision (Art. 44, 62); a waiver is fine', () => {
    expectVetoFail(withFacts((f) => (f.notice = {})), 'unlawful_procedure', /没有告知当事人拟处罚内容/);
    expectVetoFail(withFacts((f) => (f.notice = { servedDate: '2026-04-21' })), 'unlawful_procedure', /事先告知（2026-04-21）晚于处罚决定（2026-04-20）/);
    expect(veto(review(withFacts((f) => (f.notice = { waived: true }))), 'unlawful_procedure')?.status).toBe('pass');
  });

  it('legal review (Art. 58): none, last round not approved, approval after the decision', () => {
    expectVetoFail(withFacts((f) => (f.review = { required: true, rounds: [] })), 'unlawful_procedure', /2026-04-20 作出决定前没有经过法制审核/);
    expectVetoFail(
      withFacts((f) => (f.review = { required: true, rounds: [{ outcome: 'approved', date: '2026-04-01' }, { outcome: 'rejected', date: '2026-04-10' }] })),
      'unlawful_procedure',
      /最近一轮法制审核（2026-04-10）未通过/,
    );
    expectVetoFail(withFacts((f) => (f.review = { required: true, rounds: [{ outcome: 'approved', date: '2026-04-21' }] })), 'unlawful_procedure', /没有经过法制审核/);
    const resubmitted = withFacts((f) => (f.review = { required: true, rounds: [{ outcome: 'returned', date: '2026-04-05' }, { outcome: 'approved', date: '2026-04-08' }] }));
    expect(veto(review(resubmitted), 'unlawful_procedure')?.status).toBe('pass');
  });

  it('a hearing requested and not held, or held after the decision; a no-show waives it', () => {
    expectVetoFail(withFacts((f) => (f.hearing = { requested: true })), 'unlawful_procedure', /没有组织听证就作出了决定/);
    expectVetoFail(withFacts((f) => (f.hearing = { requested: true, heldDate: '2026-04-25' })), 'unlawful_procedure', /听证（2026-04-25）晚于决定/);
    const waived = withFacts((f) => {
      f.hearing = { requested: true, waived: true };
      f.documents.push({ kind: 'hearing_documents', complete: true, template: true, signed: true });
    });
    expect(veto(review(waived), 'unlawful_procedure')?.status).toBe('pass');
  });

  it('collective discussion required and missing or late (Art. 57)', () => {
    expectVetoFail(withFacts((f) => (f.collectiveDiscussion = { required: true })), 'unlawful_procedure', /没有集体讨论记录/);
    expectVetoFail(withFacts((f) => (f.collectiveDiscussion = { required: true, date: '2026-04-21' })), 'unlawful_procedure', /集体讨论（2026-04-21）晚于决定/);
  });

  describe('simple procedure limits (Art. 51)', () => {
    const simple = (partyType: 'person' | 'organization', fineYuan?: string, penalties?: ('warning' | 'fine' | 'confiscation')[]) =>
      withFacts((f) => {
        f.procedure = 'simple';
        f.partyType = partyType;
        f.decision = { kind: 'penalty', date: '2026-03-03', ...(penalties ? { penalties } : {}), ...(fineYuan ? { fineYuan } : {}) };
      });
    const status = (f: DossierFacts) => runCheck('simple_procedure_limits', f, checklist, duties).status;

    it.each([
      ['person', '200', 'pass'],
      ['person', '200.00', 'pass'],
      ['person', '200.01', 'fail'],
      ['person', '201', 'fail'],
      ['organization', '3000', 'pass'],
      ['organization', '3000.5', 'fail'],
    ] as const)('%s fined %s yuan: %s', (party, fine, expected) => {
      expect(status(simple(party, fine, ['fine']))).toBe(expected);
    });

    it('a warning passes; confiscation fails; unknown amounts are unknown; ordinary procedure is not concerned', () => {
      expect(status(simple('person', undefined, ['warning']))).toBe('pass');
      expect(runCheck('simple_procedure_limits', simple('person', '50', ['fine', 'confiscation']), checklist, duties).reasons).toEqual(['简易程序只能给予警告或者罚款（第五十一条）']);
      expect(status(simple('person'))).toBe('unknown');
      expect(status(completeFacts())).toBe('not_applicable');
      expectVetoFail(simple('person', '500', ['fine']), 'unlawful_procedure', /简易程序罚款 500 元超过对公民 200 元的上限/);
    });
  });

  it('a case to transfer that was not transferred', () => {
    expectVetoFail(withFacts((f) => (f.transfer = { required: true, done: false })), 'transfer_missed', /应当移送司法机关而未移送/);
  });

  it('a tampered record', () => {
    expectVetoFail(withFacts((f) => (f.recordIntact = false)), 'record_tampered', /全过程记录校验不通过/);
  });

  it.each([
    ['factsClear', 'facts_unclear', '法制审核认定事实不清'],
    ['evidenceSufficient', 'evidence_insufficient', '法制审核认定证据不足'],
    ['characterisationCorrect', 'wrong_characterisation', '法制审核认定定性不准确'],
    ['lawApplicationCorrect', 'wrong_law', '法制审核认定适用法律错误或裁量不当'],
    ['withinPower', 'enforcing_body', '法制审核认定超越法定职权'],
    ['officersQualified', 'officer_qualification', '法制审核认定执法人员不具备执法资格'],
    ['procedureLawful', 'unlawful_procedure', '法制审核认定程序违法'],
    ['transferHandled', 'transfer_missed', '法制审核认定涉嫌犯罪未依法移送'],
  ] as const)('the legal review finding %s wanting fails %s', (key, id, reason) => {
    expectVetoFail(withFacts((f) => ((f.assessments as Record<string, boolean>)[key] = false)), id, new RegExp(reason));
  });

  it('without the legal review’s conclusions, judgments are unknown; archiving is allowed unless the checklist says otherwise', () => {
    const f = withFacts((x) => {
      delete x.assessments;
      delete x.recordIntact;
    });
    const r = review(f);
    expect(r.vetoFailures).toEqual([]);
    expect(r.vetoUnknown.map((v) => v.id)).toEqual([
      'enforcing_body',
      'evidence_insufficient',
      'facts_unclear',
      'wrong_characterisation',
      'wrong_law',
      'unlawful_procedure',
      'transfer_missed',
      'record_tampered',
    ]);
    expect(veto(r, 'facts_unclear')?.reasons).toEqual(['尚无法制审核对“事实清楚”的确认']);
    expect(veto(r, 'record_tampered')?.reasons).toEqual(['尚未校验全过程记录（发送「校验 案件编号」）']);
    expect(veto(r, 'min_officers')?.status).toBe('pass');
    expect(veto(r, 'officer_qualification')?.status).toBe('pass');
    expect(r.score).toBe(100);
    expect(r.canArchive).toBe(true);
    expect(describeDossierReview(r)).toContain('？ 待确认“事实不清”：尚无法制审核对“事实清楚”的确认');

    const strict = buildDossierChecklist({ ...checklistData, unknownVetoBlocksArchive: true });
    const s = review(f, strict);
    expect(s.canArchive).toBe(false);
    expect(s.score).toBe(100);
    expect(archiveRefusal(s)?.[1]).toBe('否决项“执法主体不合法或超越职权”尚未确认：尚无法制审核对“执法主体合法、未超越法定职权”的确认');
  });

  it('unknown facts of a step are unknown, not failed: no notice record, no review record', () => {
    const f = withFacts((x) => {
      delete x.notice;
      delete x.review;
    });
    const r = review(f);
    expect(veto(r, 'unlawful_procedure')).toMatchObject({ status: 'unknown', reasons: ['尚无事先告知的记录', '尚无法制审核的记录'] });
    expect(r.canArchive).toBe(true);
  });
});

describe('reviewDossier: scored rules', () => {
  it('filing fields left empty: −3, naming them', () => {
    const r = review(withFacts((f) => ((f.filing.source = ' '), (f.filing.legalBasis = ''))));
    expect(rule(r, 'filing_complete')).toMatchObject({ status: 'fail', reasons: ['立案信息缺少：案件来源、立案依据'] });
    expect(r.score).toBe(97);
  });

  it('a decision after the 办案期限 (Art. 60): −5; unknown due date: no deduction', () => {
    const late = review(withFacts((f) => (f.caseTimeLimitDue = '2026-04-19')));
    expect(rule(late, 'decision_in_time')).toMatchObject({ status: 'fail', reasons: ['决定日期 2026-04-20 超过办案期限 2026-04-19（第六十条）'] });
    expect(late.score).toBe(95);
    const onTheDay = review(withFacts((f) => (f.caseTimeLimitDue = '2026-04-20')));
    expect(rule(onTheDay, 'decision_in_time')?.status).toBe('pass');
    const notKnown = review(withFacts((f) => delete f.caseTimeLimitDue));
    expect(rule(notKnown, 'decision_in_time')?.status).toBe('unknown');
    expect(notKnown.score).toBe(100);
  });

  it('查封扣押 without video: −5 and the AV warning; with video: passes', () => {
    const seized = withFacts((f) => {
      f.evidence.push({ activity: '查封扣押', mediaKind: 'image', receivedAt: '2026-03-06T03:00:00.000Z', sender: 'ou_lisi' });
      f.documents.push({ kind: 'preservation_documents', complete: true, template: true });
    });
    const r = review(seized);
    expect(rule(r, 'av_full_process')).toMatchObject({ status: 'fail', reasons: ['查封扣押缺少全程音像记录'] });
    expect(r.score).toBe(95);
    expect(r.av.warnings.map((w) => w.activity)).toEqual(['查封扣押']);
    expect(describeDossierReview(r)).toContain('⚠ 查封扣押：没有视频。');
    seized.evidence.push({ activity: '查封扣押', mediaKind: 'video', receivedAt: '2026-03-06T03:05:00.000Z', sender: 'ou_lisi' });
    expect(rule(review(seized), 'av_full_process')?.status).toBe('pass');
    expect(rule(review(completeFacts()), 'av_full_process')?.status).toBe('not_applicable');
  });

  it('the service method decides the 送达 AV duty', () => {
    const f = withFacts((x) => {
      x.evidence.push({ activity: '送达', mediaKind: 'image', receivedAt: '2026-04-21T03:00:00.000Z', sender: 'ou_lisi' });
      x.service = [{ method: '留置送达', date: '2026-04-21', proof: true }];
    });
    expect(review(f).av.warnings.map((w) => [w.activity, w.severity])).toEqual([['送达', 'recommended']]);
    expect(review(f).score).toBe(100);
  });

  it('an unsigned record: −3; unchecked signatures: unknown', () => {
    const r = review(withFacts((f) => ((f.documents.find((d) => d.kind === 'inquiry_record') as { signed?: boolean }).signed = false)));
    expect(rule(r, 'records_signed')).toMatchObject({ status: 'fail', reasons: ['询问（调查）笔录（2026-03-05）签名不全'] });
    expect(r.score).toBe(97);
    const u = review(withFacts((f) => delete (f.documents.find((d) => d.kind === 'inquiry_record') as { signed?: boolean }).signed));
    expect(rule(u, 'records_signed')?.status).toBe('unknown');
  });

  it('an incomplete document or one not on the standard template: form deductions', () => {
    const r = review(
      withFacts((f) => {
        (f.documents[0] as { complete?: boolean }).complete = false;
        (f.documents[1] as { template?: boolean }).template = false;
      }),
    );
    expect(r.deductions.map((d) => [d.item, d.group, d.points])).toEqual([
      ['documents_complete', 'form', 8],
      ['standard_templates', 'form', 8],
    ]);
    expect(r.score).toBe(84);
    expect(r.grade).toBe('合格');
  });

  it('deductions stop at each group’s points', () => {
    const f = withFacts((x) => {
      x.documents = [{ kind: 'remarks_sheet', complete: false, template: false }];
      x.evidence = x.evidence.map((e) => ({ ...e, mediaKind: 'note' as const }));
      x.documents.push({ kind: 'evidence_materials' });
      x.filing.summary = '';
      x.caseTimeLimitDue = '2026-03-10';
    });
    const r = review(f);
    const content = r.deductions.filter((d) => d.group === 'content').reduce((n, d) => n + d.points, 0);
    expect(content).toBeGreaterThan(0);
    expect(r.score).toBe(Math.max(0, 80 - content) + 4);
  });

  it('grades follow the cut-offs: 90 优秀, 60 合格, below 不合格', () => {
    const at = (score: number) => checklist.grades.find((g) => score >= g.min)?.grade;
    expect([100, 90, 89, 60, 59, 0].map(at)).toEqual(['优秀', '优秀', '合格', '合格', '不合格', '不合格']);
  });
});

describe('reviewDossier: facts that do not fit together', () => {
  it('a decided stage without a decision is noted', () => {
    const r = review(withFacts((f) => delete f.decision));
    expect(r.notes).toEqual(['案件处于“已结案”阶段，但没有决定信息，与决定有关的文书和检查无法判断']);
    expect(describeDossierReview(r)).toContain('注：案件处于“已结案”阶段');
  });

  it('a decision before the decided stage is noted', () => {
    const r = review(withFacts((f) => (f.stage = 'investigated')));
    expect(r.notes).toEqual(['已有决定信息（2026-04-20），但案件阶段仍为“调查终结”']);
  });
});

describe('parseDossierFacts: the boundary between issues', () => {
  it('accepts complete facts and a minimal filed case', () => {
    expect(parseDossierFacts(completeFacts()).ok).toBe(true);
    const minimal = {
      caseType: '行政检查',
      procedure: 'ordinary',
      partyType: 'person',
      filingDate: '2026-03-02',
      stage: 'filed',
      filing: { partyName: 'x', partyId: 'y', summary: 's', source: 'o', legalBasis: 'l' },
      officers: [],
      evidence: [],
      documents: [],
    };
    expect(parseDossierFacts(minimal).ok).toBe(true);
  });

  it('names each bad field', () => {
    const r = parseDossierFacts({ ...completeFacts(), filingDate: '2026-02-30', stage: 'sealed', decision: { kind: 'penalty', date: '2026-04-20', fineYuan: '1.234' } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.some((e) => e.startsWith('facts.filingDate: 不是有效日期'))).toBe(true);
      expect(r.errors.some((e) => e.startsWith('facts.stage'))).toBe(true);
      expect(r.errors.some((e) => e.startsWith('facts.decision.fineYuan'))).toBe(true);
    }
  });
});

describe('reviewDossier: properties over random dossiers', () => {
  it('score in 0–100; canArchive iff no veto failure; a veto failure scores 0; removing a document never raises the score', () => {
    const rand = prng(2021);
    for (let round = 0; round < 300; round++) {
      const f = completeFacts();
      f.documents = f.documents.filter(() => rand() < 0.8);
      if (rand() < 0.2) f.officers = f.officers.slice(0, 1);
      if (rand() < 0.2) f.recordIntact = rand() < 0.5;
      if (rand() < 0.3) delete f.assessments;
      if (rand() < 0.2) f.evidence = [];
      if (rand() < 0.2) f.caseTimeLimitDue = '2026-04-01';
      f.stage = (['filed', 'investigated', 'decided', 'served', 'closed'] as const)[randInt(rand, 0, 4)] as DossierFacts['stage'];
      const r = review(f);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(100);
      expect(r.canArchive).toBe(r.vetoFailures.length === 0);
      if (r.vetoFailures.length > 0) expect(r.score).toBe(0);
      else expect(r.score).toBe(100 - Math.min(80, r.deductions.filter((d) => d.group === 'content').reduce((n, d) => n + d.points, 0)) - Math.min(20, r.deductions.filter((d) => d.group === 'form').reduce((n, d) => n + d.points, 0)));
      for (const d of r.missing) expect(f.documents.some((x) => x.kind === d.kind)).toBe(false);
      if (f.documents.length > 0) {
        const fewer = { ...f, documents: f.documents.slice(1) };
        expect(review(fewer).score).toBeLessThanOrEqual(r.score);
      }
    }
  });
});

describe('baseDossierFacts: what a filed case and its evidence already tell', () => {
  const c: Case = {
    caseId: '2026-000001',
    caseNumber: '甘经信立〔2026〕1号',
    year: 2026,
    seq: 1,
    status: 'filed',
    caseType: '行政处罚',
    procedure: 'ordinary',
    party: { name: '某公司', type: 'organization', idNumber: '91510000MA6123456P' },
    summary: '无证经营',
    source: '投诉举报',
    legalBasis: '《某条例》第十条',
    officers: [
      { openId: 'ou_zhangsan', name: '张三', department: '执法科', certificateNumber: '62000001', certificateValidUntil: '2027-12-31' },
      { openId: 'ou_lisi', name: '李四', department: '执法科', certificateNumber: '62000002', certificateValidUntil: '2026-06-30' },
    ],
    filedBy: 'ou_zhangsan',
    filedAt: '2026-03-02T02:00:00.000Z',
    filingDate: '2026-03-02',
    version: 1,
  };

  it('fills type, procedure, party, filing fields, officers and evidence; valid facts', () => {
    const f = baseDossierFacts(c, [evidence({ activity: '现场检查', sender: 'ou_lisi' })]);
    expect(f).toEqual({
      caseType: '行政处罚',
      procedure: 'ordinary',
      partyType: 'organization',
      filingDate: '2026-03-02',
      stage: 'filed',
      filing: { partyName: '某公司', partyId: '91510000MA6123456P', summary: '无证经营', source: '投诉举报', legalBasis: '《某条例》第十条' },
      officers: [
        { openId: 'ou_zhangsan', name: '张三', certificateValidUntil: '2027-12-31' },
        { openId: 'ou_lisi', name: '李四', certificateValidUntil: '2026-06-30' },
      ],
      evidence: [{ activity: '现场检查', mediaKind: 'image', receivedAt: '2026-03-02T02:00:00.000Z', sender: 'ou_lisi' }],
      documents: [],
    });
    expect(parseDossierFacts(f).ok).toBe(true);
    expect(baseDossierFacts({ ...c, status: 'closed' }, []).stage).toBe('closed');
    expect(baseDossierFacts(c, [], 'investigated').stage).toBe('investigated');
  });

  it('a just-filed case: only the filing documents are due; nothing fails', () => {
    const r = review(baseDossierFacts(c, []));
    expect(r.missing.map((d) => d.kind)).toEqual(['case_source', 'filing_approval']);
    expect(r.vetoFailures).toEqual([]);
    expect(r.canArchive).toBe(true);
    expect(r.score).toBe(93);
  });
});
