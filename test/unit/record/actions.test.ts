import { describe, expect, it } from 'vitest';
import {
  ACCESS_ACTIONS,
  RECORD_ACTION_LABELS,
  RECORD_ACTION_NAMES,
  type RecordAction,
  actionLabel,
  canAppendAction,
  checkDetail,
  diff,
  isRecordAction,
} from '../../../functions/domain/record/index.ts';

const sha = 'c'.repeat(64);
const REVIEW_REQUEST = {
  round: 1,
  previousRound: null,
  proposal: {
    decisionType: '罚款',
    amount: '5000.00',
    facts: '事实',
    evidenceIds: ['ev_1'],
    legalProvisions: '第六十八条',
    discretion: '一般',
    hearingHeld: false,
    defence: '当事人放弃陈述申辩',
  },
  proposalHash: sha,
  required: true,
  major: false,
  reasons: ['ordinary_procedure'],
  changes: [],
  dueDate: '2026-10-12',
};
const REVIEW_OUTCOME = {
  round: 1,
  proposalHash: sha,
  opinion: null,
  problems: [],
  checklist: { subject: 'pass' },
  qualifications: [{ openId: 'ou_a', status: 'valid' }],
  onTime: true,
};
const EXAMPLES: Record<RecordAction, Record<string, unknown>> = {
  'case.filed': { caseNumber: '甘经信立〔2026〕1号', officers: [{ openId: 'ou_a', certificateNumber: '1' }], formId: 'f' },
  'notice.failed': { notice: 'case.filed', recipient: 'ou_b', name: '乙', code: 230013 },
  'evidence.attached': {
    evidenceId: 'ev_1',
    sha256: sha,
    size: 10,
    fileName: 'a.jpg',
    mediaKind: 'image',
    mimeType: 'image/jpeg',
    activity: '现场检查',
    messageId: 'om_1',
    s3Key: 'cases/2026-000001/evidence/x',
    s3VersionId: 'v1',
  },
  'evidence.duplicate_received': { sha256: sha, matchedEvidenceId: 'ev_1', messageId: 'om_2', fileName: 'a.jpg' },
  'evidence.activity_changed': { evidenceId: 'ev_1', changes: diff({ activity: '其他' }, { activity: '查封扣押' }) },
  'evidence.viewed': { evidenceId: 'ev_1', sha256: sha, linkExpiresAt: '2026-03-02T02:30:00.000Z' },
  'note.recorded': { evidenceId: 'ev_2', sha256: sha, size: 3, activity: '询问', messageId: 'om_3', s3Key: 'k', text: '记录' },
  'dossier.viewed': { score: 85, grade: '合格', vetoFailures: 0, missing: 2 },
  'case.archived': {
    manifestKey: 'cases/2026-000001/dossier/manifest.json',
    manifestSha256: sha,
    htmlKey: 'cases/2026-000001/dossier/manifest.html',
    htmlSha256: sha,
    coversSeq: 9,
    coversHash: sha,
    score: 92,
    changes: [{ field: 'status', before: 'closed', after: 'archived' }],
  },
  'review.requested': REVIEW_REQUEST,
  'review.resubmitted': { ...REVIEW_REQUEST, round: 2, previousRound: 1, changes: ['amount'] },
  'review.approved': REVIEW_OUTCOME,
  'review.rejected': { ...REVIEW_OUTCOME, opinion: '事实不清', problems: [{ key: 'facts', note: '违法时间不明' }], checklist: { facts: 'problem' } },
  'review.returned': { ...REVIEW_OUTCOME, opinion: '补充证据', problems: [{ key: 'evidence', note: '缺现场照片' }], checklist: { evidence: 'problem' } },
  'review.unauthorised_attempt': { attempted: 'review.approved', why: 'not_reviewer', round: 1, name: '甲' },
  'discussion.recorded': { round: 1, date: '2026-10-09', participants: ['甲', '乙', '丙'], conclusion: '同意' },
  'decision.approved': { round: 1, decisionDate: '2026-10-13', decisionType: '罚款', amount: '5000.50', proposalHash: sha, reviewed: true, major: false },
  'decision.refused': { round: 1, reason: '罚款偏高', proposalHash: sha },
  'case.verified': { intact: false, checkedEntries: 9, checkedObjects: 3, problems: [{ kind: 'modified', seq: 4 }, { kind: 'object_hash_mismatch', key: 'k' }] },
  'decision.served': { decision_id: '1', served_on: '2026-03-12', method: '直接送达', proof: ['ev_1'] },
  'fine.paid': { decisionId: '1', amount: '1500.50', paidOn: '2026-03-20' },
  'decision.withdrawal_ordered': { decision_id: '1', kind: '撤销', reason: '经行政复议撤销' },
  'disclosure.published': { decision_id: '1', path: 'decisions/2026-000001-1.html', published_on: '2026-03-12', due_date: '2026-03-19', late: false },
  'disclosure.withdrawn': { decision_id: '1', path: 'decisions/2026-000001-1.html', withdrawn_on: '2026-04-01', due_date: '2026-04-03', late: false },
  'disclosure.taken_down': { decision_id: '1', path: 'decisions/2026-000001-1.html', expired_on: '2029-03-12' },
  'disclosure.publish_requested': { decision_id: '1' },
  'document.drafted': {
    documentId: 'filing_approval',
    kind: 'filing_approval',
    title: '立案审批表',
    number: null,
    version: 1,
    supersedes: null,
    reason: null,
    date: '2026-03-02',
    complete: true,
    sha256: sha,
    size: 64_000,
    s3Key: 'cases/2026-000001/documents/filing_approval/v1.pdf',
  },
  'document.corrected': {
    documentId: 'penalty_decision',
    kind: 'penalty_decision',
    title: '行政处罚决定书',
    number: '甘经信罚〔2026〕1号',
    version: 2,
    supersedes: 1,
    reason: '当事人住所有误',
    date: '2026-09-21',
    complete: true,
    sha256: sha,
    size: 65_000,
    s3Key: 'cases/2026-000001/documents/penalty_decision/v2.pdf',
    s3VersionId: 'v2',
  },
  'document.viewed': { documentId: 'legal_review_opinion.r2', version: 1, sha256: sha, linkExpiresAt: '2026-03-02T02:30:00.000Z' },
};

describe('the action vocabulary', () => {
  it('has a Chinese label for every action', () => {
    expect(Object.keys(RECORD_ACTION_LABELS).sort()).toEqual([...RECORD_ACTION_NAMES].sort());
    for (const a of RECORD_ACTION_NAMES) expect(RECORD_ACTION_LABELS[a]).toMatch(/^[\u4e00-\u9fff（）]+$/);
    expect(actionLabel('evidence.attached')).toBe('提交证据');
    expect(actionLabel('something.else')).toBe('something.else');
    expect(isRecordAction('case.archived')).toBe(true);
    expect(isRecordAction('toString')).toBe(false);
  });

  it.each(RECORD_ACTION_NAMES)('%s: accepts a complete detail and refuses an extra or a missing field', (action) => {
    const example = EXAMPLES[action];
    expect(checkDetail(action, example)).toEqual({ ok: true, value: example });
    const extra = checkDetail(action, { ...example, unexpected: 1 });
    expect(extra.ok).toBe(false);
    const [first] = Object.keys(example);
    const missing = checkDetail(action, { ...example, [first as string]: undefined });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors[0]).toContain(`${action} detail.${first}`);
  });

  it('refuses a change record without changes, and sizes of zero', () => {
    expect(checkDetail('evidence.activity_changed', { evidenceId: 'ev_1', changes: [] }).ok).toBe(false);
    expect(checkDetail('evidence.attached', { ...EXAMPLES['evidence.attached'], size: 0 }).ok).toBe(false);
    expect(checkDetail('evidence.viewed', { ...EXAMPLES['evidence.viewed'], linkExpiresAt: '2026-03-02 10:30' }).ok).toBe(false);
  });
});

describe('canAppendAction: an archived case is read-only', () => {
  it('allows every action on an open case', () => {
    for (const a of RECORD_ACTION_NAMES) expect(canAppendAction(false, a).ok).toBe(true);
  });

  it('after archiving allows only access records: view evidence, view dossier, verify, view a document', () => {
    expect([...ACCESS_ACTIONS].sort()).toEqual(['case.verified', 'document.viewed', 'dossier.viewed', 'evidence.viewed']);
    for (const a of RECORD_ACTION_NAMES) {
      const r = canAppendAction(true, a);
      expect(r.ok, a).toBe(ACCESS_ACTIONS.includes(a));
      if (!r.ok) expect(r.errors).toEqual(['本案已归档，只能查看，不能再添加或修改内容']);
    }
  });
});
